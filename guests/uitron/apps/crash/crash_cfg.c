/*
 * crash_cfg.c - static configuration of the crash application: a 1 ms
 * cyclic release of the periodic task and a spinner at the lowest
 * priority.
 */
#include <kernel_cfg.h>
#include "crash.h"

static STK_T stk_periodic[1024], stk_spin[512];

CFG_TABLE(tsk) = {
	CFG_TSK(TSK_PERIODIC, TA_ACT, 0, crash_periodic, 1, stk_periodic),
	CFG_TSK(TSK_SPIN, TA_ACT, 0, crash_spin, 16, stk_spin),
};
CFG_TABLE(sem) = {};
CFG_TABLE(flg) = {};
CFG_TABLE(dtq) = {};
CFG_TABLE(cyc) = {
	CFG_CYC(CYC_RELEASE, TA_STA, 0, crash_release, 1, 1),
};
CFG_TABLE(isr) = {};
CFG_END();
