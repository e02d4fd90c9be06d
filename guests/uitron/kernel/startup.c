/*
 * startup.c - kernel start-up: initialise every object from the static
 * configuration, start the tick, attach the ISRs and dispatch the first
 * task.  Called by the port, locked, on its boot stack, never returns.
 */
#include "core.h"

#define KERNEL_TICK_US	1000u

void kernel_start(void)
{
	task_init();
	sem_init();
	flg_init();
	dtq_init();
	cyc_init();
	kernel_timer_intno = port_timer_start(KERNEL_TICK_US);
	isr_init();
	kernel_runtsk = NULL;
	sched_dispatch();
	__builtin_unreachable();
}

void kernel_exit(int code)
{
	port_lock();
	port_exit(code);
}

unsigned long long kernel_cycles(void)
{
	return port_rdtsc();
}

unsigned long long kernel_timer_raised(void)
{
	return port_timer_raised();
}
