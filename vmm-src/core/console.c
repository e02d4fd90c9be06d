/*
 * console.c - every byte the monitor and the guests send to the 16550
 * UARTs.  Nothing waits on a UART, and nothing formats a whole line, with
 * interrupts off: a guest's write only copies into its ring (one per
 * guest), a monitor line is only captured as a record (format and
 * arguments, vmm/format.h), and con_drain() moves a bounded number of
 * characters to the UARTs from the tick and the idle loop, formatting
 * records as it goes, as many as the transmitters take without waiting.
 * A full ring or record queue drops what does not fit and counts it; the
 * status report names the writer and the count.  Writers that share the
 * monitor's UART (the monitor, guests without a UART of their own) keep
 * their order: a queue of writes in the order they were made says whose
 * text goes out next, and each guest may hold only a quota of it.  "\n"
 * goes out as "\r\n".  Also the panic path, which alone writes
 * synchronously (the system is stopping).  With several cores one lock
 * (con_lock) covers the rings, records and queue: writers spin for it
 * (a drain holds it for one bounded slice), a drain that finds it taken
 * leaves the work to the holder.
 */
#include <stdarg.h>
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <vmm/con.h>
#include <vmm/config_tables.h>
#include <vmm/format.h>
#include <vmm/smp.h>
#include <vmm/string.h>

#define MONITOR_SRC	CFG_NR_GUESTS	/* writer index of the monitor */
#define NR_RINGS	CFG_NR_GUESTS
#define GUEST_RING	4096u		/* > MESO console maximum (1024) */
#define NR_RECORDS	256u		/* monitor lines not yet out */
#define GUEST_WRITES	64u		/* queued writes one guest may hold */
#define NR_WRITES	(NR_RECORDS + CFG_NR_GUESTS * GUEST_WRITES)
#define UART_FIFO	16u		/* bytes a 16550 takes when THRE is set */

struct ring {
	char buf[GUEST_RING];
	uint32_t head, tail;		/* free-running */
	uint32_t queued;		/* writes of it in the shared queue */
	uint32_t dropped, reported;	/* bytes */
	uint16_t port;
	uint8_t cr_sent;		/* "\r" of the "\n" at tail is out */
};

struct shared_write {
	uint8_t src;			/* a guest, or MONITOR_SRC: a record */
	uint16_t left;			/* a guest's bytes still to go */
};

static smp_lock_t con_lock;
static struct ring rings[NR_RINGS];
static struct shared_write writes[NR_WRITES];
static uint32_t writes_head, writes_tail;	/* free-running */

/* The monitor's lines: records, and the one being written out. */
static struct fmt_rec records[NR_RECORDS];
static uint32_t rec_head, rec_tail, rec_dropped, rec_reported;
static struct fmt_cursor rec_cursor;
static int rec_started, rec_char = -1;	/* a character fetched, not yet out */
static uint8_t rec_cr_sent;

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
	for (i = 0; i < NR_RINGS; i++)
		rings[i].port = cfg_vcpus[i].console_port ? cfg_vcpus[i].console_port :
				CFG_MONITOR_CONSOLE_PORT;
}

/* A write of src to the shared queue; 0 if it may not hold one more. */
static int shared_push(unsigned int src, uint32_t len)
{
	struct shared_write *w;

	if (writes_head - writes_tail == NR_WRITES)
		return 0;
	w = &writes[writes_head++ % NR_WRITES];
	w->src = src;
	w->left = len;
	return 1;
}

/* A guest's bytes into its ring, all or nothing: len, or 0 (counted). */
uint32_t con_guest_write(unsigned int guest, const char *buf, uint32_t len)
{
	struct ring *r = &rings[guest];
	uint32_t at, first;

	if (!len)
		return 0;
	smp_lock(&con_lock);
	if (len > GUEST_RING - (r->head - r->tail) ||
	    (shared(r) && (r->queued >= GUEST_WRITES || !shared_push(guest, len)))) {
		r->dropped += len;
		smp_unlock(&con_lock);
		return 0;
	}
	if (shared(r))
		r->queued++;
	at = r->head & (GUEST_RING - 1);
	first = len < GUEST_RING - at ? len : GUEST_RING - at;
	memcpy(r->buf + at, buf, first);
	memcpy(r->buf, buf + first, len - first);
	r->head += len;
	smp_unlock(&con_lock);
	return len;
}

/*
 * One character c of a writer to its UART without waiting, "\n" as
 * "\r\n": 1 when c went out, 0 when only its "\r" did (send c again),
 * -1 when the transmitter takes nothing now.  *room is what the FIFO
 * still takes since THRE was last seen set.
 */
static int put_char(uint16_t port, char c, uint8_t *cr_sent, uint32_t *room,
		    uint32_t *budget)
{
	if (!*room) {
		if (!uart_ready(port))
			return -1;
		*room = UART_FIFO;
	}
	(*room)--;
	(*budget)--;
	if (c == '\n' && !*cr_sent) {
		outb(port, '\r');
		*cr_sent = 1;
		return 0;
	}
	outb(port, (uint8_t)c);
	*cr_sent = 0;
	return 1;
}

/* Up to max bytes of ring r to its UART, as long as it takes them
 * without waiting; returns the bytes taken from the ring. */
static uint32_t ring_out(struct ring *r, uint32_t max, uint32_t *budget)
{
	uint32_t taken = 0, room = 0;
	int sent;

	while (taken < max && *budget) {
		sent = put_char(r->port, r->buf[r->tail & (GUEST_RING - 1)],
				&r->cr_sent, &room, budget);
		if (sent < 0)
			break;
		r->tail += sent;
		taken += sent;
	}
	return taken;
}

/* The oldest monitor record out, formatted as it goes; 1 when done. */
static int record_out(uint32_t *budget)
{
	uint32_t room = 0;
	int sent;

	if (!rec_started) {
		fmt_start(&rec_cursor, &records[rec_tail % NR_RECORDS]);
		rec_started = 1;
	}
	while (*budget) {
		if (rec_char < 0)
			rec_char = fmt_next(&rec_cursor);
		if (rec_char < 0) {
			rec_started = 0;
			rec_tail++;
			return 1;
		}
		sent = put_char(CFG_MONITOR_CONSOLE_PORT, (char)rec_char, &rec_cr_sent,
				&room, budget);
		if (sent < 0)
			break;
		if (sent)
			rec_char = -1;
	}
	return 0;
}

/*
 * At most budget characters to the UARTs; returns 1 if output is still
 * waiting.  Bounded work whatever the guests wrote: called with
 * interrupts off from the tick and the idle loop.
 */
int con_drain(uint32_t budget)
{
	unsigned int i;
	int more = 0;

	if (!smp_trylock(&con_lock))
		return 0;		/* another core is at it */
	for (i = 0; i < NR_RINGS; i++) {
		struct ring *r = &rings[i];

		if (!shared(r) && r->head != r->tail) {
			ring_out(r, r->head - r->tail, &budget);
			more |= r->head != r->tail;
		}
	}
	while (budget && writes_tail != writes_head) {
		struct shared_write *w = &writes[writes_tail % NR_WRITES];

		if (w->src == MONITOR_SRC) {
			if (!record_out(&budget))
				break;
		} else {
			w->left -= ring_out(&rings[w->src], w->left, &budget);
			if (w->left)
				break;
			rings[w->src].queued--;
		}
		writes_tail++;
	}
	more |= writes_tail != writes_head;
	smp_unlock(&con_lock);
	return more;
}

/* Everything out, waiting on the UARTs: at boot, and when stopping.
 * Bounded: a UART that never takes anything must not hang the boot. */
void con_flush(void)
{
	unsigned int tries = 1000000;

	while (con_drain(4096) && --tries)
		;
}

/* Writer i's dropped output since its last line, if any (i =
 * CFG_NR_GUESTS: the monitor's own lines). */
void con_report_line(unsigned int i)
{
	if (i == MONITOR_SRC) {
		if (rec_dropped != rec_reported)
			con_printf("console: monitor dropped %u lines (%u in all)\n",
				   rec_dropped - rec_reported, rec_dropped);
		rec_reported = rec_dropped;
		return;
	}
	if (rings[i].dropped == rings[i].reported)
		return;
	con_printf("console: guest %s dropped %u bytes (%u in all)\n", cfg_vcpus[i].name,
		   rings[i].dropped - rings[i].reported, rings[i].dropped);
	rings[i].reported = rings[i].dropped;
}

/* A monitor line: captured now, formatted as it drains. */
void con_vprintf(const char *fmt, va_list ap)
{
	smp_lock(&con_lock);
	if (rec_head - rec_tail == NR_RECORDS || !shared_push(MONITOR_SRC, 0))
		rec_dropped++;
	else
		fmt_capture(&records[rec_head++ % NR_RECORDS], fmt, ap);
	smp_unlock(&con_lock);
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

static uint32_t con_vsnprintf(char *buf, uint32_t size, const char *fmt, va_list ap)
{
	struct fmt_rec rec;
	struct fmt_cursor c;
	uint32_t n = 0;
	int ch;

	fmt_capture(&rec, fmt, ap);
	fmt_start(&c, &rec);
	while (n < size && (ch = fmt_next(&c)) >= 0)
		buf[n++] = (char)ch;
	return n;
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
	n = con_vsnprintf(buf, sizeof(buf), fmt, ap);
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
	n = con_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
