/*
 * syslog.c - formatted console output for applications and the kernel:
 * a small printf (%d %u %x %s %c %p, l/ll, width, 0 and - flags) that
 * formats one message into a buffer and writes it to the port's console
 * in one go, so lines from different tasks do not interleave.
 */
#include <stdarg.h>
#include "core.h"

#define SYSLOG_LINE	160

struct buf {
	char s[SYSLOG_LINE];
	UINT n;
};

static void put(struct buf *b, char c)
{
	if (b->n < SYSLOG_LINE)
		b->s[b->n++] = c;
}

static void put_num(struct buf *b, unsigned long long v, UINT base, BOOL neg,
		    int width, char pad, BOOL left)
{
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	len = n;
	for (int i = len; !left && i < width; i++)
		put(b, pad);
	while (n)
		put(b, tmp[--n]);
	for (int i = len; left && i < width; i++)
		put(b, ' ');
}

static void format(struct buf *b, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(b, *fmt);
			continue;
		}
		char pad = ' ';
		BOOL left = FALSE;
		int width = 0, lng = 0;

		for (;; fmt++) {
			if (fmt[1] == '0')
				pad = '0';
			else if (fmt[1] == '-')
				left = TRUE;
			else
				break;
		}
		while (fmt[1] >= '0' && fmt[1] <= '9')
			width = width * 10 + (*++fmt - '0');
		while (fmt[1] == 'l') {
			lng++;
			fmt++;
		}
		switch (*++fmt) {
		case 'd': {
			long long v = lng > 1 ? va_arg(ap, long long) :
				lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(b, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
				10, v < 0, width, pad, left);
			break;
		}
		case 'u':
		case 'x': {
			unsigned long long v = lng > 1 ? va_arg(ap, unsigned long long) :
				lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			put_num(b, v, *fmt == 'u' ? 10 : 16, FALSE, width, pad, left);
			break;
		}
		case 'p':
			put(b, '0');
			put(b, 'x');
			put_num(b, (uintptr_t)va_arg(ap, void *), 16, FALSE, 8, '0', FALSE);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			for (s = s ? s : "(null)"; *s; s++)
				put(b, *s);
			break;
		}
		case 'c':
			put(b, (char)va_arg(ap, int));
			break;
		case '\0':
			return;
		default:
			put(b, *fmt);
		}
	}
}

int syslog_printf(const char *fmt, ...)
{
	struct buf b = { .n = 0 };
	va_list ap;

	va_start(ap, fmt);
	format(&b, fmt, ap);
	va_end(ap);
	UINT lk = port_lock();
	port_console_write(b.s, b.n);
	port_unlock(lk);
	return (int)b.n;
}
