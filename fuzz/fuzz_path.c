/* fuzz_path: libFuzzer target for --set path parsing (rf_path), with a round trip. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parsing must never crash; a path that parses must format to a canonical
 * text that parses to the same steps, and formatting is idempotent. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rf_path p = {0};
    rf_error err = {0};
    if (!rf_path_parse((const char *)data, size, &p, &err)) {
        if (p.n != 0 || !err.message[0] || !err.message_zh[0])
            abort(); /* a refusal is empty and says why */
        return 0;
    }
    if (p.n == 0)
        abort();
    size_t cap = 4 * size + 64;
    char *buf = malloc(cap);
    rf_path_format(&p, p.n, buf, cap);
    rf_path q = {0};
    if (!rf_path_parse(buf, strlen(buf), &q, &err))
        abort(); /* the canonical form must parse */
    if (q.n != p.n)
        abort();
    for (size_t i = 0; i < p.n; i++) {
        if ((p.segs[i].key == NULL) != (q.segs[i].key == NULL))
            abort();
        if (p.segs[i].key ? strcmp(p.segs[i].key, q.segs[i].key) != 0
                          : p.segs[i].index != q.segs[i].index)
            abort();
    }
    char *buf2 = malloc(cap);
    rf_path_format(&q, q.n, buf2, cap);
    if (strcmp(buf, buf2) != 0)
        abort();
    free(buf);
    free(buf2);
    rf_path_free(&p);
    rf_path_free(&q);
    return 0;
}
