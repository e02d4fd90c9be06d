/*
 * vmm/irqsoff.h - the interrupts-off tracer (CONFIG_MONITOR_IRQSOFF_TRACE,
 * for benchmarks and tests; compiled out in products).  A stretch begins
 * when the monitor is entered (a trap) or leaves an interrupt window, and
 * ends when it returns to a guest or opens the next window; the longest
 * one per path is kept, in TSC cycles (instructions under QEMU's -icount
 * shift=0), and shown in the status report.  Like Linux's irqsoff tracer.
 */
#ifndef VMM_IRQSOFF_H
#define VMM_IRQSOFF_H

#include <stdint.h>
#include <asm/cpu.h>
#include <vmm/smp.h>
#include <meso/hypercall.h>
#include <generated/meso_layout.h>

/* Paths: one per hypercall number, then these. */
enum irqsoff_path {
	IRQSOFF_HCALL_BAD = MESO_NR_HCALLS,	/* an unknown number */
	IRQSOFF_EXCEPTION,			/* faults, emulation, restarts */
	IRQSOFF_TICK,
	IRQSOFF_STATUS,				/* a tick with a status line */
	IRQSOFF_IRQ,				/* every other interrupt */
	IRQSOFF_LOAD,				/* a load step after a window */
	IRQSOFF_IDLE,				/* the idle loop after a wake-up */
	IRQSOFF_SVM,				/* an SVM guest's #VMEXIT */
	IRQSOFF_NR_PATHS	/* names in irqsoff.c */
};

struct irqsoff_state {
	uint64_t start;
	uint32_t path;
	uint32_t active;
	uint32_t max[IRQSOFF_NR_PATHS];
};

extern struct irqsoff_state irqsoff_of[CFG_NR_CPUS];	/* per core */

/* Begin a stretch (kept if one is already running: only its path
 * changes, as when trap_handle follows trap_from_trusted). */
static inline void irqsoff_begin(uint32_t path)
{
	struct irqsoff_state *t = &irqsoff_of[smp_cpu()];

	if (!CFG_IRQSOFF_TRACE)
		return;
	t->path = path;
	if (!t->active) {
		t->active = 1;
		t->start = cpu_rdtsc();
	}
}

static inline void irqsoff_end(void)
{
	struct irqsoff_state *t = &irqsoff_of[smp_cpu()];
	uint64_t d;

	if (!CFG_IRQSOFF_TRACE || !t->active)
		return;
	d = cpu_rdtsc() - t->start;
	t->active = 0;
	if (d > t->max[t->path])
		t->max[t->path] = d >> 32 ? 0xffffffffu : (uint32_t)d;
}

/* The path of a trap by its vector (and hypercall number). */
static inline uint32_t irqsoff_path_of(uint32_t vector, uint32_t eax)
{
	if (vector == MESO_HCALL_VECTOR)
		return eax < MESO_NR_HCALLS ? eax : IRQSOFF_HCALL_BAD;
	if (vector < 32)
		return IRQSOFF_EXCEPTION;
	return vector == CFG_TICK_VECTOR ? IRQSOFF_TICK : IRQSOFF_IRQ;
}

/* Status line i of the tracer; 0 when there is no line i. */
int irqsoff_report_line(unsigned int i);

#endif /* VMM_IRQSOFF_H */
