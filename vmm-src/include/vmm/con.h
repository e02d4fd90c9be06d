/*
 * vmm/con.h - the monitor console (a 16550 on CFG_MONITOR_CONSOLE_PORT),
 * guest UART output through per-writer rings drained in bounded steps,
 * formatted printing, log levels and the panic path.
 */
#ifndef VMM_CON_H
#define VMM_CON_H

#include <stdarg.h>
#include <stdint.h>
#include <generated/meso_layout.h>

void con_init(void);
void con_uart_init(uint16_t port);
/* Queue a guest's bytes for its UART (or the monitor's); all or nothing:
 * returns len, or 0 with the bytes counted as dropped. */
uint32_t con_guest_write(unsigned int guest, const char *buf, uint32_t len);
/* At most budget bytes to the UARTs, never waiting; 1 if more wait. */
int con_drain(uint32_t budget);
void con_flush(void);		/* all of it, waiting: boot and stop only */
/* "console: ... dropped" for ring i (a guest, CFG_NR_GUESTS the monitor). */
void con_report_line(unsigned int i);
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_vprintf(const char *fmt, va_list ap);
uint32_t con_snprintf(char *buf, uint32_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void con_panic(const char *func, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#define LOG_ERR		0
#define LOG_WARN	1
#define LOG_INFO	2
#define LOG_DEBUG	3

#define con_log(level, ...) do {					\
		if ((level) <= CFG_LOG_LEVEL)				\
			con_printf(__VA_ARGS__);			\
	} while (0)

#define panic(...) con_panic(__func__, __VA_ARGS__)

#define ASSERT(cond) do {						\
		if (CFG_ASSERTIONS && !(cond))				\
			panic("assertion '%s' failed at %s:%d",	\
			      #cond, __FILE__, __LINE__);		\
	} while (0)

#endif /* VMM_CON_H */
