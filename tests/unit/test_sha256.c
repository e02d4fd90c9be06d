/* test_sha256.c - FIPS 180-4 test vectors and block-boundary lengths. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <vmm/sha256.h>
#include "unit.h"

static int digest_is(const void *data, uint32_t len, const char *hex)
{
	uint8_t d[SHA256_LEN];
	char got[2 * SHA256_LEN + 1];
	int i;

	sha256(data, len, d);
	for (i = 0; i < SHA256_LEN; i++)
		sprintf(got + 2 * i, "%02x", d[i]);
	return !strcmp(got, hex);
}

void suite_sha256(void)
{
	static char million[1000000];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	CHECK("sha256 empty", digest_is("", 0,
	      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	CHECK("sha256 abc", digest_is("abc", 3,
	      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	CHECK("sha256 448-bit message (padding spills into a second block)", digest_is(two, strlen(two),
	      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
	memset(million, 'a', sizeof(million));
	CHECK("sha256 one million a", digest_is(million, sizeof(million),
	      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
	CHECK("sha256 64 bytes (exact block)", digest_is(million, 64,
	      "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"));
	CHECK("sha256 55 bytes (padding fits)", digest_is(million, 55,
	      "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"));
	CHECK("sha256 56 bytes (padding spills)", digest_is(million, 56,
	      "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"));
}
