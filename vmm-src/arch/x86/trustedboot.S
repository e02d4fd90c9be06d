/*
 * trustedboot.S - enter a trusted guest's kernel the way the 32-bit Linux
 * boot protocol asks: paging off, interrupts off, flat __BOOT_CS (0x10)
 * and __BOOT_DS (0x18), %esi = boot_params.  It lives in .boot, linked
 * and run at its physical address (the boot space maps those pages
 * read-only and executable, and nothing else of the monitor there), so
 * called on the boot space it turns paging off in place.
 * The guest's boot page, command line and a small stack are the three
 * pages from boot_params up.
 */
	.section .boot.text, "ax"
	.globl cpu_boot_trusted
cpu_boot_trusted:			/* (entry, boot_params) */
	cli
	mov	4(%esp), %ebx
	mov	8(%esp), %esi
	mov	%cr0, %ecx
	and	$0x7fffffff, %ecx
	mov	%ecx, %cr0
	xor	%ecx, %ecx
	mov	%ecx, %cr3
	mov	%ecx, %cr4		/* the kernel sets its own (PAE ...) */
	lgdt	boot_gdtr
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

	.section .boot.data, "a"
	.align 8
	.globl boot_gdt
boot_gdt:
	.quad	0
	.quad	0
	.quad	0x00cf9b000000ffff	/* 0x10: flat code (accessed) */
	.quad	0x00cf93000000ffff	/* 0x18: flat data (accessed) */
boot_gdtr:
	.word	4 * 8 - 1
	.long	boot_gdt
