/*
 * entry.S - the Multiboot entry.  GRUB jumps here at the physical load
 * address with paging off.  We zero .bss, build the boot page directory
 * (RAM identity-mapped with 4 MiB pages for boot work, the APIC page, and
 * the monitor window at its virtual base through 4 KiB page tables), turn
 * paging on and continue in the window on the monitor stack.
 * Only linker symbols are used here (VMM_PHYS/VMM_SIZE/VMM_OFFSET from the
 * generated vmm.ld), so all arithmetic is done at run time.
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000003	/* page-align modules, memory info */
#define IDENT_PDES	256		/* identity-map the first 1 GiB */
#define APIC_PDE	1019		/* 0xfec00000: IOAPIC and local APIC */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl vmm_entry
vmm_entry:
	cli
	cld
	mov	%eax, %esi			/* Multiboot magic */
	mov	%ebx, %ebp			/* Multiboot info (physical) */

	mov	$vmm_bss_start, %edi
	sub	$VMM_OFFSET, %edi
	mov	$vmm_bss_end, %ecx
	sub	$vmm_bss_start, %ecx
	xor	%eax, %eax
	rep stosb

	mov	$mmu_boot_pd, %edi
	sub	$VMM_OFFSET, %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$22, %eax
	or	$0x83, %eax			/* 4 MiB, writable, present */
	mov	%eax, (%edi,%ecx,4)
	inc	%ecx
	cmp	$IDENT_PDES, %ecx
	jb	1b
	movl	$0xfec0009b, APIC_PDE*4(%edi)	/* 4 MiB, uncached */

	/* Window page tables: PTE i maps VMM_PHYS + i pages. */
	mov	$mmu_window_pt, %ebx
	sub	$VMM_OFFSET, %ebx
	push	%edi
	mov	%ebx, %edi
	mov	$VMM_PHYS, %eax
	or	$0x3, %eax
	mov	$VMM_SIZE, %ecx
	shr	$12, %ecx
2:	stosl
	add	$0x1000, %eax
	loop	2b
	pop	%edi

	/* PDEs from VMM_VIRT >> 22, one per 4 MiB of VMM_SIZE. */
	mov	$VMM_VIRT, %edx
	shr	$22, %edx
	mov	$VMM_SIZE, %ecx
	add	$0x3fffff, %ecx
	shr	$22, %ecx
	lea	0x3(%ebx), %eax
3:	mov	%eax, (%edi,%edx,4)
	add	$0x1000, %eax
	inc	%edx
	loop	3b

	mov	%cr4, %eax
	or	$0x10, %eax			/* PSE */
	mov	%eax, %cr4
	mov	%edi, %cr3
	mov	%cr0, %eax
	or	$0x80010000, %eax		/* PG, WP */
	mov	%eax, %cr0
	mov	$vmm_high, %eax
	jmp	*%eax

	.text
vmm_high:
	mov	$cpu_stack_top, %esp
	push	%ebp
	push	%esi
	call	vmm_main
4:	cli
	hlt
	jmp	4b

	.section .bss
	.align 4096
	.globl cpu_stack_top
	.globl cpu_stack
cpu_stack:
	.space 16384
cpu_stack_top:
