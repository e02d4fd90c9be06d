/*
 * vmm/guest.h - guest images: match the Multiboot modules to the
 * generated guest table, keep a pristine copy in the monitor window and
 * (re)load a guest's ELF segments into its partition, in bounded steps.
 */
#ifndef VMM_GUEST_H
#define VMM_GUEST_H

struct multiboot_info;
struct vcpu;

void guest_stage_modules(const struct multiboot_info *mbi);
int guest_build(struct vcpu *v);
/* Start (re)loading: v becomes runnable and loading; then one bounded step per
 * call, 1 when its image is in place. */
int guest_load(struct vcpu *v);
int guest_load_step(struct vcpu *v);

#endif /* VMM_GUEST_H */
