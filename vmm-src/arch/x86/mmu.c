/*
 * mmu.c - page directories.  entry.S fills mmu_boot_pd and the window page
 * tables; here every guest gets a directory from a small static pool, with
 * the kernel part (APIC page and monitor window, supervisor-only) shared
 * with the boot directory and its partition and channels as user pages.
 */
#include <stdint.h>
#include <asm/mmu.h>
#include <vmm/con.h>
#include <vmm/string.h>

#define KERNEL_PDE	(0xfec00000u >> 22)	/* APIC page and up */
#define POOL_PAGES	(4 + 4 * CFG_NR_GUESTS)

uint32_t mmu_boot_pd[1024] __attribute__((aligned(PAGE_SIZE)));
uint32_t mmu_window_pt[CFG_MONITOR_WINDOW_SIZE >> 22][1024] __attribute__((aligned(PAGE_SIZE)));
static uint32_t pool[POOL_PAGES][1024] __attribute__((aligned(PAGE_SIZE)));
static unsigned int pool_used;
static uint32_t *loaded_pd;

static uint32_t *alloc_page(void)
{
	uint32_t *p;

	if (pool_used == POOL_PAGES)
		panic("page pool exhausted (%u pages)", POOL_PAGES);
	p = pool[pool_used++];
	memset(p, 0, PAGE_SIZE);
	return p;
}

uint32_t *mmu_new_space(void)
{
	uint32_t *pd = alloc_page();
	unsigned int i;

	for (i = KERNEL_PDE; i < 1024; i++)
		pd[i] = mmu_boot_pd[i];
	return pd;
}

int mmu_map(uint32_t *pd, uint32_t lin, uint32_t phys, uint32_t size, uint32_t flags)
{
	uint32_t off;

	if ((lin | phys | size) & (PAGE_SIZE - 1))
		return -1;
	for (off = 0; off < size; off += PAGE_SIZE) {
		uint32_t a = lin + off;
		uint32_t *pt;

		if ((a >> 22) >= KERNEL_PDE)
			return -1;
		if (!(pd[a >> 22] & PTE_P))
			pd[a >> 22] = MMU_PHYS(alloc_page()) | PTE_P | PTE_W | PTE_U;
		pt = MMU_VIRT(pd[a >> 22] & ~(PAGE_SIZE - 1));
		pt[(a >> 12) & 1023] = (phys + off) | flags | PTE_P;
	}
	return 0;
}

void mmu_switch(uint32_t *pd)
{
	if (pd == loaded_pd)
		return;
	__asm__ volatile("mov %0, %%cr3" : : "r"(MMU_PHYS(pd)) : "memory");
	loaded_pd = pd;
}

void mmu_switch_boot(void)
{
	mmu_switch(mmu_boot_pd);
}

void mmu_load_foreign(uint32_t cr3)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
	loaded_pd = 0;
}

void mmu_forget(void)
{
	loaded_pd = 0;
}
