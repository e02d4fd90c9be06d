/*
 * fault.c - what happens when a guest breaks a rule: one health line on
 * the monitor console, then the guest's configured policy: halt it (its
 * vCPU never runs again), restart it from the pristine image, or stop the
 * whole system.  A guest that stops itself (MESO_HC_EXIT: Linux halting
 * for good after a halt, reboot or panic) gets the same policy.  Other
 * guests are never touched.
 *
 * The health log is rate-limited per guest, so that no guest can keep the
 * monitor console busy at will: HEALTH_BURST lines, then HEALTH_REFILL
 * more per status period; an event beyond that is counted, and the status
 * report says how many were suppressed.  A restart does not refill.
 */
#include <stdarg.h>
#include <stdint.h>
#include <asm/cpu.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/guest.h>
#include <vmm/vcpu.h>

#define HEALTH_BURST	32	/* lines a guest may leave at once */
#define HEALTH_REFILL	8	/* ... and more per status period (2 s) */

static const char *const policy_names[] = {
	[CFG_FAULT_HALT] = "halt",
	[CFG_FAULT_RESTART] = "restart",
	[CFG_FAULT_STOP] = "stop system",
};

void fault_health_init(struct vcpu *v)
{
	v->health_tokens = HEALTH_BURST;
}

void fault_health(struct vcpu *v, const char *fmt, ...)
{
	va_list ap;

	v->health_events++;
	if (!v->health_tokens) {
		v->health_suppressed++;
		return;
	}
	v->health_tokens--;
	va_start(ap, fmt);
	con_vprintf(fmt, ap);
	va_end(ap);
}

void fault_report_line(unsigned int i)
{
	struct vcpu *v = &vcpu_table[i];

	if (v->health_suppressed) {
		con_printf("health: guest %s: %u more events suppressed (%u in all)\n",
			   v->cfg->name, v->health_suppressed, v->health_events);
		v->health_suppressed = 0;
	}
	v->health_tokens += HEALTH_REFILL;
	if (v->health_tokens > HEALTH_BURST)
		v->health_tokens = HEALTH_BURST;
}

static uint8_t policy_of(const struct vcpu *v)
{
	return v->cfg->fault > CFG_FAULT_STOP ? CFG_FAULT_HALT : v->cfg->fault;
}

static void apply_policy(struct vcpu *v, uint8_t policy)
{
	switch (policy) {
	case CFG_FAULT_STOP:
		con_printf("health: system stopped by guest %s\n", v->cfg->name);
		cpu_stop();
	case CFG_FAULT_RESTART:
		v->restarts++;
		if (guest_load(v) == 0)
			return;		/* reset once its image is back */
		fault_health(v, "health: guest %s reload failed -> halt\n", v->cfg->name);
		/* fall through */
	default:
		v->state = VCPU_DEAD;
		v->timer_left_ticks = 0;
		break;
	}
}

void fault_guest(struct vcpu *v, const char *what, const char *insn, uint32_t eip)
{
	uint8_t policy = policy_of(v);

	if (what[0] == '#' && what[1] == 'P' && what[2] == 'F')
		fault_health(v, "health: guest %s fault %s at eip=0x%08x cr2=0x%08x -> %s\n",
			   v->cfg->name, what, eip, cpu_read_cr2(), policy_names[policy]);
	else if (insn)
		fault_health(v, "health: guest %s fault %s (%s) at eip=0x%08x -> %s\n",
			   v->cfg->name, what, insn, eip, policy_names[policy]);
	else
		fault_health(v, "health: guest %s fault %s at eip=0x%08x -> %s\n",
			   v->cfg->name, what, eip, policy_names[policy]);
	apply_policy(v, policy);
}

void fault_guest_at(struct vcpu *v, const char *what, const char *name, uint32_t value,
		    uint32_t eip)
{
	uint8_t policy = policy_of(v);

	fault_health(v, "health: guest %s fault %s at eip=0x%08x %s=0x%x -> %s\n",
		     v->cfg->name, what, eip, name, value, policy_names[policy]);
	apply_policy(v, policy);
}

void fault_guest_exit(struct vcpu *v, uint32_t reason, uint32_t eip)
{
	uint8_t policy = policy_of(v);

	fault_health(v, "health: guest %s stopped itself (%s) at eip=0x%08x -> %s\n",
		   v->cfg->name, reason == MESO_EXIT_PANIC ? "panic" :
		   reason == MESO_EXIT_HALT ? "halt" : "unknown reason",
		   eip, policy_names[policy]);
	apply_policy(v, policy);
}
