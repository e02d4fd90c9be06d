/*
 * svmentry.S - the world switch into a hardware-isolated guest.
 * svm_enter(vmcb_phys, ctx, host_phys): the host's FS, GS, TR and LDTR
 * saved (VMSAVE) and the guest's loaded (VMLOAD), the guest's ebx, ecx,
 * edx, esi, edi and ebp from its struct trapframe (asm/trap.h), VMRUN
 * (eax, esp, eip and eflags are in the VMCB); back at #VMEXIT the same in
 * reverse.  GIF is clear from before VMRUN until after the exit, and the
 * host's IF is set for VMRUN so that a physical interrupt makes the guest
 * exit (the INTR intercept); on return IF is clear and GIF set, so that
 * interrupt waits for the caller's interrupt window.
 */
#define TF_EDI	16
#define TF_ESI	20
#define TF_EBP	24
#define TF_EBX	32
#define TF_EDX	36
#define TF_ECX	40

	.text
	.globl svm_enter
svm_enter:
	push	%ebp
	push	%ebx
	push	%esi
	push	%edi
	clgi
	mov	28(%esp), %eax			/* host_phys */
	vmsave
	mov	20(%esp), %eax			/* vmcb_phys */
	vmload
	mov	24(%esp), %ecx			/* ctx */
	push	%ecx
	mov	TF_EBX(%ecx), %ebx
	mov	TF_EDX(%ecx), %edx
	mov	TF_ESI(%ecx), %esi
	mov	TF_EDI(%ecx), %edi
	mov	TF_EBP(%ecx), %ebp
	mov	TF_ECX(%ecx), %ecx
	sti
	vmrun
	cli
	vmsave					/* eax: vmcb_phys again */
	push	%ecx
	mov	4(%esp), %ecx			/* ctx */
	mov	%ebx, TF_EBX(%ecx)
	mov	%edx, TF_EDX(%ecx)
	mov	%esi, TF_ESI(%ecx)
	mov	%edi, TF_EDI(%ecx)
	mov	%ebp, TF_EBP(%ecx)
	pop	TF_ECX(%ecx)
	add	$4, %esp
	mov	28(%esp), %eax			/* host_phys */
	vmload
	stgi
	pop	%edi
	pop	%esi
	pop	%ebx
	pop	%ebp
	ret
