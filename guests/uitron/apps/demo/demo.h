/* demo.h - object IDs and entry points of the demo application. */
#ifndef DEMO_H
#define DEMO_H

#include <kernel.h>

#define TSK_PERIODIC	1
#define TSK_PRODUCER	2
#define TSK_CONSUMER	3
#define TSK_PING	4
#define TSK_PONG	5
#define SEM_PING	1
#define SEM_PONG	2
#define DTQ_DATA	1
#define CYC_RELEASE	1

void demo_periodic(VP_INT exinf);
void demo_producer(VP_INT exinf);
void demo_consumer(VP_INT exinf);
void demo_ping(VP_INT exinf);
void demo_pong(VP_INT exinf);
void demo_release(VP_INT exinf);
void demo_tick_isr(VP_INT exinf);

#endif /* DEMO_H */
