/* cli_options: the one table of shared options, the parser every command uses,
 * and loading and solving as the scenario commands do it. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rf_clock.h"
#include "rf_read.h"

/* The shared options: which bit of cli_command.shared offers each. */
static const struct {
    unsigned group;
    struct option opt;
} SHARED[] = {
    {CLI_RESULT, {"format", required_argument, NULL, 'f'}},
    {CLI_RESULT, {"output", required_argument, NULL, 'o'}},
    {CLI_RESULT, {"lang", required_argument, NULL, 'l'}},
    {CLI_RESULT, {"unit", required_argument, NULL, 'u'}},
    {CLI_RESULT, {"excel", no_argument, NULL, 'x'}},
    {CLI_RESULT, {"exact", no_argument, NULL, 'e'}},
    {CLI_SET, {"set", required_argument, NULL, 's'}},
    {CLI_TIME_LIMIT, {"time-limit", required_argument, NULL, 't'}},
    {CLI_VERBOSE, {"verbose", no_argument, NULL, 'v'}},
    {CLI_JOBS, {"jobs", required_argument, NULL, 'j'}},
};
enum { N_SHARED = sizeof SHARED / sizeof SHARED[0], MAX_OWN = 24 };

/* Handles one shared option; false after printing why its value is wrong. */
static bool shared_option(int opt, const char *arg, cli_options *o)
{
    cli_common *c = &o->common;
    char *end;
    switch (opt) {
    case 'f':
        if (!rf_format_parse(arg, &c->format)) {
            cli_error("--format %s: expected one of text, json, csv, md, html, xlsx (and svg "
                      "for whatif --sweep)",
                      arg);
            return false;
        }
        c->format_given = true;
        return true;
    case 'o':
        c->output_path = arg;
        return true;
    case 'l':
        if (strcmp(arg, "zh") != 0 && strcmp(arg, "en") != 0) {
            cli_error("--lang %s: expected zh or en", arg);
            return false;
        }
        c->chinese = arg[0] == 'z';
        return true;
    case 'u':
        if (strcmp(arg, "yuan") != 0 && strcmp(arg, "wan") != 0) {
            cli_error("--unit %s: expected wan or yuan", arg);
            return false;
        }
        c->yuan = arg[0] == 'y';
        c->unit_given = true;
        return true;
    case 'x':
        c->excel_bom = true;
        return true;
    case 'e':
        c->exact = true;
        return true;
    case 's':
        o->sets[o->n_sets++] = arg;
        return true;
    case 't': {
        double v = strtod(arg, &end);
        if (*end || !(v > 0 && v <= 86400)) {
            cli_error("--time-limit %s: expected seconds, more than 0 and at most 86400", arg);
            return false;
        }
        o->time_limit = v;
        return true;
    }
    case 'v':
        c->verbose = true;
        return true;
    default: { /* 'j' */
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (*end || errno || v < 1 || v > 1024) {
            cli_error("-j %s: expected a number of threads from 1 to 1024", arg);
            return false;
        }
        o->jobs = (int)v;
        return true;
    }
    }
}

/* The getopt table of cmd: its shared options, its own, --help. */
static void long_options(const cli_command *cmd, struct option *out)
{
    size_t n = 0;
    for (size_t i = 0; i < N_SHARED; i++)
        if (cmd->shared & SHARED[i].group)
            out[n++] = SHARED[i].opt;
    for (size_t i = 0; cmd->own && cmd->own[i].name && i < MAX_OWN; i++)
        out[n++] = cmd->own[i];
    out[n++] = (struct option){"help", no_argument, NULL, 'h'};
    out[n] = (struct option){NULL, 0, NULL, 0};
}

/* One line for an option getopt refused (text as the user wrote it, or the
 * short option letter): unknown, with the nearest known option, or
 * missing its value; then where the options are listed. */
static void bad_option(const cli_command *cmd, const struct option *longopts, const char *text,
                       int letter, bool missing_value)
{
    char given[128], line[512];
    if (letter && !(text && strncmp(text, "--", 2) == 0))
        snprintf(given, sizeof given, "-%c", letter);
    else
        snprintf(given, sizeof given, "%.*s", (int)strcspn(text ? text : "", "="),
                 text ? text : "");
    int len = snprintf(line, sizeof line,
                       cli_msg(missing_value ? CLI_MSG_NEEDS_VALUE : CLI_MSG_UNKNOWN_OPTION),
                       cmd->name, given);
    if (!missing_value && strncmp(given, "--", 2) == 0) {
        const char *names[N_SHARED + MAX_OWN + 2];
        size_t n = 0;
        for (; longopts[n].name; n++)
            names[n] = longopts[n].name;
        names[n] = NULL;
        const char *near = rf_read_closest(given + 2, names);
        if (near) {
            char dashed[64];
            snprintf(dashed, sizeof dashed, "--%s", near);
            len += snprintf(line + len, sizeof line - (size_t)len, cli_msg(CLI_MSG_DID_YOU_MEAN),
                            dashed);
        }
    }
    if (len > 0 && (size_t)len < sizeof line)
        snprintf(line + len, sizeof line - (size_t)len, cli_msg(CLI_MSG_OPTIONS_HINT), cmd->name);
    cli_error("%s", line);
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->common.format = RF_FORMAT_TEXT;
    o->common.chinese = true;
    o->sets = calloc((size_t)argc + 1, sizeof *o->sets);
    if (!o->sets) {
        cli_error("out of memory");
        return RF_ERR_SOLVER;
    }
    struct option longopts[N_SHARED + MAX_OWN + 2];
    long_options(cmd, longopts);
    /* A leading ':' : getopt reports nothing and tells a missing value
     * (':') from an unknown option ('?'); bad_option says both in one line. */
    const char *shorts = cmd->shared & CLI_JOBS && cmd->shared & CLI_RESULT ? ":j:o:h"
                         : cmd->shared & CLI_JOBS                           ? ":j:h"
                         : cmd->shared & CLI_RESULT                         ? ":o:h"
                                                                            : ":h";
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        if (opt == 'h') {
            cli_usage(cmd, stdout);
            return RF_OK;
        }
        if (opt == '?' || opt == ':') {
            bad_option(cmd, longopts, argv[optind - 1], optopt, opt == ':');
            return RF_ERR_INPUT;
        }
        bool ok = opt < 256 ? shared_option(opt, optarg, o) : cmd->option(opt, optarg, cmd->ctx);
        if (!ok)
            return RF_ERR_INPUT;
    }
    o->args = argv + optind;
    o->n_args = argc - optind;
    if (o->n_args < cmd->min_args || (cmd->max_args >= 0 && o->n_args > cmd->max_args)) {
        cli_error("%s", o->n_args < cmd->min_args ? cmd->too_few : cmd->too_many);
        cli_usage(cmd, stderr);
        return RF_ERR_INPUT;
    }
    return -1;
}

void cli_usage(const cli_command *cmd, FILE *to)
{
    const char *zh = cli_messages_chinese() ? cli_help_chinese(cmd->name) : NULL;
    if (zh)
        fputs(zh, to);
    else
        cmd->usage(to);
}

int cli_start(const cli_command *cmd, int argc, char **argv, cli_options *o)
{
    int code = cli_parse(cmd, argc, argv, o);
    if (code < 0 && cmd->shared & CLI_RESULT && !cli_emit_settle(&o->common, cmd->name, cmd->kind))
        code = RF_ERR_INPUT;
    return code;
}

void cli_options_free(cli_options *o)
{
    free(o->sets);
    o->sets = NULL;
    o->n_sets = 0;
}

int cli_jobs(const cli_options *o, int cap)
{
    if (o->jobs)
        return o->jobs;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 0 ? (int)(cpus < cap ? cpus : cap) : 1;
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

/* ---- loading and solving ---- */

void cli_report_warnings(const char *path, const rf_diags *diags, bool changed)
{
    size_t folded = diags->warnings;
    if (changed && folded) {
        rf_diags brought = {0};
        rf_load_new_warnings(path, diags, &brought);
        cli_print_diags(&brought);
        folded -= brought.count;
        rf_diags_free(&brought);
    }
    if (folded)
        cli_note_warnings(path, folded, folded < diags->warnings);
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

int cli_load_and_solve(const char *path, const char *const *sets, size_t n_sets, double time_limit,
                       bool verbose, rf_scenario **s, rf_plan **p, double *read_seconds)
{
    *s = NULL;
    *p = NULL;
    double t0 = rf_clock_now();
    rf_scenario *sc = cli_load_scenario(path, sets, n_sets);
    if (read_seconds)
        *read_seconds = rf_clock_now() - t0;
    if (!sc)
        return RF_ERR_INPUT;
    rf_solve_options so = cli_solve_options(time_limit, verbose);
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
