/*
 * hammer.c - temporal-isolation probe: it hands the monitor as much work
 * as a guest can, as fast as it can, and never halts.  Each start is one
 * round: WRITES console writes of 1 KiB (each all or nothing: a refused
 * one is counted), BAD_CALLS hypercalls with a bad pointer (each a
 * refused call and a health event), then it stops itself (MESO_HC_EXIT)
 * and its fault policy restarts it: the reload rewrites its image and
 * clears its BSS_BYTES of bss.  Its report lines are retried until the
 * console takes them, so they always appear; the bytes it had refused
 * are counted in them ("refused R bytes in all", the rounds so far) for
 * the test to compare with the monitor's "dropped" count.
 */
#include "probe.h"

#define WRITES		48		/* 1 KiB console writes per round */
#define BAD_CALLS	5000		/* refused hypercalls per round */
#define BSS_BYTES	(4u << 20)	/* cleared by every restart */

static char big[BSS_BYTES];
static char kib[1024];
/* Survives restarts: past the end of the image and its bss, below the
 * stack, where a reload neither writes nor clears. */
#define REFUSED	(*(volatile uint32_t *)(probe_info.size - 0x10000u))

/* Retried until the console takes it: the report always appears. */
static void report(uint32_t round)
{
	char line[96];
	uint32_t n = probe_format(line, sizeof(line),
				  "hammer: round %u done: refused %u bytes in all\n",
				  round, REFUSED);

	while (meso_console_write(line, n) != (long)n)
		REFUSED += n;
}

int main(void)
{
	uint32_t round = probe_info.restarts, i, refused = 0;

	if (!round)
		REFUSED = 0;
	for (i = 0; i < sizeof(kib) - 1; i++)
		kib[i] = 'a' + i % 26;
	kib[sizeof(kib) - 1] = '\n';
	big[round % BSS_BYTES] = 1;
	for (i = 0; i < WRITES; i++)
		if (meso_console_write(kib, sizeof(kib)) != sizeof(kib))
			refused += sizeof(kib);
	for (i = 0; i < BAD_CALLS; i++)
		meso_hcall3(MESO_HC_INFO, 0xfffffff0, 0, 0);
	REFUSED += refused;
	report(round);
	meso_hcall3(MESO_HC_EXIT, MESO_EXIT_PANIC, 0, 0);
	for (;;)
		;
}
