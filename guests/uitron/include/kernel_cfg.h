/*
 * kernel_cfg.h - the static configuration of an application, TOPPERS
 * style: each application has one C file (apps/<app>/<app>_cfg.c) that
 * lists its objects with the macros below, and the kernel sizes every
 * control block table from those lists at build time.  Each object is
 * placed at its ID ([id - 1]); an ID left out is a hole and its service
 * calls return E_NOEXS.  See README.md for the format.
 */
#ifndef KERNEL_CFG_H
#define KERNEL_CFG_H

#include <kernel.h>

struct tsk_init { ATR tskatr; VP_INT exinf; void (*task)(VP_INT); PRI itskpri; SIZE stksz; STK_T *stk; };
struct sem_init { ATR sematr; UINT isemcnt; UINT maxsem; };
struct flg_init { ATR flgatr; FLGPTN iflgptn; };
struct dtq_init { ATR dtqatr; UINT dtqcnt; VP_INT *dtq; };
struct cyc_init { ATR cycatr; VP_INT exinf; void (*cychdr)(VP_INT); RELTIM cyctim; RELTIM cycphs; };
struct isr_init { ATR isratr; VP_INT exinf; INTNO intno; void (*isr)(VP_INT); };

#define CFG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* CRE_TSK(id, { attr, exinf, task, priority, stack array }) */
#define CFG_TSK(id, atr, exinf, task, pri, stk) \
	[(id) - 1] = { (atr), (VP_INT)(exinf), (task), (pri), sizeof(stk), (stk) }
#define CFG_SEM(id, atr, isemcnt, maxsem) [(id) - 1] = { (atr), (isemcnt), (maxsem) }
#define CFG_FLG(id, atr, iflgptn) [(id) - 1] = { (atr), (iflgptn) }
#define CFG_DTQ(id, atr, cnt, buf) [(id) - 1] = { (atr), (cnt), (buf) }
#define CFG_CYC(id, atr, exinf, hdr, cyctim, cycphs) \
	[(id) - 1] = { (atr), (VP_INT)(exinf), (hdr), (cyctim), (cycphs) }
/* ATT_ISR({ attr, exinf, interrupt number, routine }): no ID. */
#define CFG_ISR(atr, exinf, intno, isr) { (atr), (VP_INT)(exinf), (intno), (isr) }

#define CFG_TABLE(kind) const struct kind##_init kernel_##kind##_init[]

/* Count of a table: CFG_N(tsk) once CFG_TABLE(tsk) = { ... }; is written. */
#define CFG_N(kind) ((ID)CFG_ARRAY_SIZE(kernel_##kind##_init))

/*
 * Close the configuration after the six tables (empty ones as `= {}`):
 * the counts, and control block tables sized by them.
 */
#define CFG_END() \
	const ID kernel_tsk_max = CFG_N(tsk), kernel_sem_max = CFG_N(sem), \
		kernel_flg_max = CFG_N(flg), kernel_dtq_max = CFG_N(dtq), \
		kernel_cyc_max = CFG_N(cyc), kernel_isr_max = CFG_N(isr); \
	struct tcb kernel_tcb[CFG_N(tsk)]; \
	struct semcb kernel_semcb[CFG_N(sem)]; \
	struct flgcb kernel_flgcb[CFG_N(flg)]; \
	struct dtqcb kernel_dtqcb[CFG_N(dtq)]; \
	struct cyccb kernel_cyccb[CFG_N(cyc)]

/* The control blocks are opaque to applications but sized here. */
#include "../kernel/objects.h"

#endif /* KERNEL_CFG_H */
