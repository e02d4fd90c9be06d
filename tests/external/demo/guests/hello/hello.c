/*
 * hello.c - the smallest complete meso guest (with start.S): a vector
 * table for its timer, a periodic timer, console output, and the halt
 * loop that sleeps until the next interrupt.  Everything it needs comes
 * from <meso/hypercall.h> and its generated gen/guests/<name>.h.
 */
#include <meso/hypercall.h>

void irq_entry(void);			/* start.S */
void on_irq(unsigned int vector);
int main(void);

static meso_handler_t vectors[MESO_NR_VECTORS];	/* linked at 0: offsets */
static volatile unsigned int ticks;

void on_irq(unsigned int vector)	/* start.S calls it, then MESO_HC_IRET */
{
	if (vector == MESO_TIMER_VECTOR)
		ticks++;
}

static void put(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	meso_console_write(s, n);
}

int main(void)
{
	char line[] = "hello: tick 0\n";

	vectors[MESO_TIMER_VECTOR] = irq_entry;
	meso_set_vectors(vectors);
	meso_timer(100000, MESO_TIMER_PERIODIC);	/* every 100 ms */
	put("hello: started\n");
	while (ticks < 5) {
		unsigned int seen = ticks;

		meso_irq_level(MESO_IRQ_DISABLE);	/* test, then sleep */
		while (ticks == seen) {
			meso_halt();			/* enables, sleeps */
			meso_irq_level(MESO_IRQ_DISABLE);
		}
		meso_irq_level(MESO_IRQ_ENABLE);
		line[12] = '0' + ticks;
		put(line);
	}
	put("hello: done\n");
	return 0;				/* start.S halts for good */
}
