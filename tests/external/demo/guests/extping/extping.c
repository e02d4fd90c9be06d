/*
 * extping.c - a custom guest kept in an external tree, written from
 * docs/porting.md and <meso/hypercall.h> alone.  Its layout comes from
 * gen/guests/<name>.h (force-included by meso's build): it checks the
 * monitor's ABI, compares that header with what MESO_HC_INFO says at run
 * time, reads the CMOS through the ports it was granted, then pings the
 * peer of its "pingpong" channel ROUNDS times (the window's first word
 * out, the second back) while its timer ticks.
 */
#include <stdarg.h>
#include <stdint.h>
#include <meso/hypercall.h>

#ifndef EXTPING_ABI
#define EXTPING_ABI MESO_ABI_VERSION	/* the ABI it was written for */
#endif
#define ROUNDS 100

struct pingpong { volatile uint32_t ping, pong; };

void irq_entry(void);
void on_irq(unsigned int vector);
int main(void);

static meso_handler_t vectors[MESO_NR_VECTORS];	/* linked at 0: offsets */
static struct meso_info info;
static volatile uint32_t notified, ticks;

void on_irq(unsigned int vector)
{
	if (vector == MESO_TIMER_VECTOR)
		ticks++;
	else if (vector == MESO_CHANNEL_PINGPONG_VECTOR)
		notified = 1;
}

/* printf with %u, %x and %s, enough for a guest's reports */
static void say(const char *fmt, ...)
{
	char buf[160], *p = buf;
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt && p < buf + sizeof(buf) - 12; fmt++) {
		char tmp[12];
		uint32_t v, n = 0;

		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		if (*++fmt == 's') {
			for (const char *s = va_arg(ap, const char *); *s; s++)
				*p++ = *s;
			continue;
		}
		v = va_arg(ap, uint32_t);
		do
			tmp[n++] = "0123456789abcdef"[*fmt == 'x' ? v & 15 : v % 10];
		while ((v = *fmt == 'x' ? v >> 4 : v / 10));
		while (n)
			*p++ = tmp[--n];
	}
	va_end(ap);
	meso_console_write(buf, p - buf);
}

static uint8_t cmos(uint8_t reg)
{
	uint8_t v;

	__asm__ volatile("outb %0, $0x70" : : "a"(reg));
	__asm__ volatile("inb $0x71, %0" : "=a"(v));
	return v;
}

int main(void)
{
	struct pingpong *ch = (struct pingpong *)MESO_CHANNEL_PINGPONG_OFFSET;
	uint32_t i, bad = 0;

	meso_info(&info);
	if (info.abi_version < EXTPING_ABI) {
		say("extping: monitor ABI %u, need %u -> stopping\n", info.abi_version, EXTPING_ABI);
		meso_hcall3(MESO_HC_EXIT, MESO_EXIT_PANIC, 0, 0);
	}
	say("extping: ABI %u, %s, partition 0x%x bytes, timer vector 0x%x every %u us\n",
	    info.abi_version, info.name, info.size, info.timer_vector, info.timer_us);
	say("extping: channel %s at 0x%x, %u bytes, vector 0x%x, peer %s\n",
	    info.channels[0].name, info.channels[0].offset, info.channels[0].size,
	    info.channels[0].vector, info.channels[0].peer);
	say("extping: irq %u on vector 0x%x; ports 0x%x-0x%x and 0x%x-0x%x\n",
	    info.irqs[0].irq, info.irqs[0].vector, info.ports[0].first, info.ports[0].last,
	    info.ports[1].first, info.ports[1].last);
	say("extping: layout %s MESO_HC_INFO\n",
	    info.size == MESO_PARTITION_SIZE && info.timer_vector == MESO_TIMER_VECTOR &&
	    info.nr_channels == MESO_NR_CHANNELS && info.nr_irqs == MESO_NR_IRQS &&
	    info.channels[0].offset == MESO_CHANNEL_PINGPONG_OFFSET &&
	    info.channels[0].vector == MESO_CHANNEL_PINGPONG_VECTOR &&
	    info.irqs[0].vector == MESO_IRQ8_VECTOR && info.nr_ports == MESO_NR_PORT_RANGES
	    ? "matches" : "DIFFERS FROM");
	say("extping: CMOS status register B 0x%x through the granted ports\n", cmos(0x0b));

	vectors[MESO_TIMER_VECTOR] = irq_entry;
	vectors[MESO_CHANNEL_PINGPONG_VECTOR] = irq_entry;
	meso_set_vectors(vectors);
	for (i = 1; i <= ROUNDS; i++) {
		ch->ping = i;
		meso_notify(ch);
		meso_irq_level(MESO_IRQ_DISABLE);	/* test, then sleep: no lost wakeup */
		while (!notified) {
			meso_halt();
			meso_irq_level(MESO_IRQ_DISABLE);
		}
		notified = 0;
		meso_irq_level(MESO_IRQ_ENABLE);
		bad += ch->pong != i;
	}
	say("extping: %u round trips with %s, %u bad, %u timer ticks meanwhile\n",
	    ROUNDS, MESO_CHANNEL_PINGPONG_PEER, bad, ticks);
	return 0;
}
