/*
 * mmu.c - address spaces.  entry.S builds the boot space (the first GiB
 * identity-mapped with 2 MiB pages, the APIC pages, the monitor window
 * through 4 KiB page tables); mmu_init turns on NX and makes it W^X.
 * Every isolated guest gets a space from a static pool, with the kernel
 * part (APIC pages and window, supervisor-only) shared with the boot
 * space and its partition and channels as user pages; a hardware-
 * isolated guest a nested page table of the same format (svm.c).
 */
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <vmm/con.h>
#include <vmm/smp.h>
#include <vmm/string.h>

#define KERNEL_PDE	(0xfec00000u >> 21)	/* APIC pages and up */
#define PT_POOL		(4 + 6 * CFG_NR_GUESTS)
#define SPACES		(CFG_NR_GUESTS + (CFG_NR_SVM_GUESTS ? 1 : 0))	/* + the SVM self-check */
#define PHYS_PDE_FIRST	(CFG_MONITOR_PHYS_BASE >> 21)
#define PHYS_PDES	(((CFG_MONITOR_PHYS_BASE + CFG_MONITOR_SIZE + LARGE_PAGE_SIZE - 1) >> 21) - PHYS_PDE_FIRST)

/* Linker symbols (vmm.ld): the .boot pages run at their physical
 * addresses; then text, read-only data and data in the window. */
extern char vmm_boot_end[], vmm_virt_start[], vmm_rodata_start[], vmm_data_start[];

struct mmu_space mmu_boot;
uint64_t mmu_window_pt[CFG_MONITOR_WINDOW_SIZE >> 21][512] __attribute__((aligned(PAGE_SIZE)));
uint64_t mmu_nx;
/* The monitor's own physical pages, where the boot space's identity map
 * covers them: 4 KiB pages, so that its text is not writable there. */
static uint64_t phys_pt[PHYS_PDES][512] __attribute__((aligned(PAGE_SIZE)));
static struct mmu_space spaces[SPACES];
static uint64_t pt_pool[PT_POOL][512] __attribute__((aligned(PAGE_SIZE)));
static unsigned int spaces_used, pts_used;
static struct mmu_space *loaded[CFG_NR_CPUS];	/* per core */

/* What a page of the monitor may do, by the section at its physical
 * address: .boot code runs there (entry, trusted boot), text is
 * read-only and executable in the window only, the rest never executes. */
static uint64_t monitor_page(uint32_t phys, int window)
{
	uint32_t text = MMU_PHYS(vmm_virt_start), rodata = MMU_PHYS(vmm_rodata_start);
	uint32_t data = MMU_PHYS(vmm_data_start);

	if (phys < (uint32_t)vmm_boot_end)
		return window ? PTE_P | mmu_nx : PTE_P;
	if (phys >= text && phys < rodata)
		return window ? PTE_P : PTE_P | mmu_nx;
	if (phys < data)
		return PTE_P | mmu_nx;
	return PTE_P | PTE_W | mmu_nx;
}

void mmu_init(void)
{
	uint32_t r[4], i, j;

	cpu_cpuid(0x80000000u, r);
	if (r[0] >= 0x80000001u) {
		cpu_cpuid(0x80000001u, r);
		if (r[3] & (1u << 20)) {
			cpu_wrmsr(MSR_EFER, cpu_rdmsr(MSR_EFER) | EFER_NXE);
			mmu_nx = PTE_NX;
		}
	}
	for (i = 0; i < CFG_MONITOR_SIZE / PAGE_SIZE; i++)
		mmu_window_pt[i / 512][i % 512] = (CFG_MONITOR_PHYS_BASE + i * PAGE_SIZE) |
						  monitor_page(CFG_MONITOR_PHYS_BASE + i * PAGE_SIZE, 1);
	for (i = 0; i < KERNEL_PDE; i++)
		if (mmu_boot.pd[i] & PTE_PS)
			mmu_boot.pd[i] |= mmu_nx;
	for (i = KERNEL_PDE; i < KERNEL_PDE + 2; i++)
		mmu_boot.pd[i] |= mmu_nx;			/* APIC pages */
	for (i = 0; i < PHYS_PDES; i++) {
		for (j = 0; j < 512; j++) {
			uint32_t a = (PHYS_PDE_FIRST + i) * LARGE_PAGE_SIZE + j * PAGE_SIZE;

			if (a >= CFG_MONITOR_PHYS_BASE && a < CFG_MONITOR_PHYS_BASE + CFG_MONITOR_SIZE)
				phys_pt[i][j] = a | monitor_page(a, 0);
			else
				phys_pt[i][j] = a | PTE_P | PTE_W | mmu_nx;
		}
		mmu_boot.pd[PHYS_PDE_FIRST + i] = MMU_PHYS(phys_pt[i]) | PTE_P | PTE_W;
	}
	loaded[smp_cpu()] = 0;
	mmu_switch_boot();
	con_printf("mmu: PAE, %s\n", mmu_nx ? "NX: monitor W^X (text r-x, the rest rw- or r--)" :
		   "no NX on this CPU: monitor text read-only, data executable");
}

static uint64_t *alloc_pt(void)
{
	uint64_t *p;

	if (pts_used == PT_POOL)
		panic("page-table pool exhausted (%u pages)", PT_POOL);
	p = pt_pool[pts_used++];
	memset(p, 0, PAGE_SIZE);
	return p;
}

struct mmu_space *mmu_new_npt(void)
{
	struct mmu_space *s;
	unsigned int i;

	if (spaces_used == SPACES)
		panic("address-space pool exhausted (%u)", SPACES);
	s = &spaces[spaces_used++];
	memset(s, 0, sizeof(*s));
	for (i = 0; i < 4; i++)
		s->pdpt[i] = MMU_PHYS(&s->pd[i * 512]) | PTE_P;
	return s;
}

struct mmu_space *mmu_new_space(void)
{
	struct mmu_space *s = mmu_new_npt();
	unsigned int i;

	for (i = KERNEL_PDE; i < 2048; i++)
		s->pd[i] = mmu_boot.pd[i];
	return s;
}

/* Map [lin, lin + size) to phys with flags (PTE_U, PTE_W): 2 MiB pages
 * where both addresses are aligned and a whole one fits, else 4 KiB. */
int mmu_map(struct mmu_space *s, uint32_t lin, uint32_t phys, uint32_t size, uint32_t flags)
{
	uint32_t off = 0;

	if ((lin | phys | size) & (PAGE_SIZE - 1))
		return -1;
	while (off < size) {
		uint32_t a = lin + off;
		uint64_t *pde = &s->pd[a >> 21], *pt;

		if ((a >> 21) >= KERNEL_PDE)
			return -1;
		if (!((a | (phys + off)) & (LARGE_PAGE_SIZE - 1)) && size - off >= LARGE_PAGE_SIZE &&
		    !(*pde & PTE_P)) {
			*pde = (phys + off) | flags | PTE_PS | PTE_P;
			off += LARGE_PAGE_SIZE;
			continue;
		}
		if (*pde & PTE_PS)
			return -1;
		if (!(*pde & PTE_P))
			*pde = MMU_PHYS(alloc_pt()) | PTE_P | PTE_W | PTE_U;
		pt = MMU_VIRT((uint32_t)*pde & ~(PAGE_SIZE - 1));
		pt[(a >> 12) & 511] = (phys + off) | flags | PTE_P;
		off += PAGE_SIZE;
	}
	return 0;
}

void mmu_switch(struct mmu_space *s)
{
	if (s == loaded[smp_cpu()])
		return;
	__asm__ volatile("mov %0, %%cr3" : : "r"(MMU_PHYS(s->pdpt)) : "memory");
	loaded[smp_cpu()] = s;
}

void mmu_switch_boot(void)
{
	mmu_switch(&mmu_boot);
}

void mmu_load_foreign(uint32_t cr3)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
	loaded[smp_cpu()] = 0;
}

void mmu_forget(void)
{
	loaded[smp_cpu()] = 0;
}
