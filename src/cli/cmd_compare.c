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
        "Options:\n"
        "  --format FMT       text (default), json, csv, md, html or xlsx\n"
        "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"
        "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"
        "                     when --format is not given\n"
        "  --lang zh|en       labels in Chinese (default) or English\n"
        "  --unit wan|yuan    amounts in 万元 (default) or 元 in text\n"
        "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
        "  -h, --help         this help\n\n"
        "Exit codes: 0 the two agree in every compared figure, 1 they differ, 2 usage or\n"
        "input error, 3 solver failure, 4 output not written.\n");
}

/* The outcome of one argument: a saved result, or a scenario solved here. */
static int outcome_of(const char *path, const cli_options *o, rf_outcome **out)
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
    rf_scenario *s = NULL;
    rf_plan *p = NULL;
    int code = cli_load_and_solve(path, NULL, 0, o->time_limit, false, &s, &p);
    if (code != RF_OK)
        return code;
    *out = rf_outcome_from_plan(p, path, o->common.chinese);
    rf_plan_free(p);
    rf_scenario_free(s);
    if (!*out) {
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
    if (code < 0 && (code = outcome_of(o.args[0], &o, &a)) == RF_OK)
        code = outcome_of(o.args[1], &o, &b);
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
