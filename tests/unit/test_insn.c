/* test_insn.c - the #GP decoder: what is emulated, what only gets a name. */
#include <stdint.h>
#include <string.h>
#include <vmm/insn.h>
#include "unit.h"

static struct insn dec(const uint8_t *code, uint32_t n, int *rc)
{
	struct insn in;

	*rc = insn_decode(code, n, &in);
	return in;
}

#define DECODES(label, op_, len_, mnem, ...) do {		\
		static const uint8_t c_[] = { __VA_ARGS__ };		\
		int rc_;						\
		struct insn in_ = dec(c_, sizeof(c_), &rc_);		\
		CHECK("insn " label, rc_ == 0 && in_.op == (op_) &&	\
		      in_.len == (len_) && !strcmp(in_.name, mnem));	\
	} while (0)

void suite_insn(void)
{
	static const uint8_t prefixes[16] = {
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xfa,
	};
	int rc;

	DECODES("cli", INSN_CLI, 1, "cli", 0xfa);
	DECODES("sti", INSN_STI, 1, "sti", 0xfb, 0x90);
	DECODES("hlt", INSN_HLT, 1, "hlt", 0xf4);
	DECODES("prefixed cli keeps its prefixes in len", INSN_CLI, 3, "cli", 0x2e, 0x66, 0xfa);
	DECODES("lidt", INSN_PRIV, 0, "lidt", 0x0f, 0x01, 0x1d, 0, 0, 0, 0);
	DECODES("lgdt", INSN_PRIV, 0, "lgdt", 0x0f, 0x01, 0x15, 0, 0, 0, 0);
	DECODES("invlpg", INSN_PRIV, 0, "invlpg", 0x0f, 0x01, 0x38);
	DECODES("mov to cr3", INSN_PRIV, 0, "mov cr", 0x0f, 0x22, 0xd8);
	DECODES("mov from cr0", INSN_PRIV, 0, "mov cr", 0x0f, 0x20, 0xc0);
	DECODES("lldt", INSN_PRIV, 0, "lldt", 0x0f, 0x00, 0xd0);
	DECODES("ltr", INSN_PRIV, 0, "ltr", 0x0f, 0x00, 0xd8);
	DECODES("wrmsr", INSN_PRIV, 0, "wrmsr", 0x0f, 0x30);
	DECODES("wbinvd", INSN_PRIV, 0, "wbinvd", 0x0f, 0x09);
	DECODES("out dx", INSN_IO, 0, "out", 0xee);
	DECODES("out imm8", INSN_IO, 0, "out", 0xe6, 0x80);
	DECODES("in dx word", INSN_IO, 0, "in", 0x66, 0xed);
	DECODES("rep outsb", INSN_IO, 0, "out", 0xf3, 0x6e);
	DECODES("int3", INSN_INT, 0, "int", 0xcc);
	DECODES("int 0x80", INSN_INT, 0, "int", 0xcd, 0x80);
	DECODES("iret", INSN_PRIV, 0, "iret", 0xcf);
	DECODES("mov to ds", INSN_PRIV, 0, "mov sreg", 0x8e, 0xd8);
	DECODES("plain mov is unknown", INSN_UNKNOWN, 0, "?", 0x89, 0xc0);
	DECODES("0f unknown", INSN_UNKNOWN, 0, "?", 0x0f, 0xa2);

	dec((const uint8_t *)"", 0, &rc);
	CHECK("insn empty buffer is -1", rc == -1);
	{
		static const uint8_t only_prefix[] = { 0xf0, 0x66 };

		dec(only_prefix, sizeof(only_prefix), &rc);
		CHECK("insn prefixes only is -1", rc == -1);
	}
	{
		static const uint8_t lone_0f[] = { 0x0f };

		dec(lone_0f, 1, &rc);
		CHECK("insn truncated 0f is -1", rc == -1);
	}
	dec(prefixes, sizeof(prefixes), &rc);
	CHECK("insn longer than 15 bytes is -1", rc == -1);
	{
		struct insn in = dec(prefixes + 1, 15, &rc);

		CHECK("insn 14 prefixes + cli is 15 bytes", rc == 0 && in.op == INSN_CLI && in.len == 15);
	}
}
