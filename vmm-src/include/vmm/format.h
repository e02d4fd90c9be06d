/*
 * vmm/format.h - the monitor's printf formatting (%u %d %x %c %s, a width
 * with 0 or space padding, 'l' ignored), in two halves: capturing a
 * format and its arguments into a record costs a scan of the format, and
 * producing the text is resumable a character at a time, so the console
 * can format while it drains, within its byte budget, and no caller ever
 * formats a whole line with interrupts off.  A %s argument is read when
 * the text is produced: it must point to monitor memory (or be drained
 * before any guest runs, as the boot log is).
 */
#ifndef VMM_FORMAT_H
#define VMM_FORMAT_H

#include <stdarg.h>
#include <stdint.h>

#define FMT_ARGS	10

struct fmt_rec {
	const char *fmt;
	uintptr_t arg[FMT_ARGS];		/* a number, or a %s pointer */
};

struct fmt_cursor {
	const struct fmt_rec *rec;
	const char *p;			/* next in rec->fmt */
	const char *s;			/* inside a %s argument, or 0 */
	uint32_t next_arg;
	char out[12];			/* a converted number, last char first */
	uint8_t n_out;
};

void fmt_capture(struct fmt_rec *rec, const char *fmt, va_list ap);
void fmt_start(struct fmt_cursor *c, const struct fmt_rec *rec);
/* The next character of the text, or -1 at its end. */
int fmt_next(struct fmt_cursor *c);

#endif /* VMM_FORMAT_H */
