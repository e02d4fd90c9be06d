/*
 * flg.c - event flags: a bit pattern, tasks waiting for all (TWF_ANDW)
 * or any (TWF_ORW) of their bits, one waiter (TA_WSGL) or many
 * (TA_WMUL), and TA_CLR which clears the whole pattern when a waiter is
 * released.  A released task gets the pattern as it was at release.
 */
#include "core.h"

static ER flg_get(ID flgid, struct flgcb **fp)
{
	CHECK_ID(flgid, kernel_flg_max);
	*fp = &kernel_flgcb[flgid - 1];
	return E_OK;
}

void flg_init(void)
{
	for (ID i = 0; i < kernel_flg_max; i++) {
		queue_init(&kernel_flgcb[i].wq);
		kernel_flgcb[i].ptn = kernel_flg_init[i].iflgptn;
	}
}

static BOOL flg_match(FLGPTN ptn, FLGPTN waiptn, MODE wfmode)
{
	return wfmode & TWF_ORW ? (ptn & waiptn) != 0 : (ptn & waiptn) == waiptn;
}

static ER flg_set(ID flgid, FLGPTN setptn)
{
	struct flgcb *f;
	ER ercd = flg_get(flgid, &f);
	struct queue *q, *nq;

	if (ercd != E_OK)
		return ercd;
	f->ptn |= setptn;
	for (q = f->wq.next; q != &f->wq; q = nq) {
		struct tcb *t = queue_tcb(q);

		nq = q->next;
		if (flg_match(f->ptn, t->waiptn, t->wfmode)) {
			t->flgptn = f->ptn;
			wait_release(t, E_OK);
			if (kernel_flg_init[flgid - 1].flgatr & TA_CLR) {
				f->ptn = 0;
				break;
			}
		}
	}
	sched_resched();
	return E_OK;
}

ER set_flg(ID flgid, FLGPTN setptn)
{
	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = flg_set(flgid, setptn);
	port_unlock(lk);
	return ercd;
}

ER iset_flg(ID flgid, FLGPTN setptn)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = flg_set(flgid, setptn);
	port_unlock(lk);
	return ercd;
}

ER clr_flg(ID flgid, FLGPTN clrptn)
{
	struct flgcb *f;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = flg_get(flgid, &f);
	if (ercd == E_OK)
		f->ptn &= clrptn;
	port_unlock(lk);
	return ercd;
}

ER twai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn, TMO tmout)
{
	struct flgcb *f;

	CHECK_TSKCTX();
	CHECK_TMOUT(tmout);
	if (waiptn == 0 || (wfmode != TWF_ANDW && wfmode != TWF_ORW))
		return E_PAR;
	UINT lk = port_lock();
	ER ercd = flg_get(flgid, &f);
	if (ercd != E_OK)
		goto out;
	ATR atr = kernel_flg_init[flgid - 1].flgatr;
	if (!(atr & TA_WMUL) && !queue_empty(&f->wq)) {
		ercd = E_ILUSE;
	} else if (flg_match(f->ptn, waiptn, wfmode)) {
		*p_flgptn = f->ptn;
		if (atr & TA_CLR)
			f->ptn = 0;
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		struct tcb *t = kernel_runtsk;

		t->waiptn = waiptn;
		t->wfmode = wfmode;
		wait_make(t, WAIT_FLG, &f->wq, atr & TA_TPRI, tmout);
		ercd = wait_block();
		if (ercd == E_OK)
			*p_flgptn = t->flgptn;
	}
out:
	port_unlock(lk);
	return ercd;
}

ER wai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn)
{
	return twai_flg(flgid, waiptn, wfmode, p_flgptn, TMO_FEVR);
}

ER pol_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn)
{
	return twai_flg(flgid, waiptn, wfmode, p_flgptn, TMO_POL);
}
