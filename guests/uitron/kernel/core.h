/*
 * core.h - interfaces between the kernel's own files: queues, the
 * scheduler (sched.c), waiting (wait.c), object lookup and the context
 * checks every service call starts with.  Not for applications.
 */
#ifndef KERNEL_CORE_H
#define KERNEL_CORE_H

#include <kernel_cfg.h>
#include "objects.h"
#include "../port/port.h"

extern struct tcb *kernel_runtsk;	/* running task, NULL while idle */
extern UINT kernel_intnest;		/* > 0: non-task context */
extern SYSTIM kernel_systim;
extern INTNO kernel_timer_intno;

#define CHECK_TSKCTX() do { if (kernel_intnest) return E_CTX; } while (0)
#define CHECK_INTCTX() do { if (!kernel_intnest) return E_CTX; } while (0)
#define CHECK_TMOUT(t) do { if ((t) < TMO_FEVR) return E_PAR; } while (0)
#define CHECK_ID(id, max) do { if ((id) < 1 || (id) > (max)) return E_ID; } while (0)

static inline void queue_init(struct queue *q)
{
	q->next = q->prev = q;
}

static inline BOOL queue_empty(const struct queue *q)
{
	return q->next == q;
}

/* Insert e just before at (at the tail when at is the head). */
static inline void queue_insert_prev(struct queue *at, struct queue *e)
{
	e->prev = at->prev;
	e->next = at;
	at->prev->next = e;
	at->prev = e;
}

static inline void queue_delete(struct queue *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->next = e->prev = e;
}

static inline struct tcb *queue_tcb(struct queue *q)
{
	return (struct tcb *)q;	/* node is the first member */
}

/* sched.c */
void sched_init(void);
void sched_make_ready(struct tcb *t);
void sched_make_unready(struct tcb *t);
void sched_rotate(PRI pri);
struct tcb *sched_top(void);
void sched_dispatch(void);
void sched_resched(void);

/* wait.c */
void wait_make(struct tcb *t, enum wobj wobj, struct queue *wq, BOOL tpri, TMO tmout);
ER wait_block(void);
void wait_release(struct tcb *t, ER ercd);
void wait_requeue(struct tcb *t);
void wait_tick(void);

/* task.c, cyc.c, ...: per-kind start-up */
void task_init(void);
void sem_init(void);
void flg_init(void);
void dtq_init(void);
void cyc_init(void);
void cyc_tick(void);
void isr_init(void);

#endif /* KERNEL_CORE_H */
