/* vmm/sha256.h - SHA-256 (FIPS 180-4) of a buffer, to check guest images. */
#ifndef VMM_SHA256_H
#define VMM_SHA256_H

#include <stdint.h>

#define SHA256_LEN	32

void sha256(const void *data, uint32_t len, uint8_t out[SHA256_LEN]);

#endif /* VMM_SHA256_H */
