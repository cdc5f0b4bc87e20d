/* cmd_solve: `relocfund solve SCENARIO`: the plan, its routing, compliance and rates. */
#include "cli.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund solve [OPTIONS] SCENARIO\n\n"
            "Solves the scenario's funding plan and reports where every yuan goes.\n\n"
            "Options:\n"
            "  --format FMT       text (default), json, md, csv, html or xlsx (needs -o);\n"
            "                     see docs/report-formats.md\n" CLI_HELP_OUTPUT CLI_HELP_LANG
            "  --unit wan|yuan    amounts in 万元 (default) or 元\n"
            "  --excel            CSV: start with a UTF-8 byte order mark for Excel\n" CLI_HELP_SET
                CLI_HELP_TIME_LIMIT
            "  --verbose          show GLPK's progress on standard error\n" CLI_HELP_HELP
            "Exit codes: 0 balanced and compliant, 1 unfunded gap or violation,\n"
            "2 usage or input error, 3 solver failure, 4 output not written.\n");
}

int cmd_solve(int argc, char **argv)
{
    static const cli_command cmd = {
        .name = "solve",
        .usage = usage,
        .shared = CLI_RESULT | CLI_SET | CLI_TIME_LIMIT | CLI_VERBOSE,
        .min_args = 1,
        .max_args = 1,
        .too_few = "solve needs a SCENARIO file",
        .too_many = "solve takes one SCENARIO file; run 'relocfund validate' for several",
        .kind = RF_RESULT_PLAN};
    cli_options o;
    int code = cli_start(&cmd, argc, argv, &o);
    rf_scenario *s = NULL;
    rf_plan *plan = NULL;
    if (code < 0 && (code = cli_load_and_solve(o.args[0], o.sets, o.n_sets, o.time_limit,
                                               o.common.verbose, &s, &plan)) == RF_OK)
        code = cli_emit(&o.common, RF_RESULT_PLAN, plan);
    rf_plan_free(plan);
    rf_scenario_free(s);
    cli_options_free(&o);
    return code;
}
