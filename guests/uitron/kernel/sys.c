/*
 * sys.c - system state calls: ready queue rotation (round robin by hand),
 * the running task's ID and the context the caller runs in.
 */
#include "core.h"

static ER sys_rot(PRI tskpri)
{
	if (tskpri == TPRI_SELF) {
		if (kernel_intnest || !kernel_runtsk)
			return E_PAR;
		tskpri = kernel_runtsk->pri;
	}
	if (tskpri < TMIN_TPRI || tskpri > TMAX_TPRI)
		return E_PAR;
	sched_rotate(tskpri);
	sched_resched();
	return E_OK;
}

ER rot_rdq(PRI tskpri)
{
	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = sys_rot(tskpri);
	port_unlock(lk);
	return ercd;
}

ER irot_rdq(PRI tskpri)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	ER ercd = sys_rot(tskpri);
	port_unlock(lk);
	return ercd;
}

ER get_tid(ID *p_tskid)
{
	CHECK_TSKCTX();
	*p_tskid = (ID)(kernel_runtsk - kernel_tcb) + 1;
	return E_OK;
}

/* In an interrupt: the task it interrupted, TSK_NONE when idle. */
ER iget_tid(ID *p_tskid)
{
	CHECK_INTCTX();
	*p_tskid = kernel_runtsk ? (ID)(kernel_runtsk - kernel_tcb) + 1 : TSK_NONE;
	return E_OK;
}

BOOL sns_ctx(void)
{
	return kernel_intnest > 0;
}
