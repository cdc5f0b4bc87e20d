/* cmd_compare: `relocfund compare A B`: two scenarios or saved results side by side. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_emit.h"
#include "rf_outcome.h"
#include "rf_whatif.h"

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

typedef struct {
    const rf_outcome *a, *b;
} pair;

static rf_status write_json(const void *result, FILE *out)
{
    const pair *p = result;
    return rf_whatif_json(p->a, p->b, NULL, 0, out);
}

/* The outcome of one argument: a saved result, or a scenario solved here. */
static int outcome_of(const char *path, double time_limit, bool chinese, rf_outcome **out)
{
    *out = NULL;
    if (rf_outcome_is_result_file(path)) {
        rf_error err = {0};
        *out = rf_outcome_from_json(path, path, &err);
        if (!*out) {
            cli_print_error(&err);
            return err.status ? (int)err.status : RF_ERR_INPUT;
        }
        return RF_OK;
    }
    rf_scenario *s = NULL;
    rf_plan *p = NULL;
    int code = cli_load_and_solve(path, NULL, 0, time_limit, false, &s, &p);
    if (code != RF_OK)
        return code;
    *out = rf_outcome_from_plan(p, path, chinese);
    rf_plan_free(p);
    rf_scenario_free(s);
    if (!*out) {
        cli_error("out of memory");
        return RF_ERR_SOLVER;
    }
    return RF_OK;
}

/* Whether any compared figure differs. */
static bool differ(const rf_outcome *a, const rf_outcome *b)
{
    const rf_key_figures *x = &a->key, *y = &b->key;
    /* A saved result does not say which sources are loans (-1). */
    bool loans_differ =
        x->loans_drawn >= 0 && y->loans_drawn >= 0 && x->loans_drawn != y->loans_drawn;
    if (x->status != y->status || x->unfunded != y->unfunded || x->cap_excess != y->cap_excess ||
        x->households_over_cap != y->households_over_cap ||
        x->households_over_area_cap != y->households_over_area_cap ||
        x->registered_self_funding != y->registered_self_funding ||
        x->synchronous_self_funding != y->synchronous_self_funding ||
        x->integrated_agri != y->integrated_agri ||
        x->surplus_employment_base != y->surplus_employment_base ||
        x->surplus_industry != y->surplus_industry || loans_differ ||
        a->cost_total != b->cost_total || a->n_sources != b->n_sources || a->n_sites != b->n_sites)
        return true;
    for (size_t f = 0; f < a->n_sources; f++)
        if (strcmp(a->sources[f].id, b->sources[f].id) != 0 ||
            memcmp(a->sources[f].by_use, b->sources[f].by_use, sizeof a->sources[f].by_use) != 0 ||
            a->sources[f].arrived != b->sources[f].arrived)
            return true;
    for (size_t i = 0; i < a->n_sites; i++) {
        const rf_outcome_site *sa = &a->sites[i], *sb = &b->sites[i];
        if (strcmp(sa->id, sb->id) != 0 || sa->type != sb->type ||
            memcmp(sa->households, sb->households, sizeof sa->households) != 0 ||
            memcmp(sa->people, sb->people, sizeof sa->people) != 0 || sa->cost != sb->cost ||
            sa->unfunded != sb->unfunded || sa->integrated_agri != sb->integrated_agri ||
            sa->self_funding[0] != sb->self_funding[0] ||
            sa->self_funding[1] != sb->self_funding[1] ||
            sa->surplus_employment_base != sb->surplus_employment_base ||
            sa->surplus_industry != sb->surplus_industry || sa->n_classes != sb->n_classes)
            return true;
        for (size_t c = 0; c < sa->n_classes; c++)
            if (sa->classes[c].self_funding_per_household !=
                    sb->classes[c].self_funding_per_household ||
                sa->classes[c].excess != sb->classes[c].excess)
                return true;
    }
    return false;
}

int cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_RESULT_LONGOPTS, {"time-limit", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
    cli_options o;
    if (!cli_options_init(&o, argc))
        return RF_ERR_SOLVER;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        cli_option_result shared = opt == 'h' ? CLI_OPT_OTHER : cli_common_option(opt, optarg, &o);
        if (shared == CLI_OPT_HANDLED)
            continue;
        int code = RF_ERR_INPUT;
        if (opt == 'h') {
            usage(stdout);
            code = RF_OK;
        } else if (shared != CLI_OPT_ERROR) {
            usage(stderr);
        }
        cli_options_free(&o);
        return code;
    }
    if (optind + 2 != argc) {
        cli_error("compare takes two files, A and B");
        usage(stderr);
        cli_options_free(&o);
        return RF_ERR_INPUT;
    }
    if (!cli_emit_settle(&o.common, "compare", false)) {
        cli_options_free(&o);
        return RF_ERR_INPUT;
    }
    rf_outcome *a = NULL, *b = NULL;
    rf_doc *doc = NULL;
    int code = outcome_of(argv[optind], o.time_limit, o.common.chinese, &a);
    if (code == RF_OK)
        code = outcome_of(argv[optind + 1], o.time_limit, o.common.chinese, &b);
    if (code != RF_OK)
        goto out;
    if (o.common.format != CLI_FORMAT_JSON &&
        !(doc = rf_whatif_doc(a, b, NULL, 0, o.common.chinese ? "两个方案对比" : "Comparison",
                              o.common.chinese))) {
        cli_error("out of memory while writing the report");
        code = RF_ERR_SOLVER;
        goto out;
    }
    pair p = {a, b};
    if (!cli_emit_result(&o.common, doc, write_json, &p))
        code = RF_ERR_OUTPUT;
    else
        code = differ(a, b) ? RF_ERR_PLAN : RF_OK;
out:
    rf_doc_free(doc);
    rf_outcome_free(a);
    rf_outcome_free(b);
    cli_options_free(&o);
    return code;
}
