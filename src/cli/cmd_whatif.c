/* cmd_whatif: `relocfund whatif SCENARIO --set PATH=VALUE ... [--sweep PATH=FROM:TO:STEP]`. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
#include "cli_whatif.h"
#include "rf_outcome.h"
#include "rf_whatif.h"

#define MAX_SWEEP_POINTS 100000

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund whatif [OPTIONS] SCENARIO --set PATH=VALUE...\n"
            "       relocfund whatif [OPTIONS] SCENARIO [--set PATH=VALUE...] --sweep "
            "PATH=FROM:TO:STEP\n\n"
            "Re-solves the scenario under changes and shows the result next to the base plan,\n"
            "or sweeps one value over a range (each point re-solved from the previous optimal\n"
            "basis) and tabulates the key figures, marking where the plan's status changes.\n\n"
            "Options:\n"
            "  --set PATH=VALUE   change a scenario field (\"policy.\" for the policy); repeatable\n"
            "  --sweep SPEC       PATH=FROM:TO:STEP, e.g. sites[0].costs.housing_per_m2=1000:2000:10\n"
            "  --chart FILE.svg   with --sweep: also write the line chart as SVG\n"
            "  --cold             with --sweep: solve every point from scratch (for comparison)\n"
            "  --format FMT       text (default), json, csv, md, html or xlsx\n"
            "  -o, --output FILE  write to FILE (atomically); with --sweep, FILE.svg writes the chart\n"
            "  --lang zh|en       labels in Chinese (default) or English\n"
            "  --unit wan|yuan    amounts in 万元 (default) or 元 in text\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  --verbose          show GLPK's progress and the sweep's timing on standard error\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 the changed plan (every sweep point) balanced and compliant, 1 an\n"
            "unfunded gap or violation, 2 usage or input error, 3 solver failure, 4 output not "
            "written.\n");
}

static void glpk_log(const char *text, void *ctx)
{
    (void)ctx;
    fputs(text, stderr);
}

bool cli_parse_time_limit(const char *value, double *out)
{
    char *end;
    double v = strtod(value, &end);
    if (*end || !(v > 0 && v <= 86400)) {
        cli_error("--time-limit %s: expected seconds, more than 0 and at most 86400", value);
        return false;
    }
    *out = v;
    return true;
}

bool cli_parse_unit(const char *value, cli_common *common)
{
    if (strcmp(value, "yuan") != 0 && strcmp(value, "wan") != 0) {
        cli_error("--unit %s: expected wan or yuan", value);
        return false;
    }
    common->yuan = value[0] == 'y';
    return true;
}

bool cli_has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)path[n - k + i]) != tolower((unsigned char)suffix[i]))
            return false;
    return true;
}

int cli_load_and_solve(const char *path, const char *const *sets, size_t n_sets,
                       double time_limit, bool verbose, rf_scenario **s, rf_plan **p)
{
    *s = NULL;
    *p = NULL;
    rf_diags diags = {0};
    rf_load_options lo = {.set = sets, .n_set = n_sets};
    rf_scenario *sc = rf_scenario_load(path, &lo, &diags);
    if (!sc) {
        cli_print_diags(&diags);
        rf_diags_free(&diags);
        return RF_ERR_INPUT;
    }
    if (diags.warnings)
        fprintf(stderr,
                "relocfund: note: %s: %zu warning%s; 'relocfund validate %s' lists them\n",
                path, diags.warnings, diags.warnings == 1 ? "" : "s", path);
    rf_diags_free(&diags);
    rf_solve_options so = {.time_limit_seconds = time_limit, .log = verbose ? glpk_log : NULL};
    rf_error err = {0};
    rf_status st = rf_plan_solve(sc, &so, p, &err);
    if (st != RF_OK) {
        cli_print_error(&err);
        rf_scenario_free(sc);
        return st;
    }
    *s = sc;
    return RF_OK;
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

static int run_sweep(const char *path, const char *const *sets, size_t n_sets, const char *spec_text,
                     bool cold, double time_limit, const char *chart, cli_common *common)
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
    else if (diags.warnings)
        fprintf(stderr,
                "relocfund: note: %s: %zu warning%s; 'relocfund validate %s' lists them\n",
                path, diags.warnings, diags.warnings == 1 ? "" : "s", path);
    rf_diags_free(&diags);
    if (st != RF_OK) {
        if (st != RF_ERR_INPUT)
            cli_print_error(&err);
        return st;
    }
    if (common->verbose)
        fprintf(stderr, "relocfund: sweep: %zu points in %.3f s (%zu re-solved from the previous "
                        "basis, %d simplex iterations)\n",
                sw->n_points, sw->seconds, sw->warm_points, sw->iterations);
    int code = RF_OK;
    for (size_t i = 0; i < sw->n_points; i++)
        if (sw->points[i].key.status != RF_PLAN_BALANCED)
            code = RF_ERR_PLAN;
    bool svg_output = common->output_path && cli_has_suffix(common->output_path, ".svg");
    if (svg_output) {
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
    int code = cli_load_and_solve(path, NULL, 0, time_limit, common->verbose, &sa, &pa);
    if (code == RF_OK)
        code = cli_load_and_solve(path, sets, n_sets, time_limit, common->verbose, &sb, &pb);
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
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},   {"unit", required_argument, NULL, 'u'},
        {"set", required_argument, NULL, 's'},    {"sweep", required_argument, NULL, 'w'},
        {"chart", required_argument, NULL, 'c'},  {"cold", no_argument, NULL, 'C'},
        {"time-limit", required_argument, NULL, 't'}, {"excel", no_argument, NULL, 'x'},
        {"verbose", no_argument, NULL, 'v'},      {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    cli_common common = {.format = CLI_FORMAT_TEXT, .chinese = true};
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t n_sets = 0;
    const char *sweep = NULL, *chart = NULL;
    bool cold = false;
    double time_limit = 0;
    int code = RF_ERR_INPUT;
    if (!sets) {
        cli_error("out of memory");
        return RF_ERR_SOLVER;
    }
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (!cli_parse_format(optarg, &common.format))
                goto out;
            break;
        case 'o':
            common.output_path = optarg;
            break;
        case 'l':
            if (!cli_parse_lang(optarg, &common.chinese))
                goto out;
            break;
        case 'u':
            if (!cli_parse_unit(optarg, &common))
                goto out;
            break;
        case 's':
            sets[n_sets++] = optarg;
            break;
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
        case 't':
            if (!cli_parse_time_limit(optarg, &time_limit))
                goto out;
            break;
        case 'x':
            common.excel_bom = true;
            break;
        case 'v':
            common.verbose = true;
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
        cli_error(optind >= argc ? "whatif needs a SCENARIO file" : "whatif takes one SCENARIO file");
        usage(stderr);
        goto out;
    }
    if (!sweep && n_sets == 0) {
        cli_error("whatif needs at least one --set PATH=VALUE, or a --sweep");
        usage(stderr);
        goto out;
    }
    if (!sweep && (chart || cold)) {
        cli_error("--chart and --cold go with --sweep");
        goto out;
    }
    if (sweep)
        code = run_sweep(argv[optind], sets, n_sets, sweep, cold, time_limit, chart, &common);
    else
        code = run_whatif(argv[optind], sets, n_sets, time_limit, &common);
out:
    free(sets);
    return code;
}
