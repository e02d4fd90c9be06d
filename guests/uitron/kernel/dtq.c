/*
 * dtq.c - data queues: a ring of dtqcnt one-word data, a queue of
 * blocked senders and one of blocked receivers.  A datum goes straight
 * to a waiting receiver; with dtqcnt 0 the queue is a rendezvous (a send
 * succeeds only when a receiver is there).  Senders queue FIFO or by
 * priority (TA_TPRI), receivers always FIFO.
 */
#include "core.h"

static ER dtq_get(ID dtqid, struct dtqcb **dp)
{
	CHECK_ID(dtqid, kernel_dtq_max);
	*dp = &kernel_dtqcb[dtqid - 1];
	return E_OK;
}

void dtq_init(void)
{
	for (ID i = 0; i < kernel_dtq_max; i++) {
		queue_init(&kernel_dtqcb[i].swq);
		queue_init(&kernel_dtqcb[i].rwq);
		kernel_dtqcb[i].head = kernel_dtqcb[i].count = 0;
	}
}

/* Try to send without waiting: E_OK or E_TMOUT (full). */
static ER dtq_put(ID dtqid, struct dtqcb *d, VP_INT data)
{
	const struct dtq_init *di = &kernel_dtq_init[dtqid - 1];

	if (!queue_empty(&d->rwq)) {
		struct tcb *t = queue_tcb(d->rwq.next);

		t->data = data;
		wait_release(t, E_OK);
		sched_resched();
		return E_OK;
	}
	if (d->count < di->dtqcnt) {
		di->dtq[(d->head + d->count) % di->dtqcnt] = data;
		d->count++;
		return E_OK;
	}
	return E_TMOUT;
}

/* Try to receive without waiting: E_OK or E_TMOUT (empty). */
static ER dtq_take(ID dtqid, struct dtqcb *d, VP_INT *p_data)
{
	const struct dtq_init *di = &kernel_dtq_init[dtqid - 1];
	struct tcb *s = queue_empty(&d->swq) ? NULL : queue_tcb(d->swq.next);

	if (d->count) {
		*p_data = di->dtq[d->head];
		d->head = (d->head + 1) % di->dtqcnt;
		d->count--;
		if (s) {	/* room now: the first sender's datum goes in */
			di->dtq[(d->head + d->count) % di->dtqcnt] = s->data;
			d->count++;
		}
	} else if (s) {
		*p_data = s->data;
	} else {
		return E_TMOUT;
	}
	if (s) {
		wait_release(s, E_OK);
		sched_resched();
	}
	return E_OK;
}

ER tsnd_dtq(ID dtqid, VP_INT data, TMO tmout)
{
	struct dtqcb *d;

	CHECK_TSKCTX();
	CHECK_TMOUT(tmout);
	UINT lk = port_lock();
	ER ercd = dtq_get(dtqid, &d);
	if (ercd != E_OK)
		goto out;
	ercd = dtq_put(dtqid, d, data);
	if (ercd == E_TMOUT && tmout != TMO_POL) {
		struct tcb *t = kernel_runtsk;

		t->data = data;
		wait_make(t, WAIT_SDTQ, &d->swq,
			  kernel_dtq_init[dtqid - 1].dtqatr & TA_TPRI, tmout);
		ercd = wait_block();
	}
out:
	port_unlock(lk);
	return ercd;
}

ER snd_dtq(ID dtqid, VP_INT data)
{
	return tsnd_dtq(dtqid, data, TMO_FEVR);
}

ER psnd_dtq(ID dtqid, VP_INT data)
{
	return tsnd_dtq(dtqid, data, TMO_POL);
}

ER ipsnd_dtq(ID dtqid, VP_INT data)
{
	struct dtqcb *d;

	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = dtq_get(dtqid, &d);
	if (ercd == E_OK)
		ercd = dtq_put(dtqid, d, data);
	port_unlock(lk);
	return ercd;
}

ER trcv_dtq(ID dtqid, VP_INT *p_data, TMO tmout)
{
	struct dtqcb *d;

	CHECK_TSKCTX();
	CHECK_TMOUT(tmout);
	UINT lk = port_lock();
	ER ercd = dtq_get(dtqid, &d);
	if (ercd != E_OK)
		goto out;
	ercd = dtq_take(dtqid, d, p_data);
	if (ercd == E_TMOUT && tmout != TMO_POL) {
		struct tcb *t = kernel_runtsk;

		wait_make(t, WAIT_RDTQ, &d->rwq, FALSE, tmout);
		ercd = wait_block();
		if (ercd == E_OK)
			*p_data = t->data;
	}
out:
	port_unlock(lk);
	return ercd;
}

ER rcv_dtq(ID dtqid, VP_INT *p_data)
{
	return trcv_dtq(dtqid, p_data, TMO_FEVR);
}

ER prcv_dtq(ID dtqid, VP_INT *p_data)
{
	return trcv_dtq(dtqid, p_data, TMO_POL);
}
