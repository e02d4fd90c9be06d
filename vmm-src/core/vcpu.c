/*
 * vcpu.c - vCPUs and the fixed-priority scheduler.  The highest-priority
 * runnable vCPU runs; a halted one sleeps until one of its vectors is
 * raised; with none runnable the CPU idles with TPR 0.  A trap from a
 * guest builds its frame in place in its vCPU (trapentry.S), so a switch
 * copies no registers: the scheduler returns the chosen vCPU's frame and,
 * only when the vCPU changes, switches page directory and TSS.  Every
 * exit sets the APIC TPR (the IPL split: the running guest's open or
 * masked value, so higher bands still interrupt it and lower bands wait
 * in the IRR).
 *
 * A virtual interrupt is delivered when the vCPU is chosen, its level is
 * open and it registered a handler: a struct meso_irq_frame goes on its
 * stack, eip becomes the handler and the level is masked until
 * MESO_HC_IRET.
 *
 * Lazy masking: a guest that registered a struct meso_irq_state masks
 * with a store the monitor does not see.  It runs with its open TPR; when
 * one of the vectors its masked TPR would hold back arrives while it is
 * masked, the monitor holds it (pending, the guest keeps the CPU), sets
 * `pending` and raises the TPR to tpr_masked until the guest unmasks with
 * a hypercall.  Higher bands still preempt: the TPR never covers them.
 *
 * A hardware-isolated guest is run right here, exit by exit (svm.c),
 * until the scheduler picks another vCPU: its interrupts go into V_IRQ
 * and the physical ones it exits for are taken in a window after.
 *
 * A trusted guest (ring 0) is resumed on its own CR3 (PAE), GDT and TR;
 * its level is its TPR, and a delivery is what the CPU would do through
 * its own IDT gate (trusted_push).
 *
 * Every core runs this scheduler over its own guests only (cfg cpu):
 * the running vCPU and the priority order are per core, a vCPU is only
 * ever touched by its core, and a virtual interrupt for a guest of
 * another core goes there as an IPI of its vector (smp_kick), taken like
 * a device's.  No lock.
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/svm.h>
#include <asm/trap.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/guest.h>
#include <vmm/hcall.h>
#include <vmm/irq.h>
#include <vmm/irqsoff.h>
#include <vmm/smp.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

#define IDLE_DRAIN_BYTES	16u	/* console bytes per idle step */

struct vcpu vcpu_table[CFG_NR_GUESTS];
const uint32_t vcpu_table_end = (uint32_t)(vcpu_table + CFG_NR_GUESTS);	/* trapentry.S */
static struct vcpu *current_of[CFG_NR_CPUS];
static uint8_t by_priority[CFG_NR_CPUS][CFG_NR_GUESTS];	/* its guests */
static uint8_t nr_of[CFG_NR_CPUS];
#define current		(current_of[smp_cpu()])

#if CFG_NR_CPUS > 1
_Static_assert(sizeof(struct trapframe) == 76, "trapentry.S: TRAPFRAME_SIZE");
_Static_assert(offsetof(struct vcpu, stack_top) ==
	       offsetof(struct vcpu, ctx) + sizeof(struct trapframe),
	       "trapentry.S reads the core's stack right after the frame");
#endif

void vcpu_init(struct vcpu *v, unsigned int id)
{
	memset(v, 0, sizeof(*v));
	v->id = id;
	v->cfg = &cfg_vcpus[id];
	v->part = &cfg_partitions[id];
	v->state = VCPU_EMPTY;
#if CFG_NR_CPUS > 1
	v->stack_top = (uint32_t)cpu_stack + (v->cfg->cpu + 1) * CPU_STACK_SIZE;
#endif
	fault_health_init(v);
}

void vcpu_reset(struct vcpu *v)
{
	memset(&v->ctx, 0, sizeof(v->ctx));
	v->ctx.eip = v->entry;
	v->ctx.cs = SEL_GUEST_CODE(v->id);
	v->ctx.ss = v->ctx.ds = v->ctx.es = v->ctx.fs = v->ctx.gs = SEL_GUEST_DATA(v->id);
	v->ctx.esp = v->part->mem.size;
	v->ctx.eflags = EFLAGS_IF | EFLAGS_RSVD;
	v->vectors = 0;
	v->irq_open = 1;
	v->hold = 0;
	v->irqst = 0;
	memset(v->pending, 0, sizeof(v->pending));
	v->pending_words = 0;
	vtimer_set(v, v->cfg->timer_period_us, 1);
	v->idt = v->idt_limit = 0;
	v->sync_vec = -1;
	v->tpr = v->cfg->tpr_masked;
	v->started = v->desc_saved = 0;
	if (vcpu_svm(v))
		svm_reset(v);
	v->state = VCPU_RUNNABLE;
}

struct vcpu *vcpu_current(void)
{
	return current;
}

void vcpu_raise(unsigned int id, uint8_t vector)
{
	struct vcpu *v = &vcpu_table[id];

	if (v->state != VCPU_RUNNABLE && v->state != VCPU_HALTED)
		return;		/* (a loading guest is runnable: it keeps it) */
	if (v->pending[vector >> 5] & 1u << (vector & 31))
		irq_count_coalesced(vector);
	v->pending[vector >> 5] |= 1u << (vector & 31);
	v->pending_words |= 1u << (vector >> 5);
	v->state = VCPU_RUNNABLE;
}

/*
 * A virtual interrupt (a guest's timer, a channel notify).  With the IPL
 * split the APIC would take its vector at once, or hold it while a guest
 * of a higher band runs; the scheduler's priority order (which the
 * generator checks against the bands) does the same, so it is raised
 * directly, a trap cheaper.  Without the split a disabled level must hold
 * back every guest's vectors: only the TPR does that, so it goes through
 * the APIC.
 */
void vcpu_raise_virtual(unsigned int id, uint8_t vector)
{
	if (CFG_NR_CPUS > 1 && cfg_vcpus[id].cpu != smp_cpu()) {
		smp_kick(cfg_vcpus[id].cpu, vector);
		return;
	}
	if (!CFG_IPL_SPLIT) {
		apic_self_ipi(vector);
		return;
	}
	irq_count_raised(vector);
	vcpu_raise(id, vector);
}

int vcpu_has_pending(const struct vcpu *v)
{
	return v->pending_words != 0;
}

/*
 * A guest's vector taken from the APIC (while a guest ran, or while the
 * monitor idled with no vCPU runnable).  If the running guest's lazy mask
 * would have held it back, the guest keeps the CPU until it unmasks.
 */
void vcpu_take(unsigned int owner, uint8_t vector)
{
	struct vcpu *c = current;

	if (c && c->irqst && c->state == VCPU_RUNNABLE &&
	    vcpu_tpr_holds(c->cfg->tpr_masked, vector) && c->irqst->masked)
		c->hold = 1;
	vcpu_raise(owner, vector);
}

void vcpu_halt(struct vcpu *v)
{
	if (!vcpu_has_pending(v))
		v->state = VCPU_HALTED;
}

static struct vcpu *pick(void)
{
	unsigned int cpu = smp_cpu();
	int i = vcpu_pick(vcpu_table, by_priority[cpu], nr_of[cpu]);

	return i < 0 ? 0 : &vcpu_table[i];
}

/* On the trapping guest's page directory: a guest whose lazy mask holds
 * something back keeps the CPU (without the IPL split, as its TPR would
 * have held back every guest's vectors) until it unmasks. */
static struct vcpu *choose(void)
{
	struct vcpu *c = current;

	if (c && c->hold) {
		if (c->state == VCPU_RUNNABLE && !vcpu_level_open(c))
			return c;
		c->hold = 0;
	}
	return pick();
}

/* Highest pending vector that has a handler; its handler in *handler. */
static int next_vector(struct vcpu *v, uint32_t *handler)
{
	const uint32_t *table = (const uint32_t *)(v->part->mem.base + v->vectors);
	uint32_t words = v->pending_words;
	int w, b;

	while (words) {
		uint32_t bits;

		w = 31 - __builtin_clz(words);
		for (bits = v->pending[w]; bits; bits &= ~(1u << b)) {
			b = 31 - __builtin_clz(bits);
			*handler = table[w * 32 + b];
			if (*handler)
				return w * 32 + b;
		}
		words &= ~(1u << w);
	}
	return -1;
}

/*
 * Runs on v's page directory.  Returns 0, or -1 if v faulted; *held says
 * that v's level holds back a vector it has a handler for.
 */
static int deliver(struct vcpu *v, int *held)
{
	struct meso_irq_frame *f;
	uint32_t handler, esp = v->ctx.esp;
	int vec, open;

	*held = 0;
	if (!v->vectors || !v->pending_words)
		return 0;
	open = vcpu_level_open(v);
	if (!open && !v->irqst)
		return 0;
	vec = next_vector(v, &handler);
	if (vec < 0)
		return 0;
	if (!open) {
		*held = 1;
		return 0;
	}
	if (handler >= v->part->mem.size || esp > v->part->mem.size ||
	    esp < sizeof(*f) + 64) {
		fault_guest(v, "bad-irq-frame", 0, v->ctx.eip);
		return -1;
	}
	f = (struct meso_irq_frame *)(v->part->mem.base + esp - sizeof(*f));
	f->vector = vec;
	f->eax = v->ctx.eax;
	f->eip = v->ctx.eip;
	f->eflags = v->ctx.eflags;
	v->ctx.esp = esp - sizeof(*f);
	v->ctx.eip = handler;
	vcpu_set_level(v, 0);
	v->pending[vec >> 5] &= ~(1u << (vec & 31));
	if (!v->pending[vec >> 5])
		v->pending_words &= ~(1u << (vec >> 5));
	irq_count_delivered(vec);
	/* one more waiting: a lazy handler's return must ask for it */
	*held = v->irqst && v->pending_words && next_vector(v, &handler) >= 0;
	return 0;
}

/*
 * Trusted guests.  Their interrupts and exceptions are delivered as the
 * CPU would through their own IDT gate: eip/cs/eflags (and, from their
 * ring 3, esp/ss; and an error code) pushed on their ring-0 stack, IF
 * cleared for an interrupt gate.  Their level is their TPR: a hardware
 * vector waits while the TPR holds it or their IF is clear.
 */
#define EFLAGS_CLEAR	(0x100u | 0x4000u | 0x10000u | 0x20000u)	/* TF NT RF VM */

static int has_error_code(unsigned int vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 ||
	       vec == 29 || vec == 30;
}

void vcpu_trusted_sync(struct vcpu *v, unsigned int vec, uint32_t err)
{
	v->sync_vec = vec;
	v->sync_err = err;
	if (vec == 14)
		v->sync_cr2 = cpu_read_cr2();
}

static int trusted_next_vector(const struct vcpu *v)
{
	uint32_t words = v->pending_words;

	if (!v->idt || !(v->ctx.eflags & EFLAGS_IF))
		return -1;
	while (words) {
		int w = 31 - __builtin_clz(words);
		uint32_t bits = v->pending[w];

		while (bits) {
			int b = 31 - __builtin_clz(bits);
			int vec = w * 32 + b;

			if ((vec >> 4) > (v->tpr >> 4))
				return vec;
			bits &= ~(1u << b);
		}
		words &= ~(1u << w);
	}
	return -1;
}

/* On the guest's CR3.  Returns -1 if its gate cannot take the vector. */
static int trusted_push(struct vcpu *v, unsigned int vec, int with_err, uint32_t err)
{
	const uint32_t *gate;
	uint32_t hi, type, *sp;

	if (!v->idt || vec * 8 + 7 > v->idt_limit)
		return -1;
	gate = (const uint32_t *)(v->idt + vec * 8);
	hi = gate[1];
	type = (hi >> 8) & 0x1f;
	if (!(hi & 0x8000) || (type != 0xe && type != 0xf))
		return -1;
	sp = (uint32_t *)((v->ctx.cs & 3) ? v->kesp : v->ctx.esp);
	if (v->ctx.cs & 3) {
		*--sp = v->ctx.ss;
		*--sp = v->ctx.esp;
	}
	*--sp = v->ctx.eflags;
	*--sp = v->ctx.cs;
	*--sp = v->ctx.eip;
	if (with_err)
		*--sp = err;
	v->ctx.esp = (uint32_t)sp;
	v->ctx.ss = SEL_KDATA;
	v->ctx.cs = gate[0] >> 16;
	v->ctx.eip = (gate[0] & 0xffff) | (hi & 0xffff0000u);
	v->ctx.eflags &= ~EFLAGS_CLEAR;
	if (type == 0xe)
		v->ctx.eflags &= ~EFLAGS_IF;
	return 0;
}

struct trapframe *vcpu_schedule(void);

/*
 * Back to a trusted guest: its TPR, its CR3, GDT and TR, then at most one
 * delivery, and the frame rebuilt on its stack for trap_return's iret.
 */
static struct trapframe *trusted_resume(struct vcpu *v)
{
	struct trapframe *f;
	uint32_t n;
	int vec = v->sync_vec >= 0 ? -1 : trusted_next_vector(v);

	apic_set_tpr(v->tpr);
	if (!v->started) {
		v->started = 1;
		con_log(LOG_INFO, "boot: guest %s: entering its kernel at 0x%08x\n",
			v->cfg->name, v->entry);
		mmu_switch_boot();
		/* TR still names the last instance's TSS after a restart: make
		 * it the monitor's, or a trap would "restore" that one. */
		cpu_switch_guest(v->id);
		irqsoff_end();
		cpu_boot_trusted(v->entry, v->boot_params);
	}
	mmu_load_foreign(v->cr3);
	if (v->sync_vec >= 0) {
		vec = v->sync_vec;
		v->sync_vec = -1;
		if (vec == 14)
			__asm__ volatile("mov %0, %%cr2" : : "r"(v->sync_cr2));
		if (trusted_push(v, vec, has_error_code(vec), v->sync_err)) {
			fault_guest(v, vec < 32 ? "undeliverable-exception" : "undeliverable-int",
				    0, v->ctx.eip);
			mmu_switch_boot();	/* still the monitor's GDT and CR4 */
			return vcpu_schedule();
		}
	} else if (vec >= 0 && trusted_push(v, vec, 0, 0) == 0) {
		v->pending[vec >> 5] &= ~(1u << (vec & 31));
		if (!v->pending[vec >> 5])
			v->pending_words &= ~(1u << (vec >> 5));
		irq_count_delivered(vec);
	}
	if (v->desc_saved) {
		cpu_restore_guest_desc(&v->desc);
		v->desc_saved = 0;
	}
	cpu_null_stale_selectors(&v->ctx);
	if (v->ctx.cs & 3) {
		n = sizeof(*f);
		f = (struct trapframe *)(v->kesp - n);
	} else {
		n = offsetof(struct trapframe, esp);
		f = (struct trapframe *)(v->ctx.esp - n);
	}
	memcpy(f, &v->ctx, n);
	return f;
}

struct trapframe *vcpu_schedule(void)
{
	struct vcpu *next = choose();
	struct trapframe *f;
	int held = 0, more;
	uint32_t exit;

	for (;;) {
		if (!next) {
			mmu_switch_boot();
			apic_set_tpr(0);
			more = smp_cpu() == 0 && con_drain(IDLE_DRAIN_BYTES);	/* core 0 writes the UARTs */
			irqsoff_end();
			if (more)
				cpu_irq_window();	/* more to write: no sleep */
			else
				cpu_idle();
			irqsoff_begin(IRQSOFF_IDLE);
			next = pick();
			continue;
		}
		if (next->loading) {
			/* a window first: whatever trap led here ends its
			 * stretch; on the boot page directory, where an
			 * interrupt taken in it can read any guest's lazy
			 * level (vcpu_take) */
			mmu_switch_boot();
			apic_set_tpr(0);
			irqsoff_end();
			cpu_irq_window();
			irqsoff_begin(IRQSOFF_LOAD);
			if (pick() == next && guest_load_step(next))
				next->loading = 0;
			next = pick();
			continue;
		}
		if (vcpu_svm(next)) {
			/* on the boot space, which the exits read through */
			mmu_switch_boot();
			apic_set_tpr(next->cfg->tpr_open);
			current = next;
			irqsoff_end();
			exit = svm_run(next);
			irqsoff_begin(IRQSOFF_SVM);
			if (svm_exit(next, exit)) {
				irqsoff_end();
				cpu_irq_window();	/* the interrupt it exited for */
				irqsoff_begin(IRQSOFF_SVM);
			}
			next = pick();
			continue;
		}
		if (vcpu_trusted(next))
			break;
		mmu_switch(next->space);
		if (deliver(next, &held) == 0)
			break;
		next = pick();
	}
	if (next != current) {
		if (!vcpu_trusted(next))
			cpu_switch_guest(next->id);
		current = next;
	}
	if (vcpu_trusted(next)) {
		f = trusted_resume(next);
		irqsoff_end();
		return f;
	}
	held |= next->hold;
	if (next->irqst) {
		next->irqst->pending = held;
		next->irqst->timer_tsc = next->timer_tsc;
	}
	apic_set_tpr(vcpu_exit_tpr(next->cfg, next->irqst != 0,
				   vcpu_level_open(next), held));
	irqsoff_end();
	return &next->ctx;
}

void vcpu_plan(void)
{
	uint8_t all[CFG_NR_GUESTS];
	unsigned int i, cpu;

	vcpu_order(vcpu_table, CFG_NR_GUESTS, all);
	for (i = 0; i < CFG_NR_GUESTS; i++) {
		cpu = cfg_vcpus[all[i]].cpu;
		by_priority[cpu][nr_of[cpu]++] = all[i];
	}
}

void vcpu_start(void)
{
	trap_enter(vcpu_schedule());
}
