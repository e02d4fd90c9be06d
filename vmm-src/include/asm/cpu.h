/*
 * asm/cpu.h - descriptor tables and privileged CPU operations: the GDT
 * (monitor segments, per-guest ring-3 segments and TSS), the IDT, control
 * registers and idling.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <stdint.h>

#define SEL_KCODE	0x08
#define SEL_KDATA	0x10
#define SEL_GUEST_BASE	3		/* first GDT slot of guest 0 */
#define SEL_GUEST_CODE(id)	((((SEL_GUEST_BASE + 3 * (id)) << 3)) | 3)
#define SEL_GUEST_DATA(id)	((((SEL_GUEST_BASE + 3 * (id) + 1) << 3)) | 3)

#define EFLAGS_IF	0x200
#define EFLAGS_RSVD	0x002

struct cfg_iobitmap;

void cpu_init(void);
/* frame_end: where the CPU pushes the guest's frame on a trap (esp0). */
void cpu_setup_guest(unsigned int id, uint32_t base, uint32_t limit,
		     const struct cfg_iobitmap *io, void *frame_end);
void cpu_switch_guest(unsigned int id);
void cpu_idle(void);
void cpu_stop(void) __attribute__((noreturn));

static inline uint32_t cpu_read_cr2(void)
{
	uint32_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

#endif /* ASM_CPU_H */
