/* cmd_batch: `relocfund batch FILES | FOLDER | PROVINCE.json`: every county, then a roll-up. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"
#include "rf_batch.h"
#include "rf_clock.h"

static void usage(FILE *to)
{
    fprintf(to, "usage: relocfund batch [OPTIONS] SCENARIO... | FOLDER... | PROVINCE.json\n\n"
                "Solves many counties at once, in parallel, and reports a roll-up: totals by\n"
                "source and one line per county, counties with problems first.  A FOLDER\n"
                "gives its *.json scenarios (sorted by name); a province file\n"
                "(relocfund-province/1, see docs/batch.md) lists its counties.  The output\n"
                "is the same, byte for byte, whatever -j is.\n\n"
                "Options:\n"
                "  -j, --jobs N       worker threads (default: the processors online)\n"
                "  --format FMT       text (default), json, md, csv, html or xlsx\n" CLI_HELP_OUTPUT
                "  --plans DIR        also write each county's plan as JSON to "
                "DIR/<id>.json\n" CLI_HELP_LANG CLI_HELP_UNIT
                "  --excel            CSV: start with a UTF-8 byte order mark for "
                "Excel\n" CLI_HELP_TIME_LIMIT "  --no-progress      no progress bar (it is shown "
                                              "only on a terminal, after 1 s)\n" CLI_HELP_HELP
                "Exit codes: 0 every county balanced and compliant, 1 a county has an unfunded\n"
                "gap or a violation, 2 usage or input error (in any county), 3 solver failure,\n"
                "4 output not written.\n");
}

typedef struct {
    double start; /* rf_clock_now() */
    double last_draw;
    bool drawn;
} progress_state;

/* Draws "[#####     ] 120/2800" on stderr, once the run took a second,
 * at most ten times a second. */
static void progress(size_t done, size_t total, void *ctx)
{
    progress_state *p = ctx;
    double t = rf_clock_now() - p->start;
    if (t < 1.0 || (t - p->last_draw < 0.1 && done < total))
        return;
    p->last_draw = t;
    p->drawn = true;
    enum { WIDTH = 40 };
    /* Reading is a few per cent of the work: the first 2 of 40 marks. */
    size_t n = total / 2;
    bool solving = done > n;
    int fill = n == 0    ? WIDTH
               : solving ? 2 + (int)((WIDTH - 2) * (done - n) / n)
                         : (int)(2 * done / n);
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : ' ';
    bar[WIDTH] = 0;
    fprintf(stderr, "\r[%s] %zu/%zu counties %s, %.0f s", bar, solving ? done - n : done, n,
            solving ? "solved" : "read", t);
    fflush(stderr);
}

/* Each county's solve allocates and frees a few MiB (GLPK's work arrays,
 * the model).  With glibc's defaults the freed top of the heap goes back to
 * the kernel after every county and returns as fresh zeroed pages for the
 * next one: some 370 page faults a county, about as much CPU as reading it.
 * A batch keeps that memory instead (its peak is about the same). */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

/* True when every solved county's id is a plain file name, so that its
 * plan can be FOLDER/<id>.json: "../../x" would be written outside the
 * folder, ".x" be hidden.  Prints each that is not (exit 4, before anything
 * is written). */
static bool plan_names_ok(const rf_batch *b)
{
    bool ok = true;
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *county = &b->counties[i];
        const char *id = county->plan ? county->scenario->id : "ok";
        if (strchr(id, '/') || id[0] == '.' || !id[0]) {
            cli_error("%s: the scenario id \"%s\" is not a plain file name (it holds '/' or "
                      "starts with '.'); --plans writes each plan to FOLDER/<id>.json",
                      county->file, id);
            ok = false;
        }
    }
    return ok;
}

/* Writes every solved county's plan to dir/<id>.json, atomically. */
static bool write_plans(const cli_common *c, const rf_batch *b, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: cannot create the folder: %s", dir, strerror(errno));
        return false;
    }
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *county = &b->counties[i];
        if (!county->plan)
            continue;
        size_t n = strlen(dir) + strlen(county->scenario->id) + 8;
        char *path = malloc(n);
        if (!path) {
            cli_error("out of memory");
            return false;
        }
        snprintf(path, n, "%s/%s.json", dir, county->scenario->id);
        bool ok = cli_emit_file(c, RF_RESULT_PLAN, county->plan, RF_FORMAT_JSON, path) == RF_OK;
        free(path);
        if (!ok)
            return false;
    }
    return true;
}

enum { OPT_PLANS = 256, OPT_NO_PROGRESS };

/* The options batch has besides the shared ones. */
typedef struct {
    const char *plans_dir;
    bool no_progress;
} batch_options;

static bool own_option(int opt, const char *arg, void *ctx)
{
    batch_options *bo = ctx;
    if (opt == OPT_PLANS)
        bo->plans_dir = arg;
    else
        bo->no_progress = true;
    return true;
}

/* Every county's problems, in input order, each once (a file several
 * counties share, a province pool that fits none of them), and one note
 * counting the counties with warnings. */
static void report_counties(const rf_batch *b)
{
    size_t warned = 0;
    rf_diag_set shown = {0};
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        if (c->status == RF_BATCH_INPUT_ERROR) {
            for (size_t k = 0; k < c->diags.count; k++)
                if (c->diags.items[k].severity == RF_SEV_ERROR &&
                    rf_diag_set_add(&shown, &c->diags.items[k]))
                    cli_print_diag(&c->diags.items[k]);
        } else if (c->status == RF_BATCH_SOLVER_ERROR) {
            cli_error("%s: %s", c->file, cli_error_text(&c->error));
        }
        warned += c->diags.warnings > 0;
    }
    rf_diag_set_free(&shown);
    if (warned)
        cli_note_warnings(NULL, warned, false);
}

/* Opens and runs the batch of args with a progress bar on stderr when
 * asked; prints every problem and returns the exit code of the failure,
 * or RF_OK with *out. */
static int run(char **args, int n, const cli_options *o, bool show_progress, rf_batch **out)
{
    rf_diags diags = {0};
    rf_status st = rf_batch_open((const char *const *)args, (size_t)n, out, &diags);
    cli_print_diags(&diags);
    rf_diags_free(&diags);
    if (st != RF_OK)
        return st;
    rf_batch_options bo = {.threads = cli_jobs(o, 1024), .time_limit_seconds = o->time_limit};
    progress_state ps = {0};
    ps.start = rf_clock_now();
    if (show_progress) {
        bo.progress = progress;
        bo.progress_ctx = &ps;
    }
    rf_error err = {0};
    st = rf_batch_run(*out, &bo, &err);
    if (ps.drawn)
        fputs("\r\033[K", stderr);
    if (st != RF_OK)
        cli_print_error(&err);
    return st;
}

int cmd_batch(int argc, char **argv)
{
    static batch_options bo;
    static const struct option own[] = {{"plans", required_argument, NULL, OPT_PLANS},
                                        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
                                        {NULL, 0, NULL, 0}};
    static const cli_command cmd = {.name = "batch",
                                    .usage = usage,
                                    .shared = CLI_RESULT | CLI_TIME_LIMIT | CLI_JOBS,
                                    .own = own,
                                    .option = own_option,
                                    .ctx = &bo,
                                    .min_args = 1,
                                    .max_args = -1,
                                    .too_few =
                                        "batch needs scenario files, a folder or a province file",
                                    .kind = RF_RESULT_BATCH};
    cli_options o;
    bo = (batch_options){0};
    int code = cli_start(&cmd, argc, argv, &o);
    rf_batch *b = NULL;
    if (code < 0) {
        keep_freed_memory();
        code = run(o.args, o.n_args, &o, !bo.no_progress && isatty(STDERR_FILENO), &b);
    }
    if (b && code == RF_OK) {
        report_counties(b);
        if (bo.plans_dir && !plan_names_ok(b))
            code = RF_ERR_OUTPUT;
        else
            code = cli_emit_file(&o.common, RF_RESULT_BATCH, b, o.common.format, o.common.output_path);
        if (code == RF_OK && bo.plans_dir && !write_plans(&o.common, b, bo.plans_dir))
            code = RF_ERR_OUTPUT;
        if (code == RF_OK)
            code = rf_batch_status_code(b);
    }
    rf_batch_free(b);
    cli_options_free(&o);
    return code;
}
