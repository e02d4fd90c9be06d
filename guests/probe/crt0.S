/*
 * crt0.S - entry of every probe guest.  The monitor enters _start at
 * ring 3 with esp at the partition top; we call probe_init() and main(),
 * then halt forever.  probe_vector_entry is what the vector table points
 * at: it runs the C dispatcher with the vector from the monitor's frame
 * (struct meso_irq_frame) and returns with MESO_HC_IRET.
 */
#include <meso/hypercall.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	mov	$__stack_top, %esp
	call	probe_init
	call	main
1:	mov	$MESO_HC_HALT, %eax
	int	$MESO_HCALL_VECTOR
	jmp	1b

	.text
	.globl probe_vector_entry
probe_vector_entry:
	pusha
	pushl	32(%esp)			/* meso_irq_frame.vector */
	call	probe_irq
	add	$4, %esp
	popa
	mov	$MESO_HC_IRET, %eax
	int	$MESO_HCALL_VECTOR
