/*
 * spinner.c - IPL probe: every SPIN_PERIOD_US (its periodic timer) it
 * "disables interrupts", spins BURST_US of monitor clock, enables again,
 * reports the burst and sleeps until the next timer.  Odd bursts use
 * MESO_HC_IRQ_LEVEL; even ones lazy masking (MESO_HC_IRQ_STATE, one store
 * each way) with a one-shot timer set to expire inside the burst, which
 * must be held back (not taken, `pending` set) and taken on unmask.  With
 * the IPL split either disable masks only its own band, so a
 * higher-priority guest (the ticker) keeps its timing; without it the
 * disable blocks every guest for the whole burst.
 */
#include "probe.h"

#define BURST_US	20000u
#define SPIN_PERIOD_US	100000u

static volatile uint32_t woken, timer_irqs;
static struct meso_irq_state irq;

static void on_timer(unsigned int vector)
{
	(void)vector;
	woken = 1;
	timer_irqs++;
}

static uint32_t spin(void)
{
	uint32_t t = meso_clock_us(), spun;

	do {
		__asm__ volatile("pause");
		spun = meso_clock_us() - t;
	} while (spun < BURST_US);
	return spun;
}

static uint32_t lazy_burst(uint32_t n)
{
	uint32_t before, masked_irqs, pending, spun;

	if (meso_irq_state(&irq) < 0)
		probe_printf("spinner: lazy masking refused\n");
	meso_timer(BURST_US / 4, MESO_TIMER_ONESHOT);
	meso_irq_mask(&irq);
	before = timer_irqs;
	spun = spin();
	masked_irqs = timer_irqs - before;
	pending = irq.pending;
	meso_irq_unmask(&irq);
	probe_printf("spinner: lazy burst %u: timer while masked: taken %u, pending %u;"
		     " on unmask: taken %u\n", n, masked_irqs, pending, timer_irqs - before);
	meso_irq_state(0);
	woken = 0;
	meso_timer(SPIN_PERIOD_US, MESO_TIMER_PERIODIC);
	return spun;
}

int main(void)
{
	uint32_t n, spun;

	probe_printf("spinner: started, bursts of %u us with interrupts off every %u us\n",
		     BURST_US, SPIN_PERIOD_US);
	probe_on_irq(probe_info.timer_vector, on_timer);
	meso_timer(SPIN_PERIOD_US, MESO_TIMER_PERIODIC);
	for (n = 1;; n++) {
		probe_wait(&woken);
		if (n % 2 == 0) {
			spun = lazy_burst(n);
		} else {
			meso_irq_level(MESO_IRQ_DISABLE);
			spun = spin();
			meso_irq_level(MESO_IRQ_ENABLE);
		}
		probe_printf("spinner: burst %u: interrupts off for %u us\n", n, spun);
	}
}
