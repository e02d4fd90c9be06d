/*
 * fault.c - what happens when a guest breaks a rule: one health line on
 * the monitor console, then the guest's configured policy: halt it (its
 * vCPU never runs again), restart it from the pristine image, or stop the
 * whole system.  A guest that stops itself (MESO_HC_EXIT: Linux halting
 * for good after a halt, reboot or panic) gets the same policy.  Other guests are never touched.
 */
#include <stdint.h>
#include <asm/cpu.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/guest.h>
#include <vmm/vcpu.h>

static const char *const policy_names[] = {
	[CFG_FAULT_HALT] = "halt",
	[CFG_FAULT_RESTART] = "restart",
	[CFG_FAULT_STOP] = "stop system",
};

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
		if (guest_load(v) == 0) {
			vcpu_reset(v);
			return;
		}
		con_printf("health: guest %s reload failed -> halt\n", v->cfg->name);
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
		con_printf("health: guest %s fault %s at eip=0x%08x cr2=0x%08x -> %s\n",
			   v->cfg->name, what, eip, cpu_read_cr2(), policy_names[policy]);
	else if (insn)
		con_printf("health: guest %s fault %s (%s) at eip=0x%08x -> %s\n",
			   v->cfg->name, what, insn, eip, policy_names[policy]);
	else
		con_printf("health: guest %s fault %s at eip=0x%08x -> %s\n",
			   v->cfg->name, what, eip, policy_names[policy]);
	apply_policy(v, policy);
}

void fault_guest_exit(struct vcpu *v, uint32_t reason, uint32_t eip)
{
	uint8_t policy = policy_of(v);

	con_printf("health: guest %s stopped itself (%s) at eip=0x%08x -> %s\n",
		   v->cfg->name, reason == MESO_EXIT_PANIC ? "panic" :
		   reason == MESO_EXIT_HALT ? "halt" : "unknown reason",
		   eip, policy_names[policy]);
	apply_policy(v, policy);
}
