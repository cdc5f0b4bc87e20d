/* fuzz_refgraph: libFuzzer target for the reference graph of scenario files
 * (extends, includes, policy): the input bytes describe up to 80 files and
 * what each references; the loader must stop every cycle, refuse a file
 * included twice and a chain deeper than RF_MAX_REFERENCE_DEPTH with an
 * error, never crash, and open each file at most once however the files
 * share one another (the work stays linear in the files). */
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
#include "rf_error.h"
#include "rf_file.h"
#include "rf_scenario.h"

#define MAX_FILES 80

/* DIR/scenarios/example-county holds f0.json .. f<n-1>.json beside a link
 * to the bundled 2016.json and 2017.json (whose policy, ../../models/...,
 * resolves through DIR/models). */
static char dir[64];

static void setup(void)
{
    static const char *const links[] = {"models", NULL};
    fuzz_make_dir(dir, sizeof dir, "refgraph", links);
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios", dir);
    if (mkdir(path, 0700) != 0)
        abort();
    snprintf(path, sizeof path, "%s/scenarios/example-county", dir);
    if (mkdir(path, 0700) != 0)
        abort();
    static const char *const bases[] = {"2016.json", "2017.json"};
    for (int i = 0; i < 2; i++) {
        char from[512];
        snprintf(from, sizeof from, "%s/scenarios/example-county/%s", RF_SOURCE_DIR, bases[i]);
        snprintf(path, sizeof path, "%s/scenarios/example-county/%s", dir, bases[i]);
        if (symlink(from, path) != 0)
            abort();
    }
}

/* The name file k of n is referenced by: f<k>.json, or one of the bundled
 * years for k >= n. */
static void name_of(char *buf, size_t size, unsigned k, unsigned n)
{
    if (k < n)
        snprintf(buf, size, "f%u.json", k);
    else
        snprintf(buf, size, "%s", k % 2 ? "2017.json" : "2016.json");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        setup();
    if (size < 1)
        return 0;
    /* byte 0: the number of files; then for each file a kind byte (bit 0:
     * extends, bit 1: includes, bit 2: a policy of its own, bits 3-5: how
     * many includes) and the targets, one byte each (modulo n + 2). */
    unsigned n = 1 + data[0] % MAX_FILES;
    size_t at = 1;
#define NEXT() (at < size ? data[at++] : 0)
    for (unsigned i = 0; i < n; i++) {
        unsigned kind = NEXT();
        char path[512], target[32];
        snprintf(path, sizeof path, "%s/scenarios/example-county/f%u.json", dir, i);
        FILE *f = fopen(path, "w");
        if (!f)
            abort();
        fprintf(f, "{\"id\": \"f%u\"", i);
        if (kind & 1) {
            name_of(target, sizeof target, NEXT() % (n + 2), n);
            fprintf(f, ", \"extends\": \"%s\"", target);
        } else {
            fprintf(f, ", \"format\": \"relocfund-scenario/1\", \"plan\": "
                       "{\"registered_people\": 1, \"synchronous_people\": 1}");
        }
        if (kind & 4)
            fprintf(f, ", \"policy\": \"../../models/example-county.json\"");
        if (kind & 2) {
            unsigned m = 1 + ((kind >> 3) & 7);
            fputs(", \"includes\": [", f);
            for (unsigned k = 0; k < m; k++) {
                name_of(target, sizeof target, NEXT() % (n + 2), n);
                fprintf(f, "%s\"%s\"", k ? ", " : "", target);
            }
            fputs("]", f);
        }
        fputs("}\n", f);
        if (fclose(f) != 0)
            abort();
    }
#undef NEXT
    char top[512];
    snprintf(top, sizeof top, "%s/scenarios/example-county/f0.json", dir);
    size_t before = rf_file_opened();
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(top, NULL, &d);
    size_t opened = rf_file_opened() - before;
    if (s && d.errors)
        abort(); /* loaded despite an error */
    for (size_t i = 0; i < d.count; i++)
        if (!d.items[i].message || !d.items[i].file || !d.items[i].path)
            abort();
    /* each of the n files, the two bundled years and the policy: once */
    if (opened > n + 3) {
        fprintf(stderr, "fuzz_refgraph: %zu opens for %u files\n", opened, n + 3);
        abort();
    }
    rf_scenario_free(s);
    rf_diags_free(&d);
    return 0;
}
