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
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/trap.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/hcall.h>
#include <vmm/irq.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

struct vcpu vcpu_table[CFG_NR_GUESTS];
static struct vcpu *current;
static uint8_t by_priority[CFG_NR_GUESTS];

void vcpu_init(struct vcpu *v, unsigned int id)
{
	memset(v, 0, sizeof(*v));
	v->id = id;
	v->cfg = &cfg_vcpus[id];
	v->part = &cfg_partitions[id];
	v->state = VCPU_EMPTY;
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
		return;
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
	int i = vcpu_pick(vcpu_table, by_priority, CFG_NR_GUESTS);

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

struct trapframe *vcpu_schedule(void)
{
	struct vcpu *next = choose();
	int held;

	for (;;) {
		if (!next) {
			apic_set_tpr(0);
			cpu_idle();
			next = pick();
			continue;
		}
		mmu_switch(next->pd);
		if (deliver(next, &held) == 0)
			break;
		next = pick();
	}
	if (next != current) {
		cpu_switch_guest(next->id);
		current = next;
	}
	held |= next->hold;
	if (next->irqst)
		next->irqst->pending = held;
	apic_set_tpr(vcpu_exit_tpr(next->cfg, next->irqst != 0,
				   vcpu_level_open(next), held));
	return &next->ctx;
}

void vcpu_start(void)
{
	vcpu_order(vcpu_table, CFG_NR_GUESTS, by_priority);
	trap_enter(vcpu_schedule());
}
