/*
 * asm/mmu.h - PAE paging (64-bit entries, 2 MiB large pages, NX).  An
 * address space is a page-directory-pointer table and four page
 * directories, kept as one array of 2048 entries of 2 MiB each.  The boot
 * space (built in entry.S, made W^X by mmu_init) identity-maps the first
 * GiB for the monitor's boot work; every isolated guest gets a space of
 * its own with its partition and channels as user pages.  All share the
 * supervisor-only APIC pages and monitor window.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <stdint.h>
#include <generated/meso_layout.h>

#define PAGE_SIZE	0x1000u
#define LARGE_PAGE_SIZE	0x200000u	/* one page-directory entry */
#define PTE_P		0x001u
#define PTE_W		0x002u
#define PTE_U		0x004u
#define PTE_PS		0x080u		/* a 2 MiB page (page-directory entry) */
#define PTE_NX		(1ull << 63)	/* only while EFER.NXE is on (mmu_nx) */

/* Physical address of a monitor (window) object. */
#define MMU_PHYS(virt)	((uint32_t)(virt) - (CFG_MONITOR_VIRT_BASE - CFG_MONITOR_PHYS_BASE))
#define MMU_VIRT(phys)	((void *)((uint32_t)(phys) + (CFG_MONITOR_VIRT_BASE - CFG_MONITOR_PHYS_BASE)))

struct mmu_space {
	uint64_t pdpt[512];	/* 4 used; CR3 points here */
	uint64_t pd[2048];	/* entry (linear >> 21) */
} __attribute__((aligned(PAGE_SIZE)));

void mmu_init(void);
struct mmu_space *mmu_new_space(void);
/* A nested page table (SVM): the same format, no monitor part. */
struct mmu_space *mmu_new_npt(void);
int mmu_map(struct mmu_space *s, uint32_t lin, uint32_t phys, uint32_t size, uint32_t flags);
void mmu_switch(struct mmu_space *s);
void mmu_switch_boot(void);
/* A trusted guest's own page tables (CR3, physical), which map the window. */
void mmu_load_foreign(uint32_t cr3);
void mmu_forget(void);		/* CR3 was changed behind mmu_switch */

extern struct mmu_space mmu_boot;
extern uint64_t mmu_window_pt[CFG_MONITOR_WINDOW_SIZE >> 21][512];
extern uint64_t mmu_nx;		/* PTE_NX when the CPU has NX, else 0 */

#endif /* ASM_MMU_H */
