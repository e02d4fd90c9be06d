/*
 * vmm/vtimer.h - the monitor's time base (PIT ticks of CFG_TICK_US) and
 * the per-guest virtual timers it drives.
 */
#ifndef VMM_VTIMER_H
#define VMM_VTIMER_H

#include <stdint.h>

struct vcpu;

/* Start the tick; the TSC rate lets it count the ticks it loses. */
void vtimer_start(uint32_t tsc_khz);
void vtimer_start_core(void);	/* cores 1..: they take the relayed tick */
void vtimer_tick(void);
int vtimer_set(struct vcpu *v, uint32_t us, int periodic);
uint64_t vtimer_now_us(void);

#endif /* VMM_VTIMER_H */
