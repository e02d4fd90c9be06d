/* vmm/fault.h - guest faults and the per-guest fault policy (health log). */
#ifndef VMM_FAULT_H
#define VMM_FAULT_H

#include <stdint.h>

struct vcpu;

/* insn: the trapping instruction's name for the log, or 0. */
void fault_guest(struct vcpu *v, const char *what, const char *insn, uint32_t eip);
/* The guest stops itself (MESO_HC_EXIT): logged, then the same policy. */
void fault_guest_exit(struct vcpu *v, uint32_t reason, uint32_t eip);

#endif /* VMM_FAULT_H */
