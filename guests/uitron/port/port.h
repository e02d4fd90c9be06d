/*
 * port.h - everything the portable kernel needs from a machine, declared
 * once.  Two implementations: port/native (bare metal PC: IDT, 8259 PIC,
 * PIT, COM1) and port/meso (the meso monitor's hypercalls); the IA-32
 * context switch they share lives in port/ia32.  All calls except
 * port_lock/port_unlock expect interrupts disabled ("locked").
 */
#ifndef PORT_H
#define PORT_H

#include <itron.h>

#define PORT_ENABLED	1u	/* port_lock() result: interrupts were on */

void port_init(void);			/* console, vectors, controller */
UINT port_lock(void);			/* disable, return previous state */
void port_unlock(UINT state);		/* restore what port_lock returned */
void port_switch(void **save_sp, void *sp); /* save here, resume sp */
void *port_stack_init(void *top, void (*entry)(void)); /* fresh context */
void port_idle(void);			/* wait for an interrupt, enabled */
INTNO port_timer_start(UINT period_us);	/* periodic tick, its intno */
ER port_irq_attach(INTNO intno);	/* route intno to kernel_interrupt */
void port_console_write(const char *s, UINT len);
void port_exit(int code) __attribute__((noreturn));
/* TSC when the timer interrupt being handled was raised: natively at the
 * first instruction of its stub, on meso the monitor's stamp. */
unsigned long long port_timer_raised(void);

/* What the port calls in the kernel. */
void kernel_start(void) __attribute__((noreturn));
void kernel_interrupt(INTNO intno);	/* locked, from the interrupt stub */

static inline unsigned long long port_rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

#endif /* PORT_H */
