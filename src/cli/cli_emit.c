/* cli_emit: a result, in the format the user chose, where the user asked. */
#include <string.h>

#include "cli.h"
#include "rf_emit.h"

/* The xlsx checks of cli_emit_settle. */
static bool emit_check(const cli_common *c)
{
    if (c->format != RF_FORMAT_XLSX)
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

bool cli_emit_settle(cli_common *c, const char *command, rf_result_kind kind)
{
    static const struct {
        const char *ext;
        rf_format format;
    } EXTENSIONS[] = {{".txt", RF_FORMAT_TEXT},  {".json", RF_FORMAT_JSON},
                      {".csv", RF_FORMAT_CSV},   {".md", RF_FORMAT_MD},
                      {".html", RF_FORMAT_HTML}, {".xlsx", RF_FORMAT_XLSX},
                      {".svg", RF_FORMAT_SVG}};
    const char *path = c->output_path;
    for (size_t i = 0;
         path && strcmp(path, "-") != 0 && i < sizeof EXTENSIONS / sizeof EXTENSIONS[0]; i++) {
        if (!cli_has_suffix(path, EXTENSIONS[i].ext))
            continue;
        rf_format f = EXTENSIONS[i].format;
        if (c->format_given && c->format != f) {
            cli_error("-o %s: the extension says %s, but --format is %s; drop --format or make "
                      "them agree",
                      path, rf_format_name(f), rf_format_name(c->format));
            return false;
        }
        c->format = f;
        break;
    }
    if (!rf_result_offers(kind, c->format)) {
        if (c->format_given)
            cli_error("--format svg: %s writes no chart (whatif --sweep does)", command);
        else
            cli_error("-o %s: %s writes no chart (whatif --sweep does); give the file the "
                      "extension of its format, or --format",
                      path, command);
        return false;
    }
    if (rf_result_yuan_only(kind)) {
        if (c->unit_given && !c->yuan) {
            cli_error("--unit wan: %s amounts are per household, always in yuan", command);
            return false;
        }
        c->yuan = true;
    }
    return emit_check(c);
}

int cli_emit_file(const cli_common *c, rf_result_kind kind, void *data, rf_format f,
                  const char *path)
{
    cli_output out;
    if (!cli_output_open(&out, path))
        return RF_ERR_OUTPUT;
    const char *shown = out.path ? out.path : "standard output";
    if (f == RF_FORMAT_XLSX && !out.tmp_path) {
        /* libxlsxwriter writes by file name and replaces what is there. */
        cli_error("%s: not a regular file; a workbook needs one (-o FILE.xlsx)", shown);
        cli_output_abort(&out);
        return RF_ERR_OUTPUT;
    }
    rf_result r = {kind, data};
    rf_result_options o = {
        .format = f, .chinese = c->chinese, .yuan = c->yuan, .exact = c->exact,
        .excel_bom = c->excel_bom};
    rf_error err = {0};
    rf_status st = rf_result_write(&r, &o, out.fp, out.tmp_path, &err);
    if (st != RF_OK) {
        if (st == RF_ERR_OUTPUT)
            cli_error("%s: cannot write: %s", shown, cli_error_text(&err));
        else
            cli_print_error(&err);
        cli_output_abort(&out);
        return st;
    }
    return cli_output_commit(&out) ? RF_OK : RF_ERR_OUTPUT;
}

int cli_emit(const cli_common *c, rf_result_kind kind, void *data)
{
    int code = cli_emit_file(c, kind, data, c->format, c->output_path);
    if (code != RF_OK)
        return code;
    rf_result r = {kind, data};
    return rf_result_status(&r);
}
