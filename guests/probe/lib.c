/*
 * lib.c - probe guest runtime: partition info at start (and the core it
 * runs on, said on its console), the vector table
 * the monitor delivers virtual interrupts through, and a small printf
 * that writes one console hypercall per call.  Built twice: for isolated
 * guests, and with MESO_GUEST_SVM for hardware-isolated ones, whose
 * interrupts come through their own IDT (crt0-svm.S) instead of the
 * vector table.
 */
#include <stdarg.h>
#include "probe.h"

extern char probe_vector_entry[];

struct meso_info probe_info;
static meso_handler_t vector_table[MESO_NR_VECTORS];
static probe_handler_t handlers[MESO_NR_VECTORS];
static probe_handler_t any_handler;
volatile uint32_t probe_timer_fired;

void probe_init(void)
{
	meso_info(&probe_info);
	if (probe_info.abi_version >= 3)
		probe_printf("%s: on core %u (APIC ID %u)\n", probe_info.name,
			     probe_info.cpu, probe_info.apic_id);
#ifndef MESO_GUEST_SVM
	meso_set_vectors(vector_table);
#endif
}

#ifdef MESO_GUEST_SVM
/* An exception in a hardware-isolated probe (crt0-svm.S): stop. */
void probe_fatal(unsigned int vector);
void probe_fatal(unsigned int vector)
{
	probe_printf("probe: exception %u: stopping\n", vector);
	meso_hcall3(MESO_HC_EXIT, MESO_EXIT_PANIC, 0, 0);
}
#endif

void probe_irq(unsigned int vector)
{
	probe_handler_t fn = handlers[vector & 0xff];

	if (!fn)
		fn = any_handler;
	if (fn)
		fn(vector);
}

void probe_on_irq(unsigned int vector, probe_handler_t fn)
{
	handlers[vector & 0xff] = fn;
	vector_table[vector & 0xff] = (meso_handler_t)probe_vector_entry;
}

void probe_on_any_irq(probe_handler_t fn)
{
	unsigned int v;

	any_handler = fn;
	for (v = 32; v < MESO_NR_VECTORS; v++)
		vector_table[v] = (meso_handler_t)probe_vector_entry;
}

static void timer_fired(unsigned int vector)
{
	(void)vector;
	probe_timer_fired = 1;
}

void probe_timer_arm(uint32_t us)
{
	probe_on_irq(probe_info.timer_vector, timer_fired);
	probe_timer_fired = 0;
	meso_timer(us, MESO_TIMER_ONESHOT);
}

void probe_sleep_us(uint32_t us)
{
	probe_timer_arm(us);
	probe_wait(&probe_timer_fired);
}

/* Sleep until an interrupt handler sets *flag; clears it. */
void probe_wait(volatile uint32_t *flag)
{
	meso_irq_level(MESO_IRQ_DISABLE);
	while (!*flag) {
		meso_halt();		/* enables, so the handler runs here */
		meso_irq_level(MESO_IRQ_DISABLE);
	}
	*flag = 0;
	meso_irq_level(MESO_IRQ_ENABLE);
}

static char *put_num(char *p, char *end, uint32_t v, unsigned int base, int width)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n && p < end)
		*p++ = '0';
	while (n && p < end)
		*p++ = tmp[--n];
	return p;
}

static uint32_t probe_vformat(char *buf, uint32_t size, const char *fmt, va_list ap)
{
	char *p = buf, *end = buf + size;

	for (; *fmt && p < end; fmt++) {
		int width = 0;

		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		switch (*fmt) {
		case 'u':
			p = put_num(p, end, va_arg(ap, uint32_t), 10, width);
			break;
		case 'd': {
			int32_t v = va_arg(ap, int32_t);

			if (v < 0 && p < end) {
				*p++ = '-';
				v = -v;
			}
			p = put_num(p, end, (uint32_t)v, 10, width);
			break;
		}
		case 'x':
			p = put_num(p, end, va_arg(ap, uint32_t), 16, width);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (*s && p < end)
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

uint32_t probe_format(char *buf, uint32_t size, const char *fmt, ...)
{
	va_list ap;
	uint32_t n;

	va_start(ap, fmt);
	n = probe_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void probe_printf(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	uint32_t n;

	va_start(ap, fmt);
	n = probe_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	meso_console_write(buf, n);
}
