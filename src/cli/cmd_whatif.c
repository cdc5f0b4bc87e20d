/* cmd_whatif: `relocfund whatif SCENARIO --set PATH=VALUE ... [--sweep PATH=FROM:TO:STEP]`. */
#include "cli.h"
#include "rf_compare.h"
#include "rf_sweep.h"

#define MAX_SWEEP_POINTS 100000

static void usage(FILE *to)
{
    fprintf(
        to,
        "usage: relocfund whatif [OPTIONS] SCENARIO --set PATH=VALUE...\n"
        "       relocfund whatif [OPTIONS] SCENARIO [--set PATH=VALUE...] --sweep "
        "PATH=FROM:TO:STEP\n\n"
        "Re-solves the scenario under changes and shows the result next to the base plan,\n"
        "or sweeps one value over a range (every point re-solved in one live problem)\n"
        "and tabulates the key figures, marking where the plan's status changes.\n\n"
        "Options:\n"
        "  --set PATH=VALUE   change a scenario field (\"policy.\" for the policy); repeatable\n"
        "  --sweep SPEC       PATH=FROM:TO:STEP, e.g. sites[0].costs.housing_per_m2=1000:2000:10\n"
        "  --chart FILE.svg   with --sweep: also write the line chart as SVG\n"
        "  --cold             with --sweep: solve every point from scratch (for comparison)\n"
        "  --format FMT       text (default), json, csv, md, html, xlsx, or svg with --sweep\n"
        "  -o, --output FILE  write to FILE (atomically); without --format its extension\n"
        "                     (.txt .json .csv .md .html .xlsx, .svg: the sweep's chart)\n"
        "                     is the format\n" CLI_HELP_LANG CLI_HELP_UNIT CLI_HELP_TIME_LIMIT
        "  --verbose          show GLPK's progress and the sweep's timing on standard "
        "error\n" CLI_HELP_HELP
        "Exit codes: 0 the changed plan (every sweep point) balanced and compliant, 1 an\n"
        "unfunded gap or violation, 2 usage or input error, 3 solver failure, 4 output not "
        "written.\n");
}

enum { OPT_SWEEP = 256, OPT_CHART, OPT_COLD };

/* The options whatif has besides the shared ones. */
typedef struct {
    const char *sweep, *chart;
    bool cold;
} whatif_options;

static bool own_option(int opt, const char *arg, void *ctx)
{
    whatif_options *w = ctx;
    if (opt == OPT_SWEEP && w->sweep) {
        cli_error("--sweep given twice; a sweep varies one value (fix others with --set)");
        return false;
    }
    if (opt == OPT_SWEEP)
        w->sweep = arg;
    else if (opt == OPT_CHART)
        w->chart = arg;
    else
        w->cold = true;
    return true;
}

static int run_sweep(const char *path, const cli_options *o, const whatif_options *w)
{
    rf_sweep_spec spec;
    rf_error why = {0};
    if (!rf_sweep_spec_parse(w->sweep, MAX_SWEEP_POINTS, &spec, &why)) {
        cli_error("--sweep %s: %s", w->sweep, cli_error_text(&why));
        return RF_ERR_INPUT;
    }
    rf_load_options base = {.set = o->sets, .n_set = o->n_sets};
    rf_sweep_options so = {.cold = w->cold, .time_limit_seconds = o->time_limit};
    rf_diags diags = {0};
    rf_error err = {0};
    rf_sweep *sw = NULL;
    rf_status st = rf_sweep_run(path, &base, &spec, &so, &sw, &diags, &err);
    rf_sweep_spec_free(&spec);
    if (st == RF_ERR_INPUT)
        cli_print_diags(&diags);
    else
        cli_report_warnings(path, &diags, true);
    rf_diags_free(&diags);
    if (st != RF_OK) {
        if (st != RF_ERR_INPUT)
            cli_print_error(&err);
        return st;
    }
    if (o->common.verbose)
        fprintf(stderr,
                "relocfund: sweep: %zu points in %.3f s (%zu re-solved in the live problem, "
                "%d simplex iterations)\n",
                sw->n_points, sw->seconds, sw->warm_points, sw->iterations);
    int code = cli_emit(&o->common, RF_RESULT_SWEEP, sw);
    if (code != RF_ERR_OUTPUT && w->chart &&
        cli_emit_file(&o->common, RF_RESULT_SWEEP, sw, RF_FORMAT_SVG, w->chart) != RF_OK)
        code = RF_ERR_OUTPUT;
    rf_sweep_free(sw);
    return code;
}

static int run_whatif(const char *path, const cli_options *o)
{
    /* Both load before anything is solved: a change that does not apply
     * stops the run at once.  The file's own warnings are counted in the
     * note about the changed one. */
    rf_scenario *sb = cli_load_scenario(path, o->sets, o->n_sets);
    rf_scenario *sa = NULL;
    rf_comparison *c = NULL;
    int code = RF_ERR_INPUT;
    if (sb) {
        rf_diags plain = {0};
        if (!(sa = rf_scenario_load(path, NULL, &plain)))
            cli_print_diags(&plain);
        rf_diags_free(&plain);
    }
    if (sa) {
        rf_solve_options so = cli_solve_options(o->time_limit, o->common.verbose);
        rf_error err = {0};
        code = rf_whatif_run(sa, sb, &so, o->sets, o->n_sets, o->common.chinese, &c, &err);
        if (code == RF_OK)
            code = cli_emit(&o->common, RF_RESULT_COMPARISON, c);
        else
            cli_print_error(&err);
    }
    rf_comparison_free(c);
    rf_scenario_free(sa);
    rf_scenario_free(sb);
    return code;
}

int cmd_whatif(int argc, char **argv)
{
    static whatif_options w;
    static const struct option own[] = {{"sweep", required_argument, NULL, OPT_SWEEP},
                                        {"chart", required_argument, NULL, OPT_CHART},
                                        {"cold", no_argument, NULL, OPT_COLD},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {.name = "whatif",
                                    .usage = usage,
                                    .shared = CLI_RESULT | CLI_SET | CLI_TIME_LIMIT | CLI_VERBOSE,
                                    .own = own,
                                    .option = own_option,
                                    .ctx = &w,
                                    .min_args = 1,
                                    .max_args = 1,
                                    .too_few = "whatif needs a SCENARIO file",
                                    .too_many = "whatif takes one SCENARIO file"};
    cli_options o;
    w = (whatif_options){0};
    int code = cli_parse(&cmd, argc, argv, &o);
    if (code < 0 && !w.sweep && o.n_sets == 0) {
        cli_error("whatif needs at least one --set PATH=VALUE, or a --sweep");
        cli_usage(&cmd, stderr);
        code = RF_ERR_INPUT;
    } else if (code < 0 && !w.sweep && (w.chart || w.cold)) {
        cli_error("--chart and --cold go with --sweep");
        code = RF_ERR_INPUT;
    } else if (code < 0 && !cli_emit_settle(&o.common, "whatif without --sweep",
                                            w.sweep ? RF_RESULT_SWEEP : RF_RESULT_COMPARISON)) {
        code = RF_ERR_INPUT;
    }
    if (code < 0)
        code = w.sweep ? run_sweep(o.args[0], &o, &w) : run_whatif(o.args[0], &o);
    cli_options_free(&o);
    return code;
}
