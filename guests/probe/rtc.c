/*
 * rtc.c - routing probe: owns the CMOS RTC (IRQ 8, ports 0x70-0x71, both
 * granted by the configuration), runs its periodic interrupt at 1024 Hz
 * for RTC_COUNT interrupts, then turns it off and reports how many it
 * handled.  The monitor's status line shows how many it raised and
 * delivered on the line: the three must be equal.
 */
#include "probe.h"

#define RTC_COUNT	2000u

static volatile uint32_t handled, done, woken;

static void cmos_write(uint8_t reg, uint8_t val)
{
	__asm__ volatile("outb %0, $0x70" : : "a"(reg));
	__asm__ volatile("outb %0, $0x71" : : "a"(val));
}

static uint8_t cmos_read(uint8_t reg)
{
	uint8_t val;

	__asm__ volatile("outb %0, $0x70" : : "a"(reg));
	__asm__ volatile("inb $0x71, %0" : "=a"(val));
	return val;
}

static void on_rtc(unsigned int vector)
{
	(void)vector;
	cmos_read(0x0c);		/* acknowledge: the RTC raises again */
	if (++handled == RTC_COUNT) {
		cmos_write(0x0b, cmos_read(0x0b) & ~0x40);	/* periodic off */
		done = 1;
	}
}

static void on_timer(unsigned int vector)
{
	(void)vector;
	woken = 1;
}

int main(void)
{
	probe_printf("rtc: started, periodic interrupt at 1024 Hz for %u interrupts\n",
		     RTC_COUNT);
	/* the timer's own handler first: its boot-armed tick may already
	 * be pending, and must never count as an RTC interrupt */
	probe_on_irq(probe_info.timer_vector, on_timer);
	probe_on_any_irq(on_rtc);
	meso_irq_level(MESO_IRQ_DISABLE);
	cmos_write(0x0a, 0x26);				/* 32768 Hz base, rate 6 */
	cmos_write(0x0b, cmos_read(0x0b) | 0x40);	/* periodic on */
	cmos_read(0x0c);
	meso_irq_level(MESO_IRQ_ENABLE);
	probe_wait(&done);
	meso_timer(100000, MESO_TIMER_ONESHOT);	/* any late one would show */
	probe_wait(&woken);
	probe_printf("rtc: periodic interrupt off, handled %u interrupts\n", handled);
	return 0;
}
