/* cli: what the relocfund commands share: messages, common options, output. */
#ifndef RF_CLI_H
#define RF_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "rf_error.h"

/* Output formats a command may offer. */
typedef enum {
    CLI_FORMAT_TEXT = 0,
    CLI_FORMAT_JSON,
    CLI_FORMAT_CSV,
    CLI_FORMAT_MD,
    CLI_FORMAT_HTML,
    CLI_FORMAT_XLSX,
    CLI_FORMAT_SVG /* a chart: whatif --sweep only */
} cli_format;

/* The name of a format, as --format takes it ("xlsx"). */
const char *cli_format_name(cli_format f);

/* Options every result-producing command accepts. */
typedef struct {
    cli_format format;
    bool format_given;       /* by --format (else -o FILE's extension may choose) */
    const char *output_path; /* -o FILE, or NULL for stdout */
    bool chinese;            /* --lang zh (default) or en */
    bool verbose;
    bool yuan;      /* --unit yuan (default 万元 in text) */
    bool excel_bom; /* --excel: UTF-8 BOM in CSV */
} cli_common;

/* Messages: "relocfund: error: LOCATION: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints one diagnostic, or every diagnostic of a list, in the one shape. */
void cli_print_diag(const rf_diag *d);
void cli_print_diags(const rf_diags *d);
/* Prints an rf_error in the same shape. */
void cli_print_error(const rf_error *e);

/* The diagnostics already printed (or known), so that each is printed
 * once: a hash set, linear in their number.  Zero-initialise. */
typedef struct {
    rf_diags shown;
    size_t *slots; /* index + 1, 0 for empty */
    size_t n_slots;
} cli_diag_set;

/* Adds d unless an equal diagnostic is in the set; returns true when it was
 * new.  Out of memory: treated as new. */
bool cli_diag_set_add(cli_diag_set *set, const rf_diag *d);
void cli_diag_set_free(cli_diag_set *set);

/* Parses --format / --lang / --unit values; prints the error and returns
 * false when the value is not known.  --format also sets format_given. */
bool cli_parse_format(const char *value, cli_common *c);
bool cli_parse_lang(const char *value, bool *chinese);

/* An output that is either stdout or a file written atomically: a
 * temporary file in the same folder, renamed over the target only by
 * cli_output_commit() after everything was written and flushed.  A target
 * that exists and is not a regular file (a device, a FIFO) is written
 * directly (tmp_path stays NULL). */
typedef struct {
    FILE *fp;
    const char *path; /* NULL for stdout */
    char *tmp_path;
} cli_output;

/* Opens the output; on failure prints the reason and returns false (exit 4). */
bool cli_output_open(cli_output *o, const char *path);
/* Finishes: checks for write errors, fsyncs, renames.  Returns false (and
 * prints why, removing the temporary file) when anything failed. */
bool cli_output_commit(cli_output *o);
/* Abandons a file output: removes the temporary file. */
void cli_output_abort(cli_output *o);

/* Commands: each takes argv after the command word (argv[0] is the command). */
int cmd_validate(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_reverse(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* ---- options, loading and solving shared by the scenario commands ---- */

#include <getopt.h>
#include <stddef.h>

#include "rf_plan.h"
#include "rf_scenario.h"

/* Long options of every command that writes a result, and of every command
 * that loads a scenario; a command lists the ones it takes, then its own. */
#define CLI_RESULT_LONGOPTS                                                                        \
    {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},            \
        {"lang", required_argument, NULL, 'l'}, {"unit", required_argument, NULL, 'u'},            \
        {"excel", no_argument, NULL, 'x'},                                                         \
    {                                                                                              \
        "help", no_argument, NULL, 'h'                                                             \
    }
#define CLI_SCENARIO_LONGOPTS                                                                      \
    {"set", required_argument, NULL, 's'},                                                         \
    {                                                                                              \
        "time-limit", required_argument, NULL, 't'                                                 \
    }
/* --verbose, for the commands that can show GLPK's progress. */
#define CLI_VERBOSE_LONGOPT                                                                        \
    {                                                                                              \
        "verbose", no_argument, NULL, 'v'                                                          \
    }

/* What those options set.  sets point into argv. */
typedef struct {
    cli_common common;
    const char **sets;
    size_t n_sets;
    double time_limit; /* 0: the policy's */
} cli_options;

/* Defaults (text, Chinese); room for every --set of argc arguments.  Prints
 * and returns false when out of memory.  Free with cli_options_free. */
bool cli_options_init(cli_options *o, int argc);
void cli_options_free(cli_options *o);

typedef enum { CLI_OPT_HANDLED, CLI_OPT_ERROR, CLI_OPT_OTHER } cli_option_result;

/* Handles one option of CLI_RESULT_LONGOPTS or CLI_SCENARIO_LONGOPTS (but
 * not --help, which prints the command's own usage).  CLI_OPT_ERROR: the
 * message is printed; CLI_OPT_OTHER: not a shared option. */
cli_option_result cli_common_option(int opt, const char *arg, cli_options *o);

/* --time-limit and --unit values; print the error and return false. */
bool cli_parse_time_limit(const char *value, double *out);
bool cli_parse_unit(const char *value, cli_common *common);

/* True when path ends with suffix (ASCII, case-insensitive). */
bool cli_has_suffix(const char *path, const char *suffix);

/* After path loaded with diags: prints in full every warning the changes
 * brought when changed (--set, a sweep's point: those that loading the file
 * as it is does not give), and one note counting the others, which
 * 'relocfund validate FILE' lists. */
void cli_report_warnings(const char *path, const rf_diags *diags, bool changed);

/* Loads a scenario with --set changes: prints every error, and the
 * warnings as cli_report_warnings does.  NULL on error (exit 2). */
rf_scenario *cli_load_scenario(const char *path, const char *const *sets, size_t n_sets);

/* Solve options for --time-limit and --verbose (GLPK's output to stderr). */
rf_solve_options cli_solve_options(double time_limit, bool verbose);

/* Solves s; prints the failure and returns its exit code, or RF_OK with *p
 * set. */
int cli_solve(const rf_scenario *s, double time_limit, bool verbose, rf_plan **p);

/* Loads and solves; prints every problem and returns the exit code of the
 * failure, or RF_OK with *s and *p set (free the plan first). */
int cli_load_and_solve(const char *path, const char *const *sets, size_t n_sets, double time_limit,
                       bool verbose, rf_scenario **s, rf_plan **p);

#endif
