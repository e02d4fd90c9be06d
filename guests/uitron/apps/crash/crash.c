/*
 * crash.c - the "crash" application: fault injection for the monitor's
 * fault policy.  A 1 ms periodic task (with a CPU-bound spinner below
 * it, like the load application) prints once a second
 *   crash: periods=1000 missed=0
 * and after CRASH_AFTER periods writes to the 4 KiB just below its own
 * address space.  On meso the guest's segments are based at its
 * partition, so that write aims at the top page of the partition below
 * it (another guest's stack, in qemu_rtos_pair); the monitor's page
 * tables map only the guest's own partition, so it faults (#PF) instead
 * and the guest's fault policy applies.  Should the write go nowhere
 * (bare metal: the top of the 4 GiB space), it divides by zero (#DE).
 * It never returns from the fault; restarted, it counts again from 0.
 */
#include "crash.h"

static volatile UINT released;
static volatile unsigned long spins;
static volatile UINT divisor;	/* 0, but the compiler cannot know */

void crash_release(VP_INT exinf)
{
	(void)exinf;
	released++;
	iwup_tsk(TSK_PERIODIC);
}

static void crash_now(void)
{
	volatile UW *below = (volatile UW *)(UW)-4096;

	syslog_printf("crash: now (write below the partition, then divide by zero)\n");
	*below = 0xdeadbeef;
	syslog_printf("crash: %u\n", 1000u / divisor);
}

void crash_periodic(VP_INT exinf)
{
	UINT last = 0, periods = 0, missed = 0, total = 0;

	(void)exinf;
	syslog_printf("crash: start (fault after %d periods of 1 ms)\n", CRASH_AFTER);
	for (;;) {
		slp_tsk();
		UINT r = released;

		missed += r - last - 1;
		last = r;
		if (++total == CRASH_AFTER)
			crash_now();
		if (++periods < 1000)
			continue;
		syslog_printf("crash: periods=%u missed=%u\n", periods, missed);
		periods = missed = 0;
	}
}

void crash_spin(VP_INT exinf)
{
	(void)exinf;
	for (;;)
		spins++;
}
