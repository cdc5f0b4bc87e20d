/* cmd_validate: `relocfund validate FILE...` reports every problem of scenario and policy files. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rf_scenario.h"

static void validate_usage(FILE *to)
{
    fprintf(to, "usage: relocfund validate [--set PATH=VALUE]... FILE...\n\n"
                "Reads each scenario file (with its extends, includes and policy) or policy\n"
                "model file and reports every error and warning as\n"
                "FILE:LINE:COLUMN: JSON.PATH: message, then one summary line per file.\n\n"
                "Options:\n"
                "  --set PATH=VALUE  change a value before checking (repeatable); a PATH that\n"
                "                    starts with 'policy.' changes the policy model\n"
                "  -h, --help        show this help\n\n"
                "Exit status: 0 when no file has an error (warnings allowed), 2 otherwise.\n");
}

/* Whether d was already printed for an earlier file of this run (an
 * included file validated again through the file that includes it). */
/* The diagnostics already printed, so that a file reached twice (a plan
 * that includes a year also given on the command line) is reported once: a
 * hash set of indexes into the printed list, linear in their number. */
typedef struct {
    rf_diags shown;
    size_t *slots; /* index + 1, 0 for empty */
    size_t n_slots;
} seen_set;

static uint64_t hash_text(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ 0xff) * 1099511628211ULL;
}

static uint64_t hash_diag(const rf_diag *d)
{
    uint64_t h = 14695981039346656037ULL;
    h = (h ^ (uint64_t)d->severity) * 1099511628211ULL;
    h = (h ^ (uint64_t)(unsigned)d->line) * 1099511628211ULL;
    h = (h ^ (uint64_t)(unsigned)d->column) * 1099511628211ULL;
    return hash_text(hash_text(hash_text(h, d->file), d->path), d->message);
}

static bool same_diag(const rf_diag *x, const rf_diag *d)
{
    return x->severity == d->severity && x->line == d->line && x->column == d->column &&
           strcmp(x->file, d->file) == 0 && strcmp(x->path, d->path) == 0 &&
           strcmp(x->message, d->message) == 0;
}

/* Adds d unless an equal diagnostic was added before; returns true when it
 * was new (and so is to be printed).  Out of memory: treated as new. */
static bool seen_add(seen_set *set, const rf_diag *d)
{
    if (set->shown.count * 2 >= set->n_slots) {
        size_t n = set->n_slots ? set->n_slots * 2 : 64;
        size_t *slots = calloc(n, sizeof *slots);
        if (!slots)
            return true;
        for (size_t i = 0; i < set->shown.count; i++) {
            size_t k = hash_diag(&set->shown.items[i]) & (n - 1);
            while (slots[k])
                k = (k + 1) & (n - 1);
            slots[k] = i + 1;
        }
        free(set->slots);
        set->slots = slots;
        set->n_slots = n;
    }
    size_t k = hash_diag(d) & (set->n_slots - 1);
    for (; set->slots[k]; k = (k + 1) & (set->n_slots - 1))
        if (same_diag(&set->shown.items[set->slots[k] - 1], d))
            return false;
    size_t before = set->shown.count;
    rf_diags_add(&set->shown, d->severity, d->file, d->line, d->column, d->path, "%s",
                 d->message);
    if (set->shown.count > before)
        set->slots[k] = set->shown.count;
    return true;
}

int cmd_validate(int argc, char **argv)
{
    static const struct option options[] = {
        {"set", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *sets[256];
    size_t n_sets = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 's':
            if (n_sets == sizeof sets / sizeof sets[0]) {
                cli_error("validate: at most %zu --set options", sizeof sets / sizeof sets[0]);
                return RF_ERR_INPUT;
            }
            sets[n_sets++] = optarg;
            break;
        case 'h':
            validate_usage(stdout);
            return RF_OK;
        default:
            validate_usage(stderr);
            return RF_ERR_INPUT;
        }
    }
    if (optind >= argc) {
        cli_error("validate: no file given");
        validate_usage(stderr);
        return RF_ERR_INPUT;
    }
    rf_load_options opts = {sets, n_sets};
    seen_set seen = {0};
    int status = RF_OK;
    for (int i = optind; i < argc; i++) {
        rf_diags d = {0};
        if (rf_validate_file(argv[i], &opts, &d) != RF_OK)
            status = RF_ERR_INPUT;
        for (size_t k = 0; k < d.count; k++) {
            const rf_diag *x = &d.items[k];
            if (seen_add(&seen, x))
                cli_print_diag(x);
        }
        if (d.errors)
            printf("%s: %zu error%s, %zu warning%s\n", argv[i], d.errors, d.errors == 1 ? "" : "s",
                   d.warnings, d.warnings == 1 ? "" : "s");
        else
            printf("%s: ok (%zu warning%s)\n", argv[i], d.warnings, d.warnings == 1 ? "" : "s");
        rf_diags_free(&d);
    }
    rf_diags_free(&seen.shown);
    free(seen.slots);
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return RF_ERR_OUTPUT;
    }
    return status;
}
