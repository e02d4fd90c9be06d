/*
 * trapentry.S - one stub per IDT vector.  Each pushes a zero error code
 * where the CPU pushes none, then the vector, and joins trap_common, which
 * completes a struct trapframe (asm/trap.h) and calls trap_handle().
 *
 * From a guest the frame is built in place in its vCPU: the guest's TSS
 * has esp0 at the end of vcpu->ctx, so the CPU and the stub push the
 * guest's registers straight into it and nothing is copied; trap_common
 * then moves to the monitor stack for C.  From the monitor itself (an
 * interrupt while it idles) the frame stays on the monitor stack.  A
 * trusted guest (ring 0, or its own ring 3 through its own TSS) leaves
 * the frame on its stack: trap_from_trusted() copies it into the vCPU,
 * and the frame returned for it is rebuilt on its stack.
 * trap_handle() returns the frame to resume (another vCPU's, to switch)
 * and trap_return pops it.
 *
 * With several cores each has its own monitor stack (vmm/smp.h): a
 * ring-3 guest's vCPU holds its core's stack top right after its frame
 * (vcpu->stack_top); a trusted guest runs on core 0 only.
 */
#include <generated/meso_layout.h>
#define TRAPFRAME_SIZE	76		/* sizeof(struct trapframe) */

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
	cld			/* a guest may trap with DF set; C needs it clear */
	pusha
	push	%ds
	push	%es
	push	%fs
	push	%gs
	mov	$0x68, %ax		/* SEL_KDATA; the monitor never uses fs, gs */
	mov	%ax, %ds
	mov	%ax, %es
	mov	%esp, %eax
	cmp	$cpu_stack, %esp	/* on the monitor stack: it idled */
	jb	1f
#if CFG_NR_CPUS == 1
	cmp	$cpu_stack_top, %esp
	jb	2f
1:	mov	$cpu_stack_top, %esp
	testb	$3, 60(%eax)		/* trapframe.cs */
	jz	3f			/* ring 0 outside the monitor: trusted */
	cmp	$vcpu_table, %eax	/* ring 3: frame in place in a vCPU? */
	jb	3f
	cmp	vcpu_table_end, %eax
	jb	2f
#else
	cmp	$cpu_stacks_end, %esp
	jb	2f
1:	testb	$3, 60(%eax)		/* trapframe.cs */
	jz	5f			/* ring 0 outside the monitor: trusted */
	cmp	$vcpu_table, %eax	/* ring 3: frame in place in a vCPU? */
	jb	5f
	cmp	vcpu_table_end, %eax
	jae	5f
	mov	TRAPFRAME_SIZE(%eax), %esp	/* vcpu->stack_top: its core's */
	jmp	2f
5:	mov	$cpu_stack_top, %esp	/* core 0's */
#endif
3:	push	%eax			/* a trusted guest's frame, on its stack */
	call	trap_from_trusted
	jmp	4f
2:	push	%eax
	call	trap_handle
4:	mov	%eax, %esp
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
