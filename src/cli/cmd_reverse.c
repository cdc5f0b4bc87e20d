/* cmd_reverse: `relocfund reverse SCENARIO [--break-even PATH=LO:HI]`: 倒算 from the cap back. */
#include "cli.h"
#include "rf_reverse.h"

static void usage(FILE *to)
{
    fprintf(
        to,
        "usage: relocfund reverse [OPTIONS] SCENARIO\n\n"
        "倒算: from the self-funding cap back, the additional funding each site needs for\n"
        "every registered household to stay within the cap and for the plan to balance,\n"
        "which sources the policy lets pay it, and for each such source the least arrived\n"
        "amount (to the fen, by bisection on re-solves) that balances the plan alone.\n\n"
        "Options:\n"
        "  --break-even PATH=LO:HI[:UNIT]\n"
        "                     also the value of PATH (between LO and HI, to UNIT, default\n"
        "                     0.01) at which the plan stops balancing or complying\n" CLI_HELP_SET
            CLI_HELP_FORMAT CLI_HELP_OUTPUT
        "  --lang zh|en       Chinese (default) or English\n" CLI_HELP_UNIT CLI_HELP_TIME_LIMIT
            CLI_HELP_HELP
        "Exit codes: 0 the plan balances and complies, 1 it needs more funding, 2 usage or\n"
        "input error, 3 solver failure, 4 output not written.\n");
}

enum { OPT_BREAK_EVEN = 256 };

static bool own_option(int opt, const char *arg, void *ctx)
{
    (void)opt;
    *(const char **)ctx = arg;
    return true;
}

/* The break-even search first: a --break-even PATH that does not apply is
 * refused when its first point loads, before anything is solved.  Returns
 * the failure's exit code (printed) or RF_OK with *out set. */
static int reverse(const char *path, const cli_options *o, const char *break_even, rf_scenario *s,
                   rf_reverse **out)
{
    rf_load_options lo = {.set = o->sets, .n_set = o->n_sets};
    rf_break_even be = {0};
    rf_error err = {0};
    rf_status st = RF_OK;
    if (break_even) {
        rf_diags bd = {0};
        st = rf_break_even_run(path, &lo, break_even, o->time_limit, &be, &bd, &err);
        if (st == RF_ERR_INPUT && bd.count)
            cli_print_diags(&bd);
        else if (st != RF_OK)
            cli_print_error(&err);
        rf_diags_free(&bd);
    }
    if (st == RF_OK) {
        st = rf_reverse_run(s, o->time_limit, o->common.chinese, out, &err);
        if (st != RF_OK)
            cli_print_error(&err);
    }
    if (st != RF_OK) {
        rf_break_even_clear(&be);
        return st;
    }
    (*out)->break_even = be;
    (*out)->has_break_even = break_even != NULL;
    return RF_OK;
}

int cmd_reverse(int argc, char **argv)
{
    static const char *break_even;
    static const struct option own[] = {{"break-even", required_argument, NULL, OPT_BREAK_EVEN},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {.name = "reverse",
                                    .usage = usage,
                                    .shared = CLI_RESULT | CLI_SET | CLI_TIME_LIMIT,
                                    .own = own,
                                    .option = own_option,
                                    .ctx = &break_even,
                                    .min_args = 1,
                                    .max_args = 1,
                                    .too_few = "reverse needs a SCENARIO file",
                                    .too_many = "reverse takes one SCENARIO file",
                                    .kind = RF_RESULT_REVERSE};
    cli_options o;
    break_even = NULL;
    int code = cli_start(&cmd, argc, argv, &o);
    rf_scenario *s = code < 0 ? cli_load_scenario(o.args[0], o.sets, o.n_sets) : NULL;
    if (code < 0 && !s)
        code = RF_ERR_INPUT;
    rf_reverse *r = NULL;
    if (code < 0 && (code = reverse(o.args[0], &o, break_even, s, &r)) == RF_OK)
        code = cli_emit(&o.common, RF_RESULT_REVERSE, r);
    rf_reverse_free(r);
    rf_scenario_free(s);
    cli_options_free(&o);
    return code;
}
