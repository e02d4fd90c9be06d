/*
 * insn.c - the #GP instruction decoder.  An isolated guest runs at ring 3
 * with IOPL 0, so cli, sti, hlt, the descriptor-table and control-register
 * instructions and denied port I/O all raise #GP.  We skip legacy
 * prefixes, then classify the opcode: cli/sti/hlt are emulated (see
 * docs/hypercalls.md), everything else only gets a name for the health
 * log.  No monitor state is touched here.
 */
#include <stdint.h>
#include <vmm/insn.h>

static int is_prefix(uint8_t b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
	       b == 0x64 || b == 0x65 || b == 0x66 || b == 0x67 ||
	       b == 0xf0 || b == 0xf2 || b == 0xf3;
}

static void set(struct insn *out, enum insn_op op, uint32_t len, const char *name)
{
	out->op = op;
	out->len = (uint8_t)len;
	out->name = name;
}

/* Two-byte opcodes 0f xx: names of the system instructions. */
static void decode_0f(const uint8_t *p, uint32_t left, struct insn *out)
{
	static const char *const grp6[8] = {
		"sldt", "str", "lldt", "ltr", "verr", "verw", 0, 0,
	};
	static const char *const grp7[8] = {
		"sgdt", "sidt", "lgdt", "lidt", "smsw", 0, "lmsw", "invlpg",
	};
	uint8_t reg = left > 1 ? (p[1] >> 3) & 7 : 0;
	const char *name = 0;

	switch (p[0]) {
	case 0x00:
		name = grp6[reg];
		break;
	case 0x01:
		name = grp7[reg];
		break;
	case 0x06:
		name = "clts";
		break;
	case 0x08:
		name = "invd";
		break;
	case 0x09:
		name = "wbinvd";
		break;
	case 0x20:
	case 0x22:
		name = "mov cr";
		break;
	case 0x21:
	case 0x23:
		name = "mov dr";
		break;
	case 0x30:
		name = "wrmsr";
		break;
	case 0x32:
		name = "rdmsr";
		break;
	case 0x33:
		name = "rdpmc";
		break;
	}
	set(out, name ? INSN_PRIV : INSN_UNKNOWN, 0, name ? name : "?");
}

int insn_decode(const uint8_t *code, uint32_t avail, struct insn *out)
{
	uint32_t i = 0;

	set(out, INSN_UNKNOWN, 0, "?");
	if (avail > INSN_MAX_LEN)
		avail = INSN_MAX_LEN;
	while (i < avail && is_prefix(code[i]))
		i++;
	if (i >= avail)
		return -1;

	switch (code[i]) {
	case 0xfa:
		set(out, INSN_CLI, i + 1, "cli");
		break;
	case 0xfb:
		set(out, INSN_STI, i + 1, "sti");
		break;
	case 0xf4:
		set(out, INSN_HLT, i + 1, "hlt");
		break;
	case 0xe4: case 0xe5: case 0xec: case 0xed:
	case 0x6c: case 0x6d:
		set(out, INSN_IO, 0, "in");
		break;
	case 0xe6: case 0xe7: case 0xee: case 0xef:
	case 0x6e: case 0x6f:
		set(out, INSN_IO, 0, "out");
		break;
	case 0xcc: case 0xcd: case 0xce: case 0xf1:
		set(out, INSN_INT, 0, "int");
		break;
	case 0xcf:
		set(out, INSN_PRIV, 0, "iret");
		break;
	case 0x8e:
		set(out, INSN_PRIV, 0, "mov sreg");
		break;
	case 0x0f:
		if (i + 1 >= avail)
			return -1;
		decode_0f(code + i + 1, avail - i - 1, out);
		break;
	}
	return 0;
}
