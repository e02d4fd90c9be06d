/*
 * pong.c - channel probe, second end: echoes ping's counter back through
 * the "pingpong" window and notifies ping.
 */
#include "pingpong.h"
#include "probe.h"

static volatile uint32_t notified;

static void on_notify(unsigned int vector)
{
	(void)vector;
	notified = 1;
}

int main(void)
{
	struct pingpong *ch = PINGPONG;
	uint32_t replies = 0;

	probe_printf("pong: started, channel at 0x%x\n", (uint32_t)ch);
	probe_on_any_irq(on_notify);
	for (;;) {
		probe_wait(&notified);
		ch->pong = ch->ping;
		meso_notify(ch);
		if (++replies % PINGPONG_REPORT_EVERY == 0)
			probe_printf("pong: %u replies\n", replies);
	}
}
