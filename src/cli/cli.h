/* cli: what the relocfund commands share: messages, options, loading, output.
 *
 * A command parses its options (cli_parse, over one table of the shared
 * options), calls the library, and writes the result it gets back
 * (cli_emit, over rf_result's table of formats).  Only src/cli prints to
 * the terminal or chooses the exit code. */
#ifndef RF_CLI_H
#define RF_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rf_error.h"
#include "rf_plan.h"
#include "rf_result.h"
#include "rf_scenario.h"

/* ---- messages: "relocfund: KIND: LOCATION: MESSAGE" on stderr ---- */

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints one diagnostic, or every diagnostic of a list, in the one shape,
 * in the language of messages (cli_messages_chinese). */
void cli_print_diag(const rf_diag *d);
void cli_print_diags(const rf_diags *d);
/* Prints an rf_error in the same shape. */
void cli_print_error(const rf_error *e);
/* The line cli_print_diag / cli_print_error prints, without its line feed,
 * in English or in Chinese, into buf; returns buf. */
char *cli_diag_line(char *buf, size_t size, const rf_diag *d, bool chinese);
char *cli_error_line(char *buf, size_t size, const rf_error *e, bool chinese);
/* An error's message (without its location) in the language of messages. */
const char *cli_error_text(const rf_error *e);

/* The note that n warnings were not shown ("N warnings; 'relocfund
 * validate FILE' lists them"): of file, or (file NULL) of n counties. */
void cli_note_warnings(const char *file, size_t n, bool more);

/* ---- options ---- */

/* The help lines of shared options, word for word the same in every
 * command's usage. */
#define CLI_HELP_OUTPUT                                                                            \
    "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"                \
    "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"         \
    "                     when --format is not given\n"
#define CLI_HELP_TIME_LIMIT                                                                        \
    "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
#define CLI_HELP_FORMAT "  --format FMT       text (default), json, csv, md, html or xlsx\n"
#define CLI_HELP_LANG "  --lang zh|en       labels in Chinese (default) or English\n"
#define CLI_HELP_UNIT                                                                              \
    "  --unit wan|yuan    amounts in 万元 to the yuan (default) or in 元\n"                          \
    "  --exact            amounts in 万元 to the fen (six decimals)\n"
#define CLI_HELP_HELP "  -h, --help         this help\n\n"
#define CLI_HELP_SET                                                                               \
    "  --set PATH=VALUE   change a scenario field first (\"policy.\" for the policy)\n"

/* ---- the message catalog (cli_msg.c) ---- */

/* Chooses the language of messages and help: --lang anywhere in argv,
 * then RELOCFUND_LANG, then LANG (zh... or en...); English otherwise. */
void cli_messages_init(int argc, char **argv);
bool cli_messages_chinese(void);

typedef enum {
    CLI_MSG_UNKNOWN_COMMAND, /* %s: the command */
    CLI_MSG_UNKNOWN_OPTION,  /* %s %s: the command, the option */
    CLI_MSG_NEEDS_VALUE,     /* %s %s: the command, the option */
    CLI_MSG_DID_YOU_MEAN,    /* %s: the likely name */
    CLI_MSG_COMMANDS_HINT,
    CLI_MSG_OPTIONS_HINT, /* %s: the command */
    CLI_MSG_VALIDATE_FAILED, /* %s %zu %s %zu %s: file, errors, plural, warnings, plural */
    CLI_MSG_VALIDATE_OK,     /* %s %zu %s: file, warnings, plural */
    CLI_MSG_MORE_WARNINGS,   /* %s %zu %s %s %s: file, count, "more ", plural, file */
    CLI_MSG_COUNTY_WARNINGS, /* %zu %s: counties, plural ending */
    CLI_MSG_STRICT_STOPPED,
    CLI_MSG_MORE_BAD_ROWS, /* %s %lld: roster, rows */
    CLI_MSG_COUNT
} cli_msg_id;

/* The printf format of a message in the chosen language. */
const char *cli_msg(cli_msg_id id);

/* The Chinese help of a command (NULL: of the tool), or NULL if none. */
const char *cli_help_chinese(const char *command);

/* Options every result-producing command accepts. */
typedef struct {
    rf_format format;
    bool format_given;       /* by --format (else -o FILE's extension may choose) */
    const char *output_path; /* -o FILE, or NULL for stdout */
    bool chinese;            /* --lang zh (default) or en */
    bool verbose;
    bool yuan;       /* --unit yuan (default 万元; always for rf_result_yuan_only) */
    bool unit_given; /* by --unit */
    bool exact;      /* --exact: 万元 to the fen */
    bool excel_bom;  /* --excel: UTF-8 BOM in CSV */
} cli_common;

/* The shared options a command takes (a bit set). */
enum {
    CLI_RESULT = 1 << 0,     /* --format, -o/--output, --lang, --unit, --excel */
    CLI_SET = 1 << 1,        /* --set PATH=VALUE, repeatable */
    CLI_TIME_LIMIT = 1 << 2, /* --time-limit SEC */
    CLI_VERBOSE = 1 << 3,    /* --verbose: GLPK's progress on stderr */
    CLI_JOBS = 1 << 4        /* -j/--jobs N */
};

/* What the options set.  Strings point into argv. */
typedef struct {
    cli_common common;
    const char **sets;
    size_t n_sets;
    double time_limit; /* 0: the policy's */
    int jobs;          /* 0: not given */
    char **args;       /* the operands */
    int n_args;
} cli_options;

/* A command's options: the shared ones it takes, its own (long options
 * with values of 256 and up, so they never meet a shared one), and how
 * many operands.  option handles one of its own; it returns false after
 * printing why the value is wrong (exit 2, no usage). */
typedef struct {
    const char *name;
    void (*usage)(FILE *to);
    unsigned shared;
    const struct option *own; /* NULL-terminated, or NULL */
    bool (*option)(int opt, const char *arg, void *ctx);
    void *ctx;
    int min_args, max_args; /* max_args -1: any number */
    const char *too_few;    /* the messages when there are fewer or more */
    const char *too_many;
    rf_result_kind kind; /* what it writes, with CLI_RESULT (for cli_start) */
} cli_command;

/* Parses argv (argv[0] is the command) into o (cli_options_free it
 * whatever is returned): returns -1 to go on, else the exit code (0 after
 * --help, 2 after a usage error, with the message and the usage printed). */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_options *o);

/* Prints the command's help to `to` in the language of messages (the
 * Chinese help of cli_msg.c, else the command's English usage). */
void cli_usage(const cli_command *cmd, FILE *to);
void cli_options_free(cli_options *o);

/* cli_parse, then (with CLI_RESULT) cli_emit_settle for cmd->kind: -1 to
 * go on, else the exit code. */
int cli_start(const cli_command *cmd, int argc, char **argv, cli_options *o);

/* The worker threads: -j's, else the processors online, at most cap. */
int cli_jobs(const cli_options *o, int cap);

/* True when path ends with suffix (ASCII, case-insensitive). */
bool cli_has_suffix(const char *path, const char *suffix);

/* ---- loading and solving ---- */

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

/* Loads and solves; prints every problem and returns the exit code of the
 * failure, or RF_OK with *s and *p set (free the plan first).  The wall
 * time of the loading goes to *read_seconds (may be NULL). */
int cli_load_and_solve(const char *path, const char *const *sets, size_t n_sets, double time_limit,
                       bool verbose, rf_scenario **s, rf_plan **p, double *read_seconds);

/* ---- output ---- */

/* Settles the format before any work.  Without --format, -o FILE's
 * extension chooses it: .txt text, .json, .csv, .md, .html, .xlsx, and .svg
 * when the result has a chart; any other extension, or none, keeps text.
 * --format and an extension of that list that says otherwise is an error
 * naming both; so is svg when the result has no chart.  Then checks that
 * the format can be written where asked: xlsx needs -o FILE (a workbook is
 * not text for standard output) and a build with libxlsxwriter; and that a
 * result always in yuan is not asked for in 万元.  command names the
 * command in messages.
 * Prints the reason and returns false (a usage error, exit code 2) when
 * not. */
bool cli_emit_settle(cli_common *c, const char *command, rf_result_kind kind);

/* Writes the result data of kind in c's format to -o FILE atomically or
 * to stdout, and returns the exit code: 4 when it could not be written, 3
 * when making it failed (each after a message), else rf_result_status's. */
int cli_emit(const cli_common *c, rf_result_kind kind, void *data);

/* Writes data to path (NULL: standard output) in format f, without the
 * result's status: RF_OK, else the exit code after a message (as cli_emit).
 * Also for the files besides the output (a sweep's --chart, batch --plans). */
int cli_emit_file(const cli_common *c, rf_result_kind kind, void *data, rf_format f,
                  const char *path);

/* An output that is either stdout or a file written atomically: a
 * temporary file beside the target, renamed over it only by
 * cli_output_commit() after everything was written and flushed.
 *
 * The target is the file a symbolic link leads to.  A target that exists
 * keeps its mode (and owner where allowed); a new one gets 0666 less the
 * umask.  Refused (exit 4, nothing written): a directory; a device, FIFO or
 * socket unless it is stdout-like (standard output or error themselves, as
 * -o /dev/stdout names them, /dev/null, /dev/zero, /dev/full, a terminal),
 * which is written directly (tmp_path stays NULL); a file that this run
 * read (same device and inode: rf_file_is_input); a file the user may not
 * write.  The temporary name fits wherever the target's fits.  A writer
 * that needs a file name writes to cli_output_name(). */
typedef struct {
    FILE *fp;
    const char *path; /* as given, for messages; NULL for stdout */
    char *tmp_path;
    char *target; /* the file replaced (symbolic links followed) */
} cli_output;

/* Opens the output; on failure prints the reason and returns false (exit 4). */
bool cli_output_open(cli_output *o, const char *path);
/* The file a writer by name writes to: the temporary file, or the target
 * itself when it is not a regular file. */
const char *cli_output_name(const cli_output *o);
/* Finishes: checks for write errors, fsyncs, renames.  Returns false (and
 * prints why, removing the temporary file) when anything failed. */
bool cli_output_commit(cli_output *o);
/* Abandons a file output: removes the temporary file. */
void cli_output_abort(cli_output *o);

/* ---- commands: each takes argv after the command word (argv[0] is the command) ---- */

int cmd_validate(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_reverse(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
