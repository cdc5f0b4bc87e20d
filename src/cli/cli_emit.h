/* cli_emit: writes a command's result in the format the user chose. */
#ifndef RF_CLI_EMIT_H
#define RF_CLI_EMIT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "rf_doc.h"
#include "rf_error.h"

/* Writes a result as JSON to out; returns RF_OK or RF_ERR_OUTPUT. */
typedef rf_status (*cli_json_writer)(const void *result, FILE *out);

/* Settles the format before any work.  Without --format, -o FILE's
 * extension chooses it: .txt text, .json, .csv, .md, .html, .xlsx, and .svg
 * when the command writes a chart (chart true); any other extension, or
 * none, keeps text.  --format and an extension of that list that says
 * otherwise is an error naming both; so is svg when the command writes no
 * chart.  Then checks that the format can be written where asked: xlsx
 * needs -o FILE (a workbook is not text for standard output) and a build
 * with libxlsxwriter.  command names the command in messages.  Prints the
 * reason and returns false (a usage error, exit code 2) when not. */
bool cli_emit_settle(cli_common *c, const char *command, bool chart);

/* Writes doc (text, md, csv, html, xlsx) or, for --format json, the result
 * through json, to -o FILE atomically or to stdout.  Prints the reason and
 * returns false when the output could not be written (exit code 4). */
bool cli_emit_result(const cli_common *c, const rf_doc *doc, cli_json_writer json,
                     const void *result);

/* Writes a result and returns the command's exit code.  doc is the
 * document the caller built for every format but JSON (NULL for JSON, or
 * when building it ran out of memory: exit 3).  Exit 4 when the output could
 * not be written, else 0 when ok is true and 1 when it is not (a plan with a
 * gap or a violation). */
int cli_emit_outcome(const cli_common *c, const rf_doc *doc, cli_json_writer json,
                     const void *result, bool ok);

#endif
