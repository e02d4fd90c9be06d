/*
 * port.c - the bare-metal PC port: IDT, the two 8259 PICs remapped to
 * vectors 32..47, the 8254 PIT as the tick (IRQ 0), COM1 polled output,
 * cli/sti for the lock, hlt to idle, QEMU's isa-debug-exit to stop.
 * Interrupt numbers (INTNO) are the PIC's IRQ lines 0..15.
 */
#include <kernel.h>
#include "../port.h"

#define COM1		0x3f8
#define PIC1		0x20
#define PIC2		0xa0
#define PIT_HZ		1193182u
#define IRQ_BASE	32
#define DEBUG_EXIT	0xf4

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
};

struct trap_frame {
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax, vector, error, eip, cs, eflags;
};

static struct idt_gate idt[IRQ_BASE + 16];
static uint16_t pic_mask = 0xfffb;	/* all off but the cascade */

void native_main(void);
void native_trap(uint32_t vector, struct trap_frame *f);
unsigned long long native_trap_tsc;	/* boot.S stamps every trap */

unsigned long long port_timer_raised(void)
{
	return native_trap_tsc;
}

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

static void idt_set(int vec, void (*stub)(void))
{
	uint32_t a = (uint32_t)stub;

	idt[vec] = (struct idt_gate){ a & 0xffff, 0x08, 0, 0x8e, a >> 16 };
}

#define STUB(v) extern void native_stub##v(void)
#define SET(v) idt_set(v, native_stub##v)
STUB(0); STUB(1); STUB(2); STUB(3); STUB(4); STUB(5); STUB(6); STUB(7);
STUB(8); STUB(9); STUB(10); STUB(11); STUB(12); STUB(13); STUB(14); STUB(15);
STUB(16); STUB(17); STUB(18); STUB(19); STUB(20);
STUB(32); STUB(33); STUB(34); STUB(35); STUB(36); STUB(37); STUB(38); STUB(39);
STUB(40); STUB(41); STUB(42); STUB(43); STUB(44); STUB(45); STUB(46); STUB(47);

static void idt_init(void)
{
	SET(0); SET(1); SET(2); SET(3); SET(4); SET(5); SET(6); SET(7);
	SET(8); SET(9); SET(10); SET(11); SET(12); SET(13); SET(14); SET(15);
	SET(16); SET(17); SET(18); SET(19); SET(20);
	SET(32); SET(33); SET(34); SET(35); SET(36); SET(37); SET(38); SET(39);
	SET(40); SET(41); SET(42); SET(43); SET(44); SET(45); SET(46); SET(47);
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) d =
		{ sizeof(idt) - 1, (uint32_t)idt };
	__asm__ volatile("lidt %0" : : "m"(d));
}

static void pic_write_mask(void)
{
	outb(PIC1 + 1, pic_mask & 0xff);
	outb(PIC2 + 1, pic_mask >> 8);
}

static void pic_init(void)
{
	static const uint8_t icw[2][4] = { { 0x11, IRQ_BASE, 0x04, 0x01 },
					   { 0x11, IRQ_BASE + 8, 0x02, 0x01 } };

	for (int i = 0; i < 4; i++) {
		outb(i ? PIC1 + 1 : PIC1, icw[0][i]);
		outb(i ? PIC2 + 1 : PIC2, icw[1][i]);
	}
	pic_write_mask();
}

void port_init(void)
{
	static const uint8_t uart[][2] = { { 1, 0x00 }, { 3, 0x80 }, { 0, 0x01 },
		{ 1, 0x00 }, { 3, 0x03 }, { 2, 0xc7 }, { 4, 0x03 } }; /* 115200 8N1 */

	for (unsigned i = 0; i < sizeof(uart) / sizeof(uart[0]); i++)
		outb(COM1 + uart[i][0], uart[i][1]);
	idt_init();
	pic_init();
}

void native_main(void)
{
	port_init();
	kernel_start();
}

UINT port_lock(void)
{
	uint32_t fl;

	__asm__ volatile("pushfl; popl %0; cli" : "=r"(fl) : : "memory");
	return (fl >> 9) & 1;
}

void port_unlock(UINT state)
{
	if (state == PORT_ENABLED)
		__asm__ volatile("sti" : : : "memory");
}

void port_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

INTNO port_timer_start(UINT period_us)
{
	uint32_t div = (uint32_t)(((uint64_t)PIT_HZ * period_us + 500000) / 1000000);

	outb(0x43, 0x34);		/* channel 0, lo/hi, rate generator */
	outb(0x40, div & 0xff);
	outb(0x40, div >> 8);
	port_irq_attach(0);
	return 0;
}

ER port_irq_attach(INTNO intno)
{
	if (intno >= 16 || intno == 2)
		return E_PAR;
	pic_mask &= ~(1u << intno);
	pic_write_mask();
	return E_OK;
}

void port_console_write(const char *s, UINT len)
{
	for (UINT i = 0; i < len; i++) {
		if (s[i] == '\n') {
			while (!(inb(COM1 + 5) & 0x20))
				;
			outb(COM1, '\r');
		}
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, (uint8_t)s[i]);
	}
}

void port_exit(int code)
{
	outb(DEBUG_EXIT, (uint8_t)code);	/* QEMU exits with code*2+1 */
	for (;;)
		__asm__ volatile("cli; hlt");
}

void native_trap(uint32_t vector, struct trap_frame *f)
{
	if (vector >= IRQ_BASE) {
		INTNO irq = vector - IRQ_BASE;

		if (irq >= 8)
			outb(PIC2, 0x20);
		outb(PIC1, 0x20);	/* before any dispatch out of here */
		kernel_interrupt(irq);
		return;
	}
	syslog_printf("native: exception %u error %x at eip %x eflags %x\n",
		      vector, f->error, f->eip, f->eflags);
	port_exit(4);
}
