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
    CLI_FORMAT_XLSX
} cli_format;

/* Options every result-producing command accepts. */
typedef struct {
    cli_format format;
    const char *output_path; /* -o FILE, or NULL for stdout */
    bool chinese;            /* --lang zh (default) or en */
    bool verbose;
    bool yuan;               /* --unit yuan (default 万元 in text) */
    bool excel_bom;          /* --excel: UTF-8 BOM in CSV */
} cli_common;

/* Messages: "relocfund: error: LOCATION: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints one diagnostic, or every diagnostic of a list, in the one shape. */
void cli_print_diag(const rf_diag *d);
void cli_print_diags(const rf_diags *d);
/* Prints an rf_error in the same shape. */
void cli_print_error(const rf_error *e);

/* Parses --format / --lang / --unit values; prints the error and returns
 * false when the value is not known. */
bool cli_parse_format(const char *value, cli_format *out);
bool cli_parse_lang(const char *value, bool *chinese);

/* An output that is either stdout or a file written atomically: a
 * temporary file in the same folder, renamed over the target only by
 * cli_output_commit() after everything was written and flushed. */
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

#endif
