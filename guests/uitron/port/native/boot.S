/*
 * boot.S - bare-metal entry from a Multiboot loader (GRUB): the header,
 * a flat GDT, the boot stack, and the interrupt stubs.  Every vector
 * pushes (error code or 0, vector) and shares one path: save the
 * registers on the current stack, call native_trap(vector, frame),
 * restore, iret.  A dispatch from native_trap switches stacks inside C
 * and resumes here when the interrupted task runs again.
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000003	/* page-aligned modules, memory info */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	movl $boot_stack_top, %esp
	lgdt gdt_desc
	ljmp $0x08, $1f
1:	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %fs
	movw %ax, %gs
	movw %ax, %ss
	cld
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	call native_main
2:	hlt
	jmp 2b

	.text
.macro stub vec, err=0
	.globl native_stub\vec
native_stub\vec:
	.if \err == 0
	pushl $0
	.endif
	pushl $\vec
	jmp trap_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20
	stub \v
	.endr
	.irp v, 8,10,11,12,13,14,17
	stub \v, 1
	.endr
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	stub \v
	.endr

trap_common:
	pushal
	rdtsc			/* port_timer_raised(): when this trap came */
	movl %eax, native_trap_tsc
	movl %edx, native_trap_tsc + 4
	movl %esp, %eax
	pushl %eax		/* frame */
	pushl 36(%esp)		/* vector (above pushal and frame) */
	call native_trap
	addl $8, %esp
	popal
	addl $8, %esp		/* vector, error code */
	iret

	.data
	.align 8
gdt:	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08 code, flat */
	.quad 0x00cf92000000ffff	/* 0x10 data, flat */
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt

	.bss
	.align 16
	.space 8192
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
