/* fuzz_province: libFuzzer target for the province file reader (counties,
 * pools) and the split of its pools over the counties it names. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "rf_batch.h"
#include "rf_error.h"

/* The input is written to DIR/province.json, where DIR/scenarios and
 * DIR/models link to the source tree's, so that "counties":
 * ["scenarios/example-county/2016.json"] names a real county. */
static char input_path[512];

static void setup(void)
{
    static const char *const links[] = {"models", "scenarios", NULL};
    char dir[64];
    fuzz_make_dir(dir, sizeof dir, "province", links);
    snprintf(input_path, sizeof input_path, "%s/province.json", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!input_path[0])
        setup();
    FILE *f = fopen(input_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    const char *path = input_path;
    rf_batch *b = NULL;
    rf_diags d = {0};
    rf_status st = rf_batch_open(&path, 1, &b, &d);
    for (size_t i = 0; i < d.count; i++)
        if (!d.items[i].message || !d.items[i].file || !d.items[i].path)
            abort(); /* every diagnostic has its strings */
    if (st == RF_OK && !b)
        abort();
    if (st == RF_OK && b->n_counties <= 8) {
        /* load and split the pools, solving nothing */
        rf_batch_options bo = {.threads = 1, .load_only = true};
        rf_error err = {0};
        if (rf_batch_run(b, &bo, &err) != RF_OK && !err.message[0])
            abort(); /* a failure always says why */
    }
    rf_batch_free(b);
    rf_diags_free(&d);
    return 0;
}
