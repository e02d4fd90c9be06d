/* test_format.c - the monitor's resumable formatter against the host's
 * vsnprintf, for every conversion, width and padding the monitor uses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vmm/format.h>
#include "unit.h"

static int same_as_host(const char *fmt, ...)
{
	struct fmt_rec rec;
	struct fmt_cursor c;
	char want[256], got[256];
	va_list ap, ap2;
	int n = 0, ch;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	vsnprintf(want, sizeof(want), fmt, ap);
	fmt_capture(&rec, fmt, ap2);
	va_end(ap2);
	va_end(ap);
	fmt_start(&c, &rec);
	while ((ch = fmt_next(&c)) >= 0 && n < (int)sizeof(got) - 1)
		got[n++] = (char)ch;
	got[n] = 0;
	if (strcmp(want, got))
		printf("  want '%s'\n  got  '%s'\n", want, got);
	return !strcmp(want, got);
}

void suite_format(void)
{
	CHECK("format literal only", same_as_host("boot: 5 of 5 guests started\n"));
	CHECK("format %u %d %x", same_as_host("a %u b %d c %x d", 4000000000u, -42, 0xdeadbeefu));
	CHECK("format zero", same_as_host("%u %d %x", 0u, 0, 0u));
	CHECK("format width and zero pad", same_as_host("0x%08x %02x %5u %05u", 0x1000u, 0xcu, 42u, 7u));
	CHECK("format negative padded", same_as_host("[%5d] [%05d] [%d]", -42, -42, -2147483647 - 1));
	CHECK("format %s and %c", same_as_host("guest %s: '%s' %c%c", "ticker", "", 'o', 'k'));
	CHECK("format %%", same_as_host("100%% of %u", 3u));
	CHECK("format ten arguments", same_as_host(
		"boot: guest %s: image SHA-256 mismatch (expected %02x%02x%02x%02x..., got %02x%02x%02x%02x...)\n",
		"rtos", 0xdeu, 0xadu, 0xbeu, 0xefu, 1u, 2u, 3u, 4u));
	CHECK("format long l ignored", same_as_host("%lu %lx", 12ul, 255ul));
}
