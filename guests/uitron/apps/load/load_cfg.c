/*
 * load_cfg.c - static configuration of the load application: a 10 ms
 * cyclic release of the reporting task and a spinner at the lowest
 * priority.
 */
#include <kernel_cfg.h>
#include "load.h"

static STK_T stk_report[1024], stk_spin[512];

CFG_TABLE(tsk) = {
	CFG_TSK(TSK_REPORT, TA_ACT, 0, load_report, 1, stk_report),
	CFG_TSK(TSK_SPIN, TA_ACT, 0, load_spin, 16, stk_spin),
};
CFG_TABLE(sem) = {};
CFG_TABLE(flg) = {};
CFG_TABLE(dtq) = {};
CFG_TABLE(cyc) = {
	CFG_CYC(CYC_RELEASE, TA_STA, 0, load_release, LOAD_PERIOD_MS, LOAD_PERIOD_MS),
};
CFG_TABLE(isr) = {};
CFG_END();
