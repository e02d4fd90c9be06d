/*
 * demo_cfg.c - static configuration of the demo application (see
 * README.md for the format): five tasks, two semaphores, a data queue,
 * the 1 ms release as a cyclic handler and a tick ISR that time-stamps
 * the timer interrupt.
 */
#include <kernel_cfg.h>
#include "demo.h"

static STK_T stk_periodic[1024], stk_producer[1024], stk_consumer[1024],
	stk_ping[1024], stk_pong[1024];
static VP_INT dtq_buf[8];

CFG_TABLE(tsk) = {
	CFG_TSK(TSK_PERIODIC, TA_ACT, 0, demo_periodic, 1, stk_periodic),
	CFG_TSK(TSK_PRODUCER, TA_ACT, 0, demo_producer, 4, stk_producer),
	CFG_TSK(TSK_CONSUMER, TA_ACT, 0, demo_consumer, 5, stk_consumer),
	CFG_TSK(TSK_PING, TA_ACT, 0, demo_ping, 6, stk_ping),
	CFG_TSK(TSK_PONG, TA_ACT, 0, demo_pong, 6, stk_pong),
};
CFG_TABLE(sem) = {
	CFG_SEM(SEM_PING, TA_TFIFO, 0, 1),
	CFG_SEM(SEM_PONG, TA_TFIFO, 0, 1),
};
CFG_TABLE(flg) = {};
CFG_TABLE(dtq) = {
	CFG_DTQ(DTQ_DATA, TA_TFIFO, 8, dtq_buf),
};
CFG_TABLE(cyc) = {
	CFG_CYC(CYC_RELEASE, TA_STA, 0, demo_release, 1, 1),
};
CFG_TABLE(isr) = {
	CFG_ISR(TA_HLNG, 0, INTNO_TICK, demo_tick_isr),
};
CFG_END();
