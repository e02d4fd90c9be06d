/*
 * port.c - the port on the meso monitor: the three Gandalf hypercalls
 * replace lidt (MESO_HC_SET_VECTORS), cli/sti (MESO_HC_IRQ_LEVEL) and
 * hlt (MESO_HC_HALT); the tick is the monitor's virtual timer and the
 * console its CONSOLE_WRITE.  Interrupt numbers (INTNO) are vectors.
 * The lock is lazy (MESO_HC_IRQ_STATE): masking is a store to meso_irq,
 * unmasking a store and, only if the monitor held an interrupt back
 * meanwhile, the enable hypercall.
 */
#include <kernel.h>
#include <meso/hypercall.h>
#include "../port.h"

static meso_handler_t vectors[MESO_NR_VECTORS];
static struct meso_info info;
struct meso_irq_state meso_irq;	/* our level; entry.S unmasks it too */

void meso_main(void);
void meso_trap(uint32_t vector);
void meso_halt_forever(void) __attribute__((noreturn));
void meso_vector_entry(void);

void port_init(void)
{
	meso_irq_level(MESO_IRQ_DISABLE);
	if (meso_irq_state(&meso_irq) < 0 || meso_info(&info) < 0 ||
	    info.magic != MESO_INFO_MAGIC)
		port_exit(5);
	meso_set_vectors(vectors);
}

void meso_main(void)
{
	port_init();
	kernel_start();
}

UINT port_lock(void)
{
	if (meso_irq.masked)
		return 0;
	meso_irq_mask(&meso_irq);
	return PORT_ENABLED;
}

void port_unlock(UINT state)
{
	if (state == PORT_ENABLED)
		meso_irq_unmask(&meso_irq);
}

/* The halt enables the level itself and returns at once if an interrupt
 * is pending, which is then delivered before we disable again. */
void port_idle(void)
{
	meso_halt();
	meso_irq_mask(&meso_irq);
}

INTNO port_timer_start(UINT period_us)
{
	port_irq_attach(info.timer_vector);
	if (meso_timer(period_us, MESO_TIMER_PERIODIC) < 0)
		port_exit(6);
	return info.timer_vector;
}

ER port_irq_attach(INTNO intno)
{
	if (intno >= MESO_NR_VECTORS)
		return E_PAR;
	vectors[intno] = meso_vector_entry;
	return meso_set_vectors(vectors) < 0 ? E_SYS : E_OK;
}

void port_console_write(const char *s, UINT len)
{
	meso_console_write(s, len);
}

void meso_halt_forever(void)
{
	for (;;) {
		meso_irq_level(MESO_IRQ_DISABLE);
		meso_halt();
	}
}

unsigned long long port_timer_raised(void)
{
	return meso_irq.timer_tsc;
}

void port_exit(int code)
{
	syslog_printf("uitron: exit %d\n", code);
	meso_halt_forever();
}

/* Entered with the level masked by the delivery; entry.S unmasks it on
 * the way out (also when we come back here from other tasks after a
 * dispatch). */
void meso_trap(uint32_t vector)
{
	kernel_interrupt(vector);
}
