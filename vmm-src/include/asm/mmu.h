/*
 * asm/mmu.h - 32-bit paging.  The boot page directory (built in entry.S)
 * identity-maps RAM for the monitor's boot work; every guest gets its own
 * directory with its partition and channels as user pages.  All share the
 * supervisor-only monitor window and the APIC page.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <stdint.h>
#include <generated/meso_layout.h>

#define PAGE_SIZE	0x1000u
#define PTE_P		0x001u
#define PTE_W		0x002u
#define PTE_U		0x004u

/* Physical address of a monitor (window) object. */
#define MMU_PHYS(virt)	((uint32_t)(virt) - (CFG_MONITOR_VIRT_BASE - CFG_MONITOR_PHYS_BASE))
#define MMU_VIRT(phys)	((void *)((uint32_t)(phys) + (CFG_MONITOR_VIRT_BASE - CFG_MONITOR_PHYS_BASE)))

uint32_t *mmu_new_space(void);
int mmu_map(uint32_t *pd, uint32_t lin, uint32_t phys, uint32_t size, uint32_t flags);
void mmu_switch(uint32_t *pd);
void mmu_switch_boot(void);
/* A trusted guest's own page directory (physical), which maps the window. */
void mmu_load_foreign(uint32_t cr3);
void mmu_forget(void);		/* CR3 was changed behind mmu_switch */

extern uint32_t mmu_boot_pd[1024];
extern uint32_t mmu_window_pt[CFG_MONITOR_WINDOW_SIZE >> 22][1024];

#endif /* ASM_MMU_H */
