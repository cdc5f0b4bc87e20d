/* cmd_solve: `relocfund solve SCENARIO`: the plan, its routing, compliance and rates. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
#include "rf_clock.h"
#include "rf_plan.h"
#include "rf_report.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund solve [OPTIONS] SCENARIO\n\n"
            "Solves the scenario's funding plan and reports where every yuan goes.\n\n"
            "Options:\n"
            "  --format FMT       text (default), json, md, csv, html or xlsx (needs -o);\n"
            "                     see docs/report-formats.md\n"
            "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"
            "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"
            "                     when --format is not given\n"
            "  --lang zh|en       labels in Chinese (default) or English\n"
            "  --unit wan|yuan    amounts in 万元 (default) or 元\n"
            "  --excel            CSV: start with a UTF-8 byte order mark for Excel\n"
            "  --set PATH=VALUE   change a scenario field first (\"policy.\" for the policy)\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  --verbose          show GLPK's progress on standard error, and last a\n"
            "                     'relocfund: timing:' line (read, build, levels, rounding,\n"
            "                     report)\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 balanced and compliant, 1 unfunded gap or violation,\n"
            "2 usage or input error, 3 solver failure, 4 output not written.\n");
}

static rf_status write_json(const void *plan, FILE *out)
{
    return rf_report_plan_json(plan, out);
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
    static const struct option longopts[] = {
        CLI_RESULT_LONGOPTS, CLI_SCENARIO_LONGOPTS, CLI_VERBOSE_LONGOPT, {NULL, 0, NULL, 0}};
    cli_options o;
    if (!cli_options_init(&o, argc))
        return RF_ERR_SOLVER;
    int code = RF_ERR_INPUT;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        cli_option_result r = opt == 'h' ? CLI_OPT_OTHER : cli_common_option(opt, optarg, &o);
        if (r == CLI_OPT_ERROR)
            goto out;
        if (r == CLI_OPT_HANDLED)
            continue;
        if (opt == 'h') {
            usage(stdout);
            code = RF_OK;
        } else {
            usage(stderr);
        }
        goto out;
    }
    if (optind + 1 != argc) {
        cli_error(optind >= argc ? "solve needs a SCENARIO file"
                                 : "solve takes one SCENARIO file; run 'relocfund validate' "
                                   "for several");
        usage(stderr);
        goto out;
    }
    if (!cli_emit_settle(&o.common, "solve", false))
        goto out;
    double t0 = rf_clock_now();
    rf_scenario *s = cli_load_scenario(argv[optind], o.sets, o.n_sets);
    if (!s)
        goto out;
    double t1 = rf_clock_now();
    rf_plan *plan;
    code = cli_solve(s, o.time_limit, o.common.verbose, &plan);
    if (code != RF_OK) {
        rf_scenario_free(s);
        goto out;
    }
    double t2 = rf_clock_now();
    rf_doc *doc =
        o.common.format == CLI_FORMAT_JSON ? NULL : rf_report_plan(plan, o.common.chinese);
    code = cli_emit_outcome(&o.common, doc, write_json, plan, plan->status == RF_PLAN_BALANCED);
    if (o.common.verbose)
        print_timing(plan, t1 - t0, t2 - t1, rf_clock_now() - t2);
    rf_doc_free(doc);
    rf_plan_free(plan);
    rf_scenario_free(s);
out:
    cli_options_free(&o);
    return code;
}
