/* fuzz_request: libFuzzer target for the bodies of relocfund serve's requests (rf_request). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rf_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parsing must never crash; a body it takes has at most RF_REQUEST_MAX_SETS
 * changes, each a string, and a body it refuses has an error that says
 * where, and leaves nothing behind. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rf_request r;
    rf_diags d = {0};
    bool ok = rf_request_parse((const char *)data, size, &r, &d);
    if (ok && (d.errors || r.n_sets > RF_REQUEST_MAX_SETS))
        abort();
    for (size_t i = 0; ok && i < r.n_sets; i++)
        if (!r.sets[i])
            abort();
    if (!ok && (!d.errors || !d.count || strcmp(d.items[0].file, "request") != 0))
        abort();
    rf_request_free(&r);
    if (r.sets || r.n_sets || r.format || r.lang || r.name)
        abort();
    rf_diags_free(&d);
    return 0;
}
