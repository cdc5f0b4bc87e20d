/* cli_options: the options, loading and solving every scenario command shares. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rf_plan.h"

bool cli_options_init(cli_options *o, int argc)
{
    memset(o, 0, sizeof *o);
    o->common.format = CLI_FORMAT_TEXT;
    o->common.chinese = true;
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    if (!o->sets)
        cli_error("out of memory");
    return o->sets != NULL;
}

void cli_options_free(cli_options *o)
{
    free(o->sets);
    o->sets = NULL;
    o->n_sets = 0;
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

cli_option_result cli_common_option(int opt, const char *arg, cli_options *o)
{
    switch (opt) {
    case 'f':
        return cli_parse_format(arg, &o->common) ? CLI_OPT_HANDLED : CLI_OPT_ERROR;
    case 'o':
        o->common.output_path = arg;
        return CLI_OPT_HANDLED;
    case 'l':
        return cli_parse_lang(arg, &o->common.chinese) ? CLI_OPT_HANDLED : CLI_OPT_ERROR;
    case 'u':
        return cli_parse_unit(arg, &o->common) ? CLI_OPT_HANDLED : CLI_OPT_ERROR;
    case 'x':
        o->common.excel_bom = true;
        return CLI_OPT_HANDLED;
    case 'v':
        o->common.verbose = true;
        return CLI_OPT_HANDLED;
    case 's':
        o->sets[o->n_sets++] = arg;
        return CLI_OPT_HANDLED;
    case 't':
        return cli_parse_time_limit(arg, &o->time_limit) ? CLI_OPT_HANDLED : CLI_OPT_ERROR;
    default:
        return CLI_OPT_OTHER;
    }
}

void cli_report_warnings(const char *path, const rf_diags *diags, bool changed)
{
    size_t folded = diags->warnings;
    if (changed && folded) {
        rf_diags plain = {0};
        rf_scenario_free(rf_scenario_load(path, NULL, &plain));
        cli_diag_set known = {0};
        for (size_t i = 0; i < plain.count; i++)
            if (plain.items[i].severity == RF_SEV_WARNING)
                cli_diag_set_add(&known, &plain.items[i]);
        for (size_t i = 0; i < diags->count; i++)
            if (diags->items[i].severity == RF_SEV_WARNING &&
                cli_diag_set_add(&known, &diags->items[i])) {
                cli_print_diag(&diags->items[i]);
                folded--;
            }
        cli_diag_set_free(&known);
        rf_diags_free(&plain);
    }
    if (folded)
        fprintf(stderr,
                "relocfund: note: %s: %zu %swarning%s; 'relocfund validate %s' lists them\n", path,
                folded, folded < diags->warnings ? "more " : "", folded == 1 ? "" : "s", path);
}

rf_scenario *cli_load_scenario(const char *path, const char *const *sets, size_t n_sets)
{
    rf_diags diags = {0};
    rf_load_options lo = {.set = sets, .n_set = n_sets};
    rf_scenario *s = rf_scenario_load(path, &lo, &diags);
    if (!s)
        cli_print_diags(&diags);
    else
        cli_report_warnings(path, &diags, n_sets > 0);
    rf_diags_free(&diags);
    return s;
}

static void glpk_log(const char *text, void *ctx)
{
    (void)ctx;
    fputs(text, stderr);
}

rf_solve_options cli_solve_options(double time_limit, bool verbose)
{
    rf_solve_options so = {.time_limit_seconds = time_limit, .log = verbose ? glpk_log : NULL};
    return so;
}

int cli_solve(const rf_scenario *s, double time_limit, bool verbose, rf_plan **p)
{
    *p = NULL;
    rf_solve_options so = cli_solve_options(time_limit, verbose);
    rf_error err = {0};
    rf_status st = rf_plan_solve(s, &so, p, &err);
    if (st != RF_OK)
        cli_print_error(&err);
    return st;
}

int cli_load_and_solve(const char *path, const char *const *sets, size_t n_sets, double time_limit,
                       bool verbose, rf_scenario **s, rf_plan **p)
{
    *s = NULL;
    *p = NULL;
    rf_scenario *sc = cli_load_scenario(path, sets, n_sets);
    if (!sc)
        return RF_ERR_INPUT;
    int code = cli_solve(sc, time_limit, verbose, p);
    if (code != RF_OK) {
        rf_scenario_free(sc);
        return code;
    }
    *s = sc;
    return RF_OK;
}
