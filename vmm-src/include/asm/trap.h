/*
 * asm/trap.h - the register frame every entry into the monitor builds on
 * (arch/x86/trapentry.S), and the one C entry point.  A frame from ring 3
 * also holds the guest's esp/ss; it is built in place in the guest's vCPU.
 */
#ifndef ASM_TRAP_H
#define ASM_TRAP_H

#include <stdint.h>

struct trapframe {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	uint32_t vector, err;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;		/* only when entered from ring 3 */
};


/* Called by the entry stubs with interrupts off; returns the frame to resume. */
struct trapframe *trap_handle(struct trapframe *tf);
/* Load the frame into the CPU and iret. */
void trap_enter(struct trapframe *tf) __attribute__((noreturn));

#endif /* ASM_TRAP_H */
