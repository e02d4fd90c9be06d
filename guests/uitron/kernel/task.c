/*
 * task.c - tasks: activation and exit (with queued activation requests),
 * termination, priorities, and the task-dependent synchronisation calls
 * (sleep/wakeup with queued wakeup requests, delay, forced release).
 * A task's context is created afresh on every activation.
 */
#include "core.h"

static ER task_get(ID tskid, struct tcb **tp)
{
	if (tskid == TSK_SELF) {
		if (kernel_intnest || !kernel_runtsk)
			return E_ID;
		*tp = kernel_runtsk;
		return E_OK;
	}
	CHECK_ID(tskid, kernel_tsk_max);
	if (!kernel_tsk_init[tskid - 1].task)
		return E_NOEXS;
	*tp = &kernel_tcb[tskid - 1];
	return E_OK;
}

static void task_start(void)
{
	const struct tsk_init *ti = kernel_runtsk->init;

	port_unlock(PORT_ENABLED);
	ti->task(ti->exinf);
	ext_tsk();
}

static void task_activate(struct tcb *t)
{
	t->pri = t->init->itskpri;
	t->wupcnt = 0;
	t->wobj = WAIT_NONE;
	t->wq = NULL;
	t->tmo_on = FALSE;
	t->sp = port_stack_init((char *)t->init->stk + t->init->stksz, task_start);
	sched_make_ready(t);
}

void task_init(void)
{
	sched_init();
	for (ID i = 0; i < kernel_tsk_max; i++) {
		struct tcb *t = &kernel_tcb[i];

		t->init = &kernel_tsk_init[i];
		queue_init(&t->node);
		t->stat = TTS_DMT;
		t->actcnt = 0;
		if (t->init->task && (t->init->tskatr & TA_ACT))
			task_activate(t);
	}
}

static ER task_act(ID tskid)
{
	struct tcb *t;
	ER ercd = task_get(tskid, &t);

	if (ercd != E_OK)
		return ercd;
	if (t->stat == TTS_DMT) {
		task_activate(t);
		sched_resched();
	} else if (t->actcnt < TMAX_ACTCNT) {
		t->actcnt++;
	} else {
		ercd = E_QOVR;
	}
	return ercd;
}

ER act_tsk(ID tskid)
{
	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_act(tskid);
	port_unlock(lk);
	return ercd;
}

ER iact_tsk(ID tskid)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = task_act(tskid);
	port_unlock(lk);
	return ercd;
}

ER_UINT can_act(ID tskid)
{
	struct tcb *t;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_get(tskid, &t);
	if (ercd == E_OK) {
		ercd = t->actcnt;
		t->actcnt = 0;
	}
	port_unlock(lk);
	return ercd;
}

/* Called by the running task; from non-task context it is an error the
 * interface cannot report, so it stops the system. */
void ext_tsk(void)
{
	struct tcb *t = kernel_runtsk;

	port_lock();
	if (kernel_intnest || !t) {
		syslog_printf("ext_tsk: called from non-task context\n");
		kernel_exit(3);
	}
	sched_make_unready(t);
	t->stat = TTS_DMT;
	if (t->actcnt) {
		t->actcnt--;
		task_activate(t);
	}
	kernel_runtsk = NULL;	/* its context is not saved */
	sched_dispatch();
	__builtin_unreachable();
}

ER ter_tsk(ID tskid)
{
	struct tcb *t;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_get(tskid, &t);
	if (ercd != E_OK)
		goto out;
	if (t == kernel_runtsk) {
		ercd = E_ILUSE;
	} else if (t->stat == TTS_DMT) {
		ercd = E_OBJ;
	} else {
		if (t->stat == TTS_WAI) {
			wait_release(t, E_OK);	/* unlink it from every queue */
		}
		sched_make_unready(t);
		t->stat = TTS_DMT;
		if (t->actcnt) {
			t->actcnt--;
			task_activate(t);
			sched_resched();
		}
	}
out:
	port_unlock(lk);
	return ercd;
}

ER chg_pri(ID tskid, PRI tskpri)
{
	struct tcb *t;

	CHECK_TSKCTX();
	if (tskpri != TPRI_INI && (tskpri < TMIN_TPRI || tskpri > TMAX_TPRI))
		return E_PAR;
	UINT lk = port_lock();
	ER ercd = task_get(tskid, &t);
	if (ercd != E_OK)
		goto out;
	if (t->stat == TTS_DMT) {
		ercd = E_OBJ;
		goto out;
	}
	if (tskpri == TPRI_INI)
		tskpri = t->init->itskpri;
	if (t->stat == TTS_RDY) {
		/* uITRON: it goes to the tail of its new priority */
		sched_make_unready(t);
		t->pri = tskpri;
		sched_make_ready(t);
	} else {
		t->pri = tskpri;
		wait_requeue(t);
	}
	sched_resched();
out:
	port_unlock(lk);
	return ercd;
}

ER get_pri(ID tskid, PRI *p_tskpri)
{
	struct tcb *t;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_get(tskid, &t);
	if (ercd == E_OK) {
		if (t->stat == TTS_DMT)
			ercd = E_OBJ;
		else
			*p_tskpri = t->pri;
	}
	port_unlock(lk);
	return ercd;
}

ER get_tst(ID tskid, STAT *p_tskstat)
{
	struct tcb *t;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_get(tskid, &t);
	if (ercd == E_OK)
		*p_tskstat = t == kernel_runtsk ? TTS_RUN : t->stat;
	port_unlock(lk);
	return ercd;
}

ER tslp_tsk(TMO tmout)
{
	CHECK_TSKCTX();
	CHECK_TMOUT(tmout);
	UINT lk = port_lock();
	struct tcb *t = kernel_runtsk;
	ER ercd = E_OK;
	if (t->wupcnt) {
		t->wupcnt--;
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		wait_make(t, WAIT_SLP, NULL, FALSE, tmout);
		ercd = wait_block();
	}
	port_unlock(lk);
	return ercd;
}

ER slp_tsk(void)
{
	return tslp_tsk(TMO_FEVR);
}

static ER task_wup(ID tskid)
{
	struct tcb *t;
	ER ercd = task_get(tskid, &t);

	if (ercd != E_OK)
		return ercd;
	if (t->stat == TTS_DMT)
		return E_OBJ;
	if (t->stat == TTS_WAI && t->wobj == WAIT_SLP) {
		wait_release(t, E_OK);
		sched_resched();
	} else if (t->wupcnt < TMAX_WUPCNT) {
		t->wupcnt++;
	} else {
		ercd = E_QOVR;
	}
	return ercd;
}

ER wup_tsk(ID tskid)
{
	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_wup(tskid);
	port_unlock(lk);
	return ercd;
}

ER iwup_tsk(ID tskid)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = task_wup(tskid);
	port_unlock(lk);
	return ercd;
}

ER_UINT can_wup(ID tskid)
{
	struct tcb *t;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_get(tskid, &t);
	if (ercd == E_OK) {
		if (t->stat == TTS_DMT) {
			ercd = E_OBJ;
		} else {
			ercd = t->wupcnt;
			t->wupcnt = 0;
		}
	}
	port_unlock(lk);
	return ercd;
}

static ER task_rel(ID tskid)
{
	struct tcb *t;
	ER ercd;

	if (tskid == TSK_SELF)
		return E_OBJ;	/* the caller is not waiting */
	ercd = task_get(tskid, &t);
	if (ercd != E_OK)
		return ercd;
	if (t->stat != TTS_WAI)
		return E_OBJ;
	wait_release(t, E_RLWAI);
	sched_resched();
	return E_OK;
}

ER rel_wai(ID tskid)
{
	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = task_rel(tskid);
	port_unlock(lk);
	return ercd;
}

ER irel_wai(ID tskid)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = task_rel(tskid);
	port_unlock(lk);
	return ercd;
}

ER dly_tsk(RELTIM dlytim)
{
	CHECK_TSKCTX();
	if (dlytim > 0x7fffffffu)
		return E_PAR;
	UINT lk = port_lock();
	wait_make(kernel_runtsk, WAIT_DLY, NULL, FALSE, (TMO)dlytim);
	ER ercd = wait_block();
	port_unlock(lk);
	return ercd;
}
