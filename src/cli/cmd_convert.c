/* cmd_convert: `relocfund convert IN -o OUT` (a scenario between JSON and XLSX) and
 * `relocfund template -o FILE.xlsx` (an empty scenario workbook). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rf_book.h"
#include "rf_read.h"

static void convert_usage(FILE *to)
{
    fprintf(to, "usage: relocfund convert [OPTIONS] SCENARIO -o OUT\n\n"
                "Converts a scenario between JSON and an XLSX workbook (Excel, WPS), both ways,\n"
                "by OUT's extension (.json or .xlsx).  The scenario is checked first; its\n"
                "extends and includes are resolved into one self-contained scenario (the\n"
                "workbook says which files it was made from), and its policy path is\n"
                "rewritten relative to OUT's folder.  Solving OUT gives the same plan.\n\n"
                "Options:\n"
                "  -o, --output FILE  the file to write (atomically): FILE.json or FILE.xlsx\n"
                "  --lang zh|en       the workbook's sheet names, headers and notes in\n"
                "                     Chinese (default) or English\n" CLI_HELP_HELP
                "Exit codes: 0 written, 2 usage or input error, 4 output not written.\n");
}

static void template_usage(FILE *to)
{
    fprintf(to, "usage: relocfund template [OPTIONS] -o FILE.xlsx\n\n"
                "Writes an empty scenario workbook to fill in with Excel or WPS: one sheet per\n"
                "part of the scenario (概况 general, 资金来源 sources, 安置点 sites, 户型\n"
                "households, 进度 progress, 核对 checks), a note on every header saying what\n"
                "goes there and in which unit, drop-down lists for site types and source ids.\n"
                "Every command that takes a scenario takes the filled-in workbook.\n\n"
                "Options:\n"
                "  -o, --output FILE  the workbook to write (atomically)\n"
                "  --policy FILE      the policy model the scenario uses: its path goes into\n"
                "                     the workbook and its source ids into the sources "
                "sheet\n" CLI_HELP_LANG CLI_HELP_HELP
                "Exit codes: 0 written, 2 usage or input error, 4 output not written.\n");
}

/* Writes the tree (or the template) as a workbook to path, atomically. */
static int write_book(const cJSON *tree, rf_json_ctx *ctx, const char *path,
                      const rf_book_options *bo)
{
    cli_output out;
    if (!cli_output_open(&out, path))
        return RF_ERR_OUTPUT;
    if (!out.tmp_path) {
        cli_error("%s: not a regular file; a workbook needs one", path);
        cli_output_abort(&out);
        return RF_ERR_OUTPUT;
    }
    rf_error err = {0};
    rf_status st = rf_book_write(tree, ctx, cli_output_name(&out), bo, &err);
    if (st != RF_OK) {
        cli_error("%s: %s", path, cli_error_text(&err));
        cli_output_abort(&out);
        return st;
    }
    return cli_output_commit(&out) ? RF_OK : RF_ERR_OUTPUT;
}

/* Checks -o: given, not standard output, .xlsx (or .json when json_too). */
static bool check_output(const cli_options *o, const char *command, bool json_too)
{
    const char *p = o->common.output_path;
    if (!p || strcmp(p, "-") == 0) {
        cli_error("%s needs -o FILE%s", command, json_too ? " (.json or .xlsx)" : ".xlsx");
        return false;
    }
    if (!cli_has_suffix(p, ".xlsx") && !(json_too && cli_has_suffix(p, ".json"))) {
        cli_error("-o %s: %s writes %s; the extension says which", p, command,
                  json_too ? ".json or .xlsx" : ".xlsx");
        return false;
    }
    if (o->common.format_given) {
        cli_error("%s takes the format from -o FILE's extension; drop --format", command);
        return false;
    }
    return true;
}

/* cli_parse, then check_output: -1 to go on (o to be freed by the
 * caller), else the exit code (o freed). */
static int start(const cli_command *cmd, int argc, char **argv, cli_options *o, bool json_too)
{
    int code = cli_parse(cmd, argc, argv, o);
    if (code < 0 && !check_output(o, cmd->name, json_too))
        code = RF_ERR_INPUT;
    if (code >= 0)
        cli_options_free(o);
    return code;
}

int cmd_convert(int argc, char **argv)
{
    static const cli_command cmd = {.name = "convert",
                                    .usage = convert_usage,
                                    .shared = CLI_RESULT,
                                    .min_args = 1,
                                    .max_args = 1,
                                    .too_few = "convert needs a SCENARIO file",
                                    .too_many = "convert takes one SCENARIO file"};
    cli_options o;
    int code = start(&cmd, argc, argv, &o, true);
    if (code >= 0)
        return code;
    const char *in = o.args[0], *out_path = o.common.output_path;
    rf_scenario *s = cli_load_scenario(in, NULL, 0);
    rf_json_ctx *ctx = s ? rf_json_ctx_new() : NULL;
    rf_diags d = {0};
    char *from = NULL;
    cJSON *tree = ctx ? rf_scenario_resolve(ctx, in, out_path, &d, &from) : NULL;
    code = RF_ERR_INPUT;
    if (!tree) {
        cli_print_diags(&d);
    } else if (cli_has_suffix(out_path, ".json")) {
        cli_output out;
        code = RF_ERR_OUTPUT;
        if (cli_output_open(&out, out_path)) {
            rf_json_print(ctx, tree, out.fp);
            code = cli_output_commit(&out) ? RF_OK : RF_ERR_OUTPUT;
        }
    } else {
        const char **ids = calloc(s->policy->n_sources + 1, sizeof *ids);
        for (size_t i = 0; ids && i < s->policy->n_sources; i++)
            ids[i] = s->policy->sources[i].id;
        rf_book_options bo = {.english = !o.common.chinese,
                              .from = from,
                              .source_ids = ids,
                              .n_source_ids = ids ? s->policy->n_sources : 0};
        code = write_book(tree, ctx, out_path, &bo);
        free(ids);
    }
    rf_json_delete(ctx, tree);
    rf_json_ctx_free(ctx);
    rf_diags_free(&d);
    free(from);
    rf_scenario_free(s);
    cli_options_free(&o);
    return code;
}

enum { OPT_POLICY = 256 };

static bool template_option(int opt, const char *arg, void *ctx)
{
    if (opt == OPT_POLICY)
        *(const char **)ctx = arg;
    return true;
}

int cmd_template(int argc, char **argv)
{
    static const char *policy_path;
    static const struct option own[] = {{"policy", required_argument, NULL, OPT_POLICY},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {.name = "template",
                                    .usage = template_usage,
                                    .shared = CLI_RESULT,
                                    .own = own,
                                    .option = template_option,
                                    .ctx = &policy_path,
                                    .min_args = 0,
                                    .max_args = 0,
                                    .too_many = "template takes no operands; give -o FILE.xlsx"};
    policy_path = NULL;
    cli_options o;
    int code = start(&cmd, argc, argv, &o, false);
    if (code >= 0)
        return code;
    rf_policy *p = NULL;
    const char **ids = NULL;
    char *rebased = NULL;
    code = RF_OK;
    if (policy_path) {
        rf_diags d = {0};
        p = rf_policy_load(policy_path, &d);
        cli_print_diags(&d);
        rf_diags_free(&d);
        if (!p)
            code = RF_ERR_INPUT;
        else {
            ids = calloc(p->n_sources + 1, sizeof *ids);
            for (size_t i = 0; ids && i < p->n_sources; i++)
                ids[i] = p->sources[i].id;
            rebased = rf_read_rebase("", policy_path, o.common.output_path);
        }
    }
    if (code == RF_OK) {
        rf_book_options bo = {.english = !o.common.chinese,
                              .source_ids = ids,
                              .n_source_ids = ids ? p->n_sources : 0,
                              .policy = rebased};
        code = write_book(NULL, NULL, o.common.output_path, &bo);
    }
    free(ids);
    free(rebased);
    rf_policy_free(p);
    cli_options_free(&o);
    return code;
}
