/*
 * conformance.c - exercises every service call of the kernel, each
 * error return included, from the contexts the specification allows and
 * forbids.  One line per check: "PASS <name>" or "FAIL <name>: <why>",
 * then "conformance: N passed, M failed"; the exit code is 0 only when
 * nothing failed.  TSK_MAIN runs the checks; helper tasks run the job
 * main gives them before activating them and leave their results in
 * res[]/val[] and a trace string that records who ran in what order.
 * Calls that need non-task context run in the tick ISR or the cyclic
 * handler, on request from main.
 */
#include "conformance.h"

static int passed, failed;
static void (*job[NTASKS + 1])(ID self);
static volatile ER res[NTASKS + 1];
static volatile VP_INT val[NTASKS + 1];
static char trace[64];
static volatile int ntrace;

static void (*volatile isr_req)(void);
static volatile int isr_repeat;
static volatile ER isr_res[8];
static ID rot_tid[4];	/* who each irot_rdq preempted */
static volatile int nrot;
static volatile UINT cyc_count;
static volatile ER cyc_res[2];

#define EXPECT(name, expr, want) expect(name, #expr, (expr), (want))

/* Check names are written as prose and printed as one token. */
static const char *token(const char *name)
{
	static char buf[80];
	unsigned i;

	for (i = 0; name[i] && i < sizeof(buf) - 1; i++)
		buf[i] = name[i] == ' ' || name[i] == '/' ? '_' : name[i];
	buf[i] = '\0';
	return buf;
}

static void pass(const char *name)
{
	passed++;
	syslog_printf("PASS %s\n", token(name));
}

static void fail(const char *name, const char *why, long got, long want)
{
	failed++;
	syslog_printf("FAIL %s: %s gave %ld, expected %ld\n", token(name), why, got, want);
}

static int expect(const char *name, const char *what, long got, long want)
{
	if (got == want)
		return 1;
	fail(name, what, got, want);
	return 0;
}

/* A check made of several EXPECTs: PASS only if all held. */
#define CHECK(name, ...) do { \
	int ok_ = 1; \
	const char *n_ = name; \
	__VA_ARGS__ \
	if (ok_) pass(n_); \
} while (0)
#define E(expr, want) (ok_ &= expect(n_, #expr, (long)(expr), (long)(want)))

static void mark(char c)
{
	trace[ntrace++] = c;
	trace[ntrace] = '\0';
}

static void trace_reset(void)
{
	ntrace = 0;
	trace[0] = '\0';
}

static int trace_is(const char *s)
{
	int i;

	for (i = 0; s[i] && trace[i] == s[i]; i++)
		;
	if (s[i] == trace[i])
		return 1;
	syslog_printf("trace \"%s\", expected \"%s\"\n", trace, s);
	return 0;
}

static SYSTIM now(void)
{
	SYSTIM t;

	get_tim(&t);
	return t;
}

void conf_helper(VP_INT exinf)
{
	ID self = (ID)exinf;

	if (job[self])
		job[self](self);
}

/* Start helper id on fn; it runs at once when it outranks main. */
static ER start(ID id, void (*fn)(ID))
{
	job[id] = fn;
	res[id] = 1;
	return act_tsk(id);
}

/* Run fn in the tick ISR (repeat times, one per tick) and wait for it. */
static void in_isr(void (*fn)(void), int repeat)
{
	isr_repeat = repeat;
	isr_req = fn;
	while (isr_req)
		dly_tsk(1);
}

void conf_isr(VP_INT exinf)
{
	void (*fn)(void) = isr_req;

	(void)exinf;
	if (fn) {
		fn();
		if (--isr_repeat <= 0)
			isr_req = NULL;
	}
}

void conf_cyclic(VP_INT exinf)
{
	if (exinf)
		return;
	cyc_count++;
	cyc_res[0] = sns_ctx();
	cyc_res[1] = wup_tsk(TSK_MAIN);
}

/* ---- jobs ---- */
static void job_mark(ID self)
{
	mark("?MHL?12AB"[self]);
}

static void job_sleep(ID self)
{
	res[self] = slp_tsk();
	mark("?MHL?12AB"[self]);
}

static void job_delay(ID self)
{
	res[self] = dly_tsk(1000);
}

static void job_sem_fifo(ID self)
{
	res[self] = wai_sem(SEM_FIFO);
	mark("?MHL?12AB"[self]);
}

static void job_sem_pri(ID self)
{
	res[self] = wai_sem(SEM_PRI);
	mark("?MHL?12AB"[self]);
}

static void job_flg_and6(ID self)
{
	FLGPTN p = 0;

	res[self] = wai_flg(FLG_MUL, 0x6, TWF_ANDW, &p);
	val[self] = (VP_INT)p;
}

static void job_flg_mul(ID self)
{
	FLGPTN p = 0;

	res[self] = wai_flg(FLG_MUL, 0x1, TWF_ORW, &p);
	mark("?MHL?12AB"[self]);
}

static void job_flg_clr(ID self)
{
	FLGPTN p = 0;

	res[self] = wai_flg(FLG_CLR, 0x1, TWF_ORW, &p);
	val[self] = (VP_INT)p;
	mark("?MHL?12AB"[self]);
}

static void job_flg_sgl(ID self)
{
	FLGPTN p = 0;

	res[self] = wai_flg(FLG_SGL, 0x1, TWF_ORW, &p);
	val[self] = (VP_INT)p;
}

static void job_rcv4(ID self)
{
	VP_INT d = 0;

	res[self] = rcv_dtq(DTQ_4, &d);
	val[self] = d;
}

static void job_snd4(ID self)
{
	res[self] = snd_dtq(DTQ_4, 99);
}

static void job_rcv0(ID self)
{
	VP_INT d = 0;

	res[self] = rcv_dtq(DTQ_0, &d);
	val[self] = d;
}

static void job_snd0(ID self)
{
	res[self] = snd_dtq(DTQ_0, 6);
}

static void job_snd1(ID self)
{
	res[self] = snd_dtq(DTQ_1, self);
}

static void job_rotate(ID self)
{
	for (int i = 0; i < 2; i++) {
		mark("?MHL?12AB"[self]);
		rot_rdq(TPRI_SELF);
	}
}

static void isr_rot(void);

static void job_spin(ID self)
{
	while (isr_req == isr_rot)
		if (!ntrace || trace[ntrace - 1] != "?MHL?12AB"[self])
			mark("?MHL?12AB"[self]);
}

/* ---- ISR actions ---- */
static void isr_context(void)
{
	ID id = -1;

	isr_res[0] = sns_ctx();
	isr_res[1] = slp_tsk();
	isr_res[2] = act_tsk(TSK_HIGH);
	isr_res[3] = sig_sem(SEM_FIFO);
	isr_res[4] = get_tid(&id);
	isr_res[5] = iget_tid(&id);
	isr_res[6] = iact_tsk(99);
	isr_res[7] = iact_tsk(TSK_SELF);
}

static void isr_act(void) { isr_res[0] = iact_tsk(TSK_HIGH); }
static void isr_wup(void) { isr_res[0] = iwup_tsk(TSK_W1); }
static void isr_sig(void) { isr_res[0] = isig_sem(SEM_FIFO); }
static void isr_set(void) { isr_res[0] = iset_flg(FLG_SGL, 0x1); }
static void isr_rel(void) { isr_res[0] = irel_wai(TSK_W1); }
static void isr_rot_bad(void) { isr_res[0] = irot_rdq(TMAX_TPRI + 1); }

static void isr_snd(void)
{
	isr_res[0] = ipsnd_dtq(DTQ_4, 42);
	isr_res[1] = ipsnd_dtq(DTQ_0, 1);	/* nobody receiving */
	isr_res[2] = ipsnd_dtq(9, 1);
}

/* Rotate only once a spinner runs: main may still be running now.  The
 * task each rotation preempts is recorded here, where it is exact: a
 * spinner's trace mark may trail its rotation (it can be preempted between
 * its loop test and its mark, on any port, depending on where the tick
 * lands). */
static void isr_rot(void)
{
	if (!ntrace) {
		isr_repeat++;
		return;
	}
	if (nrot < 4)
		iget_tid(&rot_tid[nrot++]);
	isr_res[0] = irot_rdq(10);
}

/* ---- checks ---- */
static void check_tasks(void)
{
	ID id = 0;
	STAT st = 0;
	PRI pri = 0;

	CHECK("act_tsk E_ID", E(act_tsk(NTASKS + 1), E_ID); E(act_tsk(-1), E_ID););
	CHECK("act_tsk E_NOEXS", E(act_tsk(TSK_GAP), E_NOEXS););
	trace_reset();
	CHECK("act_tsk lower priority waits",
	      E(start(TSK_LOW, job_mark), E_OK); E(ntrace, 0);
	      E(get_tst(TSK_LOW, &st), E_OK); E(st, TTS_RDY););
	CHECK("act_tsk queues one request then E_QOVR",
	      E(act_tsk(TSK_LOW), E_OK); E(act_tsk(TSK_LOW), E_QOVR););
	CHECK("can_act", E(can_act(TSK_LOW), 1); E(can_act(TSK_LOW), 0);
	      E(act_tsk(TSK_LOW), E_OK););
	CHECK("act_tsk higher priority preempts",
	      E(start(TSK_HIGH, job_mark), E_OK); E(trace_is("H"), 1););
	CHECK("get_tst", E(get_tst(TSK_SELF, &st), E_OK); E(st, TTS_RUN);
	      E(get_tst(TSK_HIGH, &st), E_OK); E(st, TTS_DMT););
	CHECK("get_pri", E(get_pri(TSK_SELF, &pri), E_OK); E(pri, 8);
	      E(get_pri(TSK_HIGH, &pri), E_OBJ););
	CHECK("chg_pri E_PAR", E(chg_pri(TSK_SELF, TMAX_TPRI + 1), E_PAR);
	      E(chg_pri(TSK_SELF, -1), E_PAR););
	CHECK("chg_pri E_OBJ", E(chg_pri(TSK_HIGH, 3), E_OBJ););
	CHECK("chg_pri E_ID", E(chg_pri(99, 3), E_ID););
	trace_reset();
	CHECK("chg_pri raises a ready task above the caller",
	      E(chg_pri(TSK_LOW, 4), E_OK); E(trace_is("L"), 1););
	CHECK("ext_tsk restarts on a queued activation at the initial priority",
	      E(get_pri(TSK_LOW, &pri), E_OK); E(pri, 12);
	      E(dly_tsk(2), E_OK); E(trace_is("LL"), 1);
	      E(get_tst(TSK_LOW, &st), E_OK); E(st, TTS_DMT););
	CHECK("ter_tsk E_ILUSE on itself", E(ter_tsk(TSK_SELF), E_ILUSE););
	CHECK("ter_tsk E_OBJ on a dormant task", E(ter_tsk(TSK_HIGH), E_OBJ););
	CHECK("ter_tsk E_ID and E_NOEXS", E(ter_tsk(0x100), E_ID); E(ter_tsk(TSK_GAP), E_NOEXS););
	CHECK("ter_tsk a waiting task",
	      E(start(TSK_W1, job_sleep), E_OK); E(get_tst(TSK_W1, &st), E_OK);
	      E(st, TTS_WAI); E(ter_tsk(TSK_W1), E_OK);
	      E(get_tst(TSK_W1, &st), E_OK); E(st, TTS_DMT););
	CHECK("wup_tsk queues on itself then E_QOVR",
	      E(wup_tsk(TSK_SELF), E_OK); E(wup_tsk(TSK_SELF), E_QOVR);
	      E(slp_tsk(), E_OK); E(can_wup(TSK_SELF), 0););
	CHECK("can_wup", E(wup_tsk(TSK_SELF), E_OK); E(can_wup(TSK_SELF), 1);
	      E(tslp_tsk(TMO_POL), E_TMOUT););
	CHECK("wup_tsk E_OBJ on a dormant task", E(wup_tsk(TSK_HIGH), E_OBJ););
	trace_reset();
	CHECK("wup_tsk wakes a sleeping task",
	      E(start(TSK_W1, job_sleep), E_OK); E(ntrace, 0);
	      E(wup_tsk(TSK_W1), E_OK); E(res[TSK_W1], E_OK); E(trace_is("A"), 1););
	SYSTIM t0 = now();
	CHECK("tslp_tsk E_TMOUT after its timeout",
	      E(tslp_tsk(10), E_TMOUT); E(now() - t0 >= 10 && now() - t0 <= 12, 1););
	CHECK("tslp_tsk E_PAR", E(tslp_tsk(-2), E_PAR););
	CHECK("rel_wai forces E_RLWAI",
	      E(start(TSK_W1, job_sleep), E_OK); E(rel_wai(TSK_W1), E_OK);
	      E(res[TSK_W1], E_RLWAI););
	CHECK("rel_wai E_OBJ", E(rel_wai(TSK_SELF), E_OBJ); E(rel_wai(TSK_HIGH), E_OBJ););
	CHECK("rel_wai E_ID", E(rel_wai(-5), E_ID););
	t0 = now();
	CHECK("dly_tsk", E(dly_tsk(5), E_OK); E(now() - t0 >= 5 && now() - t0 <= 7, 1););
	CHECK("dly_tsk E_RLWAI",
	      E(start(TSK_W1, job_delay), E_OK); E(rel_wai(TSK_W1), E_OK);
	      E(res[TSK_W1], E_RLWAI););
	trace_reset();
	CHECK("rot_rdq round robin between equal priorities",
	      E(start(TSK_EQ1, job_rotate), E_OK); E(start(TSK_EQ2, job_rotate), E_OK);
	      E(chg_pri(TSK_SELF, 11), E_OK); E(trace_is("1212"), 1);
	      E(chg_pri(TSK_SELF, TPRI_INI), E_OK););
	CHECK("rot_rdq E_PAR", E(rot_rdq(TMAX_TPRI + 1), E_PAR); E(rot_rdq(-1), E_PAR););
	CHECK("rot_rdq of its own priority keeps running alone", E(rot_rdq(TPRI_SELF), E_OK););
	CHECK("get_tid", E(get_tid(&id), E_OK); E(id, TSK_MAIN););
	CHECK("sns_ctx in a task", E(sns_ctx(), FALSE););
	CHECK("i-calls from a task E_CTX",
	      E(iact_tsk(TSK_HIGH), E_CTX); E(iwup_tsk(TSK_W1), E_CTX);
	      E(irel_wai(TSK_W1), E_CTX); E(isig_sem(SEM_FIFO), E_CTX);
	      E(iset_flg(FLG_MUL, 1), E_CTX); E(ipsnd_dtq(DTQ_4, 1), E_CTX);
	      E(irot_rdq(8), E_CTX); E(isig_tim(), E_CTX); E(iget_tid(&id), E_CTX););
}

static void check_isr(void)
{
	STAT st = 0;
	VP_INT d = 0;

	in_isr(isr_context, 1);
	CHECK("ISR is non-task context and task calls give E_CTX",
	      E(isr_res[0], TRUE); E(isr_res[1], E_CTX); E(isr_res[2], E_CTX);
	      E(isr_res[3], E_CTX); E(isr_res[4], E_CTX); E(isr_res[5], E_OK);
	      E(isr_res[6], E_ID); E(isr_res[7], E_ID););
	trace_reset();
	in_isr(isr_act, 1);
	CHECK("iact_tsk", E(isr_res[0], E_OK); E(trace_is("H"), 1););
	start(TSK_W1, job_sleep);
	in_isr(isr_wup, 1);
	CHECK("iwup_tsk", E(isr_res[0], E_OK); E(res[TSK_W1], E_OK);
	      E(get_tst(TSK_W1, &st), E_OK); E(st, TTS_DMT););
	start(TSK_W1, job_sem_fifo);
	in_isr(isr_sig, 1);
	CHECK("isig_sem", E(isr_res[0], E_OK); E(res[TSK_W1], E_OK););
	start(TSK_W1, job_flg_sgl);
	in_isr(isr_set, 1);
	CHECK("iset_flg", E(isr_res[0], E_OK); E(res[TSK_W1], E_OK); E(val[TSK_W1], 1););
	clr_flg(FLG_SGL, 0);
	start(TSK_W1, job_rcv4);
	in_isr(isr_snd, 1);
	CHECK("ipsnd_dtq", E(isr_res[0], E_OK); E(res[TSK_W1], E_OK); E(val[TSK_W1], 42);
	      E(isr_res[1], E_TMOUT); E(isr_res[2], E_ID); E(prcv_dtq(DTQ_4, &d), E_TMOUT););
	start(TSK_W1, job_sleep);
	in_isr(isr_rel, 1);
	CHECK("irel_wai", E(isr_res[0], E_OK); E(res[TSK_W1], E_RLWAI););
	in_isr(isr_rot_bad, 1);
	CHECK("irot_rdq E_PAR", E(isr_res[0], E_PAR););
	trace_reset();
	start(TSK_EQ1, job_spin);
	start(TSK_EQ2, job_spin);
	nrot = 0;
	isr_repeat = 3;
	isr_req = isr_rot;
	chg_pri(TSK_SELF, 11);	/* spinners run until the ISR has rotated them 3 times */
	CHECK("irot_rdq rotates the running priority",
	      E(isr_res[0], E_OK);
	      /* 3 rotations of 1, 2, 1; a spinner preempted mid-loop may
	       * still mark once after the last one ("1212", "12121") */
	      E(nrot, 3); E(rot_tid[0], TSK_EQ1); E(rot_tid[1], TSK_EQ2);
	      E(rot_tid[2], TSK_EQ1);
	      E(trace[0] == '1' && trace[1] == '2' && trace[2] == '1', 1);
	      E(ntrace >= 3 && ntrace <= 5, 1););
	chg_pri(TSK_SELF, TPRI_INI);
}

static void check_sem(void)
{
	CHECK("sem E_ID", E(sig_sem(0), E_ID); E(wai_sem(99), E_ID); E(pol_sem(-1), E_ID););
	CHECK("sem E_NOEXS", E(sig_sem(SEM_GAP), E_NOEXS); E(twai_sem(SEM_GAP, 1), E_NOEXS););
	CHECK("sig_sem E_QOVR at maxsem", E(sig_sem(SEM_FULL), E_QOVR););
	CHECK("pol_sem", E(pol_sem(SEM_FULL), E_OK); E(pol_sem(SEM_FULL), E_OK);
	      E(pol_sem(SEM_FULL), E_TMOUT););
	SYSTIM t0 = now();
	CHECK("twai_sem E_TMOUT", E(twai_sem(SEM_FIFO, 5), E_TMOUT); E(now() - t0 >= 5, 1););
	CHECK("twai_sem E_PAR", E(twai_sem(SEM_FIFO, -5), E_PAR););
	CHECK("sig_sem hands the count to a waiter",
	      E(start(TSK_W1, job_sem_fifo), E_OK); E(sig_sem(SEM_FIFO), E_OK);
	      E(res[TSK_W1], E_OK); E(pol_sem(SEM_FIFO), E_TMOUT););
	trace_reset();
	start(TSK_W2, job_sem_pri);
	start(TSK_W1, job_sem_pri);
	CHECK("TA_TPRI semaphore releases by priority",
	      E(sig_sem(SEM_PRI), E_OK); E(sig_sem(SEM_PRI), E_OK); E(trace_is("AB"), 1););
	trace_reset();
	start(TSK_W2, job_sem_fifo);
	start(TSK_W1, job_sem_fifo);
	CHECK("TA_TFIFO semaphore releases in arrival order",
	      E(sig_sem(SEM_FIFO), E_OK); E(sig_sem(SEM_FIFO), E_OK); E(trace_is("BA"), 1););
	CHECK("rel_wai leaves the semaphore queue",
	      E(start(TSK_W1, job_sem_fifo), E_OK); E(rel_wai(TSK_W1), E_OK);
	      E(res[TSK_W1], E_RLWAI); E(sig_sem(SEM_FIFO), E_OK);
	      E(pol_sem(SEM_FIFO), E_OK););
	CHECK("ter_tsk leaves the semaphore queue",
	      E(start(TSK_W1, job_sem_fifo), E_OK); E(ter_tsk(TSK_W1), E_OK);
	      E(sig_sem(SEM_FIFO), E_OK); E(pol_sem(SEM_FIFO), E_OK););
}

static void check_flg(void)
{
	FLGPTN p = 0;

	CHECK("flg E_ID", E(set_flg(0, 1), E_ID); E(clr_flg(99, 0), E_ID);
	      E(pol_flg(4, 1, TWF_ORW, &p), E_ID););
	CHECK("wai_flg E_PAR", E(wai_flg(FLG_MUL, 0, TWF_ORW, &p), E_PAR);
	      E(pol_flg(FLG_MUL, 1, 7, &p), E_PAR); E(twai_flg(FLG_MUL, 1, TWF_ORW, &p, -3), E_PAR););
	CHECK("pol_flg E_TMOUT", E(pol_flg(FLG_MUL, 1, TWF_ORW, &p), E_TMOUT););
	CHECK("TWF_ANDW and TWF_ORW",
	      E(set_flg(FLG_MUL, 0x3), E_OK); E(pol_flg(FLG_MUL, 0x3, TWF_ANDW, &p), E_OK);
	      E(p, 0x3); E(pol_flg(FLG_MUL, 0x5, TWF_ANDW, &p), E_TMOUT);
	      E(pol_flg(FLG_MUL, 0x5, TWF_ORW, &p), E_OK););
	CHECK("clr_flg", E(clr_flg(FLG_MUL, 0x1), E_OK);
	      E(pol_flg(FLG_MUL, 0x2, TWF_ORW, &p), E_TMOUT);
	      E(pol_flg(FLG_MUL, 0x1, TWF_ORW, &p), E_OK); E(clr_flg(FLG_MUL, 0), E_OK););
	SYSTIM t0 = now();
	CHECK("twai_flg E_TMOUT", E(twai_flg(FLG_MUL, 8, TWF_ORW, &p, 5), E_TMOUT);
	      E(now() - t0 >= 5, 1););
	CHECK("set_flg releases an ANDW waiter when all bits are set",
	      E(start(TSK_W1, job_flg_and6), E_OK); E(set_flg(FLG_MUL, 0x2), E_OK);
	      E(res[TSK_W1], 1); E(set_flg(FLG_MUL, 0x4), E_OK); E(res[TSK_W1], E_OK);
	      E(val[TSK_W1], 0x6); E(clr_flg(FLG_MUL, 0), E_OK););
	trace_reset();
	start(TSK_W1, job_flg_mul);
	start(TSK_W2, job_flg_mul);
	CHECK("TA_WMUL releases every satisfied waiter",
	      E(set_flg(FLG_MUL, 0x1), E_OK); E(trace_is("AB"), 1);
	      E(clr_flg(FLG_MUL, 0), E_OK););
	trace_reset();
	start(TSK_W2, job_flg_clr);
	start(TSK_W1, job_flg_clr);
	CHECK("TA_CLR clears the pattern at the first release",
	      E(set_flg(FLG_CLR, 0x3), E_OK); E(trace_is("B"), 1); E(val[TSK_W2], 0x3);
	      E(pol_flg(FLG_CLR, 0x3, TWF_ORW, &p), E_TMOUT);
	      E(set_flg(FLG_CLR, 0x1), E_OK); E(trace_is("BA"), 1););
	CHECK("TA_WSGL second waiter E_ILUSE",
	      E(start(TSK_W1, job_flg_sgl), E_OK);
	      E(twai_flg(FLG_SGL, 1, TWF_ORW, &p, 5), E_ILUSE);
	      E(set_flg(FLG_SGL, 1), E_OK); E(res[TSK_W1], E_OK); E(clr_flg(FLG_SGL, 0), E_OK););
}

static void check_dtq(void)
{
	VP_INT d = 0;

	CHECK("dtq E_ID", E(snd_dtq(0, 1), E_ID); E(rcv_dtq(99, &d), E_ID);
	      E(psnd_dtq(4, 1), E_ID););
	CHECK("dtq E_PAR", E(tsnd_dtq(DTQ_4, 1, -3), E_PAR); E(trcv_dtq(DTQ_4, &d, -3), E_PAR););
	CHECK("psnd_dtq/prcv_dtq FIFO and E_TMOUT when full or empty",
	      E(psnd_dtq(DTQ_4, 1), E_OK); E(psnd_dtq(DTQ_4, 2), E_OK);
	      E(psnd_dtq(DTQ_4, 3), E_OK); E(psnd_dtq(DTQ_4, 4), E_OK);
	      E(psnd_dtq(DTQ_4, 5), E_TMOUT);
	      E(prcv_dtq(DTQ_4, &d), E_OK); E(d, 1); E(prcv_dtq(DTQ_4, &d), E_OK); E(d, 2);
	      E(prcv_dtq(DTQ_4, &d), E_OK); E(d, 3); E(prcv_dtq(DTQ_4, &d), E_OK); E(d, 4);
	      E(prcv_dtq(DTQ_4, &d), E_TMOUT););
	SYSTIM t0 = now();
	CHECK("trcv_dtq E_TMOUT", E(trcv_dtq(DTQ_4, &d, 5), E_TMOUT); E(now() - t0 >= 5, 1););
	CHECK("tsnd_dtq E_TMOUT when full",
	      E(psnd_dtq(DTQ_1, 1), E_OK); E(tsnd_dtq(DTQ_1, 2, 3), E_TMOUT);
	      E(prcv_dtq(DTQ_1, &d), E_OK); E(d, 1););
	CHECK("snd_dtq hands data to a waiting receiver",
	      E(start(TSK_W1, job_rcv4), E_OK); E(snd_dtq(DTQ_4, 7), E_OK);
	      E(res[TSK_W1], E_OK); E(val[TSK_W1], 7); E(prcv_dtq(DTQ_4, &d), E_TMOUT););
	CHECK("rcv_dtq moves a blocked sender's data in",
	      E(snd_dtq(DTQ_4, 1), E_OK); E(snd_dtq(DTQ_4, 2), E_OK);
	      E(snd_dtq(DTQ_4, 3), E_OK); E(snd_dtq(DTQ_4, 4), E_OK);
	      E(start(TSK_W1, job_snd4), E_OK); E(res[TSK_W1], 1);
	      E(rcv_dtq(DTQ_4, &d), E_OK); E(d, 1); E(res[TSK_W1], E_OK);
	      E(rcv_dtq(DTQ_4, &d), E_OK); E(d, 2); E(rcv_dtq(DTQ_4, &d), E_OK); E(d, 3);
	      E(rcv_dtq(DTQ_4, &d), E_OK); E(d, 4); E(rcv_dtq(DTQ_4, &d), E_OK); E(d, 99););
	CHECK("zero-length data queue is a rendezvous",
	      E(psnd_dtq(DTQ_0, 5), E_TMOUT); E(start(TSK_W1, job_rcv0), E_OK);
	      E(psnd_dtq(DTQ_0, 5), E_OK); E(val[TSK_W1], 5);
	      E(start(TSK_W1, job_snd0), E_OK); E(prcv_dtq(DTQ_0, &d), E_OK); E(d, 6);
	      E(res[TSK_W1], E_OK););
	CHECK("TA_TPRI senders by priority, rel_wai of a sender",
	      E(psnd_dtq(DTQ_1, 1), E_OK); E(start(TSK_W2, job_snd1), E_OK);
	      E(start(TSK_W1, job_snd1), E_OK);
	      E(prcv_dtq(DTQ_1, &d), E_OK); E(d, 1); E(res[TSK_W1], E_OK);
	      E(rel_wai(TSK_W2), E_OK); E(res[TSK_W2], E_RLWAI);
	      E(prcv_dtq(DTQ_1, &d), E_OK); E(d, TSK_W1); E(prcv_dtq(DTQ_1, &d), E_TMOUT););
}

static void check_time(void)
{
	SYSTIM t0, t1;

	CHECK("get_tim advances with dly_tsk",
	      E(get_tim(&t0), E_OK); E(dly_tsk(10), E_OK); E(get_tim(&t1), E_OK);
	      E(t1 - t0 >= 10 && t1 - t0 <= 12, 1););
	CHECK("cyc E_ID", E(sta_cyc(0), E_ID); E(stp_cyc(99), E_ID););
	CHECK("cyc E_NOEXS", E(sta_cyc(CYC_GAP), E_NOEXS); E(stp_cyc(CYC_GAP), E_NOEXS););
	cyc_count = 0;
	CHECK("sta_cyc/stp_cyc run a 2 ms handler",
	      E(sta_cyc(CYC_TEST), E_OK); E(dly_tsk(20), E_OK); E(stp_cyc(CYC_TEST), E_OK);
	      E(cyc_count >= 9 && cyc_count <= 11, 1););
	UINT c = cyc_count;
	CHECK("stp_cyc stops it", E(dly_tsk(10), E_OK); E(cyc_count, c););
	CHECK("cyclic handler runs in non-task context",
	      E(cyc_res[0], TRUE); E(cyc_res[1], E_CTX););
	CHECK("sta_cyc/stp_cyc of a stopped handler", E(stp_cyc(CYC_SPARE), E_OK);
	      E(sta_cyc(CYC_SPARE), E_OK); E(stp_cyc(CYC_SPARE), E_OK););
}

void conf_main(VP_INT exinf)
{
	(void)exinf;
	syslog_printf("conformance: start\n");
	check_tasks();
	check_isr();
	check_sem();
	check_flg();
	check_dtq();
	check_time();
	syslog_printf("conformance: %d passed, %d failed\n", passed, failed);
	kernel_exit(failed ? 1 : 0);
}
