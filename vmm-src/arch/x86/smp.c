/*
 * smp.c - the other cores.  The boot CPU reads the cores' APIC IDs from
 * the ACPI MADT (QEMU's MP table lists only CPU 0 under a plain -smp N),
 * copies the trampoline (smpboot.S) to the page the configuration
 * reserves and starts cores 1.. one by one with INIT-SIPI-SIPI.  Each
 * loads the shared descriptor tables and its local APIC, says it is up
 * and waits until the boot CPU has built every guest; then it takes the
 * monitor's tick (vtimer.c) and runs the scheduler of its own guests
 * (vcpu.c).  Nothing here runs after boot but smp_kick().
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <vmm/con.h>
#include <vmm/smp.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

#if CFG_NR_CPUS > 1

#define MAX_APIC_IDS	32
#define START_OFFSET	0x800		/* struct smp_start in the page (smpboot.S) */
#define UP_WAIT_MS	100

struct smp_start {
	uint32_t cr3, efer_nx, stack;
};

extern const char smp_trampoline[], smp_trampoline_end[];
void smp_ap_main(void);

static uint8_t apic_ids[CFG_NR_CPUS];
static unsigned int cores;			/* found in the MADT, up to CFG_NR_CPUS */
static volatile uint32_t core_up[CFG_NR_CPUS], released;

struct acpi_header {
	char sig[4];
	uint32_t length;
	uint8_t rev, checksum;
	char oem[6], table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

static int sum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* An RSDP on a 16-byte boundary of [from, to): its RSDT's address, or 0. */
static uint32_t scan_rsdp(uint32_t from, uint32_t to)
{
	uint32_t a;

	for (a = from; a && a < to; a += 16)
		if (!memcmp((const void *)a, "RSD PTR ", 8) && sum_ok((const void *)a, 20))
			return *(const uint32_t *)(a + 16);
	return 0;
}

/* The RSDP in the BIOS area (first KB of the EBDA, then 0xe0000-0xfffff):
 * its RSDT's physical address, or 0. */
static uint32_t find_rsdt(void)
{
	uint32_t bda = 0x40e, ebda, rsdt;

	__asm__("" : "+r"(bda));	/* a BIOS address, not a null pointer */
	ebda = (uint32_t)*(const uint16_t *)bda << 4;
	rsdt = scan_rsdp(ebda, ebda + 1024);
	return rsdt ? rsdt : scan_rsdp(0xe0000, 0x100000);
}

/* The enabled local APICs of the MADT, in its order; -1 if none is
 * readable (the boot space maps the first GiB). */
static int madt_apic_ids(uint8_t *ids, unsigned int max)
{
	const struct acpi_header *rsdt = (const void *)find_rsdt(), *madt = 0;
	const uint8_t *e, *end;
	unsigned int i, n = 0;

	if (!rsdt || (uint32_t)rsdt >= 0x40000000u || rsdt->length < sizeof(*rsdt) ||
	    !sum_ok(rsdt, rsdt->length))
		return -1;
	for (i = 0; i < (rsdt->length - sizeof(*rsdt)) / 4; i++) {
		const struct acpi_header *t = (const void *)((const uint32_t *)(rsdt + 1))[i];

		if ((uint32_t)t < 0x40000000u && !memcmp(t->sig, "APIC", 4) && sum_ok(t, t->length))
			madt = t;
	}
	if (!madt)
		return -1;
	end = (const uint8_t *)madt + madt->length;
	for (e = (const uint8_t *)(madt + 1) + 8; e + 2 <= end && e[1] >= 2; e += e[1])
		if (e[0] == 0 && e[1] >= 8 && (e[4] & 1) && n < max)
			ids[n++] = e[3];		/* processor local APIC, enabled */
	return n;
}

void smp_find_cores(void)
{
	uint8_t ids[MAX_APIC_IDS];
	int i, n = madt_apic_ids(ids, MAX_APIC_IDS);

	apic_ids[0] = apic_id();
	cores = 1;
	for (i = 0; i < n && cores < CFG_NR_CPUS; i++)
		if (ids[i] != apic_ids[0])
			apic_ids[cores++] = ids[i];
	if (n < 0)
		con_printf("smp: no ACPI MADT: only core 0 runs (the product has %u cores)\n",
			   CFG_NR_CPUS);
	else if (cores < CFG_NR_CPUS)
		con_printf("smp: the ACPI MADT lists %d cores, the product has %u: "
			   "cores %u-%u do not run\n", n, CFG_NR_CPUS, cores, CFG_NR_CPUS - 1);
}

uint8_t smp_apic_id(unsigned int cpu)
{
	return cpu < cores ? apic_ids[cpu] : apic_ids[0];
}

int smp_core_up(unsigned int cpu)
{
	return cpu == 0 || (cpu < CFG_NR_CPUS && core_up[cpu]);
}

static void delay_us(uint32_t tsc_khz, uint32_t us)
{
	uint64_t end = cpu_rdtsc() + (uint64_t)(tsc_khz / 1000u) * us;

	while (cpu_rdtsc() < end)
		__asm__ volatile("pause");
}

void smp_start_cores(uint32_t tsc_khz)
{
	struct smp_start *start = (void *)(CFG_SMP_TRAMPOLINE + START_OFFSET);
	unsigned int cpu;

	memcpy((void *)CFG_SMP_TRAMPOLINE, smp_trampoline,
	       (uint32_t)(smp_trampoline_end - smp_trampoline));
	start->cr3 = MMU_PHYS(&mmu_boot);
	start->efer_nx = mmu_nx != 0;
	for (cpu = 1; cpu < cores; cpu++) {
		uint64_t end;

		start->stack = (uint32_t)cpu_stack + (cpu + 1) * CPU_STACK_SIZE;
		apic_init_ipi(apic_ids[cpu]);
		delay_us(tsc_khz, 10000);
		apic_startup_ipi(apic_ids[cpu], CFG_SMP_TRAMPOLINE);
		delay_us(tsc_khz, 200);
		if (!core_up[cpu])
			apic_startup_ipi(apic_ids[cpu], CFG_SMP_TRAMPOLINE);
		end = cpu_rdtsc() + (uint64_t)tsc_khz * UP_WAIT_MS;
		while (!core_up[cpu] && cpu_rdtsc() < end)
			__asm__ volatile("pause");
		if (core_up[cpu])
			con_printf("smp: core %u up (APIC ID %u)\n", cpu, apic_ids[cpu]);
		else
			con_printf("smp: core %u (APIC ID %u) did not start within %u ms\n",
				   cpu, apic_ids[cpu], UP_WAIT_MS);
	}
}

/* Every guest is built: the other cores may run theirs. */
void smp_release(void)
{
	__atomic_store_n(&released, 1, __ATOMIC_RELEASE);
}

void smp_ap_main(void)
{
	unsigned int cpu = smp_cpu();

	cpu_load_tables();
	apic_init_local();
	__atomic_store_n(&core_up[cpu], 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&released, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");	/* QEMU -icount: let the others run */
	vtimer_start_core();
	vcpu_start();
}

void smp_kick(unsigned int cpu, uint8_t vector)
{
	if (!smp_core_up(cpu))
		return;		/* its guests were never started */
	apic_ipi(smp_apic_id(cpu), vector);
	__asm__ volatile("pause");
}

#endif /* CFG_NR_CPUS > 1 */
