/*
 * vmm/vcpu.h - one virtual CPU per guest: its saved registers, state,
 * virtual interrupt level and pending vectors, and the fixed-priority
 * scheduler that picks which one the physical CPU runs.
 */
#ifndef VMM_VCPU_H
#define VMM_VCPU_H

#include <stdint.h>
#include <asm/trap.h>
#include <vmm/config_tables.h>

struct meso_info;

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
	uint32_t *pd;			/* its page directory */
	uint32_t entry;			/* image entry point (offset) */
	uint32_t vectors;		/* handler table offset, 0 = none */
	uint8_t irq_open;		/* virtual interrupt level */
	uint32_t pending[8];		/* 256 vectors taken, not yet delivered */
	uint32_t pending_words;		/* bit w: pending[w] != 0 */
	uint32_t restarts;
	/* virtual timer */
	uint32_t timer_period_ticks;	/* 0 = one-shot */
	uint32_t timer_left_ticks;	/* 0 = stopped */
};

extern struct vcpu vcpu_table[CFG_NR_GUESTS];

void vcpu_init(struct vcpu *v, unsigned int id);
void vcpu_reset(struct vcpu *v);
struct vcpu *vcpu_current(void);
void vcpu_raise(unsigned int id, uint8_t vector);
void vcpu_raise_virtual(unsigned int id, uint8_t vector);	/* timer, notify */
int vcpu_has_pending(const struct vcpu *v);
void vcpu_halt(struct vcpu *v);	/* sleep unless an interrupt is pending */
/* sched.c, pure: order[] = indices of tab[0..n) by falling priority, ties
 * by id; then the first runnable in that order, or -1. */
void vcpu_order(const struct vcpu *tab, unsigned int n, uint8_t *order);
int vcpu_pick(const struct vcpu *tab, const uint8_t *order, unsigned int n);
/* sched.c, pure: the boot data a guest reads with MESO_HC_INFO. */
void vcpu_fill_info(const struct vcpu *v, struct meso_info *info);
/* The frame to return to: the chosen vCPU's, its interrupt delivered. */
struct trapframe *vcpu_schedule(void);
void vcpu_start(void) __attribute__((noreturn));

#endif /* VMM_VCPU_H */
