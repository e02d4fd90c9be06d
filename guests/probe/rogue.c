/*
 * rogue.c - fault-injection probe for the isolated (ring-3) mode: its
 * attacks in rounds (attack.c runs them, one that faults per start).
 * The ones that do not fault (emulated cli/hlt, refused hypercalls)
 * report their outcome and go on in-line.  Every outcome must be
 * contained: logged by the monitor, nobody else disturbed.
 */
#include "probe.h"

#define CLI_SPIN_US	10000u

static void write_window(void)	/* the window is at a fixed linear address */
{
	*(volatile uint32_t *)(0xff000000u - probe_info.base) = 0xdead;
}

static void write_neighbour(void)	/* 4 MiB below: another partition */
{
	*(volatile uint32_t *)(0u - 0x400000u) = 0xdead;
}

static void read_neighbour(void)
{
	probe_printf("rogue: read 0x%x\n", *(volatile uint32_t *)(0u - 0x400000u + 16));
}

static void jump_outside(void)	/* 4 MiB up: past the segment limit */
{
	((void (*)(void))0x400000u)();
}

static void load_idt(void)
{
	static const struct { uint16_t limit; uint32_t base; } __attribute__((packed)) d;

	__asm__ volatile("lidt %0" : : "m"(d));
}

static void load_gdt(void)
{
	static const struct { uint16_t limit; uint32_t base; } __attribute__((packed)) d;

	__asm__ volatile("lgdt %0" : : "m"(d));
}

static void load_cr3(void)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(0u));
}

static void out_ungranted(void)
{
	__asm__ volatile("outb %0, %1" : : "a"((uint8_t)'!'), "Nd"((uint16_t)0x3f8));
}

static void divide_by_zero(void)
{
	uint32_t zero = 0, r;

	__asm__ volatile("divl %2" : "=a"(r) : "a"(1u), "r"(zero), "d"(0u));
	(void)r;
}

static void undefined_insn(void)
{
	__asm__ volatile("ud2");
}

static void stack_overflow(void)	/* pushes run off the partition's start */
{
	__asm__ volatile("mov $16, %%esp\n1:\tpush %%eax\n\tjmp 1b" : : : "memory");
}

/*
 * The virtual triple fault: no usable stack when an interrupt comes (the
 * monitor cannot push the frame), the same that makes real hardware
 * reset.  The monitor must treat it as this guest's fault, nothing more.
 */
static void triple_fault(void)
{
	meso_timer(2000, MESO_TIMER_ONESHOT);
	__asm__ volatile("mov $8, %%esp\n1:\tjmp 1b" : : : "memory");
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
	probe_printf("rogue: cli emulated: spun %u us with my level masked\n", spun);
}

static void hlt_emulated(void)
{
	uint32_t t = meso_clock_us();

	probe_timer_arm(5000);
	while (!probe_timer_fired)
		__asm__ volatile("hlt");
	probe_printf("rogue: hlt emulated: slept %u us until my timer\n",
		     (uint32_t)(meso_clock_us() - t));
}

static void wild_pointer(void)
{
	long ret = meso_console_write((const char *)0xdeadbeef, 16);

	probe_printf("rogue: wild pointer hypercall returned %d\n", (int32_t)ret);
}

static void wild_hypercalls(void)
{
	static const struct { long nr, a, b, expect; } calls[] = {
		{ MESO_NR_HCALLS, 0, 0, MESO_ENOSYS },
		{ -1, 0, 0, MESO_ENOSYS },
		{ 0x7fffffff, 0, 0, MESO_ENOSYS },
		{ 1000, 1, 2, MESO_ENOSYS },
		{ MESO_HC_IRQ_LEVEL, 7, 0, MESO_EINVAL },
		{ MESO_HC_TIMER, 1000, 5, MESO_EINVAL },
		{ MESO_HC_TIMER, 0x7fffffff, MESO_TIMER_PERIODIC, MESO_EINVAL },
		{ MESO_HC_SET_VECTORS, 2, 0, MESO_EINVAL },
		{ MESO_HC_SET_VECTORS, 0xfffff000, 0, MESO_EFAULT },
		{ MESO_HC_INFO, 0xfffffff0, 0, MESO_EFAULT },
		{ MESO_HC_CONSOLE_WRITE, 0, 0x7fffffff, MESO_EINVAL },
		{ MESO_HC_NOTIFY, 0x1234, 0, MESO_EPERM },
		{ MESO_HC_IRQ_STATE, 0x1001, 0, MESO_EINVAL },
		{ MESO_HC_IRQ_STATE, 0xfffffffc, 0, MESO_EFAULT },
	};
	uint32_t i, refused = 0;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		long ret = meso_hcall3(calls[i].nr, calls[i].a, calls[i].b, 0);

		if (ret == calls[i].expect)
			refused++;
		else
			probe_printf("rogue: hypercall %d(0x%x, 0x%x) returned %d, expected %d\n",
				     (int32_t)calls[i].nr, (uint32_t)calls[i].a,
				     (uint32_t)calls[i].b, (int32_t)ret,
				     (int32_t)calls[i].expect);
	}
	probe_printf("rogue: wild hypercalls: %u of %u refused with the right error\n",
		     refused, i);
}

/*
 * The direction flag is the guest's: a monitor that ran its string copies
 * with it set would write below the buffer it was given, into whatever
 * lies there (here: canaries; at a partition's start: the neighbour).
 */
static void hypercall_with_df(void)
{
	static struct { uint32_t below[8]; struct meso_info info; uint32_t above[8]; } b;
	uint32_t i, intact = 1;
	long ret;

	for (i = 0; i < 8; i++)
		b.below[i] = b.above[i] = 0x5a5a5a5au;
	__asm__ volatile("std");
	ret = meso_info(&b.info);
	__asm__ volatile("cld");
	for (i = 0; i < 8; i++)
		intact &= b.below[i] == 0x5a5a5a5au && b.above[i] == 0x5a5a5a5au;
	probe_printf("rogue: hypercall with DF set: returned %d, info %s, canaries %s\n",
		     (int32_t)ret,
		     b.info.magic == MESO_INFO_MAGIC && b.info.id == probe_info.id ? "ok" : "WRONG",
		     intact ? "intact" : "OVERWRITTEN");
}

static void fault_with_df(void)	/* the restart clears the partition */
{
	__asm__ volatile("std\n\tud2");
}

static const struct probe_attack attacks[] = {
	{ "write monitor window", write_window, 1 },
	{ "write neighbour partition", write_neighbour, 1 },
	{ "read neighbour partition", read_neighbour, 1 },
	{ "jump outside its segment", jump_outside, 1 },
	{ "cli + spin", cli_spin, 0 },
	{ "load its own IDT", load_idt, 1 },
	{ "load its own GDT", load_gdt, 1 },
	{ "load its own CR3", load_cr3, 1 },
	{ "out to ungranted port", out_ungranted, 1 },
	{ "hlt", hlt_emulated, 0 },
	{ "divide by zero", divide_by_zero, 1 },
	{ "undefined instruction", undefined_insn, 1 },
	{ "stack overflow", stack_overflow, 1 },
	{ "triple-fault attempt", triple_fault, 1 },
	{ "hypercall with wild pointer", wild_pointer, 0 },
	{ "wild hypercall numbers and arguments", wild_hypercalls, 0 },
	{ "hypercall with direction flag set", hypercall_with_df, 0 },
	{ "fault with direction flag set", fault_with_df, 1 },
};
int main(void)
{
	probe_run_attacks("rogue", attacks, sizeof(attacks) / sizeof(attacks[0]));
}
