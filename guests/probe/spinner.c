/*
 * spinner.c - IPL probe: every SPIN_PERIOD_US (its periodic timer) it
 * "disables interrupts" with MESO_HC_IRQ_LEVEL, spins BURST_US of monitor
 * clock, enables again, reports the burst and sleeps until the next
 * timer.  With the IPL split the disable masks only its own band, so a
 * higher-priority guest (the ticker) keeps its timing; without it the
 * disable blocks every guest for the whole burst.
 */
#include "probe.h"

#define BURST_US	20000u
#define SPIN_PERIOD_US	100000u

static volatile uint32_t woken;

static void on_timer(unsigned int vector)
{
	(void)vector;
	woken = 1;
}

int main(void)
{
	uint32_t n, t, spun;

	probe_printf("spinner: started, bursts of %u us with interrupts off every %u us\n",
		     BURST_US, SPIN_PERIOD_US);
	probe_on_irq(probe_info.timer_vector, on_timer);
	meso_timer(SPIN_PERIOD_US, MESO_TIMER_PERIODIC);
	for (n = 1;; n++) {
		probe_wait(&woken);
		meso_irq_level(MESO_IRQ_DISABLE);
		t = meso_clock_us();
		do {
			__asm__ volatile("pause");
			spun = meso_clock_us() - t;
		} while (spun < BURST_US);
		meso_irq_level(MESO_IRQ_ENABLE);
		probe_printf("spinner: burst %u: interrupts off for %u us\n", n, spun);
	}
}
