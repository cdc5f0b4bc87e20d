/* cmd_sensitivity: `relocfund sensitivity SCENARIO`: shadow prices and ranges, in words. */
#include "cli.h"
#include "rf_sensitivity.h"

static void usage(FILE *to)
{
    fprintf(
        to,
        "usage: relocfund sensitivity [OPTIONS] SCENARIO\n\n"
        "From the optimal basis of every objective level: how each figure of the plan\n"
        "moves per unit of money arrived, of the integrated-agri budget, of the cap and of\n"
        "unit housing costs, the range over which those rates hold, and the shadow price\n"
        "of every binding constraint; in sentences and tables.\n\n"
        "Options:\n" CLI_HELP_SET CLI_HELP_FORMAT CLI_HELP_OUTPUT
        "  --lang zh|en       Chinese (default) or English\n"
        CLI_HELP_UNIT CLI_HELP_TIME_LIMIT
            CLI_HELP_HELP
        "Exit codes: 0 the plan balances and complies, 1 it does not, 2 usage or input\n"
        "error, 3 solver failure, 4 output not written.\n");
}

int cmd_sensitivity(int argc, char **argv)
{
    static const cli_command cmd = {.name = "sensitivity",
                                    .usage = usage,
                                    .shared = CLI_RESULT | CLI_SET | CLI_TIME_LIMIT,
                                    .min_args = 1,
                                    .max_args = 1,
                                    .too_few = "sensitivity needs a SCENARIO file",
                                    .too_many = "sensitivity takes one SCENARIO file",
                                    .kind = RF_RESULT_SENSITIVITY};
    cli_options o;
    int code = cli_start(&cmd, argc, argv, &o);
    rf_scenario *s = code < 0 ? cli_load_scenario(o.args[0], o.sets, o.n_sets) : NULL;
    if (code < 0 && !s)
        code = RF_ERR_INPUT;
    if (code < 0) {
        rf_solve_options so = cli_solve_options(o.time_limit, false);
        rf_sensitivity *r = NULL;
        rf_error err = {0};
        code = rf_sensitivity_run(s, &so, o.common.chinese, &r, &err);
        if (code == RF_OK)
            code = cli_emit(&o.common, RF_RESULT_SENSITIVITY, r);
        else
            cli_print_error(&err);
        rf_sensitivity_free(r);
    }
    rf_scenario_free(s);
    cli_options_free(&o);
    return code;
}
