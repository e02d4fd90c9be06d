/*
 * main.c - the monitor's boot sequence after entry.S: console and banner,
 * descriptor tables, interrupt controllers, guest images from the
 * Multiboot modules, one vCPU per guest, the tick, then the scheduler.
 * A guest that cannot start is reported and skipped; the others start.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <meso/hypercall.h>
#include <vmm/con.h>
#include <vmm/guest.h>
#include <vmm/multiboot.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <vmm/vtimer.h>

void vmm_main(uint32_t magic, const struct multiboot_info *mbi);

static const char *const mode_names[] = { "isolated", "trusted" };

void vmm_main(uint32_t magic, const struct multiboot_info *mbi)
{
	unsigned int i, started = 0;
	uint32_t tsc_khz, lapic_khz;

	con_init();
	con_printf("\nmeso monitor: product %s on %s, %u guests, tick %u us, hypercall vector 0x%x\n",
		   CFG_PRODUCT_NAME, CFG_BOARD_NAME, CFG_NR_GUESTS, CFG_TICK_US,
		   MESO_HCALL_VECTOR);
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not booted by a Multiboot loader (magic 0x%08x)", magic);

	cpu_init();
	apic_init();
	apic_measure(&tsc_khz, &lapic_khz);
	guest_stage_modules(mbi);
	for (i = 0; i < cfg_nr_channels; i++)
		memset((void *)cfg_channels[i].shm.base, 0, cfg_channels[i].shm.size);

	for (i = 0; i < CFG_NR_GUESTS; i++) {
		struct vcpu *v = &vcpu_table[i];

		vcpu_init(v, i);
		if (guest_build(v) || guest_load(v))
			continue;
		if (v->cfg->console_port)
			con_uart_init(v->cfg->console_port);
		vcpu_reset(v);
		started++;
		con_printf("boot: guest %s started: %s, partition 0x%08x+0x%x, entry 0x%x, priority %u, TPR 0x%02x/0x%02x\n",
			   v->cfg->name, mode_names[v->cfg->mode & 1], v->part->mem.base, v->part->mem.size, v->entry,
			   v->cfg->priority, v->cfg->tpr_open, v->cfg->tpr_masked);
	}
	mmu_switch_boot();
	con_printf("boot: %u of %u guests started\n", started, CFG_NR_GUESTS);

	con_flush();		/* no guest runs yet: nobody waits */
	vtimer_start(tsc_khz);
	vcpu_start();
}
