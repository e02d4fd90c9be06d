/*
 * crt0-svm.S - entry of a probe guest in hardware-isolated (SVM) mode.
 * The monitor enters _start at the guest's own ring 0: flat segments,
 * paging off, IF clear, guest-physical 0 = its partition start, no GDT
 * or IDT yet.
 * We load our own GDT and an IDT whose 256 interrupt gates lead to the
 * stubs below, then probe_init() and main(), then halt forever.  A
 * virtual interrupt comes through that IDT: its stub runs the C
 * dispatcher with the vector and returns with iret.  An exception
 * (vectors 0-31) is fatal: probe_fatal() stops the guest.
 */
#include <meso/hypercall.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	mov	$__stack_top, %esp
	lgdt	gdt_desc
	ljmp	$0x08, $1f
1:	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$idt, %edi			/* gate n -> stub n, 16 bytes apart */
	mov	$vec_0, %edx
	mov	$256, %ecx
2:	mov	%edx, %eax
	and	$0xffff, %eax
	or	$0x00080000, %eax		/* selector 0x08 */
	mov	%eax, (%edi)
	mov	%edx, %eax
	and	$0xffff0000, %eax
	or	$0x8e00, %eax			/* present, 32-bit interrupt gate */
	mov	%eax, 4(%edi)
	add	$8, %edi
	add	$16, %edx
	loop	2b
	lidt	idt_desc
	sti					/* it starts with IF clear */
	call	probe_init
	call	main
3:	mov	$MESO_HC_HALT, %eax
	vmmcall
	jmp	3b

	.altmacro
	.macro vector_stub n
	.align 16
vec_\n:
	push	$\n
	.if (\n <= 31)
	jmp	fatal
	.else
	jmp	irq_common
	.endif
	.endm

	.text
	.align 16
	.set	i, 0
	.rept	256
	vector_stub %i
	.set	i, i + 1
	.endr

irq_common:
	pusha
	cld
	pushl	32(%esp)			/* the vector */
	call	probe_irq
	add	$4, %esp
	popa
	add	$4, %esp
	iret

fatal:
	call	probe_fatal			/* (vector); does not return */
4:	hlt
	jmp	4b

	.data
	.align 8
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff		/* 0x08: flat code */
	.quad	0x00cf92000000ffff		/* 0x10: flat data */
gdt_desc:
	.word	3 * 8 - 1
	.long	gdt
idt_desc:
	.word	256 * 8 - 1
	.long	idt

	.bss
	.align 8
idt:
	.space	256 * 8
