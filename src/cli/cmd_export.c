/* cmd_export: `relocfund export SCENARIO... --mps FILE | --lp FILE [--level K]`: the LP for other
 * solvers. */
#include <stdlib.h>

#include "cli.h"
#include "rf_batch.h"
#include "rf_export.h"

static void usage(FILE *to)
{
    fprintf(to, "usage: relocfund export [OPTIONS] SCENARIO... | FOLDER | PROVINCE.json\n"
                "                        (--mps FILE | --lp FILE | --gmpl-data FILE)\n\n"
                "Writes the linear programme relocfund solves, for any other solver.  With one\n"
                "scenario of one budget group, FILE is that group's LP; with several groups or\n"
                "counties, FILE is one monolithic LP of them all (blocks that share nothing),\n"
                "whose optimum is the sum of theirs.  Every objective level is in the file:\n"
                "level K is the objective, the levels before it are rows fixed at relocfund's\n"
                "own optima (so a solver must reach relocfund's optimum of level K), the levels\n"
                "after it are rows that never bind.  Rows and columns have short names (obj,\n"
                "c<n>, r<n>, l<k>, one); FILE.names.csv, written beside every FILE, says what\n"
                "each stands for (block, site, source, use, household class).\n\n"
                "Options:\n"
                "  --mps FILE         write free MPS to FILE\n"
                "  --lp FILE          write CPLEX LP to FILE (both may be given)\n"
                "  --level K          the objective level, 1-based (default 1; the policy's\n"
                "                     \"objective\" lists them); K > 1 solves levels 1..K-1 first\n"
                "  --gmpl-data FILE   write the data section of models/relocation.mod (the\n"
                "                     independent reference model in GNU MathProg) for one\n"
                "                     scenario's budget group: glpsol --math\n"
                "                     models/relocation.mod --data FILE solves level K\n"
                "  --group G          with --gmpl-data, the budget group, 1-based (default 1)\n"
                "  --all-levels       one file a level, FILE with \".l<K>\" before its extension\n"
                "                     (relocfund solves once; what a level-by-level check needs)\n"
                "  --per-group        with several groups or counties, also write each group's\n"
                "                     LP alone, to FILE with \".<county>.g<group>\" before its\n"
                "                     extension\n"
                "  -j, --jobs N       threads for loading and solving (default: processors "
                "online)\n" CLI_HELP_TIME_LIMIT CLI_HELP_HELP
                "Files are written atomically (a temporary file, renamed when complete).\n"
                "Exit codes: 0 written, 2 usage or input error, 3 solver failure, 4 output not\n"
                "written.\n");
}

enum { OPT_MPS = 256, OPT_LP, OPT_LEVEL, OPT_PER_GROUP, OPT_ALL_LEVELS, OPT_GMPL, OPT_GROUP };

static bool own_option(int opt, const char *arg, void *ctx)
{
    rf_export_options *eo = ctx;
    char *end;
    long v;
    switch (opt) {
    case OPT_MPS:
        eo->mps_path = arg;
        return true;
    case OPT_LP:
        eo->lp_path = arg;
        return true;
    case OPT_LEVEL:
        v = strtol(arg, &end, 10);
        if (*end || v < 1 || v > RF_LEVEL_COUNT) {
            cli_error("--level %s: expected a level from 1 to %d", arg, RF_LEVEL_COUNT);
            return false;
        }
        eo->level = (size_t)v - 1;
        return true;
    case OPT_PER_GROUP:
        eo->per_group = true;
        return true;
    case OPT_ALL_LEVELS:
        eo->all_levels = true;
        return true;
    case OPT_GMPL:
        eo->gmpl_path = arg;
        return true;
    default:
        v = strtol(arg, &end, 10);
        if (*end || v < 1 || v > 100000000) {
            cli_error("--group %s: expected a budget group, 1 or more", arg);
            return false;
        }
        eo->gmpl_group = (size_t)v - 1;
        return true;
    }
}

/* Opens, loads and (when the export needs relocfund's optima) solves the
 * counties; prints every problem and returns the exit code of the first
 * kind of failure, or RF_OK with *out. */
static int run(const cli_options *o, const rf_export_options *eo, rf_batch **out)
{
    rf_diags diags = {0};
    rf_status st = rf_batch_open((const char *const *)o->args, (size_t)o->n_args, out, &diags);
    cli_print_diags(&diags);
    rf_diags_free(&diags);
    if (st != RF_OK)
        return st;
    rf_batch_options bo = {.threads = cli_jobs(o, 64),
                           .time_limit_seconds = o->time_limit,
                           .load_only = !rf_export_needs_optima(eo)};
    rf_error err = {0};
    if ((st = rf_batch_run(*out, &bo, &err)) != RF_OK) {
        cli_print_error(&err);
        return st;
    }
    int code = RF_OK;
    for (size_t i = 0; i < (*out)->n_counties; i++) {
        const rf_batch_county *c = &(*out)->counties[i];
        if (c->status == RF_BATCH_INPUT_ERROR) {
            for (size_t k = 0; k < c->diags.count; k++)
                if (c->diags.items[k].severity == RF_SEV_ERROR)
                    cli_print_diag(&c->diags.items[k]);
            if (c->error.message[0])
                cli_print_error(&c->error);
            code = RF_ERR_INPUT;
        } else if (c->status == RF_BATCH_SOLVER_ERROR) {
            cli_error("%s: %s", c->file, cli_error_text(&c->error));
            if (code == RF_OK)
                code = RF_ERR_SOLVER;
        }
    }
    return code;
}

/* Writes every file of x, each atomically, in order; stops at the first
 * failure and returns its exit code. */
static int write_files(const rf_export *x)
{
    for (size_t i = 0; i < rf_export_count(x); i++) {
        const char *path = rf_export_file_at(x, i)->path;
        cli_output out;
        if (!cli_output_open(&out, path))
            return RF_ERR_OUTPUT;
        rf_error err = {0};
        rf_status st = rf_export_write(x, i, cli_output_name(&out), &err);
        if (st != RF_OK) {
            if (st == RF_ERR_OUTPUT)
                cli_error("%s: %s", path, cli_error_text(&err));
            else
                cli_print_error(&err);
            cli_output_abort(&out);
            return st;
        }
        if (!cli_output_commit(&out))
            return RF_ERR_OUTPUT;
    }
    return RF_OK;
}

int cmd_export(int argc, char **argv)
{
    static rf_export_options eo;
    static const struct option own[] = {{"mps", required_argument, NULL, OPT_MPS},
                                        {"lp", required_argument, NULL, OPT_LP},
                                        {"level", required_argument, NULL, OPT_LEVEL},
                                        {"per-group", no_argument, NULL, OPT_PER_GROUP},
                                        {"all-levels", no_argument, NULL, OPT_ALL_LEVELS},
                                        {"gmpl-data", required_argument, NULL, OPT_GMPL},
                                        {"group", required_argument, NULL, OPT_GROUP},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {
        .name = "export",
        .usage = usage,
        .shared = CLI_TIME_LIMIT | CLI_JOBS,
        .own = own,
        .option = own_option,
        .ctx = &eo,
        .min_args = 1,
        .max_args = -1,
        .too_few = "export needs a SCENARIO (or several, a folder, a province)"};
    cli_options o;
    eo = (rf_export_options){0};
    int code = cli_parse(&cmd, argc, argv, &o);
    if (code < 0 && !eo.mps_path && !eo.lp_path && !eo.gmpl_path) {
        cli_error("export needs --mps FILE or --lp FILE (or --gmpl-data FILE)");
        cli_usage(&cmd, stderr);
        code = RF_ERR_INPUT;
    }
    rf_batch *b = NULL;
    if (code < 0 && (code = run(&o, &eo, &b)) == RF_OK) {
        rf_export *x = NULL;
        rf_error err = {0};
        code = rf_export_new(b, &eo, &x, &err);
        if (code == RF_OK)
            code = write_files(x);
        else
            cli_print_error(&err);
        rf_export_free(x);
    }
    rf_batch_free(b);
    cli_options_free(&o);
    return code;
}
