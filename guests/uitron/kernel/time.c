/*
 * time.c - system time: a tick counter advanced by isig_tim from the
 * port's periodic timer (1 ms), which also drives timeouts and cyclic
 * handlers.
 */
#include "core.h"

SYSTIM kernel_systim;

ER isig_tim(void)
{
	CHECK_INTCTX();
	UINT lk = port_lock();
	kernel_systim++;
	wait_tick();
	cyc_tick();
	port_unlock(lk);
	return E_OK;
}

ER get_tim(SYSTIM *p_systim)
{
	UINT lk = port_lock();
	*p_systim = kernel_systim;
	port_unlock(lk);
	return E_OK;
}
