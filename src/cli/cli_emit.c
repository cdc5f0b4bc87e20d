/* cli_emit: writes a command's result in the format the user chose. */
#include "cli_emit.h"

#include <errno.h>
#include <string.h>

#include "rf_emit.h"

/* The xlsx checks of cli_emit_settle. */
static bool emit_check(const cli_common *c)
{
    if (c->format != CLI_FORMAT_XLSX)
        return true;
    if (!c->output_path || strcmp(c->output_path, "-") == 0) {
        cli_error("--format xlsx writes a binary workbook, not text for standard output; "
                  "give a file with -o FILE.xlsx");
        return false;
    }
    if (!rf_emit_xlsx_available()) {
        cli_error("--format xlsx: this relocfund was built without libxlsxwriter; install "
                  "libxlsxwriter-dev and rebuild");
        return false;
    }
    return true;
}

bool cli_emit_settle(cli_common *c, const char *command, bool chart)
{
    static const struct {
        const char *ext;
        cli_format format;
    } EXTENSIONS[] = {{".txt", CLI_FORMAT_TEXT},  {".json", CLI_FORMAT_JSON},
                      {".csv", CLI_FORMAT_CSV},   {".md", CLI_FORMAT_MD},
                      {".html", CLI_FORMAT_HTML}, {".xlsx", CLI_FORMAT_XLSX},
                      {".svg", CLI_FORMAT_SVG}};
    const char *path = c->output_path;
    for (size_t i = 0;
         path && strcmp(path, "-") != 0 && i < sizeof EXTENSIONS / sizeof EXTENSIONS[0]; i++) {
        if (!cli_has_suffix(path, EXTENSIONS[i].ext))
            continue;
        cli_format f = EXTENSIONS[i].format;
        if (c->format_given && c->format != f) {
            cli_error("-o %s: the extension says %s, but --format is %s; drop --format or make "
                      "them agree",
                      path, cli_format_name(f), cli_format_name(c->format));
            return false;
        }
        c->format = f;
        break;
    }
    if (c->format == CLI_FORMAT_SVG && !chart) {
        if (c->format_given)
            cli_error("--format svg: %s writes no chart (whatif --sweep does)", command);
        else
            cli_error("-o %s: %s writes no chart (whatif --sweep does); give the file the "
                      "extension of its format, or --format",
                      path, command);
        return false;
    }
    return emit_check(c);
}

/* Writes doc in a stream format; RF_OK, RF_ERR_OUTPUT or RF_ERR_SOLVER. */
static rf_status emit_stream(const cli_common *c, const rf_doc *doc, cli_json_writer json,
                             const void *result, const rf_emit_options *eo, FILE *out)
{
    switch (c->format) {
    case CLI_FORMAT_JSON:
        return json(result, out);
    case CLI_FORMAT_TEXT:
        return rf_emit_text(doc, eo, out);
    case CLI_FORMAT_MD:
        return rf_emit_md(doc, eo, out);
    case CLI_FORMAT_CSV:
        return rf_emit_csv(doc, eo, out);
    case CLI_FORMAT_HTML:
        return rf_emit_html(doc, eo, out);
    default:
        return RF_ERR_SOLVER;
    }
}

bool cli_emit_result(const cli_common *c, const rf_doc *doc, cli_json_writer json,
                     const void *result)
{
    if (!emit_check(c))
        return false;
    cli_output out;
    if (!cli_output_open(&out, c->output_path))
        return false;
    rf_emit_options eo = {.yuan = c->yuan, .excel_bom = c->excel_bom};
    if (c->format == CLI_FORMAT_XLSX) {
        /* libxlsxwriter writes by file name: into the temporary file, which
         * cli_output_commit then renames over the target. */
        rf_error err = {0};
        if (!out.tmp_path) {
            cli_error("%s: not a regular file; a workbook needs one (-o FILE.xlsx)",
                      c->output_path);
            cli_output_abort(&out);
            return false;
        }
        if (rf_emit_xlsx(doc, &eo, out.tmp_path, &err) != RF_OK) {
            cli_error("%s: cannot write: %s", c->output_path, err.message);
            cli_output_abort(&out);
            return false;
        }
        return cli_output_commit(&out);
    }
    errno = 0;
    rf_status st = emit_stream(c, doc, json, result, &eo, out.fp);
    if (st == RF_OK && fflush(out.fp) != 0)
        st = RF_ERR_OUTPUT;
    if (st != RF_OK) {
        int e = errno ? errno : EIO;
        const char *why = st == RF_ERR_OUTPUT ? strerror(e) : "out of memory";
        if (out.path) {
            cli_error("%s: cannot write: %s", c->output_path, why);
            cli_output_abort(&out);
        } else {
            cli_error("standard output: cannot write: %s", why);
        }
        return false;
    }
    return cli_output_commit(&out);
}

int cli_emit_outcome(const cli_common *c, const rf_doc *doc, cli_json_writer json,
                     const void *result, bool ok)
{
    if (c->format != CLI_FORMAT_JSON && !doc) {
        cli_error("out of memory while writing the report");
        return RF_ERR_SOLVER;
    }
    if (!cli_emit_result(c, doc, json, result))
        return RF_ERR_OUTPUT;
    return ok ? RF_OK : RF_ERR_PLAN;
}
