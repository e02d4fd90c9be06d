/*
 * load.c - the "load" application: a CPU-bound instance for products
 * with several RTOS instances.  The lowest-priority task spins forever
 * (it never sleeps, so the instance never idles and the monitor never
 * finds the CPU free below it); a 10 ms periodic task above it shows the
 * instance still makes progress and prints once a second
 *   load: periods=100 missed=0 spins=<loop iterations that second>
 * A higher-priority guest preempts all of this at any time; the load is
 * there to prove that it cannot delay that guest.
 */
#include "load.h"

static volatile UINT released;
static volatile unsigned long spins;

void load_release(VP_INT exinf)
{
	(void)exinf;
	released++;
	iwup_tsk(TSK_REPORT);
}

void load_report(VP_INT exinf)
{
	UINT last = 0, periods = 0, missed = 0;
	unsigned long spins_then = 0;

	(void)exinf;
	syslog_printf("load: start (%d ms period, CPU-bound below it)\n", LOAD_PERIOD_MS);
	for (;;) {
		slp_tsk();
		UINT r = released;

		missed += r - last - 1;
		last = r;
		if (++periods < 1000 / LOAD_PERIOD_MS)
			continue;
		unsigned long s = spins;

		syslog_printf("load: periods=%u missed=%u spins=%lu\n",
			      periods, missed, s - spins_then);
		spins_then = s;
		periods = missed = 0;
	}
}

void load_spin(VP_INT exinf)
{
	(void)exinf;
	for (;;)
		spins++;
}
