/*
 * wait.c - putting tasks to wait and releasing them: the object wait
 * queues (FIFO or priority order), timeouts counted in ticks, and the
 * result code (wercd) a released task returns from its service call.
 * Every waiting task's timeout is checked on each tick; task counts are
 * small and fixed, so a scan beats a sorted timer queue here.
 */
#include "core.h"

static void wait_insert(struct queue *wq, struct tcb *t, BOOL tpri)
{
	struct queue *q = wq;

	if (tpri)
		for (q = wq->next; q != wq && queue_tcb(q)->pri <= t->pri; q = q->next)
			;
	queue_insert_prev(q, &t->node);
	t->wq = wq;
	t->wtpri = tpri;
}

/* Locked, t running.  tmout is TMO_FEVR or > 0; the +1 tick makes the
 * wait at least tmout ms long whatever the phase of the tick. */
void wait_make(struct tcb *t, enum wobj wobj, struct queue *wq, BOOL tpri, TMO tmout)
{
	sched_make_unready(t);
	t->stat = TTS_WAI;
	t->wobj = (UB)wobj;
	t->wq = NULL;
	if (wq)
		wait_insert(wq, t, tpri);
	t->tmo_on = tmout != TMO_FEVR;
	if (t->tmo_on)
		t->tmo_at = kernel_systim + (SYSTIM)tmout + 1;
}

/* Locked, task context, after wait_make: returns the release code. */
ER wait_block(void)
{
	struct tcb *t = kernel_runtsk;

	sched_dispatch();
	return t->wercd;
}

void wait_release(struct tcb *t, ER ercd)
{
	if (t->wq)
		queue_delete(&t->node);
	t->wq = NULL;
	t->tmo_on = FALSE;
	t->wobj = WAIT_NONE;
	t->wercd = ercd;
	sched_make_ready(t);
}

/* chg_pri of a task waiting in a priority-ordered queue. */
void wait_requeue(struct tcb *t)
{
	struct queue *wq = t->wq;

	if (wq && t->wtpri) {
		queue_delete(&t->node);
		wait_insert(wq, t, TRUE);
	}
}

void wait_tick(void)
{
	for (ID i = 0; i < kernel_tsk_max; i++) {
		struct tcb *t = &kernel_tcb[i];

		if (t->stat == TTS_WAI && t->tmo_on && t->tmo_at == kernel_systim)
			wait_release(t, t->wobj == WAIT_DLY ? E_OK : E_TMOUT);
	}
}
