/*
 * vmm/vcpu.h - one virtual CPU per guest: its saved registers, state,
 * virtual interrupt level and pending vectors, and the fixed-priority
 * scheduler that picks which one the physical CPU runs.
 */
#ifndef VMM_VCPU_H
#define VMM_VCPU_H

#include <stdint.h>
#include <asm/cpu.h>
#include <asm/trap.h>
#include <meso/hypercall.h>
#include <vmm/config_tables.h>

struct mmu_space;
struct svm_guest;

enum vcpu_state {
	VCPU_EMPTY,		/* no image: never runs */
	VCPU_RUNNABLE,
	VCPU_HALTED,		/* sleeps until one of its interrupts */
	VCPU_DEAD,		/* stopped by its fault policy */
};

struct vcpu {
	unsigned int id;
	const struct cfg_vcpu *cfg;
	const struct cfg_partition *part;
	enum vcpu_state state;
	struct trapframe ctx;		/* registers; traps push them here */
#if CFG_NR_CPUS > 1
	uint32_t stack_top;		/* its core's monitor stack (trapentry.S) */
#endif
	struct mmu_space *space;	/* its address space (SVM: nested) */
	struct svm_guest *svm;		/* its VMCB (hardware-isolated), or 0 */
	uint32_t entry;			/* image entry point (offset) */
	uint32_t vectors;		/* handler table offset, 0 = none */
	uint8_t irq_open;		/* virtual interrupt level */
	uint8_t hold;			/* its mask holds back a taken vector */
	volatile struct meso_irq_state *irqst;	/* lazy level, or 0 */
	uint32_t pending[8];		/* 256 vectors taken, not yet delivered */
	uint32_t pending_words;		/* bit w: pending[w] != 0 */
	uint32_t restarts;
	/* runnable, but its image still goes in by steps at its priority */
	uint8_t loading;
	uint32_t load_step, load_seg, load_off;	/* where its load is (guest.c) */
	/* health log rate limit (fault.c) */
	uint32_t health_tokens, health_suppressed, health_events;
	/* virtual timer */
	uint32_t timer_period_ticks;	/* 0 = one-shot */
	uint32_t timer_left_ticks;	/* 0 = stopped */
	uint64_t timer_tsc;		/* when its timer was last raised */
	/* trusted (ring-0) guest: runs on its own CR3, GDT, TR and IDT
	 * gates (the monitor's IDT forwards to them) */
	uint32_t cr3;			/* its page tables while it runs */
	uint32_t kesp;			/* its ring-0 stack top under a ring-3 frame */
	uint32_t idt, idt_limit;	/* its IDT (linear), 0 = none yet */
	uint32_t boot_params;		/* physical */
	uint32_t sync_err, sync_cr2;
	int16_t sync_vec;		/* exception or int n to deliver, -1 none */
	uint8_t tpr;			/* its TPR = its interrupt level */
	uint8_t started;		/* entered its kernel once */
	uint8_t desc_saved;		/* its GDT/TR kept in desc meanwhile */
	struct cpu_guest_desc desc;
};

static inline int vcpu_trusted(const struct vcpu *v)
{
	return v->cfg->mode == CFG_MODE_TRUSTED;
}

static inline int vcpu_svm(const struct vcpu *v)
{
	return v->cfg->mode == CFG_MODE_SVM;
}

/* An exception (or int n) of a trusted guest, for its own IDT. */
void vcpu_trusted_sync(struct vcpu *v, unsigned int vec, uint32_t err);
extern const uint32_t vcpu_table_end;

extern struct vcpu vcpu_table[CFG_NR_GUESTS];

void vcpu_init(struct vcpu *v, unsigned int id);
void vcpu_reset(struct vcpu *v);
struct vcpu *vcpu_current(void);
void vcpu_raise(unsigned int id, uint8_t vector);
void vcpu_raise_virtual(unsigned int id, uint8_t vector);	/* timer, notify */
int vcpu_has_pending(const struct vcpu *v);
/* An interrupt taken for a guest: raise it, noting whether the running
 * guest's lazy mask holds it back. */
void vcpu_take(unsigned int owner, uint8_t vector);
void vcpu_halt(struct vcpu *v);	/* sleep unless an interrupt is pending */
/* sched.c, pure: order[] = indices of tab[0..n) by falling priority, ties
 * by id; then the first runnable in that order, or -1. */
void vcpu_order(const struct vcpu *tab, unsigned int n, uint8_t *order);
int vcpu_pick(const struct vcpu *tab, const uint8_t *order, unsigned int n);
/* sched.c, pure: would a TPR of tpr hold back vector? */
int vcpu_tpr_holds(uint8_t tpr, uint8_t vector);
/* sched.c, pure: the boot data a guest reads with MESO_HC_INFO. */
void vcpu_fill_info(const struct vcpu *v, struct meso_info *info);
/* The frame to return to: the chosen vCPU's, its interrupt delivered. */
struct trapframe *vcpu_schedule(void);
/* Boot CPU, every guest built: each core's guests by priority. */
void vcpu_plan(void);
void vcpu_start(void) __attribute__((noreturn));	/* this core's scheduler */

/* The level (1 = open): irq_open, or the registered lazy mask, which is
 * only readable on v's page directory.  Inline: on every hot path. */
static inline int vcpu_level_open(const struct vcpu *v)
{
	return v->irqst ? !v->irqst->masked : v->irq_open;
}

static inline void vcpu_set_level(struct vcpu *v, int open)
{
	if (v->irqst)
		v->irqst->masked = !open;
	v->irq_open = open;
}

/* Pure: the TPR to leave a guest with.  Without lazy masking it follows
 * the level; with it, it is raised only while something is held back,
 * so masking and unmasking need no trap. */
static inline uint8_t vcpu_exit_tpr(const struct cfg_vcpu *cfg, int lazy, int open, int held)
{
	if (lazy)
		return held && !open ? cfg->tpr_masked : cfg->tpr_open;
	return open ? cfg->tpr_open : cfg->tpr_masked;
}

#endif /* VMM_VCPU_H */
