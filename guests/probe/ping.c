/*
 * ping.c - channel probe, first end: sends a counter through the shared
 * "pingpong" window, notifies pong and sleeps until pong's notification
 * brings the counter back.  Works in bursts of 100 round trips with a
 * 50 ms pause on its one-shot timer between them, so that lower-priority
 * guests get the CPU.  Reports every 1000 round trips.
 */
#include "pingpong.h"
#include "probe.h"

#define PAUSE_US	50000u
#define PAUSE_EVERY	100u

static volatile uint32_t notified, woken;

static void on_timer(unsigned int vector)
{
	(void)vector;
	woken = 1;
}

static void on_notify(unsigned int vector)
{
	(void)vector;
	notified = 1;
}

int main(void)
{
	struct pingpong *ch = PINGPONG;
	uint32_t rounds = 0, bad = 0;

	probe_printf("ping: started, channel at 0x%x\n", (uint32_t)ch);
	probe_on_any_irq(on_notify);
	probe_on_irq(probe_info.timer_vector, on_timer);
	ch->ping = 1;
	meso_notify(ch);
	for (;;) {
		probe_wait(&notified);
		if (ch->pong != ch->ping) {
			bad++;
			continue;
		}
		if (++rounds % PINGPONG_REPORT_EVERY == 0)
			probe_printf("ping: %u round trips, %u bad\n", rounds, bad);
		if (rounds % PAUSE_EVERY == 0) {
			meso_timer(PAUSE_US, MESO_TIMER_ONESHOT);
			probe_wait(&woken);
		}
		ch->ping = ch->ping + 1;
		meso_notify(ch);
	}
}
