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
 *
 * With several cores the PIT goes to the tick core (CFG_TICK_CPU: the
 * first without a trusted guest, whose interrupts-off stretches, such as
 * a Linux's early boot, must hold back nobody else's tick), which relays
 * each tick to the others by IPI; every core then drives the timers of
 * its own guests and counts its own lost ticks, and core 0 keeps the
 * status report and the console.  The relay ends with smp_yield(): under
 * QEMU 7.2's -icount a core that never pauses or halts starves the
 * others, and a relayed tick is then taken at once (the last core, which
 * QEMU leaves at its deadlines anyway, does not: a pause there measured
 * 20 us more on the RTOS it runs, handing its core to a busy Linux).
 * The other cores' local APIC timers stay off: under -icount, their
 * deadlines had ticks taken up to 18 ms late.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/svm.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/irq.h>
#include <vmm/irqsoff.h>
#include <vmm/smp.h>
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

/* The ticks lost in a gap of the TSC between two taken ticks. */
static uint32_t ticks_lost(uint64_t gap)
{
	if (!tsc_per_tick)
		return 0;
	if (gap >> 32)
		return 0xffffffffu / tsc_per_tick;
	if ((uint32_t)gap > tsc_per_tick + tsc_per_tick / 2)
		return ((uint32_t)gap + tsc_per_tick / 2) / tsc_per_tick - 1;
	return 0;
}

#if CFG_NR_CPUS > 1
/* Every core's ticks taken (from the tick core's count) and lost. */
static struct core_tick {
	uint64_t ticks, last_tsc;
	uint32_t lost;
} core_ticks[CFG_NR_CPUS];

static uint32_t tsc_per_us;

void vtimer_start_core(void)
{
	struct core_tick *t = &core_ticks[smp_cpu()];

	t->ticks = ticks;
	t->last_tsc = cpu_rdtsc();
}

/* The tick core: each tick to every other core that runs. */
static void relay_tick(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CFG_NR_CPUS; cpu++)
		if (cpu != CFG_TICK_CPU && smp_core_up(cpu))
			apic_ipi(smp_apic_id(cpu), CFG_TICK_VECTOR);
	smp_yield();			/* QEMU -icount: their turn now */
}

/* This core's tick: its count and lost ticks. */
static void core_tick(struct core_tick *t)
{
	uint64_t now = cpu_rdtsc(), gap = now - t->last_tsc;

	t->ticks++;
	t->last_tsc = now;
	t->lost += ticks_lost(gap);
}

/* Monitor time on a core other than the tick core: the tick core's
 * ticks and the TSC since its last one (less than a tick), read again if
 * a tick came in between (tick_seq is odd while one is counted). */
static volatile uint32_t tick_seq;

static uint64_t shared_now_us(void)
{
	uint32_t seq, us;
	uint64_t t, at;

	do {
		while ((seq = tick_seq) & 1)
			__asm__ volatile("pause");
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		t = ticks;
		at = last_tsc;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (seq != tick_seq);
	us = (uint32_t)(cpu_rdtsc() - at) / tsc_per_us;
	return t * CFG_TICK_US + (us < CFG_TICK_US ? us : CFG_TICK_US - 1);
}

static void cores_report_line(uint32_t now_ms)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CFG_NR_CPUS; cpu++)
		if (smp_core_up(cpu))
			con_printf("status: %u ms: core %u: ticks %u, lost %u\n", now_ms, cpu,
				   (uint32_t)core_ticks[cpu].ticks, core_ticks[cpu].lost);
}
#endif

void vtimer_start(uint32_t tsc_khz)
{
	/* in two parts: tsc_khz * CFG_TICK_US overflows 32 bits */
	tsc_per_tick = tsc_khz / 1000u * CFG_TICK_US + tsc_khz % 1000u * CFG_TICK_US / 1000u;
#if CFG_NR_CPUS > 1
	tsc_per_us = tsc_khz / 1000u ? tsc_khz / 1000u : 1;
	vtimer_start_core();
#endif
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
	lost_ticks += ticks_lost(gap);
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
#if CFG_NR_CPUS > 1
	if (i-- == 0)
		return cores_report_line(now_ms), 1;
#endif
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

static void guest_timers(void);

void vtimer_tick(void)
{
#if CFG_NR_CPUS > 1
	unsigned int cpu = smp_cpu();

	if (cpu == CFG_TICK_CPU) {	/* counted, then relayed */
		tick_seq++;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ticks++;
		account();
		__atomic_thread_fence(__ATOMIC_RELEASE);
		tick_seq++;
		relay_tick();
	}
	core_tick(&core_ticks[cpu]);
	if (cpu) {
		guest_timers();
		return;
	}
#else
	ticks++;
	account();
#endif
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
	guest_timers();
}

/* The virtual timers of this core's guests. */
static void guest_timers(void)
{
	unsigned int i;

	for (i = 0; i < CFG_NR_GUESTS; i++) {
		struct vcpu *v = &vcpu_table[i];

		if (CFG_NR_CPUS > 1 && v->cfg->cpu != smp_cpu())
			continue;
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
	uint32_t us;

#if CFG_NR_CPUS > 1
	if (smp_cpu() != CFG_TICK_CPU)
		return shared_now_us();
#endif
	us = pit_elapsed_us();
	uint64_t now = ticks * CFG_TICK_US + us;

	if (us < CFG_TICK_US / 2 && apic_irr_pending(CFG_TICK_VECTOR))
		now += CFG_TICK_US;
	if (now < last)
		now = last;
	last = now;
	return now;
}
