/*
 * guest.c - guest images.  GRUB loads one Multiboot module per guest,
 * named by its command line; we match names against cfg_vcpus, refuse
 * missing, unknown, oversized and (with integrity on) corrupted modules
 * (the others still start), and
 * keep a pristine copy inside the monitor window (copying the module there
 * if GRUB put it elsewhere) so a guest can be restarted from any address
 * space.  Loading clears the partition (at boot) and copies the ELF
 * PT_LOAD segments to partition base + p_paddr.  A trusted Linux is
 * vmlinux (physical p_paddr) plus a "<guest>.initrd" module, booted by the
 * 32-bit boot protocol with a boot_params page built here (boot_data).
 *
 * Loading is never one long stretch with interrupts off: guest_load()
 * only marks the vCPU loading, and the scheduler, whenever that vCPU
 * is the highest-priority one that could run, calls guest_load_step() for
 * LOAD_CHUNK bytes at a time with an interrupt window between steps.  So
 * a load or restart runs at the guest's own priority: higher-priority
 * guests preempt it, and at boot they start while larger images load.
 * Everything is written through the boot page directory, where RAM is
 * identity-mapped.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/svm.h>
#include <vmm/con.h>
#include <vmm/guest.h>
#include <vmm/multiboot.h>
#include <vmm/sha256.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>

#define PT_LOAD		1
#define EM_386		3
#define ET_EXEC		2

struct elf32_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

struct image {
	uint32_t start, size;		/* physical, as GRUB left it */
	const uint8_t *data;		/* pristine copy in the window */
	int refused;			/* already reported at staging */
};

#define BP_SIZE		0x3000u		/* boot_params, command line, boot stack */
#define SVM_BP_GPA	0x90000u	/* where a hardware-isolated Linux finds them */
#define LOAD_CHUNK	1024u		/* bytes per load step (~600 instructions) */

enum load_step { LOAD_CLEAR, LOAD_SEGMENTS, LOAD_INITRD, LOAD_BOOT_DATA, LOAD_DONE };

static const char *const mode_names[] = { "isolated", "trusted", "hardware-isolated" };
static unsigned int boot_loading, boot_started;
#define CMDLINE_MAX	2048u

extern char vmm_image_end[];
static struct image images[CFG_NR_GUESTS];
static struct image initrds[CFG_NR_GUESTS];	/* "<linux guest>.initrd" */

static int find_guest(const char *name)
{
	unsigned int i;

	for (i = 0; i < CFG_NR_GUESTS; i++)
		if (!strcmp(cfg_vcpus[i].name, name))
			return i;
	return -1;
}

/* "<name>.initrd": the initramfs of Linux guest <name>. */
static int find_initrd(const char *name)
{
	static const char suffix[] = ".initrd";
	uint32_t n = strlen(name), k = sizeof(suffix) - 1;
	unsigned int i;

	if (n <= k || strcmp(name + n - k, suffix))
		return -1;
	for (i = 0; i < CFG_NR_GUESTS; i++)
		if (cfg_vcpus[i].kind == CFG_KIND_LINUX && strlen(cfg_vcpus[i].name) == n - k &&
		    !memcmp(cfg_vcpus[i].name, name, n - k))
			return i;
	return -1;
}

static int in_window(uint32_t start, uint32_t size)
{
	return start >= CFG_MONITOR_PHYS_BASE &&
	       start + size <= CFG_MONITOR_PHYS_BASE + CFG_MONITOR_SIZE;
}

/* Runs on the boot page directory: RAM is identity-mapped. */
void guest_stage_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_mod *mods = (const void *)mbi->mods_addr;
	uint32_t cursor = MMU_PHYS(vmm_image_end);
	uint32_t i, n = (mbi->flags & MULTIBOOT_INFO_MODS) ? mbi->mods_count : 0;

	for (i = 0; i < n; i++) {
		const char *name = (const char *)mods[i].string;
		uint32_t size = mods[i].end - mods[i].start;
		int id = find_guest(name ? name : "");
		struct image *img;

		if (id >= 0) {
			img = &images[id];
		} else if ((id = find_initrd(name ? name : "")) >= 0) {
			img = &initrds[id];
		} else {
			con_printf("boot: module '%s' matches no guest, ignored\n", name);
			continue;
		}
		if (img->size) {
			con_printf("boot: guest %s: second module ignored\n", name);
			continue;
		}
		if (size > cfg_partitions[id].mem.size) {
			con_printf("boot: guest %s: module is %u bytes, partition %u -> not started\n",
				   name, size, cfg_partitions[id].mem.size);
			images[id].refused = 1;
			continue;
		}
		img->start = mods[i].start;
		img->size = size;
		if (in_window(mods[i].start, size) && mods[i].end > cursor)
			cursor = mods[i].end;
	}

	cursor = (cursor + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (i = 0; i < 2 * CFG_NR_GUESTS; i++) {
		struct image *img = i < CFG_NR_GUESTS ? &images[i] : &initrds[i - CFG_NR_GUESTS];
		const char *what = i < CFG_NR_GUESTS ? "image" : "initrd";
		unsigned int id = i % CFG_NR_GUESTS;

		if (!img->size)
			continue;
		if (in_window(img->start, img->size) &&
		    img->start >= MMU_PHYS(vmm_image_end)) {
			img->data = MMU_VIRT(img->start);
			con_log(LOG_DEBUG, "boot: guest %s: %s at 0x%08x, %u bytes, used in place\n",
				cfg_vcpus[id].name, what, img->start, img->size);
			continue;
		}
		if (cursor + img->size > CFG_MONITOR_PHYS_BASE + CFG_MONITOR_SIZE) {
			con_printf("boot: guest %s: no room to stage %u bytes -> not started\n",
				   cfg_vcpus[id].name, img->size);
			img->size = 0;
			images[id].refused = 1;
			continue;
		}
		memcpy(MMU_VIRT(cursor), (const void *)img->start, img->size);
		img->data = MMU_VIRT(cursor);
		con_log(LOG_DEBUG, "boot: guest %s: %s at 0x%08x, %u bytes, staged at 0x%08x\n",
			cfg_vcpus[id].name, what, img->start, img->size, cursor);
		cursor = (cursor + img->size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	}
}

/* rebase: a trusted kernel's ELF addresses are physical (vmlinux), an
 * isolated guest's are offsets in its partition. */
static int check_elf(const struct image *img, uint32_t rebase, uint32_t part_size)
{
	const struct elf32_ehdr *eh = (const void *)img->data;
	uint32_t i;

	if (img->size < sizeof(*eh) || memcmp(eh->ident, "\177ELF\1\1", 6) ||
	    eh->type != ET_EXEC || eh->machine != EM_386 ||
	    eh->phentsize != sizeof(struct elf32_phdr) ||
	    eh->phoff > img->size ||
	    eh->phnum > (img->size - eh->phoff) / sizeof(struct elf32_phdr))
		return -1;
	if (eh->entry - rebase >= part_size)
		return -1;
	for (i = 0; i < eh->phnum; i++) {
		const struct elf32_phdr *ph = (const void *)(img->data + eh->phoff) + i * sizeof(*ph);

		if (ph->type != PT_LOAD)
			continue;
		if (ph->filesz > ph->memsz || ph->offset > img->size ||
		    ph->filesz > img->size - ph->offset ||
		    ph->paddr < rebase || ph->paddr - rebase > part_size ||
		    ph->memsz > part_size - (ph->paddr - rebase))
			return -1;
	}
	return 0;
}

/* With integrity on, the module must hash to the build-time digest. */
static int check_digest(const struct vcpu *v, const struct image *img)
{
	const struct cfg_digest *d = &cfg_digests[v->id];
	uint8_t got[SHA256_LEN];

	if (!CFG_IMAGE_DIGESTS || !d->present)
		return 0;
	sha256(img->data, img->size, got);
	if (!memcmp(got, d->sha256, SHA256_LEN)) {
		con_log(LOG_INFO, "boot: guest %s: image SHA-256 verified\n", v->cfg->name);
		return 0;
	}
	con_printf("boot: guest %s: image SHA-256 mismatch (expected %02x%02x%02x%02x..., got %02x%02x%02x%02x...) -> not started\n",
		   v->cfg->name, d->sha256[0], d->sha256[1], d->sha256[2], d->sha256[3],
		   got[0], got[1], got[2], got[3]);
	return -1;
}

/* Validate the image and build the guest's address space and segments. */
int guest_build(struct vcpu *v)
{
	const struct image *img = &images[v->id];
	const struct cfg_partition *p = v->part;
	unsigned int c, e;

	if (!img->size) {
		if (img->refused)
			return -1;
		con_printf("boot: guest %s: no module '%s' -> not started\n",
			   v->cfg->name, v->cfg->name);
		return -1;
	}
	if (check_digest(v, img))
		return -1;
	if (check_elf(img, vcpu_trusted(v) ? p->mem.base : 0, p->mem.size)) {
		con_printf("boot: guest %s: module is not a valid i386 ELF for a %u-byte partition -> not started\n",
			   v->cfg->name, p->mem.size);
		return -1;
	}
	v->entry = ((const struct elf32_ehdr *)img->data)->entry;
	if (vcpu_trusted(v)) {
		if (p->lowmem.size < BP_SIZE) {
			con_printf("boot: guest %s: no low-memory window for its boot data -> not started\n",
				   v->cfg->name);
			return -1;
		}
		v->space = &mmu_boot;	/* the monitor's view while it traps */
		/* Its TR until it loads its own (a monitor TSS, never used). */
		cpu_setup_guest(v->id, 0, 0, &cfg_iobitmaps[v->id], &v->ctx + 1);
		return 0;
	}
	if (vcpu_svm(v))
		return svm_build(v);

	v->space = mmu_new_space();
	if (mmu_map(v->space, p->mem.base, p->mem.base, p->mem.size, PTE_U | PTE_W))
		return -1;
	for (c = 0; c < cfg_nr_channels; c++)
		for (e = 0; e < 2; e++)
			if (cfg_channels[c].end[e] == v->id &&
			    mmu_map(v->space, p->mem.base + cfg_channels[c].offset[e],
				    cfg_channels[c].shm.base, cfg_channels[c].shm.size,
				    PTE_U | PTE_W))
				return -1;
	cpu_setup_guest(v->id, p->mem.base, p->seg_limit, &cfg_iobitmaps[v->id],
			&v->ctx + 1);
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static int uart_index(uint16_t port)
{
	static const uint16_t ports[4] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	int i;

	for (i = 0; i < 4; i++)
		if (ports[i] == port)
			return i;
	return -1;
}

/* Where Linux's boot data goes (host-physical), and the address Linux
 * sees it at: a trusted one's low window, a hardware-isolated one's
 * guest-physical SVM_BP_GPA. */
static uint32_t boot_data_host(const struct vcpu *v)
{
	return vcpu_svm(v) ? v->part->mem.base + SVM_BP_GPA : v->part->lowmem.base;
}

/* Whether the guest owns the IRQ line of ttyS<uart> (COM1/3: 4, COM2/4: 3). */
static int owns_uart_irq(const struct vcpu *v, int uart)
{
	unsigned int i;

	for (i = 0; i < CFG_NR_IRQ_ROUTES; i++)
		if (cfg_irq_routes[i].owner == v->id && cfg_irq_routes[i].irq == (uart & 1 ? 3 : 4))
			return 1;
	return 0;
}

/*
 * Linux's boot data (cleared by the last load step): a boot_params (zero
 * page: E820 from the configuration, command line, ramdisk) for the
 * 32-bit boot protocol.  The command line gets what the platform patch
 * reads.  A trusted guest's: meso=<tsc kHz>,<lapic kHz>,<uart mask>,<flags>
 * (rates measured against the PIT at boot; flags 3: level as TPR, idle
 * and IDT through hypercalls) and mesowin=<window base>,<its page tables
 * (physical)>,<the monitor's IDT> for the early hand-over.  A
 * hardware-isolated one's, in guest-physical addresses: meso=<tsc kHz>,
 * <uart mask>,<mask of those whose IRQ line it owns>; it starts with esi
 * at its boot_params.
 */
static void boot_data(struct vcpu *v, uint32_t rd_addr, uint32_t rd_size)
{
	const struct cfg_partition *p = v->part;
	uint8_t *bp = (uint8_t *)boot_data_host(v);
	uint32_t seen = vcpu_svm(v) ? p->mem.base : 0;	/* host - what Linux sees */
	char *cmd = (char *)bp + 0x1000;
	static char cmdline[CMDLINE_MAX];	/* one Linux guest per product */
	uint32_t i, n, tsc_khz, lapic_khz;
	int uart = uart_index(v->cfg->console_port);

	apic_measure(&tsc_khz, &lapic_khz);
	bp[0x1fe] = 0x55;			/* hdr.boot_flag */
	bp[0x1ff] = 0xaa;
	put32(bp + 0x202, 0x53726448);		/* hdr.header "HdrS" */
	bp[0x206] = 0x0f;			/* hdr.version 2.15 */
	bp[0x207] = 0x02;
	bp[0x210] = 0xff;			/* hdr.type_of_loader: other */
	bp[0x211] = 0x01;			/* hdr.loadflags: LOADED_HIGH */
	put32(bp + 0x218, rd_addr - seen);	/* hdr.ramdisk_image */
	put32(bp + 0x21c, rd_size);		/* hdr.ramdisk_size */
	put32(bp + 0x228, (uint32_t)cmd - seen);	/* hdr.cmd_line_ptr */
	put32(bp + 0x238, CMDLINE_MAX - 1);	/* hdr.cmdline_size */
	for (i = 0; i < p->nr_e820 && i < 128; i++) {
		uint8_t *e = bp + 0x2d0 + 20 * i;	/* e820_table[] */

		put32(e, p->e820[i].base);
		put32(e + 8, p->e820[i].size);
		put32(e + 16, p->e820[i].type);
	}
	bp[0x1e8] = i;				/* e820_entries */
	/* built in the monitor, then copied: the log reads it later, when
	 * the guest's copy may be gone or unmapped (vmm/format.h) */
	if (vcpu_svm(v))
		n = con_snprintf(cmdline, CMDLINE_MAX - 1, "%s meso=%u,0x%x,0x%x", v->cfg->cmdline,
				 tsc_khz, uart < 0 ? 0 : 1u << uart,
				 uart >= 0 && owns_uart_irq(v, uart) ? 1u << uart : 0);
	else
		n = con_snprintf(cmdline, CMDLINE_MAX - 1, "%s meso=%u,%u,0x%x,3 mesowin=0x%x,0x%x,0x%x",
				 v->cfg->cmdline, tsc_khz, lapic_khz, uart < 0 ? 0 : 1u << uart,
				 CFG_MONITOR_VIRT_BASE, MMU_PHYS(mmu_window_pt), cpu_idt_base());
	cmdline[n] = '\0';
	memcpy(cmd, cmdline, n + 1);
	v->boot_params = (uint32_t)bp;
	v->ctx.esi = (uint32_t)bp - seen;	/* a hardware-isolated one's start */
	con_log(LOG_INFO, "boot: guest %s: initrd 0x%08x+%u, cmdline '%s'\n",
		v->cfg->name, rd_addr, rd_size, cmdline);
}

/*
 * Start (re)loading v's pristine image: v is reset (what it is sent from
 * now on waits for the new instance) and its image goes in by steps at
 * v's priority (guest_load_step).  The rest of the partition is cleared
 * only at boot; a restart rewrites the segments and clears their bss.
 */
int guest_load(struct vcpu *v)
{
	if (!images[v->id].size || !v->space)
		return -1;
	vcpu_reset(v);
	v->load_step = v->restarts ? LOAD_SEGMENTS : LOAD_CLEAR;
	v->load_seg = 0;
	v->load_off = 0;
	v->loading = 1;		/* vcpu_reset made it runnable */
	if (!v->restarts)
		__atomic_add_fetch(&boot_loading, 1, __ATOMIC_RELAXED);
	return 0;
}

/* At most LOAD_CHUNK bytes of dst[0..len) from src (or zeros from 0);
 * returns 1 when the whole range is done. */
static int load_range(uint32_t dst, const uint8_t *src, uint32_t len, uint32_t *off)
{
	uint32_t n = len - *off < LOAD_CHUNK ? len - *off : LOAD_CHUNK;

	if (src)
		memcpy((void *)(dst + *off), src + *off, n);
	else
		memset((void *)(dst + *off), 0, n);
	*off += n;
	return *off == len;
}

static void next_step(struct vcpu *v, unsigned int step)
{
	v->load_step = step;
	v->load_seg = 0;
	v->load_off = 0;
}

/* The initramfs goes at the top of a trusted guest's partition. */
static uint32_t initrd_addr(const struct vcpu *v)
{
	const struct image *rd = &initrds[v->id];

	return rd->size ? (v->part->mem.base + v->part->mem.size - rd->size) & ~(PAGE_SIZE - 1) : 0;
}

static void announce(struct vcpu *v)
{
	con_printf("boot: guest %s started: %s, partition 0x%08x+0x%x, entry 0x%x, priority %u, TPR 0x%02x/0x%02x\n",
		   v->cfg->name, mode_names[v->cfg->mode], v->part->mem.base, v->part->mem.size,
		   v->entry, v->cfg->priority, v->cfg->tpr_open, v->cfg->tpr_masked);
	__atomic_add_fetch(&boot_started, 1, __ATOMIC_RELAXED);	/* cores load in parallel */
	if (!__atomic_sub_fetch(&boot_loading, 1, __ATOMIC_ACQ_REL))
		con_printf("boot: %u of %u guests started\n", boot_started, CFG_NR_GUESTS);
}

/*
 * One bounded step of v's load, on the boot page directory; returns 1
 * when the image is in place (the caller then lets v run).
 */
int guest_load_step(struct vcpu *v)
{
	const struct image *img = &images[v->id];
	const struct elf32_ehdr *eh = (const void *)img->data;
	const struct image *rd = &initrds[v->id];
	uint32_t base = vcpu_trusted(v) ? 0 : v->part->mem.base;

	mmu_switch_boot();
	switch (v->load_step) {
	case LOAD_CLEAR:
		if (load_range(v->part->mem.base, 0, v->part->mem.size, &v->load_off))
			next_step(v, LOAD_SEGMENTS);
		return 0;
	case LOAD_SEGMENTS:
		for (; v->load_seg < eh->phnum; v->load_seg++, v->load_off = 0) {
			const struct elf32_phdr *ph = (const void *)(img->data + eh->phoff) +
						      v->load_seg * sizeof(*ph);

			if (ph->type != PT_LOAD || v->load_off >= ph->memsz)
				continue;
			if (v->load_off < ph->filesz)
				load_range(base + ph->paddr, img->data + ph->offset,
					   ph->filesz, &v->load_off);
			else
				load_range(base + ph->paddr, 0, ph->memsz, &v->load_off);
			return 0;	/* one chunk a step */
		}
		next_step(v, v->cfg->kind == CFG_KIND_LINUX ? LOAD_INITRD : LOAD_DONE);
		return 0;
	case LOAD_INITRD:
		if (!rd->size || load_range(initrd_addr(v), rd->data, rd->size, &v->load_off))
			next_step(v, LOAD_BOOT_DATA);
		return 0;
	case LOAD_BOOT_DATA:
		if (!load_range(boot_data_host(v), 0, BP_SIZE, &v->load_off))
			return 0;
		boot_data(v, initrd_addr(v), rd->size);
		next_step(v, LOAD_DONE);
		return 0;
	}
	if (!v->restarts)	/* a step of its own: a line to format */
		announce(v);
	return 1;
}
