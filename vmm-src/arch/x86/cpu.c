/*
 * cpu.c - descriptor tables.  The GDT holds the monitor's flat ring-0
 * segments and, per guest, a ring-3 code and data segment based at its
 * partition and limited to it, plus a TSS whose esp0 is the end of the
 * guest's saved frame in its vCPU (see trapentry.S) and whose I/O bitmap grants only the configured ports.  The IDT sends
 * every vector to trapentry.S; only the hypercall gate is open to ring 3
 * (and int $0x80 once a trusted Linux hands over its IDT).  The monitor's
 * own segments sit at Linux's kernel selectors, so a trusted guest may
 * run on its own GDT: it is kept while the guest runs and the monitor's
 * loaded again whenever the guest traps.  Every core loads the same
 * tables (a guest's TSS is loaded only on its own core); which TSS is
 * loaded is per core.
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/trap.h>
#include <meso/hypercall.h>
#include <vmm/config_tables.h>
#include <vmm/con.h>
#include <vmm/smp.h>
#include <vmm/string.h>

#define NR_GDT_GUESTS	(SEL_GUEST_BASE + 3 * CFG_NR_GUESTS)
#define NR_GDT		(NR_GDT_GUESTS > 14 ? NR_GDT_GUESTS : 14)

_Static_assert(NR_GDT_GUESTS <= (SEL_KCODE >> 3) || SEL_GUEST_BASE > (SEL_KDATA >> 3),
	       "guest GDT slots collide with the monitor's");
#define TSS_SLOT(id)	(SEL_GUEST_BASE + 3 * (id) + 2)
#define IOMAP_MAX	8192

struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap;
	uint8_t iobitmap[IOMAP_MAX + 1];	/* + the terminating 0xff */
} __attribute__((packed));

struct dtr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

extern const uint32_t trap_vectors[256];

static uint64_t gdt[NR_GDT] __attribute__((aligned(8)));
static uint64_t idt[256] __attribute__((aligned(8)));
static struct tss tss[CFG_NR_GUESTS] __attribute__((aligned(16)));
static int tss_loaded[CFG_NR_CPUS] = { [0 ... CFG_NR_CPUS - 1] = -1 };

static uint64_t seg_desc(uint32_t base, uint32_t size, uint8_t access)
{
	uint32_t limit = size - 1;
	uint64_t flags = 0x4;		/* 32-bit */

	if (limit > 0xfffff) {
		limit >>= 12;
		flags |= 0x8;		/* 4 KiB granularity */
	}
	return (limit & 0xffff) | ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)access << 40) | ((uint64_t)((limit >> 16) & 0xf) << 48) |
	       (flags << 52) | ((uint64_t)(base >> 24) << 56);
}

static uint64_t gate_desc(uint32_t handler, unsigned int dpl)
{
	return (handler & 0xffff) | ((uint64_t)SEL_KCODE << 16) |
	       ((uint64_t)(0x8e | (dpl << 5)) << 40) |
	       ((uint64_t)(handler >> 16) << 48);
}

/* This core: the monitor's GDT, segments and IDT. */
void cpu_load_tables(void)
{
	struct dtr gdtr = { sizeof(gdt) - 1, (uint32_t)gdt };
	struct dtr idtr = { sizeof(idt) - 1, (uint32_t)idt };

	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\tmov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%fs\n\t"
			 "mov %2, %%gs\n\t"
			 "mov %2, %%ss"
			 : : "m"(gdtr), "i"(SEL_KCODE), "r"(SEL_KDATA));
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void cpu_init(void)
{
	unsigned int v;

	gdt[SEL_KCODE >> 3] = seg_desc(0, 0, 0x9a) | (0xfULL << 48) | (0x8ULL << 52);
	gdt[SEL_KDATA >> 3] = seg_desc(0, 0, 0x92) | (0xfULL << 48) | (0x8ULL << 52);
	for (v = 0; v < 256; v++)
		idt[v] = gate_desc(trap_vectors[v], v == MESO_HCALL_VECTOR ? 3 : 0);
	cpu_load_tables();
}

void cpu_setup_guest(unsigned int id, uint32_t base, uint32_t limit,
		     const struct cfg_iobitmap *io, void *frame_end)
{
	struct tss *t = &tss[id];
	uint32_t len = io->len > IOMAP_MAX ? IOMAP_MAX : io->len;

	ASSERT(id < CFG_NR_GUESTS);
	gdt[SEL_GUEST_BASE + 3 * id] = seg_desc(base, limit, 0xfa);
	gdt[SEL_GUEST_BASE + 3 * id + 1] = seg_desc(base, limit, 0xf2);

	memset(t, 0, sizeof(*t));
	t->esp0 = (uint32_t)frame_end;	/* traps build the frame in place */
	t->ss0 = SEL_KDATA;
	t->iomap = offsetof(struct tss, iobitmap);
	if (len)
		memcpy(t->iobitmap, io->bits, len);
	t->iobitmap[len] = 0xff;
	/* The limit ends the bitmap: every port past it is denied. */
	gdt[TSS_SLOT(id)] = seg_desc((uint32_t)t, offsetof(struct tss, iobitmap) + len + 1, 0x89);
}

void cpu_switch_guest(unsigned int id)
{
	if (tss_loaded[smp_cpu()] == (int)id)
		return;
	gdt[TSS_SLOT(id)] &= ~(0x2ULL << 40);	/* clear busy */
	__asm__ volatile("ltr %w0" : : "r"(TSS_SLOT(id) << 3));
	tss_loaded[smp_cpu()] = id;
}

void cpu_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

/* Take what interrupts are pending, then go on with them off again. */
void cpu_irq_window(void)
{
	__asm__ volatile("sti; nop; cli" : : : "memory");
}

void cpu_stop(void)
{
	if (CFG_DEBUG_EXIT)
		__asm__ volatile("outb %0, $0xf4" : : "a"((uint8_t)1));
	for (;;)
		__asm__ volatile("cli; hlt");
}

uint32_t cpu_idt_base(void)
{
	return (uint32_t)idt;
}

void cpu_set_gate_dpl(unsigned int vector, unsigned int dpl)
{
	if (vector < 256 && vector != MESO_HCALL_VECTOR)
		idt[vector] = gate_desc(trap_vectors[vector], dpl);
}

/*
 * A trusted guest loads its own GDT (with flat ring-0 segments at the
 * monitor's selectors) and TR.  Leaving it: keep them, load the monitor's
 * GDT (a ring-3 guest's TSS is then loaded by cpu_switch_guest).
 */
void cpu_save_guest_desc(struct cpu_guest_desc *d)
{
	struct dtr mine = { sizeof(gdt) - 1, (uint32_t)gdt };
	uint16_t tr;

	__asm__ volatile("sgdt %0" : "=m"(d->gdt_limit));
	__asm__ volatile("str %0" : "=r"(tr));
	d->tr = tr;
	d->own_tr = d->gdt_base != (uint32_t)gdt && tr &&
		    !(tss_loaded[smp_cpu()] >= 0 && tr == (TSS_SLOT(tss_loaded[smp_cpu()]) << 3));
	__asm__ volatile("lgdt %0" : : "m"(mine));
	/* fs and gs may still name the guest's descriptors (its TLS, its
	 * per-CPU segment), which mean nothing in our GDT: an interrupt
	 * taken in the monitor (idle, a load step's window) would push them
	 * and fault popping them.  Its values are in its saved frame. */
	__asm__ volatile("mov %0, %%fs; mov %0, %%gs" : : "r"(0));
}

/* On the guest's page directory: its GDT base is its own address. */
void cpu_restore_guest_desc(const struct cpu_guest_desc *d)
{
	__asm__ volatile("lgdt %0" : : "m"(d->gdt_limit));
	if (d->own_tr) {
		uint32_t *desc = (uint32_t *)(d->gdt_base + (d->tr & ~7u));

		desc[1] &= ~0x200u;	/* clear busy */
		__asm__ volatile("ltr %w0" : : "r"(d->tr));
		tss_loaded[smp_cpu()] = -1;
	}
}

/*
 * A trusted guest may have rewritten the descriptor a saved data selector
 * names while the monitor held its frame (Linux loads a task's TLS entries
 * into its GDT before it reloads %gs).  Popping it would fault inside the
 * monitor; like Linux's own pop fixup, load the null selector instead.
 * On the guest's GDT.
 */
void cpu_null_stale_selectors(struct trapframe *f)
{
	uint32_t *sel[4] = { &f->gs, &f->fs, &f->es, &f->ds };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		uint32_t ar;
		uint8_t ok;

		if (!(*sel[i] & ~3u))
			continue;
		__asm__("lar %2, %0\n\tsetz %1" : "=r"(ar), "=q"(ok) : "r"(*sel[i]) : "cc");
		/* present, code or data, and readable if code */
		if (!ok || (ar & 0x9000) != 0x9000 || (ar & 0xa00) == 0x800)
			*sel[i] = 0;
	}
}
