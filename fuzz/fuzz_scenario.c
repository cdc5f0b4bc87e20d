/* fuzz_scenario: libFuzzer target for the scenario and policy reader, validation and solve. */
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
#include "rf_plan.h"
#include "rf_scenario.h"

/* The input is written to DIR/a/b/input.json, where DIR/models links to the
 * source tree's models/, so that a scenario's "policy":
 * "../../models/example-county.json" (as in the bundled scenarios) resolves
 * to the bundled policy.  A policy file is validated as a policy. */
static char input_path[512];

static void setup(void)
{
    static const char *const links[] = {"models", NULL};
    char dir[64], path[512];
    fuzz_make_dir(dir, sizeof dir, "scenario", links);
    snprintf(path, sizeof path, "%s/a", dir);
    if (mkdir(path, 0700) != 0)
        abort();
    snprintf(path, sizeof path, "%s/a/b", dir);
    if (mkdir(path, 0700) != 0)
        abort();
    snprintf(input_path, sizeof input_path, "%s/a/b/input.json", dir);
}

static void write_input(const uint8_t *data, size_t size)
{
    FILE *f = fopen(input_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!input_path[0])
        setup();
    write_input(data, size);

    rf_diags d = {0};
    rf_validate_file(input_path, NULL, &d);
    for (size_t i = 0; i < d.count; i++)
        if (!d.items[i].message || !d.items[i].file || !d.items[i].path)
            abort(); /* every diagnostic has its strings */
    rf_diags_free(&d);

    /* A scenario that loads must solve or fail cleanly, and small ones are
     * solved (with a time limit) to reach the builder and the rounding. */
    rf_diags d2 = {0};
    rf_scenario *s = rf_scenario_load(input_path, NULL, &d2);
    if (s && d2.errors)
        abort(); /* loaded despite an error */
    if (s && s->n_sites <= 64) {
        rf_solve_options opt = {0};
        opt.time_limit_seconds = 2;
        rf_plan *p = NULL;
        rf_error err = {0};
        rf_status st = rf_plan_solve(s, &opt, &p, &err);
        if (st == RF_OK && !p)
            abort();
        if (st != RF_OK && !err.message[0])
            abort(); /* a failure always says why */
        rf_plan_free(p);
    }
    rf_scenario_free(s);
    rf_diags_free(&d2);
    return 0;
}
