/*
 * stack.c - a fresh IA-32 context for port_switch: four zeroed
 * callee-saved registers under the entry address, and a null return
 * address above it so a debugger's backtrace stops there.
 */
#include "../port.h"

void *port_stack_init(void *top, void (*entry)(void))
{
	uint32_t *sp = (uint32_t *)((uintptr_t)top & ~15u);

	*--sp = 0;			/* entry's return address */
	*--sp = (uint32_t)entry;	/* port_switch's ret */
	for (int i = 0; i < 4; i++)
		*--sp = 0;		/* ebp ebx esi edi */
	return sp;
}
