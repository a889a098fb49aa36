/* sha256.h - SHA-256 (FIPS 180-4), for the checksums of department extracts
 * (the value `sha256sum FILE` prints), computed while the file is read. */
#ifndef ONEDOOR_SHA256_H
#define ONEDOOR_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes the digest as 64 lower-case hex digits and a NUL. */
void sha256_final_hex(struct sha256 *s, char out[65]);

#endif
