/* cmd_validate: `relocfund validate FILE...` reports every problem of scenario, policy and
 * province files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rf_batch.h"
#include "rf_scenario.h"

static void validate_usage(FILE *to)
{
    fprintf(to, "usage: relocfund validate [--set PATH=VALUE]... FILE...\n\n"
                "Reads each scenario file (with its extends, includes and policy), policy\n"
                "model file or province file (with every county it lists, and its pools) and\n"
                "reports every error and warning as FILE:LINE:COLUMN: JSON.PATH: message,\n"
                "each once, then one summary line per file.\n\n"
                "Options:\n"
                "  --set PATH=VALUE  change a scenario value before checking (repeatable); a\n"
                "                    PATH that starts with 'policy.' changes the policy model;\n"
                "                    a PATH that names no known member is an error\n"
                "  -h, --help        show this help\n\n"
                "Exit status: 0 when no file has an error (warnings allowed), 2 otherwise.\n");
}

/* Checks one file: a province file (relocfund-province/1) with every
 * county it lists, else a scenario or policy model.  A province file takes
 * no --set (it would be ignored). */
static rf_status check_file(const char *path, const rf_load_options *opts, rf_diags *d)
{
    if (!rf_batch_is_province(path))
        return rf_validate_file(path, opts, d);
    if (rf_load_options_refuse(opts, path, "a province file",
                               "check a change on one of its counties", d))
        return RF_ERR_INPUT;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return rf_batch_check(path, cpus > 1 ? (int)(cpus < 64 ? cpus : 64) : 1, d);
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
    cli_diag_set seen = {0};
    int status = RF_OK;
    for (int i = optind; i < argc; i++) {
        rf_diags d = {0};
        bool failed = check_file(argv[i], &opts, &d) != RF_OK;
        /* A file's problems are counted once each (counties of a province
         * share files), and printed once in the whole run. */
        cli_diag_set mine = {0};
        size_t errors = 0, warnings = 0;
        for (size_t k = 0; k < d.count; k++) {
            const rf_diag *x = &d.items[k];
            if (!cli_diag_set_add(&mine, x))
                continue;
            errors += x->severity == RF_SEV_ERROR;
            warnings += x->severity == RF_SEV_WARNING;
            if (cli_diag_set_add(&seen, x))
                cli_print_diag(x);
        }
        cli_diag_set_free(&mine);
        if (failed) {
            status = RF_ERR_INPUT;
            errors += errors == 0; /* a failure without a message: out of memory */
            printf("%s: %zu error%s, %zu warning%s\n", argv[i], errors, errors == 1 ? "" : "s",
                   warnings, warnings == 1 ? "" : "s");
        } else {
            printf("%s: ok (%zu warning%s)\n", argv[i], warnings, warnings == 1 ? "" : "s");
        }
        rf_diags_free(&d);
    }
    cli_diag_set_free(&seen);
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return RF_ERR_OUTPUT;
    }
    return status;
}
