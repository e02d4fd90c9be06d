/*
 * smpboot.S - how cores 1.. start (smp.c sends INIT-SIPI-SIPI).  The
 * trampoline, copied to the page CONFIG_SMP_TRAMPOLINE reserves, runs in
 * real mode: it loads the flat boot GDT and jumps, paging still off, to
 * smp_ap_entry32 in .boot at its physical address (the boot space keeps
 * those pages executable there).  That turns on PAE, NX if the boot CPU
 * has it, the boot space and paging, exactly as entry.S did on core 0,
 * and continues in the window on the core's own stack.  The boot CPU
 * writes the three words it needs after the trampoline's code, in the
 * same page (struct smp_start in smp.c).
 */
#include <generated/meso_layout.h>

#if CFG_NR_CPUS > 1

#define START_CR3	(CFG_SMP_TRAMPOLINE + 0x800)	/* struct smp_start */
#define START_EFER_NX	(START_CR3 + 4)
#define START_STACK	(START_CR3 + 8)

	.section .rodata
	.globl smp_trampoline, smp_trampoline_end
	.code16
smp_trampoline:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	smp_tramp_gdtr - smp_trampoline
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	$0x10, $smp_ap_entry32
	.align 4
smp_tramp_gdtr:
	.word	4 * 8 - 1
	.long	boot_gdt			/* trustedboot.S, physical */
smp_trampoline_end:

	.section .boot.text, "ax"
	.code32
smp_ap_entry32:
	mov	$0x18, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%cr4, %eax
	or	$0x20, %eax			/* PAE */
	mov	%eax, %cr4
	cmpl	$0, START_EFER_NX
	je	1f
	mov	$0xc0000080, %ecx		/* EFER.NXE */
	rdmsr
	or	$0x800, %eax
	wrmsr
1:	mov	START_CR3, %eax
	mov	%eax, %cr3
	mov	%cr0, %eax
	or	$0x80010000, %eax		/* PG, WP */
	mov	%eax, %cr0
	mov	START_STACK, %esp
	mov	$smp_ap_high, %eax
	jmp	*%eax

	.text
smp_ap_high:
	call	smp_ap_main
2:	cli
	hlt
	jmp	2b

#endif
