/* rf_export: the blocks of a batch as LP files, name maps and GMPL data; see rf_export.h. */
#include "rf_export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_escape.h"
#include "rf_gmpl.h"
#include "rf_model.h"

/* One budget group of one county, built. */
typedef struct {
    rf_model *model;
    const char *county;   /* the scenario's id (borrowed) */
    size_t group;         /* 0-based */
    const double *optima; /* the plan's level values, or NULL */
    double tolerance;
} block;

struct rf_export {
    const rf_batch *batch;
    rf_export_options options;
    block *blocks;
    size_t n_blocks;
    double *optima; /* RF_LEVEL_COUNT a block */
    rf_export_file *files;
    size_t n_files, cap_files;
};

bool rf_export_needs_optima(const rf_export_options *o)
{
    return o->level > 0 || o->all_levels;
}

void rf_export_free(rf_export *x)
{
    if (!x)
        return;
    for (size_t k = 0; k < x->n_blocks; k++)
        rf_model_free(x->blocks[k].model);
    free(x->blocks);
    free(x->optima);
    for (size_t i = 0; i < x->n_files; i++)
        free(x->files[i].path);
    free(x->files);
    free(x);
}

size_t rf_export_count(const rf_export *x)
{
    return x->n_files;
}

const rf_export_file *rf_export_file_at(const rf_export *x, size_t i)
{
    return &x->files[i];
}

/* ---- the blocks ---- */

static rf_status oom(rf_error *err)
{
    return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                        "out of memory while building the models");
}

/* Adds the blocks of one county: its groups' models, taken over from gm. */
static rf_status add_county(rf_export *x, const rf_batch_county *c, rf_group_models *gm,
                            size_t *cap, rf_error *err)
{
    for (size_t g = 0; g < gm->n; g++) {
        if (x->n_blocks == *cap) {
            block *grown = realloc(x->blocks, 2 * *cap * sizeof *grown);
            if (!grown)
                return oom(err);
            x->blocks = grown;
            *cap *= 2;
        }
        rf_model *m = gm->models[g];
        if (x->options.level >= m->n_objectives)
            return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                                "--level %zu: %s's policy has %zu objective levels",
                                x->options.level + 1, c->file, m->n_objectives);
        gm->models[g] = NULL;
        x->blocks[x->n_blocks++] = (block){.model = m,
                                           .county = c->scenario->id,
                                           .group = g,
                                           .tolerance = c->scenario->policy->level_tolerance};
    }
    return RF_OK;
}

/* The optima of the levels before K, from relocfund's own solve. */
static rf_status add_optima(rf_export *x, rf_error *err)
{
    x->optima = calloc(x->n_blocks * RF_LEVEL_COUNT + 1, sizeof *x->optima);
    if (!x->optima)
        return oom(err);
    size_t k = 0;
    for (size_t i = 0; i < x->batch->n_counties; i++) {
        const rf_plan *p = x->batch->counties[i].plan;
        for (size_t g = 0; g < p->n_groups && k < x->n_blocks; g++, k++) {
            for (size_t l = 0; l < p->groups[g].n_levels && l < RF_LEVEL_COUNT; l++)
                x->optima[k * RF_LEVEL_COUNT + l] = p->groups[g].levels[l].value;
            x->blocks[k].optima = &x->optima[k * RF_LEVEL_COUNT];
        }
    }
    return RF_OK;
}

/* ---- the list of files ---- */

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

/* Adds a file (taking path over); false when out of memory. */
static bool add_file(rf_export *x, char *path, rf_export_file f)
{
    if (!path)
        return false;
    if (x->n_files == x->cap_files) {
        size_t cap = x->cap_files ? 2 * x->cap_files : 16;
        rf_export_file *grown = realloc(x->files, cap * sizeof *grown);
        if (!grown) {
            free(path);
            return false;
        }
        x->files = grown;
        x->cap_files = cap;
    }
    f.path = path;
    x->files[x->n_files++] = f;
    return true;
}

/* Adds an LP file and its name map. */
static bool add_lp(rf_export *x, const char *path, rf_lp_format format, size_t level, size_t first,
                   size_t n)
{
    rf_export_file f = {.format = format, .level = level, .first = first, .n = n};
    f.kind = RF_EXPORT_LP;
    if (!add_file(x, strdup(path), f))
        return false;
    size_t size = strlen(path) + sizeof ".names.csv";
    char *names = malloc(size);
    if (names)
        snprintf(names, size, "%s.names.csv", path);
    f.kind = RF_EXPORT_NAMES;
    return add_file(x, names, f);
}

/* The files of one level: FILE (MPS and/or LP) and, with per_group, each
 * block alone, each with its name map. */
static bool add_level(rf_export *x, size_t level)
{
    const rf_export_options *o = &x->options;
    for (int f = 0; f < 2; f++) {
        const char *target = f == 0 ? o->mps_path : o->lp_path;
        rf_lp_format format = f == 0 ? RF_LP_FORMAT_MPS : RF_LP_FORMAT_CPLEX_LP;
        if (!target)
            continue;
        char infix[256];
        snprintf(infix, sizeof infix, "l%zu", level + 1);
        char *leveled = o->all_levels ? insert_infix(target, infix) : NULL;
        const char *path = leveled ? leveled : target;
        bool ok = (!o->all_levels || leveled) && add_lp(x, path, format, level, 0, x->n_blocks);
        for (size_t k = 0; ok && o->per_group && x->n_blocks > 1 && k < x->n_blocks; k++) {
            snprintf(infix, sizeof infix, "%s.g%zu", x->blocks[k].county, x->blocks[k].group + 1);
            char *alone = insert_infix(path, infix);
            ok = alone && add_lp(x, alone, format, level, k, 1);
            free(alone);
        }
        free(leveled);
        if (!ok)
            return false;
    }
    return true;
}

rf_status rf_export_new(const rf_batch *b, const rf_export_options *o, rf_export **out,
                        rf_error *err)
{
    *out = NULL;
    rf_export *x = calloc(1, sizeof *x);
    size_t cap = 16;
    if (!x || !(x->blocks = calloc(cap, sizeof *x->blocks))) {
        rf_export_free(x);
        return oom(err);
    }
    x->batch = b;
    x->options = *o;
    rf_status st = RF_OK;
    for (size_t i = 0; st == RF_OK && i < b->n_counties; i++) {
        const rf_batch_county *c = &b->counties[i];
        rf_group_models gm;
        rf_error why = {0};
        st = rf_group_models_build(c->scenario, &gm, &why);
        if (st != RF_OK) {
            char en[sizeof why.message + 600], zh[sizeof why.message_zh + 600];
            snprintf(en, sizeof en, "%s: %s", c->file, why.message);
            snprintf(zh, sizeof zh, "%s：%s", c->file, why.message_zh);
            st = rf_error_set_text(err, st, NULL, 0, 0, NULL, en, zh);
        }
        else
            st = add_county(x, c, &gm, &cap, err);
        if (gm.models)
            rf_group_models_free(&gm);
    }
    if (st == RF_OK && rf_export_needs_optima(o))
        st = add_optima(x, err);
    if (st == RF_OK && (o->mps_path || o->lp_path)) {
        size_t first = o->all_levels ? 0 : o->level;
        size_t last =
            o->all_levels ? (x->n_blocks ? x->blocks[0].model->n_objectives : 0) : o->level + 1;
        for (size_t l = first; st == RF_OK && l < last; l++)
            if (!add_level(x, l))
                st = oom(err);
    }
    if (st == RF_OK && o->gmpl_path &&
        !add_file(x, strdup(o->gmpl_path), (rf_export_file){.kind = RF_EXPORT_GMPL}))
        st = oom(err);
    if (st != RF_OK) {
        rf_export_free(x);
        return st;
    }
    *out = x;
    return RF_OK;
}

/* ---- writing ---- */

static rf_status write_lp(const rf_export *x, const rf_export_file *f, const char *path,
                          rf_error *err)
{
    const rf_model **models = malloc((f->n + 1) * sizeof *models);
    const double **optima = malloc((f->n + 1) * sizeof *optima);
    rf_status st;
    if (!models || !optima) {
        st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    } else {
        for (size_t i = 0; i < f->n; i++) {
            models[i] = x->blocks[f->first + i].model;
            optima[i] = x->blocks[f->first + i].optima;
        }
        st = rf_solve_write_many(models, f->n, f->level, optima,
                                 f->n ? x->blocks[f->first].tolerance : 0, f->format, path, err);
    }
    free(models);
    free(optima);
    return st;
}

typedef struct {
    const rf_export *x;
    const rf_export_file *f;
    FILE *out;
} names_ctx;

static bool write_name(const rf_lp_name *n, void *ctx)
{
    const names_ctx *c = ctx;
    char *where = NULL;
    if (n->block != RF_LP_ALL_BLOCKS) {
        const block *b = &c->x->blocks[c->f->first + n->block];
        size_t size = strlen(b->county) + 32;
        where = malloc(size);
        if (!where)
            return false;
        snprintf(where, size, "%s.g%zu", b->county, b->group + 1);
    }
    const char *fields[] = {n->name,         where ? where : "", n->meaning,  n->parts.site,
                            n->parts.source, n->parts.use,       n->parts.cls};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (i)
            fputc(',', c->out);
        rf_csv_field(c->out, fields[i], false);
    }
    fputc('\n', c->out);
    free(where);
    return !ferror(c->out);
}

/* The name map: one CSV line a name (rf_solve_names) with its block
 * ("<county>.g<group>"; empty for obj and one) and what it stands for. */
static rf_status write_names(const rf_export *x, const rf_export_file *f, const char *path,
                             rf_error *err)
{
    const rf_model **models = malloc((f->n + 1) * sizeof *models);
    if (!models)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < f->n; i++)
        models[i] = x->blocks[f->first + i].model;
    rf_status st = RF_OK;
    FILE *out = fopen(path, "w");
    if (!out) {
        st =
            rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    } else {
        fputs("name,block,meaning,site,source,use,class\n", out);
        names_ctx c = {x, f, out};
        bool complete = rf_solve_names(models, f->n, f->level, write_name, &c);
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

/* The GMPL data of the one scenario's budget group options.gmpl_group at
 * level options.level + 1, the levels before it fixed at relocfund's own
 * optima (as the LP files are). */
static rf_status write_gmpl(const rf_export *x, const char *path, rf_error *err)
{
    const rf_export_options *o = &x->options;
    const rf_batch *b = x->batch;
    if (b->n_counties != 1)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                            "--gmpl-data takes one scenario; %zu were given", b->n_counties);
    const rf_batch_county *c = &b->counties[0];
    size_t n_groups = rf_gmpl_group_count(c->scenario);
    if (o->gmpl_group >= n_groups)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                            "--group %zu: %s has %zu budget group%s", o->gmpl_group + 1, c->file,
                            n_groups, n_groups == 1 ? "" : "s");
    if (o->level >= c->scenario->policy->n_levels)
        return rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL,
                            "--level %zu: %s's policy has %zu objective levels", o->level + 1,
                            c->file, c->scenario->policy->n_levels);
    double fixed[RF_LEVEL_COUNT] = {0};
    if (o->level > 0) {
        /* Group g of rf_gmpl is the plan's group holding the same sites. */
        const rf_plan *p = c->plan;
        const rf_plan_group *pg = NULL;
        for (size_t g = 0; g < p->n_groups && !pg; g++)
            if (n_groups == 1 || p->groups[g].sites[0] == o->gmpl_group)
                pg = &p->groups[g];
        if (!pg)
            return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                                "%s: no solved budget group %zu", c->file, o->gmpl_group + 1);
        for (size_t l = 0; l < o->level && l < pg->n_levels; l++)
            fixed[l] = pg->levels[l].value;
    }
    FILE *f = fopen(path, "w");
    if (!f)
        return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s",
                            strerror(errno));
    rf_status st =
        rf_gmpl_write_data(c->scenario, o->gmpl_group, o->level + 1, fixed, f, path, err);
    if (fclose(f) != 0 && st == RF_OK)
        st =
            rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    return st == RF_OK ? RF_OK : RF_ERR_OUTPUT;
}

rf_status rf_export_write(const rf_export *x, size_t i, const char *path, rf_error *err)
{
    const rf_export_file *f = &x->files[i];
    if (f->kind == RF_EXPORT_GMPL)
        return write_gmpl(x, path, err);
    rf_status st =
        f->kind == RF_EXPORT_LP ? write_lp(x, f, path, err) : write_names(x, f, path, err);
    return st == RF_OK ? RF_OK : RF_ERR_OUTPUT;
}
