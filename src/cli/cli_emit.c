/* cli_emit: writes a command's result in the format the user chose. */
#include "cli_emit.h"

#include "rf_emit.h"

bool cli_emit_result(const cli_common *c, const rf_doc *doc, cli_json_writer json,
                     const void *result)
{
    cli_output out;
    if (!cli_output_open(&out, c->output_path))
        return false;
    rf_emit_options eo = {.yuan = c->yuan, .excel_bom = c->excel_bom};
    rf_status st = RF_OK;
    switch (c->format) {
    case CLI_FORMAT_JSON:
        st = json(result, out.fp);
        break;
    case CLI_FORMAT_TEXT:
        st = rf_emit_text(doc, &eo, out.fp);
        break;
    default:
        cli_error("--format: this format is not available for this command yet");
        cli_output_abort(&out);
        return false;
    }
    if (st != RF_OK) {
        if (out.path) {
            cli_output_abort(&out);
            cli_error("%s: cannot write the report", c->output_path);
        } else {
            cli_error("standard output: cannot write the report");
        }
        return false;
    }
    return cli_output_commit(&out);
}
