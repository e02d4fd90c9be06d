/*
 * console.c - every byte the monitor and the guests send to the 16550
 * UARTs.  Nothing waits on a UART with interrupts off: a write only
 * copies into its writer's ring (one per guest, one for the monitor), and
 * con_drain() moves a bounded number of bytes to the UARTs from the tick
 * and the idle loop, as many as the transmitter takes without waiting.
 * A full ring drops what does not fit and counts it; the status report
 * names the writer and the count.  Writers that share the monitor's UART
 * (the monitor, guests without a UART of their own) keep their order: a
 * queue of writes in the order they were made says whose bytes go out
 * next, and each writer may hold only a quota of it.  "\n" goes out as
 * "\r\n".  Also the small printf the monitor logs with, and the panic
 * path, which alone writes synchronously (the system is stopping).
 */
#include <stdarg.h>
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <vmm/con.h>
#include <vmm/config_tables.h>
#include <vmm/string.h>

#define MONITOR_SRC	CFG_NR_GUESTS	/* ring index of the monitor */
#define NR_RINGS	(CFG_NR_GUESTS + 1)
#define GUEST_RING	4096u		/* > MESO console maximum (1024) */
#define MONITOR_RING	16384u		/* the boot log fits */
#define NR_WRITES	512u		/* queued writes to the monitor's UART */
#define GUEST_WRITES	64u		/* of which one guest may hold */
#define UART_FIFO	16u		/* bytes a 16550 takes when THRE is set */

struct ring {
	char *buf;
	uint32_t size;			/* a power of two */
	uint32_t head, tail;		/* free-running */
	uint32_t queued;		/* writes of it in the shared queue */
	uint32_t dropped, reported;	/* bytes */
	uint16_t port;
	uint8_t cr_sent;		/* "\r" of the "\n" at tail is out */
};

struct shared_write {
	uint8_t src;
	uint16_t left;
};

static char monitor_buf[MONITOR_RING];
static char guest_buf[CFG_NR_GUESTS][GUEST_RING];
static struct ring rings[NR_RINGS];
static struct shared_write writes[NR_WRITES];
static uint32_t writes_head, writes_tail;	/* free-running */

static int uart_ready(uint16_t port)
{
	return inb(port + 5) & 0x20;
}

static void uart_putc_wait(uint16_t port, char c)
{
	unsigned int spin = 100000;

	while (!uart_ready(port) && --spin)
		;
	outb(port, (uint8_t)c);
}

void con_uart_init(uint16_t port)
{
	outb(port + 1, 0x00);		/* no UART interrupts */
	outb(port + 3, 0x80);
	outb(port + 0, 0x01);		/* 115200 baud */
	outb(port + 1, 0x00);
	outb(port + 3, 0x03);		/* 8N1 */
	outb(port + 2, 0xc7);
	outb(port + 4, 0x03);
}

static int shared(const struct ring *r)
{
	return r->port == CFG_MONITOR_CONSOLE_PORT;
}

void con_init(void)
{
	unsigned int i;

	con_uart_init(CFG_MONITOR_CONSOLE_PORT);
	for (i = 0; i < NR_RINGS; i++) {
		struct ring *r = &rings[i];

		r->buf = i == MONITOR_SRC ? monitor_buf : guest_buf[i];
		r->size = i == MONITOR_SRC ? MONITOR_RING : GUEST_RING;
		r->port = i == MONITOR_SRC || !cfg_vcpus[i].console_port ?
			  CFG_MONITOR_CONSOLE_PORT : cfg_vcpus[i].console_port;
	}
}

/* Copy len bytes into ring src, all or nothing; returns len or 0. */
static uint32_t ring_put(unsigned int src, const char *buf, uint32_t len)
{
	struct ring *r = &rings[src];
	uint32_t at, first;

	if (!len)
		return 0;
	if (len > r->size - (r->head - r->tail) ||
	    (shared(r) && (writes_head - writes_tail == NR_WRITES ||
			   (src != MONITOR_SRC && r->queued >= GUEST_WRITES)))) {
		r->dropped += len;
		return 0;
	}
	at = r->head & (r->size - 1);
	first = len < r->size - at ? len : r->size - at;
	memcpy(r->buf + at, buf, first);
	memcpy(r->buf, buf + first, len - first);
	r->head += len;
	if (shared(r)) {
		struct shared_write *w = &writes[writes_head++ % NR_WRITES];

		w->src = src;
		w->left = len;
		r->queued++;
	}
	return len;
}

uint32_t con_guest_write(unsigned int guest, const char *buf, uint32_t len)
{
	return ring_put(guest, buf, len);
}

/* Up to max bytes of ring r to its UART, as long as it takes them
 * without waiting; returns the bytes taken from the ring. */
static uint32_t ring_out(struct ring *r, uint32_t max, uint32_t *budget)
{
	uint32_t taken = 0, room = 0;

	while (taken < max && *budget) {
		char c = r->buf[r->tail & (r->size - 1)];

		if (!room) {
			if (!uart_ready(r->port))
				break;
			room = UART_FIFO;
		}
		room--;
		(*budget)--;
		if (c == '\n' && !r->cr_sent) {
			outb(r->port, '\r');
			r->cr_sent = 1;
			continue;
		}
		outb(r->port, (uint8_t)c);
		r->cr_sent = 0;
		r->tail++;
		taken++;
	}
	return taken;
}

/*
 * At most budget bytes to the UARTs; returns 1 if output is still
 * waiting.  Bounded work whatever the guests wrote: called with
 * interrupts off from the tick and the idle loop.
 */
int con_drain(uint32_t budget)
{
	unsigned int i;
	int more = 0;

	for (i = 0; i < CFG_NR_GUESTS; i++) {
		struct ring *r = &rings[i];

		if (!shared(r) && r->head != r->tail) {
			ring_out(r, r->head - r->tail, &budget);
			more |= r->head != r->tail;
		}
	}
	while (budget && writes_tail != writes_head) {
		struct shared_write *w = &writes[writes_tail % NR_WRITES];
		struct ring *r = &rings[w->src];

		w->left -= ring_out(r, w->left, &budget);
		if (w->left)
			break;
		r->queued--;
		writes_tail++;
	}
	return more || writes_tail != writes_head;
}

/* Everything out, waiting on the UARTs: at boot, and when stopping. */
void con_flush(void)
{
	while (con_drain(4096))
		;
}

void con_report(void)
{
	unsigned int i;

	for (i = 0; i < NR_RINGS; i++) {
		struct ring *r = &rings[i];

		if (r->dropped == r->reported)
			continue;
		con_printf("console: %s%s dropped %u bytes (%u in all)\n",
			   i == MONITOR_SRC ? "" : "guest ",
			   i == MONITOR_SRC ? "monitor" : cfg_vcpus[i].name,
			   r->dropped - r->reported, r->dropped);
		r->reported = r->dropped;
	}
}

static char *put_num(char *p, char *end, uint32_t v, unsigned int base,
		     int width, char pad)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n && p < end)
		*p++ = pad;
	while (n && p < end)
		*p++ = tmp[--n];
	return p;
}

static uint32_t con_vformat(char *buf, uint32_t size, const char *fmt, va_list ap)
{
	char *p = buf, *end = buf + size;

	for (; *fmt && p < end; fmt++) {
		int width = 0;
		char pad = ' ';

		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l')
			fmt++;
		switch (*fmt) {
		case 'd': {
			int32_t v = va_arg(ap, int32_t);

			if (v < 0 && p < end) {
				*p++ = '-';
				v = -v;
			}
			p = put_num(p, end, (uint32_t)v, 10, width, pad);
			break;
		}
		case 'u':
			p = put_num(p, end, va_arg(ap, uint32_t), 10, width, pad);
			break;
		case 'x':
			p = put_num(p, end, va_arg(ap, uint32_t), 16, width, pad);
			break;
		case 'c':
			*p++ = (char)va_arg(ap, int);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (s && *s && p < end)
				*p++ = *s++;
			break;
		}
		case '\0':
			fmt--;
			break;
		default:
			*p++ = *fmt;
			break;
		}
	}
	return p - buf;
}

void con_vprintf(const char *fmt, va_list ap)
{
	char buf[256];

	ring_put(MONITOR_SRC, buf, con_vformat(buf, sizeof(buf), fmt, ap));
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}

static void con_write_wait(const char *buf, uint32_t len)
{
	for (; len; len--, buf++) {
		if (*buf == '\n')
			uart_putc_wait(CFG_MONITOR_CONSOLE_PORT, '\r');
		uart_putc_wait(CFG_MONITOR_CONSOLE_PORT, *buf);
	}
}

void con_panic(const char *func, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	uint32_t n;

	__asm__ volatile("cli");
	con_flush();
	n = con_snprintf(buf, sizeof(buf), "PANIC in %s: ", func);
	con_write_wait(buf, n);
	va_start(ap, fmt);
	n = con_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	con_write_wait(buf, n);
	con_write_wait("\n", 1);
	cpu_stop();
}

uint32_t con_snprintf(char *buf, uint32_t size, const char *fmt, ...)
{
	va_list ap;
	uint32_t n;

	va_start(ap, fmt);
	n = con_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
