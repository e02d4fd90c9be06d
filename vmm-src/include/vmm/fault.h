/* vmm/fault.h - guest faults and the per-guest fault policy (health log). */
#ifndef VMM_FAULT_H
#define VMM_FAULT_H

#include <stdint.h>

struct vcpu;

/* insn: the trapping instruction's name for the log, or 0. */
void fault_guest(struct vcpu *v, const char *what, const char *insn, uint32_t eip);
/* The same with an address or number the fault is about ("gpa", "port"). */
void fault_guest_at(struct vcpu *v, const char *what, const char *name, uint32_t value,
		    uint32_t eip);
/* The guest stops itself (MESO_HC_EXIT): logged, then the same policy. */
void fault_guest_exit(struct vcpu *v, uint32_t reason, uint32_t eip);
/* A health line about v, within v's rate limit (else counted). */
void fault_health(struct vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fault_health_init(struct vcpu *v);
/* Each status period, guest i: its suppressed count shown, its rate
 * limit refilled. */
void fault_report_line(unsigned int i);

#endif /* VMM_FAULT_H */
