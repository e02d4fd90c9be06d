/*
 * start.S - hello's entry and interrupt stub.  The monitor enters
 * _start at ring 3 in the partition (linked at 0); a virtual interrupt
 * arrives at irq_entry with a struct meso_irq_frame on the stack
 * (vector, eax, eip, eflags) and every other register as interrupted.
 */
#include <meso/hypercall.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	mov	$MESO_STACK_TOP, %esp		/* gen/guests/<name>.h */
	call	main
1:	mov	$MESO_HC_HALT, %eax		/* nothing left to do: sleep */
	int	$MESO_HCALL_VECTOR
	jmp	1b

	.text
	.globl irq_entry
irq_entry:
	pusha
	pushl	32(%esp)			/* meso_irq_frame.vector */
	call	on_irq
	add	$4, %esp
	popa
	mov	$MESO_HC_IRET, %eax		/* pops the frame, level on */
	int	$MESO_HCALL_VECTOR
