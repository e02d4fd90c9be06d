/*
 * svmrogue.c - fault-injection probe for the hardware-isolated (SVM)
 * mode.  It runs at its own ring 0, so it tries what a compromised kernel
 * would: reach other memory through guest-physical addresses, its own
 * page tables and CR3, the APIC; touch the monitor's MSRs (a missing one
 * must raise #GP in it, its own EFER.NXE may change), the SVM
 * instructions and others' ports; mask interrupts and spin; triple
 * fault.  attack.c runs them in rounds, one that ends in the monitor's
 * fault policy per start; the rest report their outcome and go on.  Its
 * partition must be 1 MiB, so that the monitor's physical base (1 MiB)
 * lies just past it.
 */
#include "probe.h"

#define CLI_SPIN_US	20000u
#define TICKER_PHYS	0x01000000u	/* the ticker's partition, host-physical */
#define MONITOR_PHYS	0x00100000u
#define LAPIC_PHYS	0xfee00000u
#define ATTACK_VA	0x40000000u	/* mapped by its own page tables */

/* Its own page tables (2-level, 4 KiB pages), in its partition. */
static uint32_t pgdir[1024] __attribute__((aligned(4096)));
static uint32_t pgtab[1024] __attribute__((aligned(4096)));

static void poke(uint32_t gpa)
{
	*(volatile uint32_t *)gpa = 0xdead;
}

static void write_ticker(void)
{
	poke(TICKER_PHYS);
}

static void write_monitor(void)
{
	poke(MONITOR_PHYS);
}

static void write_apic(void)
{
	poke(LAPIC_PHYS + 0x80);	/* its TPR */
}

/* Identity-map its first 4 MiB, ATTACK_VA -> target, paging on. */
static void paging_on(uint32_t target)
{
	uint32_t i;

	for (i = 0; i < 1024; i++)
		pgtab[i] = i << 12 | 3;
	pgdir[0] = (uint32_t)pgtab | 3;
	pgdir[ATTACK_VA >> 22] = (target & ~0x3fffffu) | 0x83;	/* 4 MiB page */
	__asm__ volatile("mov %%cr4, %%eax; or $0x10, %%eax; mov %%eax, %%cr4\n\t"
			 "mov %0, %%cr3\n\t"
			 "mov %%cr0, %%eax; or $0x80000000, %%eax; mov %%eax, %%cr0"
			 : : "r"(pgdir) : "eax", "memory");
}

static void pte_to_monitor(void)
{
	paging_on(MONITOR_PHYS);
	poke(ATTACK_VA + (MONITOR_PHYS & 0x3fffffu));
}

static void cr3_outside(void)
{
	paging_on(0);
	__asm__ volatile("mov %0, %%cr3" : : "r"(TICKER_PHYS) : "memory");
	poke(ATTACK_VA);
}

static void wrmsr(uint32_t msr, uint32_t lo)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"(lo), "d"(0u));
}

static void wrmsr_efer(void)		/* SVME: a hypervisor of its own */
{
	wrmsr(0xc0000080u, 0x1000u);
}

static void wrmsr_hsave(void)
{
	wrmsr(0xc0010117u, 0);
}

static void wrmsr_apic_base(void)
{
	wrmsr(0x1bu, 0);
}

static void rdmsr_missing(void)		/* #GP, as on a CPU without it */
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0x12345678u));
}

static void efer_nxe(void)		/* its own EFER: NXE may change */
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080u));
	__asm__ volatile("wrmsr" : : "c"(0xc0000080u), "a"(lo ^ 0x800u), "d"(hi));
	__asm__ volatile("wrmsr" : : "c"(0xc0000080u), "a"(lo), "d"(hi));
	probe_printf("svmrogue: EFER reads 0x%x, NXE toggled and back\n", lo);
}

static void do_clgi(void)
{
	__asm__ volatile("clgi");
}

static void do_vmrun(void)
{
	__asm__ volatile("vmrun" : : "a"(0u));
}

static void out(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void out_pit(void)
{
	out(0x43, 0x34);
}

static void out_pic(void)
{
	out(0x21, 0xff);
}

static void out_reset(void)
{
	__asm__ volatile("outb %0, %1" : : "a"((uint8_t)6), "d"((uint16_t)0xcf9));
}

static void out_uart(void)
{
	__asm__ volatile("outb %0, %1" : : "a"((uint8_t)'!'), "d"((uint16_t)0x2f8));
}

static void cli_spin(void)
{
	uint32_t t, spun;

	__asm__ volatile("cli");
	t = meso_clock_us();
	do
		spun = meso_clock_us() - t;
	while (spun < CLI_SPIN_US);
	__asm__ volatile("sti");
	probe_printf("svmrogue: spun %u us with interrupts off (its own IF only)\n", spun);
}

static void cpuid_svm(void)
{
	uint32_t a = 0x80000001u, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	probe_printf("svmrogue: cpuid says SVM %s\n", c & 4 ? "present" : "absent");
}

static void triple_fault(void)
{
	static const struct { uint16_t limit; uint32_t base; } __attribute__((packed)) none;

	__asm__ volatile("lidt %0; int3" : : "m"(none));
}

static const struct probe_attack attacks[] = {
	{ "write the ticker's partition", write_ticker, 1 },
	{ "write the monitor", write_monitor, 1 },
	{ "own PTE to the monitor", pte_to_monitor, 1 },
	{ "own CR3 outside its partition", cr3_outside, 1 },
	{ "write the local APIC", write_apic, 1 },
	{ "wrmsr EFER.SVME", wrmsr_efer, 1 },
	{ "wrmsr VM_HSAVE_PA", wrmsr_hsave, 1 },
	{ "wrmsr APIC base", wrmsr_apic_base, 1 },
	{ "rdmsr a missing MSR", rdmsr_missing, 1 },
	{ "EFER.NXE", efer_nxe, 0 },
	{ "clgi", do_clgi, 1 },
	{ "vmrun", do_vmrun, 1 },
	{ "out to the PIT", out_pit, 1 },
	{ "out to the PIC", out_pic, 1 },
	{ "out to 0xcf9 (reset)", out_reset, 1 },
	{ "out to the ticker's UART", out_uart, 1 },
	{ "cli + spin 20 ms", cli_spin, 0 },
	{ "cpuid", cpuid_svm, 0 },
	{ "triple fault", triple_fault, 1 },
};
int main(void)
{
	probe_run_attacks("svmrogue", attacks, sizeof(attacks) / sizeof(attacks[0]));
}
