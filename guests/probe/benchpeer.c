/*
 * benchpeer.c - monitor microbenchmarks, the lower-priority side of the
 * "bench" channel (see bench.c).  It never halts, so it runs whenever
 * bench sleeps, and does what bench's mode word says: notify bench
 * right after storing the TSC (the switch round trip), or keep a fresh
 * TSC in the channel with the same 4-instruction loop bench spins in
 * itself (an interrupt that preempts this guest), or sleep and answer
 * each of bench's notifications with one (the notify round trip, on one
 * core or across two).
 */
#include <meso/hypercall.h>
#include "bench.h"
#include "probe.h"

static volatile uint32_t notified;

static void on_notify(unsigned int vector)
{
	(void)vector;
	notified = 1;
}

int main(void)
{
	struct bench_channel *ch = BENCH_CHANNEL;

	probe_printf("benchpeer: started\n");
	probe_on_irq(probe_info.channels[0].vector, on_notify);
	for (;;) {
		switch (ch->mode) {
		case BENCH_PEER_ECHO:
			probe_wait(&notified);
			if (ch->mode == BENCH_PEER_ECHO)
				meso_notify(ch);
			break;
		case BENCH_PEER_NOTIFY:
			__asm__ volatile("rdtsc\n\tmov %%eax, %[t]\n\t"
					 "mov %[nr], %%eax\n\t"
					 MESO_HCALL_INSN
					 : [t] "=m"(ch->t_peer)
					 : [nr] "i"(MESO_HC_NOTIFY), "b"(ch)
					 : "eax", "edx", "memory");
			break;
		case BENCH_PEER_SPIN:
			__asm__ volatile("1:\trdtsc\n\t"
					 "mov %%eax, %[last]\n\t"
					 "cmpl %[spin], %[mode]\n\t"
					 "je 1b"
					 : [last] "=m"(ch->last)
					 : [mode] "m"(ch->mode), [spin] "i"(BENCH_PEER_SPIN)
					 : "eax", "edx", "memory");
			break;
		default:	/* pause: QEMU's -icount lets another core run */
			__asm__ volatile("pause");
			break;
		}
	}
}
