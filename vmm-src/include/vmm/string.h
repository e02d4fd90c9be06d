/* vmm/string.h - the few libc string functions the monitor (and gcc) uses. */
#ifndef VMM_STRING_H
#define VMM_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);
size_t strlen(const char *s);

#endif /* VMM_STRING_H */
