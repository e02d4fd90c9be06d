/*
 * isr.c - interrupt service routines attached statically (CFG_ISR) and
 * the kernel side of every interrupt: run the routines for the number,
 * drive the tick for the timer's number, and dispatch on the way out of
 * the outermost interrupt if a higher-priority task became ready.
 */
#include "core.h"

INTNO kernel_timer_intno;

void isr_init(void)
{
	for (ID i = 0; i < kernel_isr_max; i++) {
		const struct isr_init *ii = &kernel_isr_init[i];

		if (ii->intno != INTNO_TICK && port_irq_attach(ii->intno) != E_OK) {
			syslog_printf("isr_init: interrupt %u cannot be attached\n", ii->intno);
			kernel_exit(3);
		}
	}
}

void kernel_interrupt(INTNO intno)
{
	kernel_intnest++;
	for (ID i = 0; i < kernel_isr_max; i++) {
		const struct isr_init *ii = &kernel_isr_init[i];

		if (ii->intno == intno || (ii->intno == INTNO_TICK && intno == kernel_timer_intno))
			ii->isr(ii->exinf);
	}
	if (intno == kernel_timer_intno)
		isig_tim();
	kernel_intnest--;
	sched_resched();
}
