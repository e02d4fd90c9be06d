/*
 * irqsoff.c - the interrupts-off tracer's table and its status lines,
 * "irqsoff: max tsc hc0=N hc1=N hc2=N hc3=N" and so on, four paths a line
 * (hc0..hc10, hcbad, exc, tick, status, irq, load, idle, svm): the longest
 * stretch per path since boot, the longest of every core.  The measuring is inline, in
 * vmm/irqsoff.h, at the monitor's entries, exits and windows.
 */
#include <stdint.h>
#include <vmm/con.h>
#include <vmm/irqsoff.h>

struct irqsoff_state irqsoff_of[CFG_NR_CPUS];

/* Line i (four paths each); 0 past the last.  One format a line: the
 * report itself runs with interrupts off, from the tick. */
int irqsoff_report_line(unsigned int i)
{
	static const char *const names[IRQSOFF_NR_PATHS] = {
		"hc0", "hc1", "hc2", "hc3", "hc4", "hc5", "hc6", "hc7", "hc8",
		"hc9", "hc10", "hcbad", "exc", "tick", "status", "irq", "load",
		"idle", "svm",
	};
	uint32_t p = 4 * i, m[4] = { 0 }, k, cpu;

	if (!CFG_IRQSOFF_TRACE || p >= IRQSOFF_NR_PATHS)
		return 0;
	for (k = 0; k < 4 && p + k < IRQSOFF_NR_PATHS; k++)
		for (cpu = 0; cpu < CFG_NR_CPUS; cpu++)
			if (irqsoff_of[cpu].max[p + k] > m[k])
				m[k] = irqsoff_of[cpu].max[p + k];
	con_printf("irqsoff: max tsc %s=%u %s=%u %s=%u %s=%u\n",
		   names[p], m[0], p + 1 < IRQSOFF_NR_PATHS ? names[p + 1] : "-", m[1],
		   p + 2 < IRQSOFF_NR_PATHS ? names[p + 2] : "-", m[2],
		   p + 3 < IRQSOFF_NR_PATHS ? names[p + 3] : "-", m[3]);
	return 1;
}
