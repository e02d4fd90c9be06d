/*
 * blink_cfg.c - static configuration of blink: one task woken by a
 * 100 ms cyclic handler.
 */
#include <kernel_cfg.h>
#include "blink.h"

static STK_T stk_blink[512];

CFG_TABLE(tsk) = {
	CFG_TSK(TSK_BLINK, TA_ACT, 0, blink_task, 1, stk_blink),
};
CFG_TABLE(sem) = {};
CFG_TABLE(flg) = {};
CFG_TABLE(dtq) = {};
CFG_TABLE(cyc) = {
	CFG_CYC(CYC_BLINK, TA_STA, 0, blink_release, BLINK_PERIOD_MS, BLINK_PERIOD_MS),
};
CFG_TABLE(isr) = {};
CFG_END();
