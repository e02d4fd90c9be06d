/*
 * main.c - the monitor's boot sequence after entry.S: console and banner,
 * descriptor tables, interrupt controllers, guest images from the
 * Multiboot modules, one vCPU per guest, the tick, then the scheduler,
 * which loads each guest by steps at its own priority (guest.c).  A
 * guest that cannot start is reported and skipped; the others start.
 * With several cores the others are started before the guests are built
 * and run their own guests once all are (smp.c); a guest whose core did
 * not start is reported and skipped.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/svm.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/guest.h>
#include <vmm/multiboot.h>
#include <vmm/smp.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

void vmm_main(uint32_t magic, const struct multiboot_info *mbi);

void vmm_main(uint32_t magic, const struct multiboot_info *mbi)
{
	unsigned int i, loading = 0;
	uint32_t tsc_khz, lapic_khz;

	con_init();
	con_printf("\nmeso monitor: product %s on %s, %u guests, tick %u us, hypercall vector 0x%x\n",
		   CFG_PRODUCT_NAME, CFG_BOARD_NAME, CFG_NR_GUESTS, CFG_TICK_US,
		   MESO_HCALL_VECTOR);
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not booted by a Multiboot loader (magic 0x%08x)", magic);

	mmu_init();
	cpu_init();
	smp_find_cores();
	apic_init();
	apic_measure(&tsc_khz, &lapic_khz);
	smp_start_cores(tsc_khz);
	guest_stage_modules(mbi);
	if (CFG_NR_SVM_GUESTS)
		svm_init();
	for (i = 0; i < cfg_nr_channels; i++)
		memset((void *)cfg_channels[i].shm.base, 0, cfg_channels[i].shm.size);

	for (i = 0; i < CFG_NR_GUESTS; i++) {
		struct vcpu *v = &vcpu_table[i];

		vcpu_init(v, i);
		if (!smp_core_up(v->cfg->cpu)) {
			con_printf("boot: guest %s: its core %u does not run -> not started\n",
				   v->cfg->name, v->cfg->cpu);
			continue;
		}
		if (guest_build(v) || guest_load(v))
			continue;
		if (v->cfg->console_port)
			con_uart_init(v->cfg->console_port);
		loading++;
	}
	mmu_switch_boot();
	if (loading)
		con_printf("boot: loading %u guests, highest priority first\n", loading);
	else
		con_printf("boot: 0 of %u guests started\n", CFG_NR_GUESTS);
	con_flush();		/* no guest runs yet: nobody waits */
	vcpu_plan();
	vtimer_start(tsc_khz);
	smp_release();
	vcpu_start();
}
