/*
 * asm/cpu.h - descriptor tables and privileged CPU operations: the GDT
 * (monitor segments, per-guest ring-3 segments and TSS), the IDT, control
 * registers and idling.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <stdint.h>

/* The monitor's flat ring-0 segments sit where Linux keeps its
 * __KERNEL_CS/__KERNEL_DS (GDT slots 12/13), so the IDT's gates and the
 * monitor's data selector work whichever of the two GDTs is loaded. */
#define SEL_KCODE	0x60
#define SEL_KDATA	0x68
#define SEL_GUEST_BASE	17		/* first GDT slot of guest 0: after the monitor's
				 * (12, 13) and Linux's TSS selector (16) */
#define SEL_GUEST_CODE(id)	((((SEL_GUEST_BASE + 3 * (id)) << 3)) | 3)
#define SEL_GUEST_DATA(id)	((((SEL_GUEST_BASE + 3 * (id) + 1) << 3)) | 3)

#define EFLAGS_IF	0x200
#define EFLAGS_RSVD	0x002

struct cfg_iobitmap;

void cpu_init(void);		/* boot CPU: build the GDT and IDT, load them */
void cpu_load_tables(void);	/* any core: load them */
/* frame_end: where the CPU pushes the guest's frame on a trap (esp0). */
void cpu_setup_guest(unsigned int id, uint32_t base, uint32_t limit,
		     const struct cfg_iobitmap *io, void *frame_end);
void cpu_switch_guest(unsigned int id);
void cpu_idle(void);
void cpu_irq_window(void);	/* sti; nop; cli: pending interrupts taken */
/* Trusted guests: their own GDT and TR while they run. */
struct cpu_guest_desc {
	uint16_t pad;
	uint16_t gdt_limit;
	uint32_t gdt_base;
	uint16_t tr;
	uint8_t own_tr;		/* tr is the guest's own (not a monitor TSS) */
};
void cpu_save_guest_desc(struct cpu_guest_desc *d);	/* and load the monitor's GDT */
void cpu_restore_guest_desc(const struct cpu_guest_desc *d);	/* on its CR3 */
struct trapframe;
void cpu_null_stale_selectors(struct trapframe *f);	/* on the guest's GDT */
uint32_t cpu_idt_base(void);
void cpu_set_gate_dpl(unsigned int vector, unsigned int dpl);
/* Enter a 32-bit boot protocol kernel: paging off, flat 0x10/0x18. */
void cpu_boot_trusted(uint32_t entry, uint32_t boot_params) __attribute__((noreturn));
void cpu_stop(void) __attribute__((noreturn));

static inline uint32_t cpu_read_cr3(void)
{
	uint32_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline uint32_t cpu_read_cr4(void)
{
	uint32_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void cpu_write_cr4(uint32_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void cpu_cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

static inline uint64_t cpu_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpu_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define MSR_EFER	0xc0000080u
#define EFER_NXE	(1u << 11)

static inline uint64_t cpu_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint32_t cpu_read_cr2(void)
{
	uint32_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

#endif /* ASM_CPU_H */
