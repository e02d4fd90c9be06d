/* conformance.h - object IDs and entry points of the conformance suite. */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <kernel.h>

#define TSK_MAIN	1	/* priority 8, runs the checks */
#define TSK_HIGH	2	/* 4 */
#define TSK_LOW		3	/* 12 */
#define TSK_GAP		4	/* not configured: E_NOEXS */
#define TSK_EQ1		5	/* 10 */
#define TSK_EQ2		6	/* 10 */
#define TSK_W1		7	/* 6 */
#define TSK_W2		8	/* 7 */
#define NTASKS		8

#define SEM_FIFO	1	/* TA_TFIFO, 0 of 1 */
#define SEM_PRI		2	/* TA_TPRI, 0 of 2 */
#define SEM_GAP		3
#define SEM_FULL	4	/* 2 of 2 */

#define FLG_SGL		1	/* TA_WSGL */
#define FLG_MUL		2	/* TA_WMUL */
#define FLG_CLR		3	/* TA_WMUL | TA_CLR */

#define DTQ_4		1	/* 4 entries */
#define DTQ_0		2	/* rendezvous */
#define DTQ_1		3	/* 1 entry, senders by priority */

#define CYC_TEST	1	/* every 2 ticks, stopped at start */
#define CYC_GAP		2	/* not configured: E_NOEXS */
#define CYC_SPARE	3	/* configured, never started */

void conf_main(VP_INT exinf);
void conf_helper(VP_INT exinf);
void conf_cyclic(VP_INT exinf);
void conf_isr(VP_INT exinf);

#endif /* CONFORMANCE_H */
