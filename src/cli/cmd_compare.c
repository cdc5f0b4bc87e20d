/* cmd_compare: `relocfund compare A B`: two scenarios or saved results side by side. */
#include "cli.h"
#include "rf_compare.h"

static void usage(FILE *to)
{
    fprintf(
        to,
        "usage: relocfund compare [OPTIONS] A B\n\n"
        "Puts two plans side by side with every difference flagged.  A and B are each a\n"
        "scenario file (solved here) or a result saved with 'relocfund solve --format json'.\n\n"
        "Options:\n" CLI_HELP_FORMAT CLI_HELP_OUTPUT CLI_HELP_LANG CLI_HELP_UNIT CLI_HELP_TIME_LIMIT
            CLI_HELP_HELP
        "Exit codes: 0 the two agree in every compared figure, 1 they differ, 2 usage or\n"
        "input error, 3 solver failure, 4 output not written.\n");
}

/* The outcome of one argument: a saved result, or a scenario solved here
 * (keeping the choices of base, a plan of the same county, where an equally
 * good plan allows; base may be NULL).  A scenario's plan and the scenario
 * go to *plan and *scenario (free them, the plan first). */
static int outcome_of(const char *path, const cli_options *o, const rf_plan *base,
                      rf_outcome **out, rf_scenario **scenario, rf_plan **plan)
{
    bool saved;
    rf_error err = {0};
    *out = rf_compare_saved(path, &saved, &err);
    if (saved && !*out) {
        cli_print_error(&err);
        return err.status ? (int)err.status : RF_ERR_INPUT;
    }
    if (saved)
        return RF_OK;
    if (!(*scenario = cli_load_scenario(path, NULL, 0)))
        return RF_ERR_INPUT;
    rf_solve_options so = cli_solve_options(o->time_limit, false);
    if (base && rf_compare_same_county(base->scenario, *scenario))
        so.anchor = base;
    if (rf_plan_solve(*scenario, &so, plan, &err) != RF_OK) {
        cli_print_error(&err);
        return err.status;
    }
    if (!(*out = rf_outcome_from_plan(*plan, path, o->common.chinese))) {
        cli_error("out of memory");
        return RF_ERR_SOLVER;
    }
    return RF_OK;
}

int cmd_compare(int argc, char **argv)
{
    static const cli_command cmd = {.name = "compare",
                                    .usage = usage,
                                    .shared = CLI_RESULT | CLI_TIME_LIMIT,
                                    .min_args = 2,
                                    .max_args = 2,
                                    .too_few = "compare takes two files, A and B",
                                    .too_many = "compare takes two files, A and B",
                                    .kind = RF_RESULT_COMPARISON};
    cli_options o;
    int code = cli_start(&cmd, argc, argv, &o);
    rf_outcome *a = NULL, *b = NULL;
    rf_scenario *sa = NULL, *sb = NULL;
    rf_plan *pa = NULL, *pb = NULL;
    if (code < 0 && (code = outcome_of(o.args[0], &o, NULL, &a, &sa, &pa)) == RF_OK)
        code = outcome_of(o.args[1], &o, pa, &b, &sb, &pb);
    rf_plan_free(pb);
    rf_plan_free(pa);
    rf_scenario_free(sb);
    rf_scenario_free(sa);
    if (code == RF_OK && a && b) {
        rf_comparison *c = rf_compare_outcomes(a, b, o.common.chinese);
        a = b = NULL;
        if (!c) {
            cli_error("out of memory while writing the report");
            code = RF_ERR_SOLVER;
        } else {
            code = cli_emit(&o.common, RF_RESULT_COMPARISON, c);
        }
        rf_comparison_free(c);
    }
    rf_outcome_free(a);
    rf_outcome_free(b);
    cli_options_free(&o);
    return code;
}
