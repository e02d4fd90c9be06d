/*
 * trapentry.S - one stub per IDT vector.  Each pushes a zero error code
 * where the CPU pushes none, then the vector, and joins trap_common, which
 * completes a struct trapframe (asm/trap.h) on the monitor stack and calls
 * trap_handle().  trap_return pops whatever frame is there, so the
 * scheduler switches guests by rewriting the frame in place.
 */
	.altmacro

	.macro vector_stub n
	.align 16
vec_\n:
	.if (\n == 8) || ((\n >= 10) && (\n <= 14)) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	push	$0
	.endif
	push	$\n
	jmp	trap_common
	.endm

	.macro vector_addr n
	.long	vec_\n
	.endm

	.text
	.set	i, 0
	.rept	256
	vector_stub %i
	.set	i, i + 1
	.endr

trap_common:
	pusha
	push	%ds
	push	%es
	push	%fs
	push	%gs
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %fs
	mov	%ax, %gs
	push	%esp
	call	trap_handle
	add	$4, %esp
trap_return:
	pop	%gs
	pop	%fs
	pop	%es
	pop	%ds
	popa
	add	$8, %esp
	iret

	.globl trap_enter
trap_enter:
	mov	4(%esp), %esp
	jmp	trap_return

	.section .rodata
	.globl trap_vectors
	.align 4
trap_vectors:
	.set	i, 0
	.rept	256
	vector_addr %i
	.set	i, i + 1
	.endr
