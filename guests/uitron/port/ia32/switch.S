/*
 * switch.S - the IA-32 context switch both ports share.  A context is
 * the callee-saved registers and a return address on the task's own
 * stack; everything else was saved by the C calling convention or by
 * the interrupt stub below it.
 */
	.text
	.globl port_switch
	.type port_switch, @function
/* void port_switch(void **save_sp, void *sp) */
port_switch:
	movl 4(%esp), %eax
	movl 8(%esp), %edx
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
	.size port_switch, . - port_switch
	.section .note.GNU-stack, "", @progbits
