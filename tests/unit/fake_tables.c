/*
 * fake_tables.c - the generated tables for the unit tests (see
 * include/generated/meso_layout.h): three guests, a monitor line and a
 * guest-owned line, and a console stub for the files that log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <vmm/con.h>
#include <vmm/config_tables.h>

static const struct cfg_port_range rtos_ports[] = { { 0x2f8, 0x2ff }, { 0x70, 0x71 } };

const struct cfg_vcpu cfg_vcpus[CFG_NR_GUESTS] = {
	{ .name = "rtos", .priority = 200, .timer_vector = 0xef, .timer_period_us = 1000,
	  .console_port = 0x2f8, .ports = rtos_ports, .nr_ports = 2 },
	{ .name = "linux", .priority = 10, .timer_vector = 0x4f },
	{ .name = "probe-with-a-very-long-name", .priority = 100, .timer_vector = 0x8f },
};

const struct cfg_partition cfg_partitions[CFG_NR_GUESTS] = {
	{ .mem = { 0x01000000, 0x00400000 } },
	{ .mem = { 0x04000000, 0x08000000 } },
	{ .mem = { 0x01400000, 0x00100000 } },
};

const struct cfg_irq_route cfg_irq_routes[CFG_NR_IRQ_ROUTES_ALLOC] = {
	{ .irq = 0, .pin = 2, .vector = 0xf0, .owner = CFG_OWNER_MONITOR },
	{ .irq = 8, .pin = 8, .vector = 0xe1, .owner = 0 },
};

char unit_console[4096];

void con_printf(const char *fmt, ...)
{
	size_t n = strlen(unit_console);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(unit_console + n, sizeof(unit_console) - n, fmt, ap);
	va_end(ap);
}
