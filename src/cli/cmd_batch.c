/* cmd_batch: `relocfund batch FILES | FOLDER | PROVINCE.json`: every county, then a roll-up. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"
#include "cli_emit.h"
#include "rf_batch.h"
#include "rf_report.h"
#include "rf_report_batch.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund batch [OPTIONS] SCENARIO... | FOLDER... | PROVINCE.json\n\n"
            "Solves many counties at once, in parallel, and reports a roll-up: totals by\n"
            "source and one line per county, counties with problems first.  A FOLDER\n"
            "gives its *.json scenarios (sorted by name); a province file\n"
            "(relocfund-province/1, see docs/batch.md) lists its counties.  The output\n"
            "is the same, byte for byte, whatever -j is.\n\n"
            "Options:\n"
            "  -j, --jobs N       worker threads (default: the processors online)\n"
            "  --format FMT       text (default), json, md, csv, html or xlsx\n"
            "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"
            "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"
            "                     when --format is not given\n"
            "  --plans DIR        also write each county's plan as JSON to DIR/<id>.json\n"
            "  --lang zh|en       labels in Chinese (default) or English\n"
            "  --unit wan|yuan    amounts in 万元 (default) or 元 in text\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  --no-progress      no progress bar (it is shown only on a terminal, after 1 s)\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 every county balanced and compliant, 1 a county has an unfunded\n"
            "gap or a violation, 2 usage or input error (in any county), 3 solver failure,\n"
            "4 output not written.\n");
}

typedef struct {
    struct timespec start;
    double last_draw;
    bool drawn;
} progress_state;

static double elapsed(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) * 1e-9;
}

/* Draws "[#####     ] 120/2800" on stderr, once the run took a second,
 * at most ten times a second. */
static void progress(size_t done, size_t total, void *ctx)
{
    progress_state *p = ctx;
    double t = elapsed(&p->start);
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

static rf_status write_json(const void *batch, FILE *out)
{
    return rf_report_batch_json(batch, out);
}

static bool parse_jobs(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < 1 || v > 1024) {
        cli_error("-j %s: expected a number of threads from 1 to 1024", s);
        return false;
    }
    *out = (int)v;
    return true;
}

/* Writes every solved county's plan to dir/<id>.json, atomically. */
static bool write_plans(const rf_batch *b, const char *dir)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        cli_error("%s: cannot create the folder: %s", dir, strerror(errno));
        return false;
    }
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        if (!c->plan)
            continue;
        size_t n = strlen(dir) + strlen(c->scenario->id) + 8;
        char *path = malloc(n);
        if (!path) {
            cli_error("out of memory");
            return false;
        }
        snprintf(path, n, "%s/%s.json", dir, c->scenario->id);
        cli_output o;
        bool ok = cli_output_open(&o, path);
        if (ok && rf_report_plan_json(c->plan, o.fp) != RF_OK) {
            cli_error("%s: cannot write the plan", path);
            cli_output_abort(&o);
            ok = false;
        } else if (ok) {
            ok = cli_output_commit(&o);
        }
        free(path);
        if (!ok)
            return false;
    }
    return true;
}

int cmd_batch(int argc, char **argv)
{
    static const struct option longopts[] = {{"jobs", required_argument, NULL, 'j'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"plans", required_argument, NULL, 'P'},
                                             {"lang", required_argument, NULL, 'l'},
                                             {"unit", required_argument, NULL, 'u'},
                                             {"time-limit", required_argument, NULL, 't'},
                                             {"no-progress", no_argument, NULL, 'n'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli_common common = {.format = CLI_FORMAT_TEXT, .chinese = true};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    rf_batch_options bo = {.threads = cpus > 0 ? (int)(cpus < 1024 ? cpus : 1024) : 1};
    const char *plans_dir = NULL;
    bool show_progress = isatty(STDERR_FILENO);
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "j:o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'j':
            if (!parse_jobs(optarg, &bo.threads))
                return RF_ERR_INPUT;
            break;
        case 'f':
            if (!cli_parse_format(optarg, &common))
                return RF_ERR_INPUT;
            break;
        case 'o':
            common.output_path = optarg;
            break;
        case 'P':
            plans_dir = optarg;
            break;
        case 'l':
            if (!cli_parse_lang(optarg, &common.chinese))
                return RF_ERR_INPUT;
            break;
        case 'u':
            if (strcmp(optarg, "yuan") != 0 && strcmp(optarg, "wan") != 0) {
                cli_error("--unit %s: expected wan or yuan", optarg);
                return RF_ERR_INPUT;
            }
            common.yuan = optarg[0] == 'y';
            break;
        case 't': {
            char *end;
            bo.time_limit_seconds = strtod(optarg, &end);
            if (*end || !(bo.time_limit_seconds > 0 && bo.time_limit_seconds <= 86400)) {
                cli_error("--time-limit %s: expected seconds, more than 0 and at most 86400",
                          optarg);
                return RF_ERR_INPUT;
            }
            break;
        }
        case 'n':
            show_progress = false;
            break;
        case 'h':
            usage(stdout);
            return RF_OK;
        default:
            usage(stderr);
            return RF_ERR_INPUT;
        }
    }
    if (optind >= argc) {
        cli_error("batch needs scenario files, a folder or a province file");
        usage(stderr);
        return RF_ERR_INPUT;
    }
    if (!cli_emit_settle(&common, "batch", false))
        return RF_ERR_INPUT;
    keep_freed_memory();
    rf_diags diags = {0};
    rf_batch *b = NULL;
    rf_status st =
        rf_batch_open((const char *const *)argv + optind, (size_t)(argc - optind), &b, &diags);
    cli_print_diags(&diags);
    rf_diags_free(&diags);
    if (st != RF_OK)
        return st;

    progress_state ps = {0};
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    if (show_progress) {
        bo.progress = progress;
        bo.progress_ctx = &ps;
    }
    rf_error err = {0};
    st = rf_batch_run(b, &bo, &err);
    if (ps.drawn)
        fputs("\r\033[K", stderr);
    if (st != RF_OK) {
        cli_print_error(&err);
        rf_batch_free(b);
        return st;
    }
    /* Every county's problems, in input order, each once (a file several
     * counties share, a province pool that fits none of them). */
    size_t warned = 0;
    cli_diag_set shown = {0};
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        if (c->status == RF_BATCH_INPUT_ERROR) {
            for (size_t k = 0; k < c->diags.count; k++)
                if (c->diags.items[k].severity == RF_SEV_ERROR &&
                    cli_diag_set_add(&shown, &c->diags.items[k]))
                    cli_print_diag(&c->diags.items[k]);
        } else if (c->status == RF_BATCH_SOLVER_ERROR) {
            cli_error("%s: %s", c->file, c->error.message);
        }
        warned += c->diags.warnings > 0;
    }
    cli_diag_set_free(&shown);
    if (warned)
        fprintf(stderr,
                "relocfund: note: %zu count%s had warnings; 'relocfund validate FILE' lists "
                "them\n",
                warned, warned == 1 ? "y" : "ies");

    int code = rf_batch_status_code(b);
    rf_doc *doc = common.format == CLI_FORMAT_JSON ? NULL : rf_report_batch(b, common.chinese);
    if (common.format != CLI_FORMAT_JSON && !doc) {
        cli_error("out of memory while writing the report");
        code = RF_ERR_SOLVER;
    } else if (!cli_emit_result(&common, doc, write_json, b)) {
        code = RF_ERR_OUTPUT;
    } else if (plans_dir && !write_plans(b, plans_dir)) {
        code = RF_ERR_OUTPUT;
    }
    rf_doc_free(doc);
    rf_batch_free(b);
    return code;
}
