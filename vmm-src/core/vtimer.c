/*
 * vtimer.c - monitor time and the guests' virtual timers.  The PIT ticks
 * every CFG_TICK_US; each armed guest timer counts ticks down and, when it
 * expires, raises the guest's timer vector (vcpu_raise_virtual: directly
 * with the IPL split, else through a self-IPI the TPR can hold back), so a
 * lower-priority guest's tick waits, nothing lost, until that guest runs
 * and a higher-priority guest's tick preempts at once.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <vmm/irq.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>
#include <meso/hypercall.h>

#define MAX_TIMER_US	60000000u
#define IRQ_STATUS_MS	2000u	/* how often the counters are shown */

static uint64_t ticks;
static uint32_t status_ticks;

void vtimer_tick(void)
{
	unsigned int i;

	ticks++;
	if (++status_ticks == IRQ_STATUS_MS * 1000u / CFG_TICK_US) {
		status_ticks = 0;
		irq_report((uint32_t)(ticks * CFG_TICK_US) / 1000u);
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
