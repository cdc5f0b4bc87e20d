/* cmd_export: `relocfund export SCENARIO... --mps FILE | --lp FILE [--level K]`: the LP for other
 * solvers. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rf_batch.h"
#include "rf_escape.h"
#include "rf_gmpl.h"
#include "rf_model.h"
#include "rf_solve.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund export [OPTIONS] SCENARIO... | FOLDER | PROVINCE.json\n"
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
            "  -j, --jobs N       threads for loading and solving (default: processors online)\n"
            "  --time-limit SEC   time limit of each simplex call (default: the policy's)\n"
            "  -h, --help         this help\n\n"
            "Files are written atomically (a temporary file, renamed when complete).\n"
            "Exit codes: 0 written, 2 usage or input error, 3 solver failure, 4 output not\n"
            "written.\n");
}

/* What to export; parsed from the options, one field an option. */
typedef struct {
    const char *mps_path;
    const char *lp_path;
    size_t level;    /* 0-based */
    bool all_levels; /* one file a level: FILE with ".l<K>" before its extension */
    bool per_group;
    const char *gmpl_path; /* --gmpl-data */
    size_t gmpl_group;     /* 0-based */
    rf_batch_options run;
} export_options;

/* One budget group of one county, built. */
typedef struct {
    rf_model *model;
    const char *county;   /* the scenario's id (borrowed) */
    size_t group;         /* 0-based */
    const double *optima; /* the plan's level values, or NULL */
    double tolerance;
} export_block;

/* Writes through a temporary file in the target's folder, renamed over the
 * target only when the writer succeeded and the data reached the disk. */
typedef rf_status (*lp_writer)(const void *ctx, const char *path, rf_error *err);

static bool write_atomically(const char *path, lp_writer write, const void *ctx)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        cli_error("%s: cannot write: out of memory", path);
        return false;
    }
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(tmp, n, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
    else
        snprintf(tmp, n, ".%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    close(fd);
    rf_error err = {0};
    bool ok = write(ctx, tmp, &err) == RF_OK;
    if (!ok) {
        cli_error("%s: %s", path, err.message);
    } else {
        FILE *f = fopen(tmp, "r+");
        int e = 0;
        if (!f || fsync(fileno(f)) != 0)
            e = errno;
        if (f)
            fclose(f);
        if (!e && rename(tmp, path) != 0)
            e = errno;
        if (e) {
            cli_error("%s: cannot write: %s", path, strerror(e));
            ok = false;
        }
    }
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok;
}

typedef struct {
    const export_block *blocks;
    size_t n;
    size_t level;
    rf_lp_format format;
} lp_job;

/* The models of a job's blocks, as rf_solve takes them (malloc'd), or NULL
 * when out of memory. */
static const rf_model **job_models(const lp_job *j)
{
    const rf_model **models = malloc((j->n + 1) * sizeof *models);
    for (size_t i = 0; models && i < j->n; i++)
        models[i] = j->blocks[i].model;
    return models;
}

static rf_status write_job(const void *ctx, const char *path, rf_error *err)
{
    const lp_job *j = ctx;
    const rf_model **models = job_models(j);
    const double **optima = malloc((j->n + 1) * sizeof *optima);
    rf_status st;
    if (!models || !optima) {
        st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    } else {
        for (size_t i = 0; i < j->n; i++)
            optima[i] = j->blocks[i].optima;
        st = rf_solve_write_many(models, j->n, j->level, optima, j->n ? j->blocks[0].tolerance : 0,
                                 j->format, path, err);
    }
    free(models);
    free(optima);
    return st;
}

typedef struct {
    const lp_job *job;
    FILE *out;
} names_ctx;

static bool write_name(const rf_lp_name *n, void *ctx)
{
    const names_ctx *c = ctx;
    char *block = NULL;
    if (n->block != RF_LP_ALL_BLOCKS) {
        const export_block *b = &c->job->blocks[n->block];
        size_t size = strlen(b->county) + 32;
        block = malloc(size);
        if (!block)
            return false;
        snprintf(block, size, "%s.g%zu", b->county, b->group + 1);
    }
    const char *fields[] = {n->name,         block ? block : "", n->meaning,  n->parts.site,
                            n->parts.source, n->parts.use,       n->parts.cls};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (i)
            fputc(',', c->out);
        rf_csv_field(c->out, fields[i], false);
    }
    fputc('\n', c->out);
    free(block);
    return !ferror(c->out);
}

/* Writes the name map of a job's file: one CSV line a name (rf_solve_names)
 * with its block ("<county>.g<group>"; empty for obj and one) and what it
 * stands for. */
static rf_status write_names(const void *ctx, const char *path, rf_error *err)
{
    const lp_job *j = ctx;
    const rf_model **models = job_models(j);
    if (!models)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    rf_status st = RF_OK;
    FILE *out = fopen(path, "w");
    if (!out) {
        st =
            rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    } else {
        fputs("name,block,meaning,site,source,use,class\n", out);
        names_ctx c = {j, out};
        bool complete = rf_solve_names(models, j->n, j->level, write_name, &c);
        bool failed = ferror(out) != 0;
        if (fclose(out) != 0)
            failed = true;
        if (!complete || failed)
            st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s",
                              failed ? strerror(errno) : "out of memory");
    }
    free(models);
    return st;
}

/* Writes the LP file of a job and its name map, FILE.names.csv. */
static bool write_lp_and_names(const char *path, const lp_job *job)
{
    if (!write_atomically(path, write_job, job))
        return false;
    size_t n = strlen(path) + sizeof ".names.csv";
    char *names = malloc(n);
    if (!names) {
        cli_error("%s.names.csv: cannot write: out of memory", path);
        return false;
    }
    snprintf(names, n, "%s.names.csv", path);
    bool ok = write_atomically(names, write_names, job);
    free(names);
    return ok;
}

/* path with "." + infix before its extension ("a/m.mps" + "l3" -> "a/m.l3.mps"). */
static char *insert_infix(const char *path, const char *infix)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
    size_t n = strlen(path) + strlen(infix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s.%s%s", (int)stem, path, infix, path + stem);
    return p;
}

/* FILE with ".<county>.g<k>" before its extension. */
static char *group_path(const char *path, const char *county, size_t group)
{
    char infix[256];
    snprintf(infix, sizeof infix, "%s.g%zu", county, group + 1);
    return insert_infix(path, infix);
}

/* Writes the files of one level: FILE (MPS and/or LP) and, with
 * --per-group, each block alone, each with its name map.  Returns an exit
 * code. */
static int write_level(const export_options *eo, const export_block *blocks, size_t n, size_t level)
{
    for (int f = 0; f < 2; f++) {
        const char *target = f == 0 ? eo->mps_path : eo->lp_path;
        if (!target)
            continue;
        char infix[32];
        snprintf(infix, sizeof infix, "l%zu", level + 1);
        char *path = eo->all_levels ? insert_infix(target, infix) : NULL;
        if (eo->all_levels && !path)
            return RF_ERR_OUTPUT;
        const char *out = path ? path : target;
        lp_job job = {blocks, n, level, f == 0 ? RF_LP_FORMAT_MPS : RF_LP_FORMAT_CPLEX_LP};
        int code = write_lp_and_names(out, &job) ? RF_OK : RF_ERR_OUTPUT;
        for (size_t k = 0; eo->per_group && n > 1 && k < n && code == RF_OK; k++) {
            char *gp = group_path(out, blocks[k].county, blocks[k].group);
            lp_job gj = {&blocks[k], 1, level, job.format};
            if (!gp || !write_lp_and_names(gp, &gj))
                code = RF_ERR_OUTPUT;
            free(gp);
        }
        free(path);
        if (code != RF_OK)
            return code;
    }
    return RF_OK;
}

static int export_files(const export_options *eo, const rf_batch *b)
{
    size_t n = 0, cap = 16;
    export_block *blocks = calloc(cap, sizeof *blocks);
    int code = RF_OK;
    if (!blocks)
        code = RF_ERR_SOLVER;
    for (size_t i = 0; code == RF_OK && i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        const rf_scenario *s = c->scenario;
        size_t **groups = NULL, *sizes = NULL, n_groups = 0;
        if (!rf_groups_detect(s, &groups, &sizes, &n_groups)) {
            code = RF_ERR_SOLVER;
            break;
        }
        for (size_t g = 0; code == RF_OK && g < n_groups; g++) {
            if (n == cap) {
                cap *= 2;
                export_block *nb = realloc(blocks, cap * sizeof *blocks);
                if (!nb) {
                    code = RF_ERR_SOLVER;
                    break;
                }
                blocks = nb;
            }
            rf_error err = {0};
            export_block *bl = &blocks[n];
            memset(bl, 0, sizeof *bl);
            bl->model = rf_model_build(s, groups[g], sizes[g], &err);
            if (!bl->model) {
                cli_error("%s: %s", c->file, err.message);
                code = err.status ? (int)err.status : RF_ERR_SOLVER;
                break;
            }
            if (eo->level >= bl->model->n_objectives) {
                cli_error("--level %zu: %s's policy has %zu objective levels", eo->level + 1,
                          c->file, bl->model->n_objectives);
                rf_model_free(bl->model);
                code = RF_ERR_INPUT;
                break;
            }
            bl->tolerance = s->policy->level_tolerance;
            bl->county = s->id;
            bl->group = g;
            n++;
        }
        rf_groups_free(groups, sizes, n_groups);
    }
    /* The optima of the levels before K, from relocfund's own solve. */
    double *optima = NULL;
    if (code == RF_OK && (eo->level > 0 || eo->all_levels)) {
        optima = calloc(n * RF_LEVEL_COUNT + 1, sizeof *optima);
        if (!optima)
            code = RF_ERR_SOLVER;
        size_t k = 0;
        for (size_t i = 0; code == RF_OK && i < b->n_counties; i++) {
            const rf_plan *p = b->counties[i].plan;
            for (size_t g = 0; g < p->n_groups; g++, k++) {
                for (size_t l = 0; l < p->groups[g].n_levels && l < RF_LEVEL_COUNT; l++)
                    optima[k * RF_LEVEL_COUNT + l] = p->groups[g].levels[l].value;
                blocks[k].optima = &optima[k * RF_LEVEL_COUNT];
            }
        }
    }
    if (code == RF_ERR_SOLVER)
        cli_error("out of memory while building the models");
    size_t first = eo->all_levels ? 0 : eo->level;
    size_t last = eo->all_levels ? (n ? blocks[0].model->n_objectives : 0) : eo->level + 1;
    for (size_t l = first; code == RF_OK && l < last; l++)
        code = write_level(eo, blocks, n, l);
    for (size_t k = 0; k < n; k++)
        rf_model_free(blocks[k].model);
    free(optima);
    free(blocks);
    return code;
}

/* ---- --gmpl-data: the data section of the reference GMPL model ---- */

typedef struct {
    const rf_scenario *scenario;
    size_t group;
    size_t level;        /* 1-based */
    const double *fixed; /* relocfund's optima of the levels before it */
} gmpl_job;

static rf_status write_gmpl(const void *ctx, const char *path, rf_error *err)
{
    const gmpl_job *j = ctx;
    FILE *f = fopen(path, "w");
    if (!f)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s",
                            strerror(errno));
    rf_status st = rf_gmpl_write_data(j->scenario, j->group, j->level, j->fixed, f, path, err);
    if (fclose(f) != 0 && st == RF_OK)
        st =
            rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    return st;
}

/* Writes --gmpl-data for the one scenario of b: its budget group
 * eo->gmpl_group at level eo->level + 1, the levels before it fixed at
 * relocfund's own optima (as --lp does).  Returns an exit code. */
static int export_gmpl(const export_options *eo, const rf_batch *b)
{
    if (b->n_counties != 1) {
        cli_error("--gmpl-data takes one scenario; %zu were given", b->n_counties);
        return RF_ERR_INPUT;
    }
    const rf_batch_county *c = &b->counties[0];
    size_t n_groups = rf_gmpl_group_count(c->scenario);
    if (eo->gmpl_group >= n_groups) {
        cli_error("--group %zu: %s has %zu budget group%s", eo->gmpl_group + 1, c->file, n_groups,
                  n_groups == 1 ? "" : "s");
        return RF_ERR_INPUT;
    }
    if (eo->level >= c->scenario->policy->n_levels) {
        cli_error("--level %zu: %s's policy has %zu objective levels", eo->level + 1, c->file,
                  c->scenario->policy->n_levels);
        return RF_ERR_INPUT;
    }
    double fixed[RF_LEVEL_COUNT] = {0};
    if (eo->level > 0) {
        /* Group g of rf_gmpl is the plan's group holding the same sites. */
        const rf_plan *p = c->plan;
        const rf_plan_group *pg = NULL;
        for (size_t g = 0; g < p->n_groups && !pg; g++)
            if (n_groups == 1 || p->groups[g].sites[0] == eo->gmpl_group)
                pg = &p->groups[g];
        if (!pg) {
            cli_error("%s: no solved budget group %zu", c->file, eo->gmpl_group + 1);
            return RF_ERR_SOLVER;
        }
        for (size_t l = 0; l < eo->level && l < pg->n_levels; l++)
            fixed[l] = pg->levels[l].value;
    }
    gmpl_job job = {c->scenario, eo->gmpl_group, eo->level + 1, fixed};
    return write_atomically(eo->gmpl_path, write_gmpl, &job) ? RF_OK : RF_ERR_OUTPUT;
}

int cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {{"mps", required_argument, NULL, 'm'},
                                             {"lp", required_argument, NULL, 'L'},
                                             {"level", required_argument, NULL, 'k'},
                                             {"per-group", no_argument, NULL, 'g'},
                                             {"all-levels", no_argument, NULL, 'a'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"time-limit", required_argument, NULL, 't'},
                                             {"gmpl-data", required_argument, NULL, 'D'},
                                             {"group", required_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    export_options eo = {.run = {.threads = cpus > 0 ? (int)(cpus < 64 ? cpus : 64) : 1}};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "j:h", longopts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'm':
            eo.mps_path = optarg;
            break;
        case 'L':
            eo.lp_path = optarg;
            break;
        case 'k': {
            long k = strtol(optarg, &end, 10);
            if (*end || k < 1 || k > RF_LEVEL_COUNT) {
                cli_error("--level %s: expected a level from 1 to %d", optarg, RF_LEVEL_COUNT);
                return RF_ERR_INPUT;
            }
            eo.level = (size_t)k - 1;
            break;
        }
        case 'g':
            eo.per_group = true;
            break;
        case 'a':
            eo.all_levels = true;
            break;
        case 'D':
            eo.gmpl_path = optarg;
            break;
        case 'q': {
            long g = strtol(optarg, &end, 10);
            if (*end || g < 1 || g > 100000000) {
                cli_error("--group %s: expected a budget group, 1 or more", optarg);
                return RF_ERR_INPUT;
            }
            eo.gmpl_group = (size_t)g - 1;
            break;
        }
        case 'j': {
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 1024) {
                cli_error("-j %s: expected a number of threads from 1 to 1024", optarg);
                return RF_ERR_INPUT;
            }
            eo.run.threads = (int)j;
            break;
        }
        case 't':
            eo.run.time_limit_seconds = strtod(optarg, &end);
            if (*end || !(eo.run.time_limit_seconds > 0 && eo.run.time_limit_seconds <= 86400)) {
                cli_error("--time-limit %s: expected seconds, more than 0 and at most 86400",
                          optarg);
                return RF_ERR_INPUT;
            }
            break;
        case 'h':
            usage(stdout);
            return RF_OK;
        default:
            usage(stderr);
            return RF_ERR_INPUT;
        }
    }
    if (optind >= argc || (!eo.mps_path && !eo.lp_path && !eo.gmpl_path)) {
        cli_error(optind >= argc ? "export needs a SCENARIO (or several, a folder, a province)"
                                 : "export needs --mps FILE or --lp FILE (or --gmpl-data FILE)");
        usage(stderr);
        return RF_ERR_INPUT;
    }
    rf_diags diags = {0};
    rf_batch *b = NULL;
    rf_status st =
        rf_batch_open((const char *const *)argv + optind, (size_t)(argc - optind), &b, &diags);
    cli_print_diags(&diags);
    rf_diags_free(&diags);
    if (st != RF_OK)
        return st;
    /* Level K needs relocfund's optima of the levels before it. */
    eo.run.load_only = eo.level == 0 && !eo.all_levels;
    rf_error err = {0};
    st = rf_batch_run(b, &eo.run, &err);
    if (st != RF_OK) {
        cli_print_error(&err);
        rf_batch_free(b);
        return st;
    }
    int code = RF_OK;
    for (size_t i = 0; i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        if (c->status == RF_BATCH_INPUT_ERROR) {
            for (size_t k = 0; k < c->diags.count; k++)
                if (c->diags.items[k].severity == RF_SEV_ERROR)
                    cli_print_diag(&c->diags.items[k]);
            if (c->error.message[0])
                cli_print_error(&c->error);
            code = RF_ERR_INPUT;
        } else if (c->status == RF_BATCH_SOLVER_ERROR) {
            cli_error("%s: %s", c->file, c->error.message);
            if (code == RF_OK)
                code = RF_ERR_SOLVER;
        }
    }
    if (code == RF_OK && (eo.mps_path || eo.lp_path))
        code = export_files(&eo, b);
    if (code == RF_OK && eo.gmpl_path)
        code = export_gmpl(&eo, b);
    rf_batch_free(b);
    return code;
}
