/*
 * objects.h - the kernel's control blocks and the queues that link them.
 * One struct per object kind; the tables themselves are defined by the
 * application's configuration (CFG_END in <kernel_cfg.h>) and reached
 * through the kernel_* externs here.  A task is in at most one queue at
 * a time (ready or one object's wait queue), so one link serves both.
 */
#ifndef KERNEL_OBJECTS_H
#define KERNEL_OBJECTS_H

#include <kernel.h>

struct tsk_init;
struct sem_init;
struct flg_init;
struct dtq_init;
struct cyc_init;
struct isr_init;

struct queue {
	struct queue *next, *prev;
};

/* What a waiting task waits for. */
enum wobj { WAIT_NONE, WAIT_SLP, WAIT_DLY, WAIT_SEM, WAIT_FLG, WAIT_SDTQ, WAIT_RDTQ };

struct tcb {
	struct queue node;		/* ready queue or wait queue: first */
	const struct tsk_init *init;
	void *sp;			/* saved stack pointer when not running */
	UB stat;			/* TTS_DMT, TTS_RDY (incl. running), TTS_WAI */
	UB wobj;			/* enum wobj */
	UB actcnt, wupcnt;
	PRI pri;
	struct queue *wq;		/* wait queue it is in, NULL if none */
	BOOL wtpri;			/* that queue is in priority order */
	BOOL tmo_on;			/* a timeout is armed */
	SYSTIM tmo_at;			/* tick at which it expires */
	ER wercd;			/* result of the wait */
	FLGPTN waiptn;			/* event flag wait: pattern and mode */
	MODE wfmode;
	FLGPTN flgptn;			/* event flag pattern at release */
	VP_INT data;			/* data queue: datum handed over */
};

struct semcb {
	struct queue wq;
	UINT cnt;
};

struct flgcb {
	struct queue wq;
	FLGPTN ptn;
};

struct dtqcb {
	struct queue swq, rwq;		/* senders, receivers */
	UINT head, count;
};

struct cyccb {
	BOOL active;
	SYSTIM next;			/* tick of the next call */
};

extern const ID kernel_tsk_max, kernel_sem_max, kernel_flg_max,
	kernel_dtq_max, kernel_cyc_max, kernel_isr_max;
extern const struct tsk_init kernel_tsk_init[];
extern const struct sem_init kernel_sem_init[];
extern const struct flg_init kernel_flg_init[];
extern const struct dtq_init kernel_dtq_init[];
extern const struct cyc_init kernel_cyc_init[];
extern const struct isr_init kernel_isr_init[];
extern struct tcb kernel_tcb[];
extern struct semcb kernel_semcb[];
extern struct flgcb kernel_flgcb[];
extern struct dtqcb kernel_dtqcb[];
extern struct cyccb kernel_cyccb[];

#endif /* KERNEL_OBJECTS_H */
