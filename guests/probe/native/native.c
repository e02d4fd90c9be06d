/*
 * native.c - the benchmark primitives on bare hardware, for the ratios in
 * scripts/bench/bench_monitor.py: a Multiboot kernel alone at ring 0 on
 * the same QEMU (-kernel, -icount shift=0), with its own flat GDT and an
 * IDT.  It measures, with the very snippets bench.c uses, a software
 * interrupt to a ring-0 handler that only irets (the null call), cli and
 * sti, and the CMOS RTC's periodic interrupt (through the 8259s) reaching
 * the same handler as bench's irq_entry while it spins.  It prints
 * "native: <name> <instructions>" lines on COM1 and leaves QEMU through
 * isa-debug-exit.
 */
#include <stdint.h>
#include "../bench.h"

#define SAMPLES		200u
#define NULL_VECTOR	0x80
#define RTC_VECTOR	0x28	/* IRQ 8 behind the slave 8259 at 0x28 */
#define COM1		0x3f8

volatile uint32_t bench_save_edx, bench_t_irq, bench_irqs, bench_last, bench_irq_eip;
extern char null_entry[], irq_entry[];
static uint64_t gdt[3] = { 0, 0x00cf9a000000ffffULL, 0x00cf92000000ffffULL };
static uint64_t idt[256];
static uint32_t base;

__asm__(".section .multiboot, \"a\"\n\t.align 4\n\t"
	".long 0x1badb002, 0, -0x1badb002\n\t"
	".text\n"
	".globl _start\n"
	"_start:\n\t"
	"mov $stack_top, %esp\n\t"
	"call native_main\n"
	"1:\tcli\n\thlt\n\tjmp 1b\n"
	"null_entry:\n\t"
	"iret\n"
	"irq_entry:\n\t"
	"mov %edx, bench_save_edx\n\t"
	"rdtsc\n\t"
	"mov %eax, bench_t_irq\n\t"
	"mov (%esp), %eax\n\t"
	"mov %eax, bench_irq_eip\n\t"		/* where it interrupted */
	"push %eax\n\t"
	"mov $0x0c, %al\n\t"
	"outb %al, $0x70\n\t"
	"inb $0x71, %al\n\t"			/* RTC acknowledged */
	"mov $0x20, %al\n\t"
	"outb %al, $0xa0\n\t"
	"outb %al, $0x20\n\t"			/* both 8259s: EOI */
	"pop %eax\n\t"
	"incl bench_irqs\n\t"
	"mov bench_save_edx, %edx\n\t"
	"iret\n"
	".bss\n\t.align 16\n\t.space 8192\nstack_top:\n");

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void put(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, *s);
	}
}

static void report(const char *name, uint32_t v)
{
	char num[12], *p = num + sizeof(num) - 1;

	*p = 0;
	do
		*--p = '0' + v % 10;
	while (v /= 10);
	put("native: ");
	put(name);
	put(" ");
	put(p);
	put("\r\n");
}

static uint64_t gate(void *handler)
{
	uint32_t h = (uint32_t)handler;

	return (h & 0xffff) | (0x08ULL << 16) | (0x8eULL << 40) |
	       ((uint64_t)(h >> 16) << 48);
}

static void tables(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed))
		gdtr = { sizeof(gdt) - 1, (uint32_t)gdt },
		idtr = { sizeof(idt) - 1, (uint32_t)idt };

	__asm__ volatile("lgdt %0\n\tljmp $0x08, $1f\n1:\t"
			 "mov %1, %%ds\n\tmov %1, %%es\n\tmov %1, %%ss"
			 : : "m"(gdtr), "r"(0x10));
	idt[NULL_VECTOR] = gate(null_entry);
	idt[RTC_VECTOR] = gate(irq_entry);
	__asm__ volatile("lidt %0" : : "m"(idtr));
	/* 8259s at 0x20/0x28; only IRQ 2 (cascade) and IRQ 8 open. */
	outb(0x20, 0x11); outb(0xa0, 0x11);
	outb(0x21, 0x20); outb(0xa1, 0x28);
	outb(0x21, 0x04); outb(0xa1, 0x02);
	outb(0x21, 0x01); outb(0xa1, 0x01);
	outb(0x21, 0xfb); outb(0xa1, 0xfe);
}

static void rtc_periodic(int on)
{
	outb(0x70, 0x0a); outb(0x71, 0x23);
	outb(0x70, 0x0b); outb(0x71, on ? 0x42 : 0x02);
	outb(0x70, 0x0c); inb(0x71);
}


#define COST(...) (BENCH_DELTA(__VA_ARGS__) - base)

void native_main(void);
void native_main(void)
{
	uint32_t i, nul = ~0u, cli = ~0u, sti = ~0u, lat = ~0u;

	tables();
	rtc_periodic(0);
	base = ~0u;
	for (i = 0; i < SAMPLES; i++)
		base = bench_umin(base, BENCH_DELTA(""));
	for (i = 0; i < SAMPLES; i++) {
		nul = bench_umin(nul, COST("mov $9, %%eax\n\tint $0x80"));
		cli = bench_umin(cli, COST("cli"));
		sti = bench_umin(sti, COST("sti"));
	}
	report("null_call", nul);
	report("cli", cli);
	report("sti", sti);
	rtc_periodic(1);
	for (i = 0; i < SAMPLES; i++) {
		lat = bench_umin(lat, bench_irq_sample());
	}
	rtc_periodic(0);
	report("irq", lat);
	put("native: done\r\n");
	outb(0xf4, 0);
}
