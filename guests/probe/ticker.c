/*
 * ticker.c - timing probe: takes its virtual timer (1 ms, armed at boot by
 * the configuration; period from partition info) and checks every tick against the monitor clock
 * (MESO_HC_CLOCK): tick k is due at t0 + k * period.  Each tick is
 * taken as the oldest one not seen yet; its lateness is measured from
 * that due time, and every whole period it is late stands for a tick that
 * was merged into it (missed): so a tick held back 20 ms shows 20 ms.
 * t0 is the second tick: the first may have waited, pending, until the
 * handler was registered.
 * Reports every 1000 ticks.
 */
#include "probe.h"

#define REPORT_EVERY	1000u

static volatile uint32_t ticks, missed, max_late, report;
static uint32_t period_us, t0, last_k;

static void on_tick(unsigned int vector)
{
	uint32_t now = meso_clock_us();

	(void)vector;
	if (ticks <= 1) {
		t0 = now;
	} else {
		int32_t late = (int32_t)(now - (t0 + (last_k + 1) * period_us));
		uint32_t skipped = late > 0 ? (uint32_t)late / period_us : 0;

		if (skipped) {
			missed += skipped;
			if (missed < 4)
				probe_printf("ticker: tick %u: %u missed before it (%d us late)\n",
					     last_k + 1 + skipped, skipped, late);
		}
		if (late > (int32_t)max_late)
			max_late = late;
		last_k += 1 + skipped;
	}
	if (++ticks % REPORT_EVERY == 0)
		report = 1;
}

int main(void)
{
	probe_printf("ticker: started in partition 0x%x, timer %u us on vector 0x%x\n",
		     probe_info.base, probe_info.timer_us, probe_info.timer_vector);
	period_us = probe_info.timer_us;
	if (!period_us) {
		probe_printf("ticker: no timer configured\n");
		return 0;
	}
	probe_on_irq(probe_info.timer_vector, on_tick);
	for (;;) {
		probe_wait(&report);
		probe_printf("ticker: %u ticks, missed %u, max late %u us\n",
			     ticks, missed, max_late);
	}
}
