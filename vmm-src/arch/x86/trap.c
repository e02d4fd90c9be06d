/*
 * trap.c - the monitor's one C entry point.  Sorts every trap by vector:
 * CPU exceptions (a guest's go to its fault policy, the monitor's own
 * panic; a #GP on cli/sti/hlt is emulated), the hypercall gate, the monitor tick, and guest-owned vectors,
 * which become pending virtual interrupts of their owner.  Then the
 * scheduler decides which vCPU's frame the CPU returns to.  While the monitor
 * idles (ring 0) it only records interrupts and returns.  A trusted
 * (ring-0) guest's trap comes through trap_from_trusted(): its frame on
 * its own stack is copied into its vCPU, its exceptions and own vectors go
 * back to its own IDT (vcpu.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/trap.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/hcall.h>
#include <vmm/insn.h>
#include <vmm/irq.h>
#include <vmm/irqsoff.h>
#include <vmm/smp.h>
#include <vmm/string.h>
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

#define SYSCALL_VECTOR	0x80	/* a trusted Linux's int $0x80 */

/* A frame built in place in a vCPU (a guest's), or on the monitor stack. */
static int from_guest(const struct trapframe *tf)
{
	return (uint32_t)tf - (uint32_t)vcpu_table < sizeof(vcpu_table);
}

/* Vectors the generated table leaves unowned inside a trusted guest's
 * band are its own system vectors (e.g. its local APIC timer). */
static uint8_t band_owner(uint32_t vec)
{
	unsigned int i;

	if (vec == SYSCALL_VECTOR)
		return CFG_OWNER_NONE;
	for (i = 0; i < CFG_NR_GUESTS; i++)
		if (cfg_vcpus[i].mode == CFG_MODE_TRUSTED &&
		    (vec >> 4) >= cfg_vcpus[i].ipl_low && (vec >> 4) <= cfg_vcpus[i].ipl_high)
			return i;
	return CFG_OWNER_NONE;
}

/* Out of line, so that trap_handle's hot paths stay small. */
static __attribute__((noinline)) void handle_exception(struct trapframe *tf)
{
	struct vcpu *v = vcpu_current();
	const char *name = 0;

	if (!from_guest(tf) || !v) {
		uint32_t cr2 = cpu_read_cr2();

		panic("monitor exception %s err=0x%x at eip=0x%08x cr2=0x%08x "
		      "(guest %s: eip=0x%08x cs=0x%x esp=0x%08x kesp=0x%08x)",
		      exc_names[tf->vector], tf->err, tf->eip, cr2,
		      v ? v->cfg->name : "-", v ? v->ctx.eip : 0, v ? v->ctx.cs : 0,
		      v ? v->ctx.esp : 0, v ? v->kesp : 0);
	}
	if (vcpu_trusted(v)) {
		if (v->idt && tf->vector != 8) {
			vcpu_trusted_sync(v, tf->vector, tf->err);
			return;
		}
	} else if (tf->vector == 13 && emulate(v, &name) == 0) {
		return;
	}
	fault_guest(v, exc_names[tf->vector], name, tf->eip);
}

/* From a guest, tf is vcpu_current()->ctx itself (trapentry.S). */
struct trapframe *trap_handle(struct trapframe *tf)
{
	uint32_t vec = tf->vector;

	irqsoff_begin(irqsoff_path_of(vec, tf->eax));
	if (vec < 32) {
		handle_exception(tf);
	} else if (vec == MESO_HCALL_VECTOR && from_guest(tf)) {
		if (!hcall_dispatch(vcpu_current()) && !vcpu_trusted(vcpu_current())) {
			irqsoff_end();
			smp_yield();
			return tf;	/* nothing changed: straight back */
		}
	} else if (vec == SYSCALL_VECTOR && from_guest(tf) && vcpu_current()->idt) {
		vcpu_trusted_sync(vcpu_current(), vec, 0);	/* only trusted: DPL 3 */
	} else if (vec == CFG_SPURIOUS_VECTOR) {
		/* no EOI for spurious interrupts */
	} else {
		uint8_t owner = cfg_vector_owner[vec];

		if (owner == CFG_OWNER_NONE)
			owner = band_owner(vec);
		apic_eoi();
		irq_count_raised(vec);
		if (vec == CFG_TICK_VECTOR)
			vtimer_tick();
		else if (vec == CFG_LAPIC_ERROR_VECTOR)
			con_log(LOG_WARN, "apic: error interrupt\n");
		else if (CFG_NR_CPUS > 1 && owner < CFG_NR_GUESTS &&
			 cfg_vcpus[owner].cpu != smp_cpu())
			smp_kick(cfg_vcpus[owner].cpu, vec);	/* never routed here: pass it on */
		else if (owner < CFG_NR_GUESTS)
			vcpu_take(owner, vec);
		else if (owner != CFG_OWNER_MONITOR)
			con_log(LOG_WARN, "irq: vector 0x%x has no owner\n", vec);
	}

	smp_yield();
	if (from_guest(tf))
		return vcpu_schedule();
	irqsoff_end();		/* back into the monitor's window */
	return tf;
}

/*
 * From trapentry.S on the monitor stack, still on the trusted guest's
 * CR3: f is the frame on its stack.  Keep its registers in its vCPU (esp
 * and ss too: those of the interrupted ring 0, or its ring 3's pushed by
 * the CPU on its TSS stack), its CR3, GDT/TR and TPR, then go on as for
 * any guest on the monitor's own page directory.
 */
struct trapframe *trap_from_trusted(struct trapframe *f);
struct trapframe *trap_from_trusted(struct trapframe *f)
{
	struct vcpu *v = vcpu_current();
	uint32_t ss;

	irqsoff_begin(irqsoff_path_of(f->vector, f->eax));
	if (!v || !vcpu_trusted(v))
		panic("ring-0 trap outside the monitor: vector 0x%x at eip=0x%08x",
		      f->vector, f->eip);
	if (!(f->cs & 3) && f->eip >= CFG_MONITOR_VIRT_BASE)	/* never Linux's */
		panic("trap %u err=0x%x at eip=0x%08x returning to guest %s",
		      f->vector, f->err, f->eip, v->cfg->name);
	if (f->cs & 3) {
		memcpy(&v->ctx, f, sizeof(*f));
		v->kesp = (uint32_t)(f + 1);
	} else {
		memcpy(&v->ctx, f, offsetof(struct trapframe, esp));
		__asm__ volatile("mov %%ss, %0" : "=r"(ss));
		v->ctx.esp = (uint32_t)&f->esp;
		v->ctx.ss = ss;
	}
	v->cr3 = cpu_read_cr3();	/* PAE, as the monitor's (its kernel is built so) */
	cpu_save_guest_desc(&v->desc);
	v->desc_saved = 1;
	mmu_forget();
	mmu_switch_boot();
	v->tpr = apic_get_tpr();
	return trap_handle(&v->ctx);
}
