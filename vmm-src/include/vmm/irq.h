/*
 * vmm/irq.h - per-vector interrupt counters (raised by the hardware or a
 * self-IPI, delivered to a guest handler) and the periodic status line
 * that shows them per interrupt line of the destination table.
 */
#ifndef VMM_IRQ_H
#define VMM_IRQ_H

#include <stdint.h>

struct cfg_irq_route;

void irq_count_raised(uint8_t vector);
void irq_count_delivered(uint8_t vector);
void irq_count_coalesced(uint8_t vector);	/* raised while still pending */
/* Index of the route whose vector this is in routes[0..n), or -1.  Pure. */
int irq_route_of(const struct cfg_irq_route *routes, unsigned int n, uint8_t vector);
/* Status line of route i (none for the monitor's own lines). */
void irq_report_line(unsigned int i, uint32_t now_ms);

#endif /* VMM_IRQ_H */
