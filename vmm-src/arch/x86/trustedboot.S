/*
 * trustedboot.S - enter a trusted guest's kernel the way the 32-bit Linux
 * boot protocol asks: paging off, interrupts off, flat __BOOT_CS (0x10)
 * and __BOOT_DS (0x18), %esi = boot_params.  Called on the boot page
 * directory, which identity-maps the monitor's physical pages, so the
 * code continues at its physical address and turns paging off there.
 * The guest's boot page, command line and a small stack are the three
 * pages from boot_params up.
 */
	.text
	.globl cpu_boot_trusted
cpu_boot_trusted:			/* (entry, boot_params) */
	cli
	mov	4(%esp), %ebx
	mov	8(%esp), %esi
	mov	$boot_gdtr, %eax
	sub	$VMM_OFFSET, %eax
	mov	$boot_gdt, %edx
	sub	$VMM_OFFSET, %edx
	mov	%edx, 2(%eax)		/* physical base for lgdt */
	mov	$1f, %ecx
	sub	$VMM_OFFSET, %ecx
	jmp	*%ecx
1:	mov	%cr0, %ecx
	and	$0x7fffffff, %ecx
	mov	%ecx, %cr0
	xor	%ecx, %ecx
	mov	%ecx, %cr3
	lgdt	(%eax)
	mov	$0x18, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	mov	%ecx, %fs
	mov	%ecx, %gs
	mov	%ecx, %ss
	lea	0x3000(%esi), %esp	/* boot_params page + cmdline page + a stack page */
	push	$0x10
	push	%ebx
	xor	%eax, %eax
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%ebx, %ebx
	lret

	.data
	.align 8
boot_gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x10: flat code */
	.quad	0x00cf92000000ffff	/* 0x18: flat data */
boot_gdtr:
	.word	4 * 8 - 1
	.long	0
