/* cmd_audit: `relocfund audit ROSTER --scenario SCENARIO`: every household
 * of a roster against the policy's rules, streamed, with a summary. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rf_audit_run.h"

static void usage(FILE *to)
{
    fprintf(to, "usage: relocfund audit [OPTIONS] ROSTER --scenario SCENARIO\n\n"
                "Checks every household of a roster (CSV, .xlsx or .xls; see\n"
                "docs/roster-format.md) against the scenario's policy and sites and lists every\n"
                "violation.\n\n"
                "Options:\n"
                "  --scenario FILE    the scenario (its policy and sites); required\n"
                "  --as-of DATE       audit date YYYY-MM-DD for the demolition deadline\n"
                "                     (default: today)\n"
                "  --encoding ENC     of a CSV roster: utf-8, gbk (GB18030) or auto (default:\n"
                "                     UTF-8, or GBK when the file is not UTF-8, with a note)\n"
                "  --columns FILE     more header names: lines COLUMN = HEADER, e.g.\n"
                "                     household_id = 户号 (see docs/roster-format.md)\n"
                "  --strict           stop at the first malformed row (exit 2)\n"
                "  --max-errors N     print at most N malformed rows on standard error\n"
                "                     (default 100; 0: all); all are counted\n"
                "  --format FMT       text (default), json, csv, md, html or xlsx (xlsx needs "
                "-o)\n" CLI_HELP_OUTPUT CLI_HELP_LANG
                "  --unit yuan        amounts are per household, always in 元 (yuan)\n"
                "  --excel            start CSV output with a UTF-8 byte order mark for "
                "Excel\n" CLI_HELP_HELP
                "Exit codes: 0 no violation, 1 violations found or malformed rows skipped,\n"
                "2 usage or input error (with --strict: the first malformed row),\n"
                "3 internal failure, 4 output not written.\n");
}

enum { OPT_SCENARIO = 256, OPT_AS_OF, OPT_STRICT, OPT_MAX_ERRORS, OPT_ENCODING, OPT_COLUMNS };

/* The options audit has besides the shared ones. */
typedef struct {
    const char *scenario_path;
    bool have_as_of;
    rf_day as_of;
    bool strict;
    long long max_errors;
    int64_t bad_rows; /* malformed rows reported so far */
    rf_roster_encoding encoding;
    const char *columns_path;
} audit_options;

static bool own_option(int opt, const char *arg, void *ctx)
{
    audit_options *a = ctx;
    char *end;
    switch (opt) {
    case OPT_SCENARIO:
        a->scenario_path = arg;
        return true;
    case OPT_AS_OF:
        if (!rf_date_parse(arg, strlen(arg), &a->as_of)) {
            cli_error("--as-of %s: expected a date YYYY-MM-DD, e.g. 2018-06-30", arg);
            return false;
        }
        a->have_as_of = true;
        return true;
    case OPT_STRICT:
        a->strict = true;
        return true;
    case OPT_ENCODING:
        if (!rf_roster_encoding_parse(arg, &a->encoding)) {
            cli_error("--encoding %s: expected utf-8, gbk (or gb18030) or auto", arg);
            return false;
        }
        return true;
    case OPT_COLUMNS:
        a->columns_path = arg;
        return true;
    default:
        errno = 0;
        a->max_errors = strtoll(arg, &end, 10);
        if (errno || *end || end == arg || a->max_errors < 0) {
            cli_error("--max-errors %s: expected a whole number >= 0 (0: all)", arg);
            return false;
        }
        return true;
    }
}

/* Today, for --as-of; false (after a message) when it cannot be read. */
static bool today(rf_day *out)
{
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm)) {
        cli_error("cannot read today's date; give --as-of YYYY-MM-DD");
        return false;
    }
    *out = rf_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return true;
}

/* Prints every problem of a malformed row, up to --max-errors rows. */
static void bad_row(const rf_error *problems, size_t n, int64_t count, void *ctx)
{
    audit_options *a = ctx;
    a->bad_rows = count;
    for (size_t i = 0; i < n && (a->max_errors == 0 || count <= a->max_errors); i++)
        cli_print_error(&problems[i]);
}

static void note(const char *roster, const char *message, void *ctx)
{
    (void)ctx;
    cli_note(cli_messages_chinese() ? "%s：%s" : "%s: %s", roster,
             cli_messages_chinese() ? rf_msg_text_zh(message) : message);
}

/* Audits the roster; prints every problem and returns the exit code of the
 * failure, or RF_OK with *out. */
static int run(const char *roster, audit_options *a, const rf_scenario *s, rf_audit_result **out)
{
    rf_error err = {0};
    rf_roster_columns *columns = NULL;
    if (a->columns_path && !(columns = rf_roster_columns_load(a->columns_path, &err))) {
        cli_print_error(&err);
        return err.status;
    }
    rf_audit_options ao = {.as_of = a->as_of,
                           .strict = a->strict,
                           .encoding = a->encoding,
                           .columns = columns,
                           .bad_row = bad_row,
                           .note = note,
                           .ctx = a};
    rf_status st = rf_audit_run(s, roster, &ao, out, &err);
    rf_roster_columns_free(columns);
    if (st == RF_ERR_INPUT && a->strict && a->bad_rows > 0) /* the row is printed */
        cli_note("%s", cli_msg(CLI_MSG_STRICT_STOPPED));
    else if (st != RF_OK)
        cli_print_error(&err);
    if (st != RF_OK)
        return st;
    const rf_audit_summary *sum = rf_audit_result_summary(*out);
    if (a->max_errors > 0 && sum->bad_rows > a->max_errors)
        cli_note(cli_msg(CLI_MSG_MORE_BAD_ROWS), roster, (long long)(sum->bad_rows - a->max_errors));
    return RF_OK;
}

int cmd_audit(int argc, char **argv)
{
    static audit_options a;
    static const struct option own[] = {{"scenario", required_argument, NULL, OPT_SCENARIO},
                                        {"as-of", required_argument, NULL, OPT_AS_OF},
                                        {"strict", no_argument, NULL, OPT_STRICT},
                                        {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
                                        {"encoding", required_argument, NULL, OPT_ENCODING},
                                        {"columns", required_argument, NULL, OPT_COLUMNS},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {.name = "audit",
                                    .usage = usage,
                                    .shared = CLI_RESULT,
                                    .own = own,
                                    .option = own_option,
                                    .ctx = &a,
                                    .min_args = 1,
                                    .max_args = 1,
                                    .too_few = "audit needs a ROSTER file (CSV, .xlsx or .xls)",
                                    .too_many = "audit takes one ROSTER file"};
    cli_options o;
    a = (audit_options){.max_errors = 100};
    int code = cli_parse(&cmd, argc, argv, &o);
    if (code < 0 && !a.scenario_path) {
        cli_error("audit needs --scenario SCENARIO (its policy and sites)");
        cli_usage(&cmd, stderr);
        code = RF_ERR_INPUT;
    }
    if (code < 0 && (!cli_emit_settle(&o.common, "audit", RF_RESULT_AUDIT) ||
                     (!a.have_as_of && !today(&a.as_of))))
        code = RF_ERR_INPUT;
    rf_scenario *s = NULL;
    if (code < 0 && !(s = cli_load_scenario(a.scenario_path, NULL, 0)))
        code = RF_ERR_INPUT;
    rf_audit_result *r = NULL;
    if (code < 0 && (code = run(o.args[0], &a, s, &r)) == RF_OK)
        code = cli_emit(&o.common, RF_RESULT_AUDIT, r);
    rf_audit_result_free(r);
    rf_scenario_free(s);
    cli_options_free(&o);
    return code;
}
