/*
 * apic.c - interrupt hardware: the 8259s are masked for good, the local
 * APIC delivers everything (EOI, the Task Priority Register that carries
 * the IPL split, self-IPIs for virtual interrupts), the IOAPIC routes the
 * lines of the generated destination table, and the 8254 PIT channel 0
 * ticks every CFG_TICK_US for the monitor.  With several cores each line
 * goes to its owner's core (the monitor's to core 0), cores reach each
 * other with fixed IPIs (the tick relay, notifications), and INIT and
 * SIPI start them (smp.c).
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <vmm/config_tables.h>
#include <vmm/smp.h>

#define LAPIC_ID	0x020
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_IRR	0x200
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERR	0x370
#define LAPIC_TMICT	0x380
#define LAPIC_TMCCT	0x390
#define LAPIC_TDCR	0x3e0
#define LVT_MASKED	0x10000u
#define ICR_SELF	0x40000u
#define ICR_ASSERT	0x04000u
#define ICR_BUSY	0x01000u
#define ICR_INIT	0x00500u
#define ICR_STARTUP	0x00600u

#define PIT_HZ		1193182u

static uint32_t pit_divisor;

static inline void lapic_write(uint32_t reg, uint32_t val)
{
	*(volatile uint32_t *)(CFG_LAPIC_BASE + reg) = val;
}

static inline uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(CFG_LAPIC_BASE + reg);
}

static void ioapic_write(uint32_t reg, uint32_t val)
{
	*(volatile uint32_t *)CFG_IOAPIC_BASE = reg;
	*(volatile uint32_t *)(CFG_IOAPIC_BASE + 0x10) = val;
}

/* This core's local APIC: enabled, every local source masked but NMI. */
void apic_init_local(void)
{
	lapic_write(LAPIC_SVR, 0x100 | CFG_SPURIOUS_VECTOR);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, 0x400);		/* NMI */
	lapic_write(LAPIC_LVT_ERR, CFG_LAPIC_ERROR_VECTOR);
	lapic_write(LAPIC_TPR, 0);
}

uint8_t apic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

/* The APIC ID a line's interrupts go to: its owner's core. */
static uint32_t route_dest(const struct cfg_irq_route *r, uint32_t self)
{
	if (CFG_NR_CPUS == 1)
		return self;
	return smp_apic_id(r->owner < CFG_NR_GUESTS ? cfg_vcpus[r->owner].cpu : CFG_TICK_CPU);
}

void apic_init(void)
{
	uint32_t self;
	unsigned int i;

	outb(0x21, 0xff);
	outb(0xa1, 0xff);

	apic_init_local();
	self = apic_id();

	for (i = 0; i < CFG_IOAPIC_PINS; i++) {
		ioapic_write(0x10 + 2 * i, LVT_MASKED);
		ioapic_write(0x11 + 2 * i, 0);
	}
	/* Edge, active high, fixed, physical destination: the owner's core
	 * (the monitor's: the tick core). */
	for (i = 0; i < CFG_NR_IRQ_ROUTES; i++) {
		const struct cfg_irq_route *r = &cfg_irq_routes[i];

		ioapic_write(0x11 + 2 * r->pin, route_dest(r, self) << 24);
		ioapic_write(0x10 + 2 * r->pin, r->vector);
	}
}

void apic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

int apic_irr_pending(uint8_t vector)
{
	return (lapic_read(LAPIC_IRR + (vector >> 5) * 0x10) >> (vector & 31)) & 1;
}

void apic_set_tpr(uint8_t tpr)
{
	lapic_write(LAPIC_TPR, tpr);
}

uint8_t apic_get_tpr(void)
{
	return lapic_read(LAPIC_TPR);
}

/* 10 ms of PIT channel 2 (gate on, speaker off, mode 0). */
/* Measured once, at boot: the 10 ms it spins with interrupts off must
 * never come back on a guest's restart. */
void apic_measure(uint32_t *tsc_khz, uint32_t *lapic_khz)
{
	static uint32_t tsc_rate, lapic_rate;
	uint32_t lo0, hi0, lo1, hi1, cur;
	uint16_t latch = PIT_HZ / 100;

	if (tsc_rate) {
		*tsc_khz = tsc_rate;
		*lapic_khz = lapic_rate;
		return;
	}

	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TDCR, 0xb);			/* divide by 1 */
	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0);
	outb(0x42, latch & 0xff);
	outb(0x42, latch >> 8);
	lapic_write(LAPIC_TMICT, 0xffffffffu);
	__asm__ volatile("rdtsc" : "=a"(lo0), "=d"(hi0));
	while (!(inb(0x61) & 0x20))
		;
	__asm__ volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
	cur = lapic_read(LAPIC_TMCCT);
	lapic_write(LAPIC_TMICT, 0);
	outb(0x61, inb(0x61) & ~0x01);
	(void)hi0;
	(void)hi1;
	tsc_rate = *tsc_khz = (lo1 - lo0) / 10;	/* 10 ms: well under 2^32 cycles */
	lapic_rate = *lapic_khz = (0xffffffffu - cur) / 10;
}

void apic_self_ipi(uint8_t vector)
{
	while (lapic_read(LAPIC_ICR_LO) & ICR_BUSY)
		;
	lapic_write(LAPIC_ICR_HI, 0);
	lapic_write(LAPIC_ICR_LO, ICR_SELF | ICR_ASSERT | vector);
}

#if CFG_NR_CPUS > 1
static void icr_send(uint8_t dest, uint32_t lo)
{
	while (lapic_read(LAPIC_ICR_LO) & ICR_BUSY)
		;
	lapic_write(LAPIC_ICR_HI, (uint32_t)dest << 24);
	lapic_write(LAPIC_ICR_LO, lo);
}

void apic_ipi(uint8_t dest, uint8_t vector)
{
	icr_send(dest, ICR_ASSERT | vector);
}

void apic_init_ipi(uint8_t dest)
{
	icr_send(dest, ICR_INIT | ICR_ASSERT);
}

void apic_startup_ipi(uint8_t dest, uint32_t page)
{
	icr_send(dest, ICR_STARTUP | ICR_ASSERT | (page >> 12));
}
#endif

void pit_init(uint32_t period_us)
{
	pit_divisor = PIT_HZ / 1000u * period_us / 1000u +
		      (PIT_HZ % 1000u) * period_us / 1000000u;
	outb(0x43, 0x34);			/* channel 0, lo/hi, mode 2 */
	outb(0x40, pit_divisor & 0xff);
	outb(0x40, pit_divisor >> 8);
}

uint32_t pit_elapsed_us(void)
{
	uint32_t count;

	outb(0x43, 0x00);			/* latch channel 0 */
	count = inb(0x40);
	count |= (uint32_t)inb(0x40) << 8;
	if (count > pit_divisor)
		count = pit_divisor;
	return (pit_divisor - count) * 1000u / (PIT_HZ / 1000u);
}
