/*
 * console.c - output on 16550 UARTs: the monitor console (COM1 unless
 * configured otherwise) and the guests' own UARTs for their console
 * hypercall.  Polled, one byte at a time; "\n" becomes "\r\n".  Also the
 * small printf the monitor logs with, and the panic path.
 */
#include <stdarg.h>
#include <stdint.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <vmm/con.h>
#include <vmm/string.h>

static void uart_putc(uint16_t port, char c)
{
	unsigned int spin = 100000;

	while (!(inb(port + 5) & 0x20) && --spin)
		;
	outb(port, (uint8_t)c);
}

void con_uart_init(uint16_t port)
{
	outb(port + 1, 0x00);		/* no UART interrupts */
	outb(port + 3, 0x80);
	outb(port + 0, 0x01);		/* 115200 baud */
	outb(port + 1, 0x00);
	outb(port + 3, 0x03);		/* 8N1 */
	outb(port + 2, 0xc7);
	outb(port + 4, 0x03);
}

void con_init(void)
{
	con_uart_init(CFG_MONITOR_CONSOLE_PORT);
}

void con_write(uint16_t port, const char *buf, uint32_t len)
{
	if (!port)
		port = CFG_MONITOR_CONSOLE_PORT;
	for (; len; len--, buf++) {
		if (*buf == '\n')
			uart_putc(port, '\r');
		uart_putc(port, *buf);
	}
}

static char *put_num(char *p, char *end, uint32_t v, unsigned int base,
		     int width, char pad)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n && p < end)
		*p++ = pad;
	while (n && p < end)
		*p++ = tmp[--n];
	return p;
}

static uint32_t con_vformat(char *buf, uint32_t size, const char *fmt, va_list ap)
{
	char *p = buf, *end = buf + size;

	for (; *fmt && p < end; fmt++) {
		int width = 0;
		char pad = ' ';

		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l')
			fmt++;
		switch (*fmt) {
		case 'd': {
			int32_t v = va_arg(ap, int32_t);

			if (v < 0 && p < end) {
				*p++ = '-';
				v = -v;
			}
			p = put_num(p, end, (uint32_t)v, 10, width, pad);
			break;
		}
		case 'u':
			p = put_num(p, end, va_arg(ap, uint32_t), 10, width, pad);
			break;
		case 'x':
			p = put_num(p, end, va_arg(ap, uint32_t), 16, width, pad);
			break;
		case 'c':
			*p++ = (char)va_arg(ap, int);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			while (s && *s && p < end)
				*p++ = *s++;
			break;
		}
		case '\0':
			fmt--;
			break;
		default:
			*p++ = *fmt;
			break;
		}
	}
	return p - buf;
}

void con_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	uint32_t n;

	va_start(ap, fmt);
	n = con_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	con_write(CFG_MONITOR_CONSOLE_PORT, buf, n);
}

void con_panic(const char *func, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	uint32_t n;

	__asm__ volatile("cli");
	con_printf("PANIC in %s: ", func);
	va_start(ap, fmt);
	n = con_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	con_write(CFG_MONITOR_CONSOLE_PORT, buf, n);
	con_write(CFG_MONITOR_CONSOLE_PORT, "\n", 1);
	cpu_stop();
}

uint32_t con_snprintf(char *buf, uint32_t size, const char *fmt, ...)
{
	va_list ap;
	uint32_t n;

	va_start(ap, fmt);
	n = con_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
