/* cmd_validate: `relocfund validate FILE...` reports every problem of scenario, policy and
 * province files. */
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

int cmd_validate(int argc, char **argv)
{
    static const cli_command cmd = {.name = "validate",
                                    .usage = validate_usage,
                                    .shared = CLI_SET,
                                    .min_args = 1,
                                    .max_args = -1,
                                    .too_few = "validate: no file given"};
    cli_options o;
    int status = cli_parse(&cmd, argc, argv, &o);
    if (status >= 0) {
        cli_options_free(&o);
        return status;
    }
    rf_load_options opts = {o.sets, o.n_sets};
    rf_diag_set seen = {0};
    status = RF_OK;
    for (int i = 0; i < o.n_args; i++) {
        const char *file = o.args[i];
        rf_diags d = {0};
        bool failed = rf_batch_validate(file, &opts, cli_jobs(&o, 64), &d) != RF_OK;
        size_t errors = d.errors, warnings = d.warnings;
        for (size_t k = 0; k < d.count; k++) /* each problem once in the run */
            if (rf_diag_set_add(&seen, &d.items[k]))
                cli_print_diag(&d.items[k]);
        if (failed) {
            status = RF_ERR_INPUT;
            errors += errors == 0; /* a failure without a message: out of memory */
            printf(cli_msg(CLI_MSG_VALIDATE_FAILED), file, errors, errors == 1 ? "" : "s",
                   warnings, warnings == 1 ? "" : "s");
        } else {
            printf(cli_msg(CLI_MSG_VALIDATE_OK), file, warnings, warnings == 1 ? "" : "s");
        }
        rf_diags_free(&d);
    }
    rf_diag_set_free(&seen);
    cli_options_free(&o);
    if (fflush(stdout) != 0) {
        cli_error("standard output: cannot write");
        return RF_ERR_OUTPUT;
    }
    return status;
}
