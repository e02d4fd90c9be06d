/* string.c - memcpy and friends; gcc may call these for struct copies. */
#include <stdint.h>
#include <vmm/string.h>

/* Dwords first, then bytes: a guest reload copies up to a partition. */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	size_t words = n >> 2, bytes = n & 3;

	__asm__ volatile("rep movsl\n\tmov %3, %%ecx\n\trep movsb"
			 : "+D"(d), "+S"(src), "+c"(words) : "r"(bytes) : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	size_t words = n >> 2, bytes = n & 3;
	uint32_t v = (uint8_t)c * 0x01010101u;

	__asm__ volatile("rep stosl\n\tmov %3, %%ecx\n\trep stosb"
			 : "+D"(d), "+c"(words) : "a"(v), "r"(bytes) : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
