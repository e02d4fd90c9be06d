/*
 * blink.c - a uITRON application kept in an external tree: meso's RTOS
 * kernel and port, this tree's tasks.  It reports five 100 ms periods
 * and sleeps.
 */
#include "blink.h"

void blink_release(VP_INT exinf)
{
	(void)exinf;
	iwup_tsk(TSK_BLINK);
}

void blink_task(VP_INT exinf)
{
	UINT n;

	(void)exinf;
	for (n = 1; n <= 5; n++) {
		slp_tsk();
		syslog_printf("blink: period %u\n", n);
	}
	syslog_printf("blink: done\n");
	slp_tsk();
}
