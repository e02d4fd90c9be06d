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
/* The guest's timer, one-shot in us (0: stopped, its vector taken);
 * probe_timer_fired is set when it comes (cleared here).
 * probe_sleep_us() arms it and waits. */
extern volatile uint32_t probe_timer_fired;
void probe_timer_arm(uint32_t us);
void probe_sleep_us(uint32_t us);

/* attack.c: the fault-injection probes' rounds of attacks. */
struct probe_attack {
	const char *what;
	void (*fn)(void);
	int faults;		/* 1: ends this start (the policy restarts it) */
};
void probe_run_attacks(const char *name, const struct probe_attack *attacks, uint32_t n)
	__attribute__((noreturn));
void probe_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same formatting into buf (no terminating NUL); returns the length. */
uint32_t probe_format(char *buf, uint32_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* PROBE_H */
