/*
 * asm/svm.h - hardware-isolated guests on AMD SVM with nested paging
 * (arch/x86/svm.c).  Such a guest runs at its own ring 0 in SVM guest
 * mode; its nested page table maps only its partition (guest-physical 0
 * = partition start) and its channel windows, and the monitor intercepts
 * everything a contained guest must not do (docs/isolation.md).
 */
#ifndef ASM_SVM_H
#define ASM_SVM_H

#include <stdint.h>

struct vcpu;

/* Once at boot if the product has SVM guests: CPUID, EFER.SVME, the host
 * save area, and the self-check that nested paging really isolates.
 * 0 if SVM guests can run; else a console line said why. */
int svm_init(void);
/* v's VMCB, nested page table and I/O map; -1 (with a line) if refused. */
int svm_build(struct vcpu *v);
/* v's VMCB as for a fresh start at v->entry (vcpu_reset). */
void svm_reset(struct vcpu *v);
/* Run v until its next #VMEXIT (its queued interrupt first); the exit code. */
uint32_t svm_run(struct vcpu *v);
/* Handle that exit: a hypercall, an emulation, or v's fault policy.
 * Returns 1 if it was a physical interrupt, which waits (GIF set, IF
 * clear) for the caller's interrupt window. */
int svm_exit(struct vcpu *v, uint32_t exit);
/* Whether v has a virtual interrupt queued but not yet taken. */
int svm_irq_queued(const struct vcpu *v);

/* The status report's line: world switches (#VMEXITs) since the last. */
void svm_report_line(uint32_t now_ms);

/* svmentry.S: VMRUN with the guest's other registers from/to ctx, the
 * host's FS, GS, TR and LDTR kept in host_phys meanwhile. */
void svm_enter(uint32_t vmcb_phys, void *ctx, uint32_t host_phys);

#endif /* ASM_SVM_H */
