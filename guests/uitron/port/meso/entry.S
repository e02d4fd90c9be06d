/*
 * entry.S - the meso guest's entry and its one virtual interrupt stub.
 * The monitor starts _start with segments based at the partition; the
 * image is linked at 0 and the stack tops the partition.  For a virtual
 * interrupt the monitor has pushed struct meso_irq_frame (vector, eax,
 * eip, eflags) and masked our level.  We unmask (meso_irq.masked = 0)
 * and, unless the monitor held another interrupt back meanwhile
 * (meso_irq.pending: then MESO_HC_IRET pops the frame and delivers it),
 * pop the frame ourselves: no trap.  An interrupt taken once unmasked
 * nests below the frame and returns here.
 */
#include <meso/hypercall.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	movl $__stack_top, %esp
	cld
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	call meso_main
1:	call meso_halt_forever
	jmp 1b

	.text
	.globl meso_vector_entry
meso_vector_entry:
	pushal
	cld
	pushl 32(%esp)		/* frame.vector, above pushal */
	call meso_trap
	addl $4, %esp
	popal
	movb $0, meso_irq		/* masked */
	cmpb $0, meso_irq + 1		/* pending */
	jne 1f
	addl $4, %esp			/* frame.vector */
	popl %eax			/* frame.eax */
	pushl 4(%esp)			/* frame.eflags: arithmetic flags */
	popfl				/* (IF stays: IOPL 0) */
	ret $4				/* frame.eip; drop frame.eflags */
1:	movl $MESO_HC_IRET, %eax
	int $MESO_HCALL_VECTOR

	.section .note.GNU-stack, "", @progbits
