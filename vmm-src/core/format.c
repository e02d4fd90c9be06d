/*
 * format.c - the monitor's printf, as a record and a resumable cursor
 * (vmm/format.h).  A conversion is turned into characters only when the
 * cursor reaches it, into a 12-byte buffer, so producing any one
 * character costs a few dozen instructions at most.
 */
#include <stdarg.h>
#include <stdint.h>
#include <vmm/format.h>

/* Skip "%[0][width][l...]" from just after the '%'; returns the
 * conversion character's address, *width and *pad set. */
static const char *spec(const char *p, int *width, char *pad)
{
	*width = 0;
	*pad = ' ';
	if (*p == '0')
		*pad = '0';
	while (*p >= '0' && *p <= '9')
		*width = *width * 10 + *p++ - '0';
	while (*p == 'l')
		p++;
	return p;
}

void fmt_capture(struct fmt_rec *rec, const char *fmt, va_list ap)
{
	const char *p = fmt;
	uint32_t n = 0;
	int width;
	char pad;

	rec->fmt = fmt;
	while (*p) {
		if (*p++ != '%')
			continue;
		p = spec(p, &width, &pad);
		if (!*p)
			break;
		if (*p == 's' && n < FMT_ARGS)
			rec->arg[n++] = (uintptr_t)va_arg(ap, const char *);
		else if (*p != '%' && n < FMT_ARGS)
			rec->arg[n++] = va_arg(ap, uint32_t);
		p++;
	}
}

void fmt_start(struct fmt_cursor *c, const struct fmt_rec *rec)
{
	c->rec = rec;
	c->p = rec->fmt;
	c->s = 0;
	c->next_arg = 0;
	c->n_out = 0;
}

/* c->out gets v's digits (and padding, sign) last character first. */
static void convert(struct fmt_cursor *c, char conv, uint32_t v, int width, char pad)
{
	int neg = conv == 'd' && (int32_t)v < 0, n = 0;

	if (neg)
		v = -v;
	if (width > (int)sizeof(c->out) - 1)
		width = sizeof(c->out) - 1;
	do {
		c->out[n++] = conv == 'x' ? "0123456789abcdef"[v & 15u] : (char)('0' + v % 10u);
		v = conv == 'x' ? v >> 4 : v / 10u;
	} while (v);
	if (neg && pad == ' ')
		c->out[n++] = '-';
	while (n < width - (neg && pad == '0'))
		c->out[n++] = pad;
	if (neg && pad == '0')
		c->out[n++] = '-';
	c->n_out = n;
}

int fmt_next(struct fmt_cursor *c)
{
	for (;;) {
		uintptr_t arg;
		int width;
		char ch, pad;

		if (c->n_out)
			return (unsigned char)c->out[--c->n_out];
		if (c->s) {
			if (*c->s)
				return (unsigned char)*c->s++;
			c->s = 0;
		}
		ch = *c->p;
		if (!ch)
			return -1;
		c->p++;
		if (ch != '%')
			return (unsigned char)ch;
		c->p = spec(c->p, &width, &pad);
		ch = *c->p;
		if (!ch)
			return -1;
		c->p++;
		if (ch == '%')
			return '%';
		arg = c->next_arg < FMT_ARGS ? c->rec->arg[c->next_arg++] : 0;
		switch (ch) {
		case 'u':
		case 'd':
		case 'x':
			convert(c, ch, (uint32_t)arg, width, pad);
			break;
		case 'c':
			return (unsigned char)arg;
		case 's':
			c->s = arg ? (const char *)arg : "(null)";
			break;
		default:
			return (unsigned char)ch;
		}
	}
}
