/*
 * vmm/insn.h - decode the instruction an isolated guest trapped on with
 * #GP, just far enough to emulate the harmless ones (cli, sti, hlt) and
 * to name the others in the health log.  Pure C over a byte buffer, so
 * the host unit tests compile it unchanged.
 */
#ifndef VMM_INSN_H
#define VMM_INSN_H

#include <stdint.h>

#define INSN_MAX_LEN	15

enum insn_op {
	INSN_UNKNOWN,		/* not a privileged instruction we know */
	INSN_CLI,		/* emulated: disable the guest's interrupt level */
	INSN_STI,		/* emulated: enable it */
	INSN_HLT,		/* emulated: sleep until an interrupt */
	INSN_PRIV,		/* privileged/sensitive: fault policy */
	INSN_IO,		/* port I/O the TSS bitmap denied: fault policy */
	INSN_INT,		/* int n to a gate closed to ring 3 */
};

struct insn {
	enum insn_op op;
	uint8_t len;		/* bytes, prefixes included (0 if unknown) */
	const char *name;	/* mnemonic for the health log */
};

/* Decode code[0..avail); returns 0, or -1 if the bytes run out. */
int insn_decode(const uint8_t *code, uint32_t avail, struct insn *out);

#endif /* VMM_INSN_H */
