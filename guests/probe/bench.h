/*
 * bench.h - what the benchmark probes (bench, benchpeer and the native
 * kernel in native/) share: the "bench" channel between bench and its
 * lower-priority peer, and the timing primitive.  Under QEMU's
 * -icount shift=0 the TSC counts instructions, so BENCH_DELTA() is an
 * exact instruction count: the snippet's, plus 2 (the mov after the first
 * rdtsc and the second rdtsc itself), which a measure of the empty
 * snippet removes.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

#define BENCH_PEER_IDLE		0	/* peer: spin on the mode word */
#define BENCH_PEER_NOTIFY	1	/* peer: timestamp, notify bench, again */
#define BENCH_PEER_SPIN		2	/* peer: keep a timestamp fresh */
#define BENCH_PEER_ECHO		3	/* peer: sleep, answer each notify with one */

struct bench_channel {
	volatile uint32_t mode;		/* BENCH_PEER_*, written by bench */
	volatile uint32_t t_peer;	/* TSC just before the peer's notify */
	volatile uint32_t last;		/* TSC of the peer's spin loop */
};

#define BENCH_CHANNEL ((struct bench_channel *)MESO_CHANNEL_BENCH_OFFSET)

/* TSC ticks across the asm snippet s (low 32 bits; clobbers esi, edx). */
#define BENCH_DELTA(s, ...) ({						\
	uint32_t d_;							\
	__asm__ volatile("rdtsc\n\tmov %%eax, %%esi\n\t" s "\n\t"	\
			 "rdtsc\n\tsub %%esi, %%eax"			\
			 : "=&a"(d_) : __VA_ARGS__ : "edx", "esi", "memory"); \
	d_;								\
})

/* Kept by the RTC handler (irq_entry): its TSC, a count, and the eip it
 * interrupted. */
extern volatile uint32_t bench_save_edx, bench_t_irq, bench_irqs, bench_last, bench_irq_eip;

static inline uint32_t bench_umin(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * One sample of "interrupt to the running code's handler": spin storing
 * the TSC until the handler has run; the instructions between the
 * interrupt and the handler's first one, less 3 (the store, that first
 * instruction and the handler's rdtsc).  Only a sample whose interrupt
 * came right after the store counts (the handler saw that eip), else
 * ~0: so code that runs on after the interrupt (an SVM guest resumed
 * before it takes its queued V_IRQ) cannot overwrite the stamp.  The
 * same loop on the monitor and on bare hardware.
 */
static inline uint32_t bench_irq_sample(void)
{
	uint32_t after_store;

	__asm__ volatile("mov bench_irqs, %%ecx\n\t"
			 "mov $2f, %0\n"
			 "1:\trdtsc\n\t"
			 "mov %%eax, bench_last\n"
			 "2:\tcmp bench_irqs, %%ecx\n\t"
			 "je 1b" : "=&r"(after_store) : : "eax", "ecx", "edx", "memory");
	return bench_irq_eip == after_store ? bench_t_irq - bench_last - 3 : ~0u;
}

#endif /* BENCH_H */
