/*
 * probe.h - the tiny runtime shared by the probe guests: console printf,
 * partition info and virtual interrupt handlers, all on top of the public
 * <meso/hypercall.h> and nothing else.
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdint.h>
#include <meso/hypercall.h>

typedef void (*probe_handler_t)(unsigned int vector);

extern struct meso_info probe_info;

int main(void);
void probe_init(void);
void probe_irq(unsigned int vector);
void probe_on_irq(unsigned int vector, probe_handler_t fn);
void probe_on_any_irq(probe_handler_t fn);
void probe_wait(volatile uint32_t *flag);
void probe_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same formatting into buf (no terminating NUL); returns the length. */
uint32_t probe_format(char *buf, uint32_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* PROBE_H */
