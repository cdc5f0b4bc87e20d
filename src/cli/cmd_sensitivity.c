/* cmd_sensitivity: `relocfund sensitivity SCENARIO`: shadow prices and ranges, in words. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
#include "rf_sensitivity.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund sensitivity [OPTIONS] SCENARIO\n\n"
            "From the optimal basis of every objective level: how each figure of the plan\n"
            "moves per unit of money arrived, of the integrated-agri budget, of the cap and of\n"
            "unit housing costs, the range over which those rates hold, and the shadow price\n"
            "of every binding constraint; in sentences and tables.\n\n"
            "Options:\n"
            "  --set PATH=VALUE   change a scenario field first (\"policy.\" for the policy)\n"
            "  --format FMT       text (default), json, csv, md, html or xlsx\n"
            "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"
            "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"
            "                     when --format is not given\n"
            "  --lang zh|en       Chinese (default) or English\n"
            "  --unit wan|yuan    amounts in 万元 (default) or 元 in text tables\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 the plan balances and complies, 1 it does not, 2 usage or input\n"
            "error, 3 solver failure, 4 output not written.\n");
}

static rf_status write_json(const void *result, FILE *out)
{
    return rf_sensitivity_json(result, out);
}

int cmd_sensitivity(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_RESULT_LONGOPTS, CLI_SCENARIO_LONGOPTS, {NULL, 0, NULL, 0}};
    cli_options o;
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
        cli_error(optind >= argc ? "sensitivity needs a SCENARIO file"
                                 : "sensitivity takes one SCENARIO file");
        usage(stderr);
        goto out;
    }
    if (!cli_emit_settle(&o.common, "sensitivity", false))
        goto out;
    rf_scenario *s = cli_load_scenario(argv[optind], o.sets, o.n_sets);
    if (!s)
        goto out;
    rf_solve_options so = cli_solve_options(o.time_limit, false);
    rf_sensitivity *r = NULL;
    rf_error err = {0};
    rf_status st = rf_sensitivity_run(s, &so, o.common.chinese, &r, &err);
    if (st != RF_OK) {
        cli_print_error(&err);
        rf_scenario_free(s);
        code = st;
        goto out;
    }
    rf_doc *doc = o.common.format == CLI_FORMAT_JSON ? NULL : rf_sensitivity_doc(r);
    code = cli_emit_outcome(&o.common, doc, write_json, r, r->key.status == RF_PLAN_BALANCED);
    rf_doc_free(doc);
    rf_sensitivity_free(r);
    rf_scenario_free(s);
out:
    cli_options_free(&o);
    return code;
}
