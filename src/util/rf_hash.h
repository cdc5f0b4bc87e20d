/* rf_hash: a keyed hash for tables whose keys come from input files, so
 * that keys crafted to collide (hash flooding) cannot be made in advance. */
#ifndef RF_HASH_H
#define RF_HASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-1-3 of the n bytes at data under the 128-bit key. */
uint64_t rf_hash(const uint64_t key[2], const void *data, size_t n);

/* A fresh key: from the kernel's random source, else from the clock, the
 * process and an address (still unknown to a file's author in advance). */
void rf_hash_key(uint64_t key[2]);

#endif
