/*
 * irq.c - interrupt accounting.  Every vector that reaches the monitor is
 * counted as raised; every virtual interrupt pushed onto a guest's stack
 * as delivered; one raised while the same vector still waited for its
 * guest (which sees them as one, as a CPU would) as coalesced, so raised
 * = delivered + coalesced + still pending.  The status report (every IRQ_STATUS_MS of monitor time,
 * from the tick) shows both per guest-owned line of the destination
 * table, so a test
 * can check that a guest saw every interrupt of its line: nothing lost.
 */
#include <stdint.h>
#include <vmm/con.h>
#include <vmm/config_tables.h>
#include <vmm/irq.h>

static uint32_t raised[256], delivered[256], coalesced[256];

void irq_count_raised(uint8_t vector)
{
	raised[vector]++;
}

void irq_count_delivered(uint8_t vector)
{
	delivered[vector]++;
}

void irq_count_coalesced(uint8_t vector)
{
	coalesced[vector]++;
}

int irq_route_of(const struct cfg_irq_route *routes, unsigned int n, uint8_t vector)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (routes[i].vector == vector)
			return i;
	return -1;
}

/* Route i's line, if a guest owns it; the monitor's own (the tick) are
 * not shown. */
void irq_report_line(unsigned int i, uint32_t now_ms)
{
	const struct cfg_irq_route *r = &cfg_irq_routes[i];

	if (r->owner < CFG_NR_GUESTS)
		con_printf("status: %u ms: irq %u -> %s: raised %u, delivered %u, coalesced %u\n",
			   now_ms, r->irq, cfg_vcpus[r->owner].name,
			   raised[r->vector], delivered[r->vector], coalesced[r->vector]);
}
