/*
 * vmm/smp.h - one monitor instance per core.  Each core runs on its own
 * 16 KiB stack (entry.S: cpu_stack, core 0's first), so a core finds its
 * index from its stack pointer without a lock or a memory access; modules
 * keep their per-core state in arrays indexed by it.  With CFG_NR_CPUS 1
 * every function here is a constant and the monitor is the single-core
 * one.  Only the console takes a lock (smp_lock), never a hot path.
 */
#ifndef VMM_SMP_H
#define VMM_SMP_H

#include <stdint.h>
#include <generated/meso_layout.h>

#define CPU_STACK_SHIFT	14		/* 16 KiB per core */
#define CPU_STACK_SIZE	(1u << CPU_STACK_SHIFT)

extern char cpu_stack[];		/* entry.S: CFG_NR_CPUS stacks */

static inline unsigned int smp_cpu(void)
{
#if CFG_NR_CPUS == 1
	return 0;
#else
	uint32_t esp;

	__asm__("mov %%esp, %0" : "=r"(esp));
	return (esp - (uint32_t)cpu_stack) >> CPU_STACK_SHIFT;
#endif
}

/*
 * At every exit of the monitor, where the board asks for it (QEMU 7.2's
 * -icount): QEMU runs the cores round-robin in one thread, switches only
 * when one executes pause or hlt, and starts every round with core 0.  So
 * every core but the last lets the next one run (measured: a ticker on
 * core 1 beside a hammering guest on core 0 took 12 of 86,000 ticks a
 * tick late without this, none with it; letting the last core pause too
 * made it 4 of 43,000 again).
 */
static inline void smp_yield(void)
{
#if CFG_SMP_YIELD
	if (smp_cpu() != CFG_NR_CPUS - 1)
		__asm__ volatile("pause");
#endif
}

#if CFG_NR_CPUS == 1
static inline void smp_find_cores(void) { }
static inline void smp_start_cores(uint32_t tsc_khz) { (void)tsc_khz; }
static inline void smp_release(void) { }
static inline uint8_t smp_apic_id(unsigned int cpu) { (void)cpu; return 0; }
static inline int smp_core_up(unsigned int cpu) { (void)cpu; return 1; }
static inline void smp_kick(unsigned int cpu, uint8_t vector) { (void)cpu; (void)vector; }
typedef struct { int unused; } smp_lock_t;
static inline void smp_lock(smp_lock_t *l) { (void)l; }
static inline int smp_trylock(smp_lock_t *l) { (void)l; return 1; }
static inline void smp_unlock(smp_lock_t *l) { (void)l; }
#else
/* Boot CPU: the APIC IDs from the ACPI MADT (before apic_init routes
 * lines to them), then start cores 1.., which wait for smp_release(). */
void smp_find_cores(void);
void smp_start_cores(uint32_t tsc_khz);
void smp_release(void);
uint8_t smp_apic_id(unsigned int cpu);		/* the MADT's, core 0 the boot CPU */
int smp_core_up(unsigned int cpu);
/* A vector raised on another core: a fixed IPI, then `pause` (QEMU's
 * -icount runs cores round-robin; the pause lets the target take it). */
void smp_kick(unsigned int cpu, uint8_t vector);
typedef struct { volatile uint32_t held; } smp_lock_t;
static inline int smp_trylock(smp_lock_t *l)
{
	return !__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE);
}
static inline void smp_lock(smp_lock_t *l)
{
	while (!smp_trylock(l))
		while (l->held)
			__asm__ volatile("pause");
}
static inline void smp_unlock(smp_lock_t *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}
#endif

#endif /* VMM_SMP_H */
