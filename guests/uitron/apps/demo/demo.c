/*
 * demo.c - the demo application, also the reference workload for
 * native-vs-meso comparisons.  A cyclic handler releases the highest
 * priority task every 1 ms; the tick ISR takes the time its timer
 * interrupt was raised (natively when the stub was entered, on meso when
 * the monitor raised it: every delay of the delivery counts), so the task
 * measures its dispatch latency from the interrupt in TSC cycles and
 * counts the periods it missed.  Once a
 * second it prints two lines:
 *   demo: periods=1000 missed=0 lat_avg=N lat_max=N (tsc)
 * the second with the fastest semaphore ping-pong round that
 * second (two task switches; the task-switch benchmark):
 *   demo: pingpong round_min=N (tsc)
 * and every HIST_SECONDS seconds (and at the end) the latency histogram
 * of those seconds up to second s, non-empty buckets only, 12 to a line
 * (it may take several), bucket b holding latencies in [b*w, (b+1)*w)
 * tsc, the last one also everything above; it goes out a line a second:
 *   demo: hist w=512 s=20 20:9981 21:17 46:2
 * Below it a producer/consumer pair streams numbers through a data queue
 * and two tasks ping-pong on two semaphores, both in bursts that leave
 * the CPU idle most of the time, so a lower-priority guest beside it
 * (e.g. the load application) still runs.  With DEMO_SECONDS > 0 it
 * prints totals and stops after that many seconds.
 */
#include "demo.h"

#ifndef DEMO_SECONDS
#define DEMO_SECONDS 3
#endif
#define DEMO_BURST 16		/* data queue items, then 5 ms of rest */
#define DEMO_ROUNDS 4		/* ping-pong rounds, then 1 ms of rest */
#define HIST_SHIFT 9		/* 512 tsc per histogram bucket */
#define HIST_BUCKETS 128
#define HIST_SECONDS 10		/* a histogram covers this many seconds */

static const UINT demo_seconds = DEMO_SECONDS;

static volatile unsigned long long tick_tsc;
static volatile UINT released;
static volatile UINT dtq_sent, dtq_received, dtq_errors, pingpong_rounds;
static volatile unsigned long long round_min = ~0ull;	/* this second */
static UINT hist[HIST_BUCKETS];			/* since the last histogram */
static UINT hist_shown[HIST_BUCKETS];		/* the one going out */

static void hist_add(unsigned long long lat)
{
	unsigned long long b = lat >> HIST_SHIFT;

	hist[b < HIST_BUCKETS ? b : HIST_BUCKETS - 1]++;
}

static UINT put_u(char *s, UINT v)	/* decimal, returns its length */
{
	char t[10];
	UINT n = 0, i = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		s[i++] = t[--n];
	return i;
}

/*
 * Up to `lines` lines (12 buckets each) of the histogram of the seconds
 * up to `upto`, from bucket *next on; the buckets printed are cleared.
 * Returns 1 when the histogram is all out.
 */
static int hist_print(UINT *h, UINT upto, UINT *next, UINT lines)
{
	char line[12 * 16 + 1];
	UINT n = 0, shown = 0;

	for (; *next < HIST_BUCKETS && lines; ++*next) {
		if (!h[*next])
			continue;
		line[n++] = ' ';
		n += put_u(line + n, *next);
		line[n++] = ':';
		n += put_u(line + n, h[*next]);
		h[*next] = 0;
		if (++shown == 12) {
			line[n] = 0;
			syslog_printf("demo: hist w=%u s=%u%s\n", 1u << HIST_SHIFT, upto, line);
			n = shown = 0;
			lines--;
		}
	}
	if (n) {
		line[n] = 0;
		syslog_printf("demo: hist w=%u s=%u%s\n", 1u << HIST_SHIFT, upto, line);
	}
	return *next == HIST_BUCKETS;
}

/*
 * Once a second: at a HIST_SECONDS boundary the histogram is handed to
 * hist_shown, which goes out one line a second (console output from the
 * 1 ms task must stay short); at the end of a finite run all at once.
 */
static void hist_second(UINT seconds, int last)
{
	static UINT next = HIST_BUCKETS, upto;

	if (next < HIST_BUCKETS && (last || seconds % HIST_SECONDS == 0))
		hist_print(hist_shown, upto, &next, HIST_BUCKETS);	/* the rest */
	if (last) {
		next = 0;
		hist_print(hist, seconds, &next, HIST_BUCKETS);
		return;
	}
	if (seconds % HIST_SECONDS == 0) {
		for (UINT i = 0; i < HIST_BUCKETS; i++) {
			hist_shown[i] = hist[i];
			hist[i] = 0;
		}
		upto = seconds;
		next = 0;
	}
	if (next < HIST_BUCKETS)
		hist_print(hist_shown, upto, &next, 1);
}

void demo_tick_isr(VP_INT exinf)
{
	(void)exinf;
	tick_tsc = kernel_timer_raised();
}

void demo_release(VP_INT exinf)
{
	(void)exinf;
	released++;
	iwup_tsk(TSK_PERIODIC);
}

void demo_periodic(VP_INT exinf)
{
	UINT last = 0, periods = 0, missed = 0, seconds = 0;
	unsigned long long sum = 0, max = 0;

	(void)exinf;
	syslog_printf("demo: start (1 ms period, %d s)\n", DEMO_SECONDS);
	for (;;) {
		slp_tsk();
		unsigned long long lat = kernel_cycles() - tick_tsc;
		UINT r = released;

		if (!last)	/* releases before the first wait are start-up */
			last = r - 1;
		missed += r - last - 1;
		last = r;
		periods++;
		sum += lat;
		if (lat > max)
			max = lat;
		hist_add(lat);
		if (r / 1000 == seconds)
			continue;
		seconds = r / 1000;
		syslog_printf("demo: periods=%u missed=%u lat_avg=%llu lat_max=%llu (tsc)\n",
			      periods, missed, sum / periods, max);
		syslog_printf("demo: pingpong round_min=%llu (tsc)\n", round_min);
		hist_second(seconds, demo_seconds && seconds >= demo_seconds);
		round_min = ~0ull;
		periods = missed = 0;
		sum = max = 0;
		if (demo_seconds && seconds >= demo_seconds) {
			syslog_printf("demo: dtq sent=%u received=%u errors=%u\n",
				      dtq_sent, dtq_received, dtq_errors);
			syslog_printf("demo: sem pingpong rounds=%u\n", pingpong_rounds);
			syslog_printf("demo: done\n");
			kernel_exit(dtq_errors || !dtq_received || !pingpong_rounds);
		}
	}
}

void demo_producer(VP_INT exinf)
{
	(void)exinf;
	for (VP_INT n = 1;; n++) {
		if (snd_dtq(DTQ_DATA, n) != E_OK)
			dtq_errors++;
		dtq_sent++;
		if (n % DEMO_BURST == 0)
			dly_tsk(5);
	}
}

void demo_consumer(VP_INT exinf)
{
	VP_INT data, expect = 1;

	(void)exinf;
	for (;;) {
		if (rcv_dtq(DTQ_DATA, &data) != E_OK || data != expect)
			dtq_errors++;
		expect = data + 1;
		dtq_received++;
	}
}

void demo_ping(VP_INT exinf)
{
	(void)exinf;
	for (;;) {
		unsigned long long t0 = kernel_cycles();

		sig_sem(SEM_PONG);
		wai_sem(SEM_PING);	/* two task switches: to pong and back */
		unsigned long long t = kernel_cycles() - t0;

		if (t < round_min)
			round_min = t;
		if (++pingpong_rounds % DEMO_ROUNDS == 0)
			dly_tsk(1);	/* bounded: the CPU idles, guests below run */
	}
}

void demo_pong(VP_INT exinf)
{
	(void)exinf;
	for (;;) {
		wai_sem(SEM_PONG);
		sig_sem(SEM_PING);
	}
}
