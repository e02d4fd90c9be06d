/*
 * sem.c - counting semaphores: a count up to maxsem and a queue of
 * waiting tasks (FIFO or priority order by TA_TPRI).  A signal goes to
 * the first waiter directly, so the count only rises with no waiters.
 */
#include "core.h"

static ER sem_get(ID semid, struct semcb **sp)
{
	CHECK_ID(semid, kernel_sem_max);
	if (!kernel_sem_init[semid - 1].maxsem)
		return E_NOEXS;
	*sp = &kernel_semcb[semid - 1];
	return E_OK;
}

void sem_init(void)
{
	for (ID i = 0; i < kernel_sem_max; i++) {
		queue_init(&kernel_semcb[i].wq);
		kernel_semcb[i].cnt = kernel_sem_init[i].isemcnt;
	}
}

static ER sem_sig(ID semid)
{
	struct semcb *s;
	ER ercd = sem_get(semid, &s);

	if (ercd != E_OK)
		return ercd;
	if (!queue_empty(&s->wq)) {
		wait_release(queue_tcb(s->wq.next), E_OK);
		sched_resched();
	} else if (s->cnt < kernel_sem_init[semid - 1].maxsem) {
		s->cnt++;
	} else {
		ercd = E_QOVR;
	}
	return ercd;
}

ER sig_sem(ID semid)
{
	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = sem_sig(semid);
	port_unlock(lk);
	return ercd;
}

ER isig_sem(ID semid)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = sem_sig(semid);
	port_unlock(lk);
	return ercd;
}

ER twai_sem(ID semid, TMO tmout)
{
	struct semcb *s;

	CHECK_TSKCTX();
	CHECK_TMOUT(tmout);
	UINT lk = port_lock();
	ER ercd = sem_get(semid, &s);
	if (ercd != E_OK)
		goto out;
	if (s->cnt) {
		s->cnt--;
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		wait_make(kernel_runtsk, WAIT_SEM, &s->wq,
			  kernel_sem_init[semid - 1].sematr & TA_TPRI, tmout);
		ercd = wait_block();
	}
out:
	port_unlock(lk);
	return ercd;
}

ER wai_sem(ID semid)
{
	return twai_sem(semid, TMO_FEVR);
}

ER pol_sem(ID semid)
{
	return twai_sem(semid, TMO_POL);
}
