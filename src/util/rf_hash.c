/* rf_hash: SipHash-1-3 (Aumasson and Bernstein), keyed per table. */
#define _DEFAULT_SOURCE 1 /* getrandom */
#include "rf_hash.h"

#include <string.h>
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = ROTL(v1, 13);                                                                         \
        v1 ^= v0;                                                                                  \
        v0 = ROTL(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = ROTL(v3, 16);                                                                         \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = ROTL(v3, 21);                                                                         \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = ROTL(v1, 17);                                                                         \
        v1 ^= v2;                                                                                  \
        v2 = ROTL(v2, 32);                                                                         \
    } while (0)

uint64_t rf_hash(const uint64_t k[2], const void *data, size_t n)
{
    const unsigned char *s = data;
    uint64_t v0 = k[0] ^ 0x736f6d6570736575ULL, v1 = k[1] ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k[0] ^ 0x6c7967656e657261ULL, v3 = k[1] ^ 0x7465646279746573ULL;
    uint64_t b = (uint64_t)n << 56;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t m;
        memcpy(&m, s, 8); /* little-endian hosts: the reference's byte order */
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    for (size_t i = 0; i < n; i++)
        b |= (uint64_t)s[i] << (8 * i);
    v3 ^= b;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

void rf_hash_key(uint64_t k[2])
{
    if (getrandom(k, 2 * sizeof *k, GRND_NONBLOCK) == (ssize_t)(2 * sizeof *k))
        return;
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    k[0] = (uint64_t)t.tv_nsec * 0x9E3779B97F4A7C15ULL ^ (uint64_t)t.tv_sec;
    k[1] = (uint64_t)getpid() * 0xC2B2AE3D27D4EB4FULL ^ (uint64_t)(uintptr_t)k;
}
