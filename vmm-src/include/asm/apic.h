/*
 * asm/apic.h - local APIC (EOI, task priority, self-IPI) and IOAPIC
 * routing, programmed from the generated destination table; the 8259s
 * are masked.  Also the 8254 PIT that drives the monitor tick.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <stdint.h>

void apic_init(void);		/* boot CPU: 8259s, its APIC, the IOAPIC */
void apic_init_local(void);	/* any core: its local APIC */
uint8_t apic_id(void);
void apic_ipi(uint8_t dest, uint8_t vector);		/* fixed, physical */
void apic_init_ipi(uint8_t dest);
void apic_startup_ipi(uint8_t dest, uint32_t page);	/* real mode at page */
void apic_eoi(void);
void apic_set_tpr(uint8_t tpr);
uint8_t apic_get_tpr(void);
/* TSC and local APIC timer (divide by 1) rates against the PIT, in kHz;
 * measured at the first call (10 ms, interrupts off), then remembered. */
void apic_measure(uint32_t *tsc_khz, uint32_t *lapic_khz);
int apic_irr_pending(uint8_t vector);
void apic_self_ipi(uint8_t vector);
void pit_init(uint32_t period_us);
uint32_t pit_elapsed_us(void);	/* us since the last tick */

#endif /* ASM_APIC_H */
