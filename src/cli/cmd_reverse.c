/* cmd_reverse: `relocfund reverse SCENARIO [--break-even PATH=LO:HI]`: 倒算 from the cap back. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
#include "rf_reverse.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund reverse [OPTIONS] SCENARIO\n\n"
            "倒算: from the self-funding cap back, the additional funding each site needs for\n"
            "every registered household to stay within the cap and for the plan to balance,\n"
            "which sources the policy lets pay it, and for each such source the least arrived\n"
            "amount (to the fen, by bisection on re-solves) that balances the plan alone.\n\n"
            "Options:\n"
            "  --break-even PATH=LO:HI[:UNIT]\n"
            "                     also the value of PATH (between LO and HI, to UNIT, default\n"
            "                     0.01) at which the plan stops balancing or complying\n"
            "  --set PATH=VALUE   change a scenario field first (\"policy.\" for the policy)\n"
            "  --format FMT       text (default), json, csv, md, html or xlsx\n"
            "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"
            "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"
            "                     when --format is not given\n"
            "  --lang zh|en       Chinese (default) or English\n"
            "  --unit wan|yuan    amounts in 万元 (default) or 元 in text\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 the plan balances and complies, 1 it needs more funding, 2 usage or\n"
            "input error, 3 solver failure, 4 output not written.\n");
}

static rf_status write_json(const void *result, FILE *out)
{
    return rf_reverse_json(result, out);
}

int cmd_reverse(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_RESULT_LONGOPTS,
                                             CLI_SCENARIO_LONGOPTS,
                                             {"break-even", required_argument, NULL, 'b'},
                                             {NULL, 0, NULL, 0}};
    cli_options o;
    const char *break_even = NULL;
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
        case 'b':
            break_even = optarg;
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
        cli_error(optind >= argc ? "reverse needs a SCENARIO file"
                                 : "reverse takes one SCENARIO file");
        usage(stderr);
        goto out;
    }
    if (!cli_emit_settle(&o.common, "reverse", false))
        goto out;
    const char *path = argv[optind];
    rf_scenario *s = cli_load_scenario(path, o.sets, o.n_sets);
    if (!s)
        goto out;
    rf_load_options lo = {.set = o.sets, .n_set = o.n_sets};
    rf_reverse *r = NULL;
    rf_break_even be = {0};
    rf_error err = {0};
    rf_status st = RF_OK;
    /* The break-even search first: a --break-even PATH that does not apply
     * is refused when its first point loads, before anything is solved. */
    if (break_even) {
        rf_diags bd = {0};
        st = rf_break_even_run(path, &lo, break_even, o.time_limit, &be, &bd, &err);
        if (st == RF_ERR_INPUT && bd.count)
            cli_print_diags(&bd);
        else if (st != RF_OK)
            cli_print_error(&err);
        rf_diags_free(&bd);
    }
    if (st == RF_OK) {
        st = rf_reverse_run(s, o.time_limit, o.common.chinese, &r, &err);
        if (st != RF_OK)
            cli_print_error(&err);
    }
    if (st != RF_OK) {
        rf_break_even_clear(&be);
        rf_reverse_free(r);
        rf_scenario_free(s);
        code = st;
        goto out;
    }
    if (break_even) {
        r->break_even = be;
        r->has_break_even = true;
    }
    rf_doc *doc = o.common.format == CLI_FORMAT_JSON ? NULL : rf_reverse_doc(r);
    code = cli_emit_outcome(&o.common, doc, write_json, r, r->key.status == RF_PLAN_BALANCED);
    rf_doc_free(doc);
    rf_reverse_free(r);
    rf_scenario_free(s);
out:
    cli_options_free(&o);
    return code;
}
