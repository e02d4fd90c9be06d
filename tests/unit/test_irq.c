/* test_irq.c - routing lookup and the per-line counters' status line. */
#include <stdint.h>
#include <string.h>
#include <vmm/config_tables.h>
#include <vmm/irq.h>
#include "unit.h"

extern char unit_console[];

void suite_irq(void)
{
	unsigned int i;

	CHECK("irq route of the monitor tick", irq_route_of(cfg_irq_routes, CFG_NR_IRQ_ROUTES, 0xf0) == 0);
	CHECK("irq route of a guest line", irq_route_of(cfg_irq_routes, CFG_NR_IRQ_ROUTES, 0xe1) == 1);
	CHECK("irq vector of no line is -1", irq_route_of(cfg_irq_routes, CFG_NR_IRQ_ROUTES, 0xef) == -1);
	CHECK("irq empty table is -1", irq_route_of(cfg_irq_routes, 0, 0xf0) == -1);

	for (i = 0; i < 5; i++)
		irq_count_raised(0xe1);
	for (i = 0; i < 3; i++)
		irq_count_delivered(0xe1);
	irq_count_coalesced(0xe1);
	for (i = 0; i < 7; i++)
		irq_count_raised(0xf0);
	irq_count_raised(0x30);		/* no line: not shown */
	unit_console[0] = 0;
	for (i = 0; i < CFG_NR_IRQ_ROUTES; i++)
		irq_report_line(i, 2000);
	CHECK("irq status: one line, the guest-owned one",
	      !strcmp(unit_console, "status: 2000 ms: irq 8 -> rtos: raised 5, delivered 3, coalesced 1\n"));
}
