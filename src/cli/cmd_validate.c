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
        if (rf_validate_file(argv[i], &opts, &d) != RF_OK)
            status = RF_ERR_INPUT;
        for (size_t k = 0; k < d.count; k++) {
            const rf_diag *x = &d.items[k];
            if (cli_diag_set_add(&seen, x))
                cli_print_diag(x);
        }
        if (d.errors)
            printf("%s: %zu error%s, %zu warning%s\n", argv[i], d.errors, d.errors == 1 ? "" : "s",
                   d.warnings, d.warnings == 1 ? "" : "s");
        else
            printf("%s: ok (%zu warning%s)\n", argv[i], d.warnings, d.warnings == 1 ? "" : "s");
        rf_diags_free(&d);
    }
    cli_diag_set_free(&seen);
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return RF_ERR_OUTPUT;
    }
    return status;
}
