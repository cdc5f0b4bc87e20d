/* cmd_solve: `relocfund solve SCENARIO`: the plan, its routing, compliance and rates. */
#include "cli.h"
#include "rf_clock.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund solve [OPTIONS] SCENARIO\n\n"
            "Solves the scenario's funding plan and reports where every yuan goes.\n\n"
            "Options:\n"
            "  --format FMT       text (default), json, md, csv, html or xlsx (needs -o);\n"
            "                     see docs/report-formats.md\n" CLI_HELP_OUTPUT CLI_HELP_LANG
                CLI_HELP_UNIT
            "  --excel            CSV: start with a UTF-8 byte order mark for Excel\n" CLI_HELP_SET
                CLI_HELP_TIME_LIMIT
            "  --verbose          show GLPK's progress on standard error, and last a\n"
            "                     'relocfund: timing:' line (read, build, levels, rounding,\n"
            "                     report)\n" CLI_HELP_HELP
            "Exit codes: 0 balanced and compliant, 1 unfunded gap or violation,\n"
            "2 usage or input error, 3 solver failure, 4 output not written.\n");
}

/* One line on stderr: where a solve's wall time went, stage by stage, for
 * --verbose and bench/scale.sh (which reads it: keep its words). */
static void print_timing(const rf_plan *p, double read, double solve, double report)
{
    double build = 0, levels = 0, round = 0;
    size_t rows = 0, cols = 0;
    int iterations = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        build += p->groups[g].build_seconds;
        levels += p->groups[g].levels_seconds;
        round += p->groups[g].round_seconds;
        rows += p->groups[g].n_rows;
        cols += p->groups[g].n_cols;
        iterations += p->groups[g].simplex_iterations;
    }
    fprintf(stderr,
            "relocfund: timing: read %.4f s, build %.4f s, levels %.4f s, rounding %.4f s, "
            "plan %.4f s, report %.4f s; %zu group%s, %zu rows, %zu columns, %d simplex "
            "iterations\n",
            read, build, levels, round, solve - build - levels - round, report, p->n_groups,
            p->n_groups == 1 ? "" : "s", rows, cols, iterations);
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
    double t0 = rf_clock_now(), read = 0.0;
    if (code < 0 && (code = cli_load_and_solve(o.args[0], o.sets, o.n_sets, o.time_limit,
                                               o.common.verbose, &s, &plan, &read)) == RF_OK) {
        double t2 = rf_clock_now();
        code = cli_emit(&o.common, RF_RESULT_PLAN, plan);
        if (o.common.verbose)
            print_timing(plan, read, t2 - t0 - read, rf_clock_now() - t2);
    }
    rf_plan_free(plan);
    rf_scenario_free(s);
    cli_options_free(&o);
    return code;
}
