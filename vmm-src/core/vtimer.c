/*
 * vtimer.c - monitor time and the guests' virtual timers.  The PIT ticks
 * every CFG_TICK_US; each armed guest timer counts ticks down and, when it
 * expires, raises the guest's timer vector (vcpu_raise_virtual: directly
 * with the IPL split, else through a self-IPI the TPR can hold back), so a
 * lower-priority guest's tick waits, nothing lost, until that guest runs
 * and a higher-priority guest's tick preempts at once.
 *
 * The tick also drains a bounded slice of console output, and keeps the
 * monitor honest about itself: how late each tick was taken (the PIT's
 * count since it fired) and how many ticks were lost outright (the TSC
 * between two ticks), shown in the status report every IRQ_STATUS_MS with
 * the interrupt counters, dropped console bytes and suppressed health
 * events.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/svm.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/irq.h>
#include <vmm/irqsoff.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>
#include <meso/hypercall.h>

#define MAX_TIMER_US	60000000u
#define IRQ_STATUS_MS	2000u	/* how often the counters are shown */
#define DRAIN_BYTES	16u	/* console bytes per tick, at most (~60 instructions each) */

static uint64_t ticks;
static uint32_t status_ticks;
static uint64_t last_tsc;
static uint32_t tsc_per_tick;
static uint32_t lost_ticks, late_max_us;
static uint32_t report_ms, report_next;	/* status line due next, + 1 */

void vtimer_start(uint32_t tsc_khz)
{
	/* in two parts: tsc_khz * CFG_TICK_US overflows 32 bits */
	tsc_per_tick = tsc_khz / 1000u * CFG_TICK_US + tsc_khz % 1000u * CFG_TICK_US / 1000u;
	pit_init(CFG_TICK_US);
	last_tsc = cpu_rdtsc();
}

/* How late this tick is taken, and the ticks lost since the last one. */
static void account(void)
{
	uint64_t now = cpu_rdtsc(), gap = now - last_tsc;
	uint32_t late = pit_elapsed_us();

	last_tsc = now;
	if (late > late_max_us)
		late_max_us = late;
	if (!tsc_per_tick)
		return;
	if (gap >> 32)
		lost_ticks += 0xffffffffu / tsc_per_tick;
	else if ((uint32_t)gap > tsc_per_tick + tsc_per_tick / 2)
		lost_ticks += ((uint32_t)gap + tsc_per_tick / 2) / tsc_per_tick - 1;
}

/*
 * Line i of the status report, if there is one: the monitor's ticks, the
 * interrupt lines, dropped console bytes, suppressed health events and
 * (when traced) the longest interrupts-off stretches.  The report goes out
 * a line per tick: formatting is the longest thing the tick does.
 */
static int status_line(uint32_t i, uint32_t now_ms)
{
	if (i == 0) {
		con_printf("status: %u ms: monitor ticks: lost %u, latest taken %u us late\n",
			   now_ms, lost_ticks, late_max_us);
		late_max_us = 0;
		return 1;
	}
	i--;
	if (CFG_NR_SVM_GUESTS && i-- == 0)
		return svm_report_line(now_ms), 1;
	if (i < CFG_NR_IRQ_ROUTES)
		return irq_report_line(i, now_ms), 1;
	i -= CFG_NR_IRQ_ROUTES;
	if (i < CFG_NR_GUESTS + 1)
		return con_report_line(i), 1;
	i -= CFG_NR_GUESTS + 1;
	if (i < CFG_NR_GUESTS)
		return fault_report_line(i), 1;
	i -= CFG_NR_GUESTS;
	return irqsoff_report_line(i);
}

void vtimer_tick(void)
{
	unsigned int i;

	ticks++;
	account();
	if (++status_ticks == IRQ_STATUS_MS * 1000u / CFG_TICK_US) {
		status_ticks = 0;
		report_ms = (uint32_t)(ticks * CFG_TICK_US) / 1000u;
		report_next = 1;
	}
	/* A status line or 16 console characters: one bounded piece a tick
	 * (both in one tick measured 2,313 instructions, over the bound). */
	if (report_next) {
		irqsoff_begin(IRQSOFF_STATUS);
		report_next = status_line(report_next - 1, report_ms) ? report_next + 1 : 0;
	} else {
		con_drain(DRAIN_BYTES);
	}
	for (i = 0; i < CFG_NR_GUESTS; i++) {
		struct vcpu *v = &vcpu_table[i];

		if (!v->timer_left_ticks || --v->timer_left_ticks)
			continue;
		v->timer_left_ticks = v->timer_period_ticks;
		if (v->state == VCPU_RUNNABLE || v->state == VCPU_HALTED) {
			v->timer_tsc = cpu_rdtsc();	/* meso_irq_state.timer_tsc */
			vcpu_raise_virtual(i, v->cfg->timer_vector);
		}
	}
}

int vtimer_set(struct vcpu *v, uint32_t us, int periodic)
{
	uint32_t n;

	if (!v->cfg->timer_vector)	/* a Linux guest: it owns the LAPIC timer */
		return MESO_EPERM;
	if (us > MAX_TIMER_US)
		return MESO_EINVAL;
	n = (us + CFG_TICK_US - 1) / CFG_TICK_US;
	if (us && !n)
		n = 1;
	v->timer_left_ticks = n;
	v->timer_period_ticks = periodic ? n : 0;
	return 0;
}

/*
 * The PIT may have wrapped while its tick still waits in the IRR (we run
 * with interrupts off): count that tick too.  The clamp keeps the clock
 * monotonic whatever the latch race.
 */
uint64_t vtimer_now_us(void)
{
	static uint64_t last;
	uint32_t us = pit_elapsed_us();
	uint64_t now = ticks * CFG_TICK_US + us;

	if (us < CFG_TICK_US / 2 && apic_irr_pending(CFG_TICK_VECTOR))
		now += CFG_TICK_US;
	if (now < last)
		now = last;
	last = now;
	return now;
}
