/* crash.h - object IDs and entry points of the crash application. */
#ifndef CRASH_H
#define CRASH_H

#include <kernel.h>

#define TSK_PERIODIC	1
#define TSK_SPIN	2
#define CYC_RELEASE	1

#define CRASH_AFTER	2000	/* periods of 1 ms before the fault */

void crash_periodic(VP_INT exinf);
void crash_spin(VP_INT exinf);
void crash_release(VP_INT exinf);

#endif /* CRASH_H */
