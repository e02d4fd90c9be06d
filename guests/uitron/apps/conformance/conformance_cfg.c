/*
 * conformance_cfg.c - static configuration of the conformance suite:
 * every object kind, with holes at TSK_GAP, SEM_GAP and CYC_GAP to
 * exercise E_NOEXS, and an ISR on the tick for the i-calls.
 */
#include <kernel_cfg.h>
#include "conformance.h"

static STK_T stk[NTASKS][1024];
static VP_INT dtq4[4], dtq1[1];

CFG_TABLE(tsk) = {
	CFG_TSK(TSK_MAIN, TA_ACT, TSK_MAIN, conf_main, 8, stk[0]),
	CFG_TSK(TSK_HIGH, TA_NULL, TSK_HIGH, conf_helper, 4, stk[1]),
	CFG_TSK(TSK_LOW, TA_NULL, TSK_LOW, conf_helper, 12, stk[2]),
	CFG_TSK(TSK_EQ1, TA_NULL, TSK_EQ1, conf_helper, 10, stk[4]),
	CFG_TSK(TSK_EQ2, TA_NULL, TSK_EQ2, conf_helper, 10, stk[5]),
	CFG_TSK(TSK_W1, TA_NULL, TSK_W1, conf_helper, 6, stk[6]),
	CFG_TSK(TSK_W2, TA_NULL, TSK_W2, conf_helper, 7, stk[7]),
};
CFG_TABLE(sem) = {
	CFG_SEM(SEM_FIFO, TA_TFIFO, 0, 1),
	CFG_SEM(SEM_PRI, TA_TPRI, 0, 2),
	CFG_SEM(SEM_FULL, TA_TFIFO, 2, 2),
};
CFG_TABLE(flg) = {
	CFG_FLG(FLG_SGL, TA_WSGL, 0),
	CFG_FLG(FLG_MUL, TA_WMUL, 0),
	CFG_FLG(FLG_CLR, TA_WMUL | TA_CLR, 0),
};
CFG_TABLE(dtq) = {
	CFG_DTQ(DTQ_4, TA_TFIFO, 4, dtq4),
	CFG_DTQ(DTQ_0, TA_TFIFO, 0, NULL),
	CFG_DTQ(DTQ_1, TA_TPRI, 1, dtq1),
};
CFG_TABLE(cyc) = {
	CFG_CYC(CYC_TEST, TA_NULL, 0, conf_cyclic, 2, 0),
	CFG_CYC(CYC_SPARE, TA_NULL, 1, conf_cyclic, 1000, 0),
};
CFG_TABLE(isr) = {
	CFG_ISR(TA_HLNG, 0, INTNO_TICK, conf_isr),
};
CFG_END();
