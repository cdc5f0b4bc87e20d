/* cmd_solve: `relocfund solve SCENARIO`: the plan, its routing, compliance and rates. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
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
            "  -o, --output FILE  write to FILE (atomically) instead of standard output\n"
            "  --lang zh|en       labels in Chinese (default) or English\n"
            "  --unit wan|yuan    amounts in 万元 (default) or 元\n"
            "  --excel            CSV: start with a UTF-8 byte order mark for Excel\n"
            "  --set PATH=VALUE   change a scenario field first (\"policy.\" for the policy)\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  --verbose          show GLPK's progress on standard error\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 balanced and compliant, 1 unfunded gap or violation,\n"
            "2 usage or input error, 3 solver failure, 4 output not written.\n");
}

static void glpk_log(const char *text, void *ctx)
{
    (void)ctx;
    fputs(text, stderr);
}

static rf_status write_json(const void *plan, FILE *out)
{
    return rf_report_plan_json(plan, out);
}

int cmd_solve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},   {"unit", required_argument, NULL, 'u'},
        {"set", required_argument, NULL, 's'},    {"time-limit", required_argument, NULL, 't'},
        {"verbose", no_argument, NULL, 'v'},      {"help", no_argument, NULL, 'h'},
        {"excel", no_argument, NULL, 'x'},        {NULL, 0, NULL, 0}};
    cli_common common = {.format = CLI_FORMAT_TEXT, .chinese = true};
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t n_sets = 0;
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
            if (strcmp(optarg, "yuan") != 0 && strcmp(optarg, "wan") != 0) {
                cli_error("--unit %s: expected wan or yuan", optarg);
                goto out;
            }
            common.yuan = optarg[0] == 'y';
            break;
        case 's':
            sets[n_sets++] = optarg;
            break;
        case 't': {
            char *end;
            time_limit = strtod(optarg, &end);
            if (*end || !(time_limit > 0 && time_limit <= 86400)) {
                cli_error("--time-limit %s: expected seconds, more than 0 and at most 86400",
                          optarg);
                goto out;
            }
            break;
        }
        case 'v':
            common.verbose = true;
            break;
        case 'x':
            common.excel_bom = true;
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
        cli_error(optind >= argc ? "solve needs a SCENARIO file"
                                 : "solve takes one SCENARIO file; run 'relocfund validate' "
                                   "for several");
        usage(stderr);
        goto out;
    }
    if (!cli_emit_check(&common))
        goto out;
    const char *path = argv[optind];
    rf_diags diags = {0};
    rf_load_options lo = {.set = sets, .n_set = n_sets};
    rf_scenario *s = rf_scenario_load(path, &lo, &diags);
    if (!s) {
        cli_print_diags(&diags);
        rf_diags_free(&diags);
        goto out;
    }
    if (diags.warnings)
        fprintf(stderr,
                "relocfund: note: %s: %zu warning%s; 'relocfund validate %s' lists them\n",
                path, diags.warnings, diags.warnings == 1 ? "" : "s", path);
    rf_diags_free(&diags);

    rf_solve_options so = {.time_limit_seconds = time_limit,
                           .log = common.verbose ? glpk_log : NULL};
    rf_plan *plan = NULL;
    rf_error err = {0};
    rf_status st = rf_plan_solve(s, &so, &plan, &err);
    if (st != RF_OK) {
        cli_print_error(&err);
        rf_scenario_free(s);
        code = st;
        goto out;
    }
    rf_doc *doc = common.format == CLI_FORMAT_JSON ? NULL : rf_report_plan(plan, common.chinese);
    if (common.format != CLI_FORMAT_JSON && !doc) {
        cli_error("out of memory while writing the report");
        code = RF_ERR_SOLVER;
    } else if (!cli_emit_result(&common, doc, write_json, plan)) {
        code = RF_ERR_OUTPUT;
    } else {
        code = plan->status == RF_PLAN_BALANCED ? RF_OK : RF_ERR_PLAN;
    }
    rf_doc_free(doc);
    rf_plan_free(plan);
    rf_scenario_free(s);
out:
    free(sets);
    return code;
}
