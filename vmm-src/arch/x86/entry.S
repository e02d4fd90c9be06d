/*
 * entry.S - the Multiboot entry.  GRUB jumps here at the physical load
 * address with paging off.  We zero .bss, build the boot space in PAE
 * format (RAM identity-mapped with 2 MiB pages for boot work, the APIC
 * pages, and the monitor window at its virtual base through 4 KiB page
 * tables), turn paging on and continue in the window on the monitor
 * stack, where mmu_init() makes the space W^X.
 * Core 0's stack is the first of CFG_NR_CPUS (vmm/smp.h); the others
 * start in smpboot.S.
 * Only linker symbols are used here (VMM_PHYS/VMM_SIZE/VMM_OFFSET from the
 * generated vmm.ld), so all arithmetic is done at run time.
 */
#include <generated/meso_layout.h>

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000003	/* page-align modules, memory info */
#define IDENT_PDES	512		/* identity-map the first 1 GiB */
#define APIC_PDE	2038		/* 0xfec00000: IOAPIC, then local APIC */
#define PDPT_SIZE	4096		/* struct mmu_space: pdpt, then pd */

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

	/* The boot space: its four page directories are one array of 2048
	 * entries of 2 MiB each (high halves stay zero from .bss). */
	mov	$mmu_boot + PDPT_SIZE, %edi
	sub	$VMM_OFFSET, %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$0x83, %eax			/* 2 MiB, writable, present */
	mov	%eax, (%edi,%ecx,8)
	inc	%ecx
	cmp	$IDENT_PDES, %ecx
	jb	1b
	movl	$0xfec0009b, APIC_PDE*8(%edi)	/* 2 MiB, uncached: IOAPIC */
	movl	$0xfee0009b, APIC_PDE*8+8(%edi)	/* and local APIC */

	/* Window page tables: PTE i maps VMM_PHYS + i pages. */
	mov	$mmu_window_pt, %ebx
	sub	$VMM_OFFSET, %ebx
	push	%edi
	mov	%ebx, %edi
	mov	$VMM_PHYS, %eax
	or	$0x3, %eax
	mov	$VMM_SIZE, %ecx
	shr	$12, %ecx
2:	mov	%eax, (%edi)
	add	$8, %edi
	add	$0x1000, %eax
	loop	2b
	pop	%edi

	/* PDEs from VMM_VIRT >> 21, one per 2 MiB of VMM_SIZE. */
	mov	$VMM_VIRT, %edx
	shr	$21, %edx
	mov	$VMM_SIZE, %ecx
	add	$0x1fffff, %ecx
	shr	$21, %ecx
	lea	0x3(%ebx), %eax
3:	mov	%eax, (%edi,%edx,8)
	add	$0x1000, %eax
	inc	%edx
	loop	3b

	/* The page-directory-pointer table: the four directories. */
	lea	-PDPT_SIZE(%edi), %edx
	lea	0x1(%edi), %eax
	mov	$4, %ecx
5:	mov	%eax, (%edx)
	add	$8, %edx
	add	$0x1000, %eax
	loop	5b
	sub	$32, %edx

	mov	%cr4, %eax
	or	$0x20, %eax			/* PAE */
	mov	%eax, %cr4
	mov	%edx, %cr3
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
	.globl cpu_stacks_end
cpu_stack:
	.space 16384			/* core 0's: CPU_STACK_SIZE */
cpu_stack_top:
#if CFG_NR_CPUS > 1
	.space 16384 * (CFG_NR_CPUS - 1)
#endif
cpu_stacks_end:
