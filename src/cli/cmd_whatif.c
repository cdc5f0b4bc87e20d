/* cmd_whatif: `relocfund whatif SCENARIO --set PATH=VALUE ... [--sweep PATH=FROM:TO:STEP]`. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
#include "rf_outcome.h"
#include "rf_whatif.h"

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
        "                     is the format\n"
        "  --lang zh|en       labels in Chinese (default) or English\n"
        "  --unit wan|yuan    amounts in 万元 (default) or 元 in text\n"
        "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
        "  --verbose          show GLPK's progress and the sweep's timing on standard error\n"
        "  -h, --help         this help\n\n"
        "Exit codes: 0 the changed plan (every sweep point) balanced and compliant, 1 an\n"
        "unfunded gap or violation, 2 usage or input error, 3 solver failure, 4 output not "
        "written.\n");
}

typedef struct {
    const rf_outcome *a, *b;
    const char *const *changes;
    size_t n_changes;
} comparison;

static rf_status write_comparison_json(const void *result, FILE *out)
{
    const comparison *c = result;
    return rf_whatif_json(c->a, c->b, c->changes, c->n_changes, out);
}

static rf_status write_sweep_json(const void *result, FILE *out)
{
    return rf_sweep_json(result, out);
}

/* Writes the sweep's chart to path atomically; false (after a message) on failure. */
static bool write_chart(const rf_sweep *sw, bool chinese, const char *path)
{
    cli_output out;
    if (!cli_output_open(&out, path))
        return false;
    if (rf_sweep_svg(sw, chinese, out.fp) != RF_OK) {
        cli_error("%s: cannot write the chart", path);
        cli_output_abort(&out);
        return false;
    }
    return cli_output_commit(&out);
}

static int run_sweep(const char *path, const char *const *sets, size_t n_sets,
                     const char *spec_text, bool cold, double time_limit, const char *chart,
                     cli_common *common)
{
    rf_sweep_spec spec;
    char msg[256];
    if (!rf_sweep_spec_parse(spec_text, MAX_SWEEP_POINTS, &spec, msg, sizeof msg)) {
        cli_error("--sweep %s: %s", spec_text, msg);
        return RF_ERR_INPUT;
    }
    rf_load_options base = {.set = sets, .n_set = n_sets};
    rf_sweep_options so = {.cold = cold, .time_limit_seconds = time_limit};
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
    if (common->verbose)
        fprintf(stderr,
                "relocfund: sweep: %zu points in %.3f s (%zu re-solved in the live problem, "
                "%d simplex iterations)\n",
                sw->n_points, sw->seconds, sw->warm_points, sw->iterations);
    int code = RF_OK;
    for (size_t i = 0; i < sw->n_points; i++)
        if (sw->points[i].key.status != RF_PLAN_BALANCED)
            code = RF_ERR_PLAN;
    if (common->format == CLI_FORMAT_SVG) {
        if (!write_chart(sw, common->chinese, common->output_path))
            code = RF_ERR_OUTPUT;
    } else {
        rf_doc *doc = common->format == CLI_FORMAT_JSON
                          ? NULL
                          : rf_sweep_doc(sw, sets, n_sets, common->chinese);
        if (common->format != CLI_FORMAT_JSON && !doc) {
            cli_error("out of memory while writing the report");
            code = RF_ERR_SOLVER;
        } else if (!cli_emit_result(common, doc, write_sweep_json, sw)) {
            code = RF_ERR_OUTPUT;
        }
        rf_doc_free(doc);
    }
    if (code != RF_ERR_OUTPUT && chart && !write_chart(sw, common->chinese, chart))
        code = RF_ERR_OUTPUT;
    rf_sweep_free(sw);
    return code;
}

static int run_whatif(const char *path, const char *const *sets, size_t n_sets, double time_limit,
                      cli_common *common)
{
    rf_scenario *sa = NULL, *sb = NULL;
    rf_plan *pa = NULL, *pb = NULL;
    rf_outcome *a = NULL, *b = NULL;
    rf_doc *doc = NULL;
    /* Both load before anything is solved: a change that does not apply
     * stops the run at once.  The file's own warnings are counted in the
     * note about the changed one. */
    int code = RF_ERR_INPUT;
    if (!(sb = cli_load_scenario(path, sets, n_sets)))
        goto out;
    rf_diags plain = {0};
    sa = rf_scenario_load(path, NULL, &plain);
    if (!sa)
        cli_print_diags(&plain);
    rf_diags_free(&plain);
    if (!sa)
        goto out;
    code = cli_solve(sa, time_limit, common->verbose, &pa);
    if (code == RF_OK)
        code = cli_solve(sb, time_limit, common->verbose, &pb);
    if (code != RF_OK)
        goto out;
    a = rf_outcome_from_plan(pa, common->chinese ? "基准方案" : "base", common->chinese);
    b = rf_outcome_from_plan(pb, common->chinese ? "变更后" : "changed", common->chinese);
    char title[512];
    snprintf(title, sizeof title, common->chinese ? "%s: 变更前后对比" : "%s: what if",
             sb->name.zh && common->chinese ? sb->name.zh : sb->id);
    if (a && b && common->format != CLI_FORMAT_JSON)
        doc = rf_whatif_doc(a, b, sets, n_sets, title, common->chinese);
    if (!a || !b || (common->format != CLI_FORMAT_JSON && !doc)) {
        cli_error("out of memory while writing the report");
        code = RF_ERR_SOLVER;
        goto out;
    }
    comparison c = {a, b, sets, n_sets};
    if (!cli_emit_result(common, doc, write_comparison_json, &c))
        code = RF_ERR_OUTPUT;
    else
        code = pb->status == RF_PLAN_BALANCED ? RF_OK : RF_ERR_PLAN;
out:
    rf_doc_free(doc);
    rf_outcome_free(a);
    rf_outcome_free(b);
    rf_plan_free(pa);
    rf_plan_free(pb);
    rf_scenario_free(sa);
    rf_scenario_free(sb);
    return code;
}

int cmd_whatif(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_RESULT_LONGOPTS,
                                             CLI_SCENARIO_LONGOPTS,
                                             CLI_VERBOSE_LONGOPT,
                                             {"sweep", required_argument, NULL, 'w'},
                                             {"chart", required_argument, NULL, 'c'},
                                             {"cold", no_argument, NULL, 'C'},
                                             {NULL, 0, NULL, 0}};
    cli_options o;
    const char *sweep = NULL, *chart = NULL;
    bool cold = false;
    int code = RF_ERR_INPUT;
    if (!cli_options_init(&o, argc))
        return RF_ERR_SOLVER;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        cli_option_result shared = opt == 'h' ? CLI_OPT_OTHER : cli_common_option(opt, optarg, &o);
        if (shared == CLI_OPT_ERROR)
            goto out;
        if (shared == CLI_OPT_HANDLED)
            continue;
        switch (opt) {
        case 'w':
            if (sweep) {
                cli_error("--sweep given twice; a sweep varies one value (fix others with --set)");
                goto out;
            }
            sweep = optarg;
            break;
        case 'c':
            chart = optarg;
            break;
        case 'C':
            cold = true;
            break;
        case 'h':
            usage(stdout);
            code = RF_OK;
            goto out;
        default:
            usage(stderr);
            goto out;
        }
    }
    if (optind + 1 != argc) {
        cli_error(optind >= argc ? "whatif needs a SCENARIO file"
                                 : "whatif takes one SCENARIO file");
        usage(stderr);
        goto out;
    }
    if (!sweep && o.n_sets == 0) {
        cli_error("whatif needs at least one --set PATH=VALUE, or a --sweep");
        usage(stderr);
        goto out;
    }
    if (!sweep && (chart || cold)) {
        cli_error("--chart and --cold go with --sweep");
        goto out;
    }
    if (!cli_emit_settle(&o.common, "whatif without --sweep", sweep != NULL))
        goto out;
    if (sweep)
        code =
            run_sweep(argv[optind], o.sets, o.n_sets, sweep, cold, o.time_limit, chart, &o.common);
    else
        code = run_whatif(argv[optind], o.sets, o.n_sets, o.time_limit, &o.common);
out:
    cli_options_free(&o);
    return code;
}
