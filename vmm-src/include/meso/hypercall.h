/*
 * meso/hypercall.h - the one public hypercall ABI between the meso monitor
 * and its guests.  Guests include this file and nothing else of the
 * monitor.
 *
 * A hypercall is `int $MESO_HCALL_VECTOR` with the call number in eax and
 * up to three arguments in ebx, ecx, edx; the result comes back in eax
 * (>= 0 success, < 0 one of the MESO_E* codes).  Every other register is
 * preserved.  Pointers are offsets in the caller's partition (its segments
 * are based there) and are checked against it.
 *
 * Virtual interrupts: a guest registers a table of 256 handler offsets
 * indexed by vector (0 = none).  When an interrupt for it is pending and
 * its interrupt level is enabled, the monitor masks the guest's level,
 * pushes a struct meso_irq_frame on the guest's stack and jumps to the
 * handler with every other register as interrupted.  The handler returns
 * with MESO_HC_IRET (no arguments), which pops the frame, restores eax,
 * eip and esp, and enables the level again.
 *
 * MESO_HC_HALT enables the caller's level and sleeps until an interrupt is
 * pending for it (returns at once if one is), like `sti; hlt`: so a guest
 * disables, tests its wakeup condition, then halts, and loses no wakeup.
 *
 * Lazy masking: a guest may register a struct meso_irq_state in its
 * partition (MESO_HC_IRQ_STATE); from then on its level *is* that
 * structure's `masked` byte.  It disables with one store (masked = 1, no
 * trap) and enables with masked = 0 followed, only if `pending` is set, by
 * MESO_HC_IRQ_LEVEL(MESO_IRQ_ENABLE) so that the monitor delivers what it
 * held back meanwhile.  Every monitor path (delivery, MESO_HC_IRET, the
 * level hypercall, an emulated cli/sti, MESO_HC_HALT) reads and writes
 * the same byte.  A registered guest may also return from a virtual
 * interrupt itself: masked = 0, then if pending MESO_HC_IRET, else pop the
 * frame (see guests/uitron/port/meso/entry.S).
 *
 * ABI versions: MESO_ABI_VERSION is this header's.  MESO_HC_INFO takes
 * the size of the caller's struct meso_info in ecx and fills that much of
 * it (0: the 48 bytes of ABI 1, what guests built before ABI 2 pass); a
 * guest zeroes its struct, calls, and finds the monitor's version in
 * abi_version (0 from a monitor of ABI 1, which fills only ABI 1's part).
 * ABI 3 adds the core a guest runs on and its APIC ID at the end.
 */
#ifndef MESO_HYPERCALL_H
#define MESO_HYPERCALL_H

#define MESO_HCALL_VECTOR	0xfa	/* class 15: the monitor's own */

/* The hypercall instruction: a hardware-isolated (SVM) guest, whose
 * generated header defines MESO_GUEST_SVM, calls with vmmcall; the same
 * registers either way. */
#define MESO_STR_(x) #x
#define MESO_STR(x) MESO_STR_(x)
#ifdef MESO_GUEST_SVM
#define MESO_HCALL_INSN		"vmmcall"
#else
#define MESO_HCALL_INSN		"int $" MESO_STR(MESO_HCALL_VECTOR)
#endif

#define MESO_HC_CONSOLE_WRITE	0	/* (buf, len) -> bytes written */
#define MESO_HC_HALT		1	/* () enable level, sleep until an interrupt */
#define MESO_HC_IRQ_LEVEL	2	/* (MESO_IRQ_*) -> previous level */
#define MESO_HC_SET_VECTORS	3	/* (table of 256 offsets, 0 = off) */
#define MESO_VECTORS_IDT	1	/* trusted: SET_VECTORS(idt, limit, this) */
#define MESO_HC_INFO		4	/* (struct meso_info *, its size) */
#define MESO_HC_TIMER		5	/* (us, MESO_TIMER_*), us 0 = stop */
#define MESO_HC_NOTIFY		6	/* (channel window as the caller sees it) */
#define MESO_HC_IRET		7	/* () return from a virtual interrupt */
#define MESO_HC_CLOCK		8	/* () -> monitor time in us (wraps) */
#define MESO_HC_IRQ_STATE	9	/* (struct meso_irq_state *, 0 = off) */
#define MESO_HC_EXIT		10	/* (MESO_EXIT_*) stop: the fault policy */
#define MESO_NR_HCALLS		11

#define MESO_EINVAL		(-1)	/* bad number, flag or value */
#define MESO_EFAULT		(-2)	/* pointer outside the partition */
#define MESO_ENOSYS		(-3)	/* no such hypercall */
#define MESO_EPERM		(-4)	/* not yours (e.g. foreign channel) */

#define MESO_IRQ_DISABLE	0
#define MESO_IRQ_ENABLE		1

#define MESO_EXIT_HALT		0	/* halted for good (Linux: halt, reboot, panic) */
#define MESO_EXIT_PANIC		1	/* gave up after an error */

#define MESO_TIMER_ONESHOT	0
#define MESO_TIMER_PERIODIC	1

#define MESO_ABI_VERSION	3
#define MESO_INFO_MAGIC		0x6f73656du	/* "meso" */
#define MESO_INFO_V1_SIZE	48		/* ABI 1's struct meso_info */
#define MESO_INFO_CHANNELS	4
#define MESO_INFO_IRQS		16
#define MESO_INFO_PORTS		8
#define MESO_NR_VECTORS		256

#ifndef __ASSEMBLY__
#include <stdint.h>

/* What MESO_HC_INFO fills in. */
struct meso_info {
	uint32_t magic;
	uint32_t id;		/* guest id: position in the tables */
	uint32_t base;		/* physical start of the partition */
	uint32_t size;		/* partition size in bytes */
	uint32_t restarts;	/* how often the monitor restarted it */
	uint32_t tick_us;	/* timer granularity */
	uint32_t timer_vector;	/* vector of its virtual timer */
	uint32_t timer_us;	/* period armed at boot by the configuration */
	char name[16];
	/* ABI 2: filled when ecx gives the struct's size */
	uint32_t abi_version;	/* the monitor's MESO_ABI_VERSION */
	uint32_t console_port;	/* its UART's base port, 0 = the monitor console */
	uint32_t nr_channels, nr_irqs, nr_ports;
	struct meso_info_channel {
		uint32_t offset;	/* of its window, in the partition */
		uint32_t size;
		uint32_t vector;	/* notifications arrive here, 0 = none */
		char name[16];
		char peer[16];		/* the guest at the other end */
	} channels[MESO_INFO_CHANNELS];
	struct meso_info_irq {
		uint32_t irq;		/* ISA IRQ / IOAPIC line */
		uint32_t vector;	/* it arrives on */
	} irqs[MESO_INFO_IRQS];
	struct meso_info_ports {
		uint16_t first, last;	/* granted I/O ports, inclusive */
	} ports[MESO_INFO_PORTS];
	/* ABI 3 */
	uint32_t cpu;		/* the core it runs on (CONFIG_GUESTn_CPU) */
	uint32_t apic_id;	/* that core's local APIC ID */
};

/* Pushed on the guest stack for a virtual interrupt (lowest address first). */
struct meso_irq_frame {
	uint32_t vector;
	uint32_t eax;
	uint32_t eip;
	uint32_t eflags;
};

/*
 * Lazy masking (MESO_HC_IRQ_STATE): 4-byte aligned, in the partition.
 * `masked` is the guest's (any non-zero value masks), `pending` the
 * monitor's: set while it holds back an interrupt of the guest because
 * `masked` was set, cleared when there is none.
 */
struct meso_irq_state {
	volatile uint8_t masked;
	volatile uint8_t pending;
	uint8_t reserved[2];
	/* TSC when the monitor last raised the guest's timer vector (its
	 * tick handler found the timer due), written before each delivery:
	 * a latency measured from it includes every delay of the delivery. */
	volatile uint64_t timer_tsc;
} __attribute__((aligned(4)));

typedef void (*meso_handler_t)(void);

static inline long meso_hcall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile(MESO_HCALL_INSN
			 : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}

static inline long meso_console_write(const char *buf, unsigned long len)
{
	return meso_hcall3(MESO_HC_CONSOLE_WRITE, (long)buf, (long)len, 0);
}

static inline long meso_halt(void)
{
	return meso_hcall3(MESO_HC_HALT, 0, 0, 0);
}

static inline long meso_irq_level(int level)
{
	return meso_hcall3(MESO_HC_IRQ_LEVEL, level, 0, 0);
}

static inline long meso_set_vectors(const meso_handler_t *table)
{
	return meso_hcall3(MESO_HC_SET_VECTORS, (long)table, 0, 0);
}

/* Fills *info (zeroed first); info->abi_version says what was filled. */
static inline long meso_info(struct meso_info *info)
{
	unsigned long i;

	for (i = 0; i < sizeof(*info); i++)
		((volatile char *)info)[i] = 0;
	return meso_hcall3(MESO_HC_INFO, (long)info, sizeof(*info), 0);
}

static inline long meso_timer(unsigned long us, int flags)
{
	return meso_hcall3(MESO_HC_TIMER, (long)us, flags, 0);
}

static inline long meso_notify(const volatile void *channel)
{
	return meso_hcall3(MESO_HC_NOTIFY, (long)channel, 0, 0);
}

static inline long meso_irq_state(struct meso_irq_state *st)
{
	return meso_hcall3(MESO_HC_IRQ_STATE, (long)st, 0, 0);
}

/* Lazy masking on a registered struct meso_irq_state: a store to mask;
 * a store to unmask and a hypercall only if something was held back. */
static inline void meso_irq_mask(struct meso_irq_state *st)
{
	st->masked = 1;
}

static inline void meso_irq_unmask(struct meso_irq_state *st)
{
	st->masked = 0;
	if (st->pending)
		meso_irq_level(MESO_IRQ_ENABLE);
}

static inline unsigned long meso_clock_us(void)
{
	return (unsigned long)meso_hcall3(MESO_HC_CLOCK, 0, 0, 0);
}
#endif /* __ASSEMBLY__ */

#endif /* MESO_HYPERCALL_H */
