/* blink.h - object IDs and entry points of the blink application. */
#ifndef BLINK_H
#define BLINK_H

#include <kernel.h>

#define TSK_BLINK	1
#define CYC_BLINK	1
#define BLINK_PERIOD_MS	100

void blink_task(VP_INT exinf);
void blink_release(VP_INT exinf);

#endif /* BLINK_H */
