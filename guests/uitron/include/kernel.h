/*
 * kernel.h - the public service calls of the uITRON kernel: what an
 * application includes.  Names, arguments and error codes follow the
 * uITRON 4.0 specification (standard profile subset, static API only).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <itron.h>

#define TMIN_TPRI	1	/* highest task priority */
#define TMAX_TPRI	16	/* lowest task priority */
#define TMAX_ACTCNT	1	/* queued activation requests */
#define TMAX_WUPCNT	1	/* queued wakeup requests */
#define TMAX_MAXSEM	65535	/* largest semaphore count */
#define TIC_NUME	1	/* one tick is TIC_NUME/TIC_DENO ms */
#define TIC_DENO	1

/* Task states as ref_tsk reports them. */
#define TTS_RUN		0x01u
#define TTS_RDY		0x02u
#define TTS_WAI		0x04u
#define TTS_DMT		0x10u

/* CFG_ISR number for "the tick interrupt", whatever the port calls it. */
#define INTNO_TICK	((INTNO)-1)

typedef UW STK_T;		/* task stacks are arrays of STK_T */

/* Task management and task-dependent synchronisation. */
ER act_tsk(ID tskid);
ER iact_tsk(ID tskid);
ER_UINT can_act(ID tskid);
void ext_tsk(void) __attribute__((noreturn));
ER ter_tsk(ID tskid);
ER chg_pri(ID tskid, PRI tskpri);
ER get_pri(ID tskid, PRI *p_tskpri);
ER get_tst(ID tskid, STAT *p_tskstat);
ER slp_tsk(void);
ER tslp_tsk(TMO tmout);
ER wup_tsk(ID tskid);
ER iwup_tsk(ID tskid);
ER_UINT can_wup(ID tskid);
ER rel_wai(ID tskid);
ER irel_wai(ID tskid);
ER dly_tsk(RELTIM dlytim);

/* Semaphores. */
ER sig_sem(ID semid);
ER isig_sem(ID semid);
ER wai_sem(ID semid);
ER pol_sem(ID semid);
ER twai_sem(ID semid, TMO tmout);

/* Event flags. */
ER set_flg(ID flgid, FLGPTN setptn);
ER iset_flg(ID flgid, FLGPTN setptn);
ER clr_flg(ID flgid, FLGPTN clrptn);
ER wai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn);
ER pol_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn);
ER twai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn, TMO tmout);

/* Data queues. */
ER snd_dtq(ID dtqid, VP_INT data);
ER psnd_dtq(ID dtqid, VP_INT data);
ER ipsnd_dtq(ID dtqid, VP_INT data);
ER tsnd_dtq(ID dtqid, VP_INT data, TMO tmout);
ER rcv_dtq(ID dtqid, VP_INT *p_data);
ER prcv_dtq(ID dtqid, VP_INT *p_data);
ER trcv_dtq(ID dtqid, VP_INT *p_data, TMO tmout);

/* Time management. */
ER get_tim(SYSTIM *p_systim);
ER isig_tim(void);
ER sta_cyc(ID cycid);
ER stp_cyc(ID cycid);

/* System state. */
ER rot_rdq(PRI tskpri);
ER irot_rdq(PRI tskpri);
ER get_tid(ID *p_tskid);
ER iget_tid(ID *p_tskid);
BOOL sns_ctx(void);

/* Console and stop: what the port offers an application. */
int syslog_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kernel_exit(int code) __attribute__((noreturn));
unsigned long long kernel_cycles(void);
/* In the tick ISR: kernel_cycles() when the timer interrupt was raised
 * (natively at its stub's first instruction, on meso by the monitor). */
unsigned long long kernel_timer_raised(void);

#endif /* KERNEL_H */
