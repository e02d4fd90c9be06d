/* vmm/hcall.h - hypercall dispatch (ABI in <meso/hypercall.h>). */
#ifndef VMM_HCALL_H
#define VMM_HCALL_H

#include <stdint.h>

struct vcpu;

/* 1: the scheduler must look (see hcall.c); 0: back to the caller. */
int hcall_dispatch(struct vcpu *v);
/* Is [off, off+len) inside v's partition?  Returns the linear address or 0. */
uint32_t hcall_guest_range(const struct vcpu *v, uint32_t off, uint32_t len);

#endif /* VMM_HCALL_H */
