/*
 * trap.c - the monitor's one C entry point.  Sorts every trap by vector:
 * CPU exceptions (a guest's go to its fault policy, the monitor's own
 * panic; a #GP on cli/sti/hlt is emulated), the hypercall gate, the monitor tick, and guest-owned vectors,
 * which become pending virtual interrupts of their owner.  Then the
 * scheduler decides which vCPU's frame the CPU returns to.  While the monitor
 * idles (ring 0) it only records interrupts and returns.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/trap.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/hcall.h>
#include <vmm/insn.h>
#include <vmm/irq.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

static const char *const exc_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#28", "#29", "#30", "#31",
};

/*
 * #GP from an isolated guest: emulate cli/sti/hlt on its virtual
 * interrupt level (IPL-aware: the TPR follows at the next exit), return
 * 0; else -1 with the instruction's name, if known, in *name.
 */
static int emulate(struct vcpu *v, const char **name)
{
	uint32_t eip = v->ctx.eip, size = v->part->mem.size;
	struct insn in;

	if (eip >= size ||
	    insn_decode((const uint8_t *)(v->part->mem.base + eip), size - eip, &in))
		return -1;
	*name = in.op == INSN_UNKNOWN ? 0 : in.name;
	switch (in.op) {
	case INSN_CLI:
	case INSN_STI:
		vcpu_set_level(v, in.op == INSN_STI);
		break;
	case INSN_HLT:
		vcpu_halt(v);
		break;
	default:
		return -1;
	}
	v->ctx.eip = eip + in.len;
	return 0;
}

/* Out of line, so that trap_handle's hot paths stay small. */
static __attribute__((noinline)) void handle_exception(struct trapframe *tf)
{
	struct vcpu *v = vcpu_current();
	const char *name = 0;

	if (!TRAP_FROM_GUEST(tf) || !v) {
		uint32_t cr2 = cpu_read_cr2();

		panic("monitor exception %s err=0x%x at eip=0x%08x cr2=0x%08x",
		      exc_names[tf->vector], tf->err, tf->eip, cr2);
	}
	if (tf->vector == 13 && emulate(v, &name) == 0)
		return;
	fault_guest(v, exc_names[tf->vector], name, tf->eip);
}

/* From a guest, tf is vcpu_current()->ctx itself (trapentry.S). */
struct trapframe *trap_handle(struct trapframe *tf)
{
	uint32_t vec = tf->vector;

	if (vec < 32) {
		handle_exception(tf);
	} else if (vec == MESO_HCALL_VECTOR && TRAP_FROM_GUEST(tf)) {
		if (!hcall_dispatch(vcpu_current()))
			return tf;	/* nothing changed: straight back */
	} else if (vec == CFG_SPURIOUS_VECTOR) {
		/* no EOI for spurious interrupts */
	} else {
		uint8_t owner = cfg_vector_owner[vec];

		apic_eoi();
		irq_count_raised(vec);
		if (vec == CFG_TICK_VECTOR)
			vtimer_tick();
		else if (vec == CFG_LAPIC_ERROR_VECTOR)
			con_log(LOG_WARN, "apic: error interrupt\n");
		else if (owner < CFG_NR_GUESTS)
			vcpu_take(owner, vec);
		else if (owner != CFG_OWNER_MONITOR)
			con_log(LOG_WARN, "irq: vector 0x%x has no owner\n", vec);
	}

	return TRAP_FROM_GUEST(tf) ? vcpu_schedule() : tf;
}
