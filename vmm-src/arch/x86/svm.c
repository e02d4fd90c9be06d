/*
 * svm.c - the hardware-isolated mode: guests in AMD SVM guest mode with
 * nested paging.  Each gets a VMCB, a nested page table (an mmu_space
 * without the monitor's part: guest-physical 0 is its partition start,
 * its channel windows at their offsets, nothing else) and an I/O map from
 * its generated port grants; MSRs are intercepted but for those VMSAVE
 * and VMLOAD switch (msr() says what the rest do).  A guest's
 * hypercall is VMMCALL with the registers of `int $0xfa`; its virtual
 * interrupts are queued as V_IRQ and taken through its own IDT when its
 * IF allows; a physical interrupt always makes it exit (the IPL split
 * enforced by hardware: its cli masks only its own virtual interrupts).
 * What it must not do ends in its fault policy with a health line.
 *
 * QEMU 7.2's TCG ignores the nested page table under a 2-level host, so
 * the monitor runs PAE (mmu.c) and svm_init() checks that a write to an
 * unmapped guest-physical page really exits before any guest starts.
 */
#include <stdint.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/mmu.h>
#include <asm/svm.h>
#include <vmm/con.h>
#include <vmm/fault.h>
#include <vmm/hcall.h>
#include <vmm/irq.h>
#include <vmm/string.h>
#include <vmm/vcpu.h>
#include <meso/hypercall.h>

/* VMCB control area */
#define VMCB_INTERCEPT_EXC	0x008
#define VMCB_INTERCEPT_1	0x00c
#define VMCB_INTERCEPT_2	0x010
#define VMCB_IOPM		0x040
#define VMCB_MSRPM		0x048
#define VMCB_ASID		0x058
#define VMCB_TLB_CONTROL	0x05c
#define VMCB_INT_CTL		0x060
#define VMCB_INT_VECTOR		0x064
#define VMCB_EXITCODE		0x070
#define VMCB_EXITINFO1		0x078
#define VMCB_EXITINFO2		0x080
#define VMCB_NP_ENABLE		0x090
#define VMCB_EVENTINJ		0x0a8
#define VMCB_N_CR3		0x0b0
/* VMCB state save area */
#define VMCB_ES			0x400	/* then CS, SS, DS, FS, GS: 16 bytes each */
#define VMCB_GDTR		0x460
#define VMCB_LDTR		0x470
#define VMCB_IDTR		0x480
#define VMCB_TR			0x490
#define VMCB_CPL		0x4cb
#define VMCB_EFER		0x4d0
#define VMCB_CR4		0x548
#define VMCB_CR3		0x550
#define VMCB_CR0		0x558
#define VMCB_DR7		0x560
#define VMCB_DR6		0x568
#define VMCB_RFLAGS		0x570
#define VMCB_RIP		0x578
#define VMCB_RSP		0x5d8
#define VMCB_RAX		0x5f8
#define VMCB_STAR		0x600	/* ... LSTAR, CSTAR, SFMASK, KernelGsBase, */
#define VMCB_CR2		0x640	/* SYSENTER_CS/ESP/EIP, then CR2 */
#define VMCB_G_PAT		0x668

/* Intercept vector 1 (0x00c) and 2 (0x010) bits */
#define I1_INTR		(1u << 0)
#define I1_NMI		(1u << 1)
#define I1_SMI		(1u << 2)
#define I1_INIT		(1u << 3)
#define I1_CPUID	(1u << 18)
#define I1_HLT		(1u << 24)
#define I1_INVLPGA	(1u << 26)
#define I1_IOIO		(1u << 27)
#define I1_MSR		(1u << 28)
#define I1_TASK_SWITCH	(1u << 29)
#define I1_SHUTDOWN	(1u << 31)
#define I2_ALL_SVM	0x7fu		/* VMRUN VMMCALL VMLOAD VMSAVE STGI CLGI SKINIT */
#define I2_MONITOR	(3u << 10)	/* MONITOR, MWAIT */

#define INT_V_IRQ	(1u << 8)
#define INT_PRIO_TOP	(0xfu << 16)
#define INT_IGN_TPR	(1u << 20)
#define INT_V_MASKING	(1u << 24)

/* #VMEXIT codes */
#define EXIT_INTR	0x060
#define EXIT_NMI	0x061
#define EXIT_SMI	0x062
#define EXIT_INIT	0x063
#define EXIT_CPUID	0x072
#define EXIT_HLT	0x078
#define EXIT_IOIO	0x07b
#define EXIT_MSR	0x07c
#define EXIT_SHUTDOWN	0x07f
#define EXIT_VMRUN	0x080
#define EXIT_VMMCALL	0x081
#define EXIT_NPF	0x400

#define POST_PORT	0x80		/* the PC's POST and I/O delay port */
#define IOIO_IN		(1u << 0)	/* EXITINFO1 of an IOIO exit */
#define IOIO_STRING	(1u << 2)
#define IOIO_SZ16	(1u << 5)
#define IOIO_SZ32	(1u << 6)

#define EVENT_GP	(13u | 3u << 8 | 1u << 11 | 1u << 31)	/* #GP(0), valid */

#define MSR_PLATFORM_ID	0x00000017u	/* these three read 0, writes ignored: */
#define MSR_UCODE_REV	0x0000008bu	/* what a kernel's CPU setup touches */
#define MSR_MISC_ENABLE	0x000001a0u	/* (Linux's early_init_intel) */
#define MSR_TSC		0x00000010u
#define MSR_APIC_BASE	0x0000001bu
#define MSR_SYSENTER_CS	0x00000174u	/* .. ESP, EIP: VMSAVE/VMLOAD switch them */
#define MSR_PAT		0x00000277u
#define MSR_STAR	0xc0000081u	/* .. LSTAR, CSTAR, SFMASK: switched too */
#define MSR_FS_BASE	0xc0000100u	/* .. GS_BASE, KERNEL_GS_BASE */
#define MSR_SVM_FIRST	0xc0010000u	/* AMD's SVM and system MSRs */
#define MSR_VM_CR	0xc0010114u
#define MSR_VM_HSAVE_PA	0xc0010117u
#define EFER_SVME	(1u << 12)
#define CPUID_SVM	(1u << 2)	/* 0x80000001 ecx */
#define CPUID_NP	(1u << 0)	/* 0x8000000a edx */

#define SEG_CODE	0xc9bu		/* 32-bit, 4 GiB, ring 0, accessed */
#define SEG_DATA	0xc93u

struct svm_guest {
	uint8_t vmcb[PAGE_SIZE];
	uint8_t iopm[3 * PAGE_SIZE];	/* 1 = intercepted */
	int queued;			/* vector in V_IRQ, not yet taken; -1 */
} __attribute__((aligned(PAGE_SIZE)));

static struct svm_guest guests[CFG_NR_SVM_GUESTS ? CFG_NR_SVM_GUESTS : 1];
static unsigned int guests_used;
static uint8_t msrpm[2 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t host_save[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));	/* VM_HSAVE_PA */
static uint8_t host_state[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));	/* VMSAVE */
static int usable;
static uint32_t exits;		/* since the last status report */

static inline uint32_t rd32(const uint8_t *vmcb, unsigned int off)
{
	return *(const volatile uint32_t *)(vmcb + off);
}

static inline uint64_t rd64(const uint8_t *vmcb, unsigned int off)
{
	return *(const volatile uint64_t *)(vmcb + off);
}

static inline void wr32(uint8_t *vmcb, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(vmcb + off) = v;
}

static inline void wr64(uint8_t *vmcb, unsigned int off, uint64_t v)
{
	*(volatile uint64_t *)(vmcb + off) = v;
}

static void set_seg(uint8_t *vmcb, unsigned int off, uint16_t sel, uint16_t attr, uint32_t limit)
{
	*(volatile uint16_t *)(vmcb + off) = sel;
	*(volatile uint16_t *)(vmcb + off + 2) = attr;
	wr32(vmcb, off + 4, limit);
	wr64(vmcb, off + 8, 0);
}

/* The intercepts every guest gets, its maps and ASID: once (a whole page
 * cleared is ~1,000 instructions, too long for a restart's stretch). */
static void vmcb_init(uint8_t *vmcb, uint32_t asid, const uint8_t *iopm, uint32_t npt_root)
{
	memset(vmcb, 0, PAGE_SIZE);
	wr32(vmcb, VMCB_INTERCEPT_1, I1_INTR | I1_NMI | I1_SMI | I1_INIT | I1_CPUID |
	     I1_HLT | I1_INVLPGA | I1_IOIO | I1_MSR | I1_TASK_SWITCH | I1_SHUTDOWN);
	wr32(vmcb, VMCB_INTERCEPT_2, I2_ALL_SVM | I2_MONITOR);
	wr64(vmcb, VMCB_IOPM, MMU_PHYS(iopm));
	wr64(vmcb, VMCB_MSRPM, MMU_PHYS(msrpm));
	wr32(vmcb, VMCB_ASID, asid);
	wr64(vmcb, VMCB_NP_ENABLE, 1);
	wr64(vmcb, VMCB_N_CR3, npt_root);
}

/* A fresh start: its ring 0, flat 32-bit segments, paging off, no GDT or
 * IDT yet (it loads its own); whatever the last instance left (its own
 * FS, GS, TR and LDTR, SYSCALL/SYSENTER MSRs, CR2) cleared. */
static void vmcb_reset(uint8_t *vmcb)
{
	unsigned int s;

	wr32(vmcb, VMCB_TLB_CONTROL, 1);		/* flush once */
	wr32(vmcb, VMCB_INT_CTL, INT_V_MASKING);
	wr64(vmcb, VMCB_EVENTINJ, 0);
	for (s = 0; s < 6; s++)
		set_seg(vmcb, VMCB_ES + 16 * s, s == 1 ? 0x08 : 0x10,
			s == 1 ? SEG_CODE : SEG_DATA, 0xffffffffu);
	set_seg(vmcb, VMCB_GDTR, 0, 0, 0);
	set_seg(vmcb, VMCB_IDTR, 0, 0, 0);
	set_seg(vmcb, VMCB_LDTR, 0, 0x82, 0);
	set_seg(vmcb, VMCB_TR, 0, 0x8b, 0xffff);
	*(volatile uint8_t *)(vmcb + VMCB_CPL) = 0;
	wr64(vmcb, VMCB_EFER, EFER_SVME);		/* required in guest mode */
	wr64(vmcb, VMCB_CR0, 0x11);			/* PE, ET */
	wr64(vmcb, VMCB_DR7, 0x400);
	wr64(vmcb, VMCB_DR6, 0xffff0ff0u);
	wr64(vmcb, VMCB_G_PAT, 0x0007040600070406ull);
	for (s = VMCB_STAR; s <= VMCB_CR2; s += 8)
		wr64(vmcb, s, 0);
}

/* Run once: registers from ctx into the VMCB, VMRUN, and back. */
static uint32_t world_switch(uint8_t *vmcb, struct trapframe *ctx)
{
	wr64(vmcb, VMCB_RIP, ctx->eip);
	wr64(vmcb, VMCB_RSP, ctx->esp);
	wr64(vmcb, VMCB_RFLAGS, ctx->eflags);
	wr64(vmcb, VMCB_RAX, ctx->eax);
	svm_enter(MMU_PHYS(vmcb), ctx, MMU_PHYS(host_state));
	exits++;
	ctx->eip = (uint32_t)rd64(vmcb, VMCB_RIP);
	ctx->esp = (uint32_t)rd64(vmcb, VMCB_RSP);
	ctx->eflags = (uint32_t)rd64(vmcb, VMCB_RFLAGS);
	ctx->eax = (uint32_t)rd64(vmcb, VMCB_RAX);
	wr32(vmcb, VMCB_TLB_CONTROL, 0);
	wr64(vmcb, VMCB_EVENTINJ, 0);		/* injected, if one was */
	return rd32(vmcb, VMCB_EXITCODE);
}

/* The boot-time proof: a one-page guest stores through ebx into the
 * monitor's canary, which its nested page table does not map.  It must
 * exit with a nested page fault there, the canary untouched. */
static const uint8_t check_code[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE))) = {
	0xc7, 0x03, 0x0d, 0x60, 0x00, 0x00,	/* movl $0x600d, (%ebx) */
	0x0f, 0x01, 0xd9,			/* vmmcall */
};
static volatile uint32_t canary;

static int self_check(void)
{
	struct mmu_space *npt = mmu_new_npt();
	uint32_t code = MMU_PHYS(check_code), exit;
	struct trapframe ctx;
	uint8_t *vmcb = guests[0].vmcb;		/* before any guest has it */
	unsigned int tries;

	if (!npt || mmu_map(npt, code, code, PAGE_SIZE, PTE_U))
		return -1;
	memset(guests[0].iopm, 0xff, sizeof(guests[0].iopm));
	vmcb_init(vmcb, 1, guests[0].iopm, MMU_PHYS(npt->pdpt));
	vmcb_reset(vmcb);
	memset(&ctx, 0, sizeof(ctx));
	ctx.eip = code;
	ctx.eflags = EFLAGS_RSVD;
	ctx.ebx = MMU_PHYS(&canary);
	canary = 0;
	exit = world_switch(vmcb, &ctx);
	/* A device's interrupt pending at boot exits first: take it, again */
	for (tries = 0; exit == EXIT_INTR && tries < 64; tries++) {
		cpu_irq_window();
		exit = world_switch(vmcb, &ctx);
	}
	if (exit == EXIT_NPF && (uint32_t)rd64(vmcb, VMCB_EXITINFO2) == ctx.ebx && !canary)
		return 0;
	con_printf("svm: self-check failed: a write to an unmapped guest-physical page gave "
		   "#VMEXIT 0x%x, canary 0x%x (nested paging does not isolate)\n", exit, canary);
	return -1;
}

/* Let the guest read (and, if rw, write) msr without an exit. */
static void msr_allow(uint32_t msr, int rw)
{
	uint32_t base = msr < 0x2000u ? 0 : msr - 0xc0000000u < 0x2000u ? 0x800 : 0x1000;
	uint32_t bit = 2 * (msr & 0x1fffu);

	msrpm[base + bit / 8] &= ~(1u << (bit % 8));
	if (rw)
		msrpm[base + bit / 8] &= ~(2u << (bit % 8));
}

int svm_init(void)
{
	uint32_t r[4], i;

	cpu_cpuid(0x80000000u, r);
	if (r[0] < 0x8000000au) {
		con_printf("svm: this CPU has no AMD SVM (CPUID 0x8000000a missing)\n");
		return -1;
	}
	cpu_cpuid(0x80000001u, r);
	if (!(r[2] & CPUID_SVM)) {
		con_printf("svm: this CPU has no AMD SVM (CPUID 0x80000001 ecx bit 2)\n");
		return -1;
	}
	cpu_cpuid(0x8000000au, r);
	if (!(r[3] & CPUID_NP)) {
		con_printf("svm: this CPU has SVM but no nested paging\n");
		return -1;
	}
	if (cpu_rdmsr(MSR_VM_CR) & (1u << 4)) {
		con_printf("svm: SVM is disabled by the firmware (VM_CR.SVMDIS)\n");
		return -1;
	}
	cpu_wrmsr(MSR_EFER, cpu_rdmsr(MSR_EFER) | EFER_SVME);
	cpu_wrmsr(MSR_VM_HSAVE_PA, MMU_PHYS(host_save));
	memset(msrpm, 0xff, sizeof(msrpm));		/* intercepted by default */
	for (i = 0; i < 4; i++) {
		msr_allow(MSR_SYSENTER_CS + i % 3, 1);
		msr_allow(MSR_STAR + i, 1);
		msr_allow(MSR_FS_BASE + i % 3, 1);
	}
	msr_allow(MSR_TSC, 0);
	if (self_check())
		return -1;
	usable = 1;
	con_printf("svm: AMD SVM with nested paging; self-check passed (an unmapped "
		   "guest-physical write exits)\n");
	return 0;
}

void svm_report_line(uint32_t now_ms)
{
	con_printf("status: %u ms: svm: %u world switches since the last report\n", now_ms, exits);
	exits = 0;
}

int svm_build(struct vcpu *v)
{
	const struct cfg_partition *p = v->part;
	const struct cfg_iobitmap *io = &cfg_iobitmaps[v->id];
	struct svm_guest *g;
	struct mmu_space *npt;
	unsigned int c, e;

	if (!usable) {
		con_printf("boot: guest %s: hardware-isolated, but SVM is not usable here -> not started\n",
			   v->cfg->name);
		return -1;
	}
	g = &guests[guests_used++];
	npt = mmu_new_npt();
	if (mmu_map(npt, 0, p->mem.base, p->mem.size, PTE_U | PTE_W))
		return -1;
	for (c = 0; c < cfg_nr_channels; c++)
		for (e = 0; e < 2; e++)
			if (cfg_channels[c].end[e] == v->id &&
			    mmu_map(npt, cfg_channels[c].offset[e], cfg_channels[c].shm.base,
				    cfg_channels[c].shm.size, PTE_U | PTE_W))
				return -1;
	memset(g->iopm, 0xff, sizeof(g->iopm));
	memcpy(g->iopm, io->bits, io->len < sizeof(g->iopm) ? io->len : sizeof(g->iopm));
	v->space = npt;
	v->svm = g;
	vmcb_init(g->vmcb, 1 + (uint32_t)(g - guests), g->iopm, MMU_PHYS(npt->pdpt));
	return 0;
}

void svm_reset(struct vcpu *v)
{
	struct svm_guest *g = v->svm;

	vmcb_reset(g->vmcb);
	g->queued = -1;
	v->ctx.eflags = EFLAGS_RSVD;	/* IF clear, as after a CPU reset */
}

int svm_irq_queued(const struct vcpu *v)
{
	return v->svm->queued >= 0;
}

static int highest_pending(const struct vcpu *v)
{
	int w;

	if (!v->pending_words)
		return -1;
	w = 31 - __builtin_clz(v->pending_words);
	return w * 32 + 31 - __builtin_clz(v->pending[w]);
}

/* The highest pending vector into V_IRQ (replacing a lower one the guest
 * has not taken yet); the guest takes it through its IDT once its IF is
 * set. */
static void queue_irq(struct vcpu *v, struct svm_guest *g)
{
	int vec = highest_pending(v);

	if (vec < 0 || vec == g->queued)
		return;
	g->queued = vec;
	wr32(g->vmcb, VMCB_INT_VECTOR, (uint32_t)vec);
	wr32(g->vmcb, VMCB_INT_CTL, INT_V_MASKING | INT_V_IRQ | INT_PRIO_TOP | INT_IGN_TPR);
}

/* After an exit: V_IRQ cleared means the queued vector was taken. */
static void irq_taken(struct vcpu *v, struct svm_guest *g)
{
	int vec = g->queued;

	if (vec < 0 || (rd32(g->vmcb, VMCB_INT_CTL) & INT_V_IRQ))
		return;
	g->queued = -1;
	v->pending[vec >> 5] &= ~(1u << (vec & 31));
	if (!v->pending[vec >> 5])
		v->pending_words &= ~(1u << (vec >> 5));
	irq_count_delivered((uint8_t)vec);
}

/* CPUID as the host's, without SVM (no nested guests) and with the
 * hypervisor bit. */
static void emulate_cpuid(struct trapframe *ctx)
{
	uint32_t r[4], leaf = ctx->eax;

	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(ctx->ecx));
	if (leaf == 1)
		r[2] |= 1u << 31;
	else if (leaf == 0x80000001u)
		r[2] &= ~CPUID_SVM;
	else if (leaf == 0x8000000au)
		r[0] = r[1] = r[2] = r[3] = 0;
	ctx->eax = r[0];
	ctx->ebx = r[1];
	ctx->ecx = r[2];
	ctx->edx = r[3];
	ctx->eip += 2;
}

/*
 * The guest's level is its own IF (ctx.eflags, the VMCB's RFLAGS) and it
 * takes interrupts through its own IDT: HALT and IRQ_LEVEL act on IF,
 * the ring-3 delivery calls are refused; the rest as for every guest.
 */
#define OWN_IDT_CALLS	(1u << MESO_HC_HALT | 1u << MESO_HC_IRQ_LEVEL | \
			 1u << MESO_HC_SET_VECTORS | 1u << MESO_HC_IRET | 1u << MESO_HC_IRQ_STATE)

static void hypercall(struct vcpu *v)
{
	uint32_t nr = v->ctx.eax, a = v->ctx.ebx, was = !!(v->ctx.eflags & EFLAGS_IF);

	if (nr >= MESO_NR_HCALLS || !((OWN_IDT_CALLS >> nr) & 1)) {
		hcall_dispatch(v);
		return;
	}
	if (nr == MESO_HC_HALT) {
		v->ctx.eflags |= EFLAGS_IF;
		vcpu_halt(v);
		v->ctx.eax = 0;
	} else if (nr == MESO_HC_IRQ_LEVEL && a <= MESO_IRQ_ENABLE) {
		v->ctx.eflags = a ? v->ctx.eflags | EFLAGS_IF : v->ctx.eflags & ~EFLAGS_IF;
		v->ctx.eax = was;
	} else {
		v->ctx.eax = (uint32_t)MESO_EINVAL;
	}
}

/*
 * An intercepted MSR (svm_init lets the VMSAVE-switched ones and TSC
 * reads through).  EFER reads as the guest's without SVME, and only its
 * NXE may change; PAT is the guest's own (G_PAT, nested paging); the
 * microcode revision, platform id and misc-enable read 0.  The
 * monitor's own (APIC base, the SVM and system MSRs) and an EFER write
 * that touches anything else are an attack: the fault policy.  Any other
 * MSR raises #GP in the guest, as a CPU does for one it does not have.
 */
static void msr(struct vcpu *v, struct svm_guest *g, int write)
{
	uint32_t m = v->ctx.ecx;
	uint64_t val = (uint64_t)v->ctx.edx << 32 | v->ctx.eax;
	uint64_t efer = rd64(g->vmcb, VMCB_EFER);

	if (m == MSR_EFER && !write) {
		val = efer & ~(uint64_t)EFER_SVME;
	} else if (m == MSR_EFER && !((val ^ efer) & ~(uint64_t)(EFER_SVME | EFER_NXE)) &&
		   !(val & EFER_SVME)) {
		wr64(g->vmcb, VMCB_EFER, (efer & ~(uint64_t)EFER_NXE) | (val & EFER_NXE));
	} else if (m == MSR_UCODE_REV || m == MSR_PLATFORM_ID || m == MSR_MISC_ENABLE) {
		val = 0;
	} else if (m == MSR_PAT) {
		if (write)
			wr64(g->vmcb, VMCB_G_PAT, val);
		else
			val = rd64(g->vmcb, VMCB_G_PAT);
	} else if (m == MSR_EFER || m == MSR_APIC_BASE || (m & 0xffff0000u) == MSR_SVM_FIRST) {
		fault_guest_at(v, write ? "wrmsr" : "rdmsr", "msr", m, v->ctx.eip);
		return;
	} else {
		wr64(g->vmcb, VMCB_EVENTINJ, EVENT_GP);
		return;
	}
	if (!write) {
		v->ctx.eax = (uint32_t)val;
		v->ctx.edx = (uint32_t)(val >> 32);
	}
	v->ctx.eip += 2;
}

static const char *const svm_insn[] = {
	"vmrun", "vmmcall", "vmload", "vmsave", "stgi", "clgi", "skinit",
};

int svm_exit(struct vcpu *v, uint32_t exit)
{
	struct svm_guest *g = v->svm;
	uint64_t info1 = rd64(g->vmcb, VMCB_EXITINFO1);
	uint32_t info2 = (uint32_t)rd64(g->vmcb, VMCB_EXITINFO2), eip = v->ctx.eip;

	switch (exit) {
	case EXIT_INTR:
	case EXIT_NMI:
	case EXIT_SMI:
	case EXIT_INIT:
		return 1;		/* the host takes it in its window */
	case EXIT_VMMCALL:
		v->ctx.eip += 3;	/* (no next-RIP save in TCG's SVM) */
		hypercall(v);
		break;
	case EXIT_HLT:
		v->ctx.eip += 1;
		vcpu_halt(v);		/* pending includes a queued vector */
		break;
	case EXIT_CPUID:
		emulate_cpuid(&v->ctx);
		break;
	case EXIT_NPF:
		fault_guest_at(v, info1 & 2 ? "nested #PF (write)" : "nested #PF", "gpa", info2, eip);
		break;
	case EXIT_IOIO:		/* a port it was not granted */
		if ((info1 & (IOIO_IN | IOIO_STRING)) == IOIO_IN) {
			/* reads as no device (all ones), with no side effect on
			 * the device: how a kernel probes for absent hardware */
			v->ctx.eax |= info1 & IOIO_SZ32 ? 0xffffffffu : info1 & IOIO_SZ16 ? 0xffffu : 0xffu;
			v->ctx.eip = info2;	/* the next instruction */
			break;
		}
		if ((uint32_t)info1 >> 16 == POST_PORT && !(info1 & IOIO_STRING)) {
			v->ctx.eip = info2;	/* nothing behind it: a write is lost */
			break;
		}
		fault_guest_at(v, info1 & 1 ? "in" : "out", "port", (uint32_t)info1 >> 16, eip);
		break;
	case EXIT_MSR:
		msr(v, g, (uint32_t)info1 & 1);
		break;
	case EXIT_SHUTDOWN:
		fault_guest(v, "triple fault (shutdown)", 0, eip);
		break;
	default:
		if (exit >= EXIT_VMRUN && exit < EXIT_VMRUN + 7)
			fault_guest(v, "#UD", svm_insn[exit - EXIT_VMRUN], eip);
		else
			fault_guest_at(v, "unexpected #VMEXIT", "code", exit, eip);
	}
	return 0;
}

uint32_t svm_run(struct vcpu *v)
{
	struct svm_guest *g = v->svm;
	uint32_t exit;

	queue_irq(v, g);
	exit = world_switch(g->vmcb, &v->ctx);
	irq_taken(v, g);
	return exit;
}
