/*
 * sched.c - the ready queue and the dispatcher.  One FIFO per priority
 * plus a bitmap of non-empty ones; the running task stays at the head of
 * its priority's queue (uITRON: a preempted task resumes first).  The
 * dispatcher idles in place, on the stack of whoever called it, with
 * kernel_runtsk NULL so that interrupt exits do not dispatch meanwhile.
 */
#include "core.h"

struct tcb *kernel_runtsk;
UINT kernel_intnest;

static struct queue rdq[TMAX_TPRI];
static UINT rdq_map;
static void *exited_sp;		/* where an exiting task's context goes */

void sched_init(void)
{
	for (int i = 0; i < TMAX_TPRI; i++)
		queue_init(&rdq[i]);
	rdq_map = 0;
}

void sched_make_ready(struct tcb *t)
{
	t->stat = TTS_RDY;
	queue_insert_prev(&rdq[t->pri - 1], &t->node);
	rdq_map |= 1u << (t->pri - 1);
}

void sched_make_unready(struct tcb *t)
{
	queue_delete(&t->node);
	if (queue_empty(&rdq[t->pri - 1]))
		rdq_map &= ~(1u << (t->pri - 1));
}

void sched_rotate(PRI pri)
{
	struct queue *q = &rdq[pri - 1], *first = q->next;

	if (first != q && first->next != q) {
		queue_delete(first);
		queue_insert_prev(q, first);
	}
}

struct tcb *sched_top(void)
{
	if (!rdq_map)
		return NULL;
	return queue_tcb(rdq[__builtin_ctz(rdq_map)].next);
}

/* Locked.  Run the highest ready task; a NULL kernel_runtsk (an exiting
 * task, start-up) has no context worth saving. */
void sched_dispatch(void)
{
	struct tcb *prev = kernel_runtsk, *next;

	while ((next = sched_top()) == NULL) {
		kernel_runtsk = NULL;
		port_idle();
	}
	kernel_runtsk = next;
	if (next != prev)
		port_switch(prev ? &prev->sp : &exited_sp, next->sp);
}

/* Locked.  After a state change: preempt now in task context; interrupt
 * exits call it again once kernel_intnest is back to 0. */
void sched_resched(void)
{
	if (!kernel_intnest && kernel_runtsk && sched_top() != kernel_runtsk)
		sched_dispatch();
}
