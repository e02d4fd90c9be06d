/* load.h - object IDs and entry points of the load application. */
#ifndef LOAD_H
#define LOAD_H

#include <kernel.h>

#define TSK_REPORT	1
#define TSK_SPIN	2
#define CYC_RELEASE	1

#define LOAD_PERIOD_MS	10	/* of the reporting task */

void load_report(VP_INT exinf);
void load_spin(VP_INT exinf);
void load_release(VP_INT exinf);

#endif /* LOAD_H */
