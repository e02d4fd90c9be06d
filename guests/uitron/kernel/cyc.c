/*
 * cyc.c - cyclic handlers: called from the tick, in non-task context,
 * every cyctim ticks while started.  TA_STA starts one at boot with its
 * first call cycphs ticks later; sta_cyc starts it one period from now
 * (TA_PHS: keeps the phase it had).
 */
#include "core.h"

static ER cyc_get(ID cycid, struct cyccb **cp)
{
	CHECK_ID(cycid, kernel_cyc_max);
	if (!kernel_cyc_init[cycid - 1].cychdr)
		return E_NOEXS;
	*cp = &kernel_cyccb[cycid - 1];
	return E_OK;
}

void cyc_init(void)
{
	for (ID i = 0; i < kernel_cyc_max; i++) {
		const struct cyc_init *ci = &kernel_cyc_init[i];

		kernel_cyccb[i].active = ci->cychdr && (ci->cycatr & TA_STA);
		kernel_cyccb[i].next = ci->cycphs ? ci->cycphs : ci->cyctim;
	}
}

ER sta_cyc(ID cycid)
{
	struct cyccb *c;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = cyc_get(cycid, &c);
	if (ercd == E_OK) {
		const struct cyc_init *ci = &kernel_cyc_init[cycid - 1];

		if (!(ci->cycatr & TA_PHS) || !c->active)
			c->next = kernel_systim + ci->cyctim;
		c->active = TRUE;
	}
	port_unlock(lk);
	return ercd;
}

ER stp_cyc(ID cycid)
{
	struct cyccb *c;

	CHECK_TSKCTX();
	UINT lk = port_lock();
	ER ercd = cyc_get(cycid, &c);
	if (ercd == E_OK)
		c->active = FALSE;
	port_unlock(lk);
	return ercd;
}

/* Locked, from the tick. */
void cyc_tick(void)
{
	for (ID i = 0; i < kernel_cyc_max; i++) {
		struct cyccb *c = &kernel_cyccb[i];
		const struct cyc_init *ci = &kernel_cyc_init[i];

		if (c->active && c->next == kernel_systim) {
			c->next += ci->cyctim;
			ci->cychdr(ci->exinf);
		}
	}
}
