/* rf_compare: what-if and compare runs, and whether two outcomes differ. */
#include "rf_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rf_comparison_free(rf_comparison *c)
{
    if (!c)
        return;
    rf_outcome_free(c->a);
    rf_outcome_free(c->b);
    for (size_t i = 0; i < c->n_changes; i++)
        free(c->changes[i]);
    free(c->changes);
    free(c->title);
    free(c);
}

/* A comparison of a and b (taken over), or NULL when out of memory. */
static rf_comparison *comparison_new(rf_outcome *a, rf_outcome *b, const char *const *changes,
                                     size_t n_changes, const char *title)
{
    rf_comparison *c = calloc(1, sizeof *c);
    if (!c) {
        rf_outcome_free(a);
        rf_outcome_free(b);
        return NULL;
    }
    c->a = a;
    c->b = b;
    bool ok = a && b && (c->title = strdup(title)) &&
              (!n_changes || (c->changes = calloc(n_changes, sizeof *c->changes)));
    for (size_t i = 0; ok && i < n_changes; i++, c->n_changes++)
        ok = (c->changes[i] = strdup(changes[i])) != NULL;
    if (!ok) {
        rf_comparison_free(c);
        return NULL;
    }
    return c;
}

rf_status rf_whatif_run(const rf_scenario *base, const rf_scenario *changed,
                        const rf_solve_options *options, const char *const *changes,
                        size_t n_changes, bool chinese, rf_comparison **out, rf_error *err)
{
    *out = NULL;
    rf_plan *pa = NULL;
    rf_status st = rf_plan_solve(base, options, &pa, err);
    if (st == RF_OK)
        st = rf_whatif_against(pa, changed, options, changes, n_changes, chinese, out, err);
    rf_plan_free(pa);
    return st;
}

rf_status rf_whatif_against(const rf_plan *base, const rf_scenario *changed,
                            const rf_solve_options *options, const char *const *changes,
                            size_t n_changes, bool chinese, rf_comparison **out, rf_error *err)
{
    *out = NULL;
    rf_plan *pb = NULL;
    rf_solve_options anchored = {0};
    if (options)
        anchored = *options;
    anchored.anchor = base;
    rf_status st = rf_plan_solve(changed, &anchored, &pb, err);
    if (st == RF_OK) {
        char title[512];
        snprintf(title, sizeof title, chinese ? "%s：变更前后对比" : "%s: what if",
                 changed->name.zh && chinese ? changed->name.zh : changed->id);
        *out = comparison_new(rf_outcome_from_plan(base, chinese ? "基准方案" : "base", chinese),
                              rf_outcome_from_plan(pb, chinese ? "变更后" : "changed", chinese),
                              changes, n_changes, title);
        if (!*out)
            st = rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                              "out of memory while writing the report");
        else
            (*out)->status = pb->status == RF_PLAN_BALANCED ? RF_OK : RF_ERR_PLAN;
    }
    rf_plan_free(pb);
    return st;
}

bool rf_compare_same_county(const rf_scenario *a, const rf_scenario *b)
{
    if (a->policy->pooling != b->policy->pooling || a->n_sites != b->n_sites)
        return false;
    for (size_t i = 0; i < b->n_sites; i++) {
        bool found = false;
        for (size_t k = 0; k < a->n_sites && !found; k++)
            found = strcmp(b->sites[i].id, a->sites[(i + k) % a->n_sites].id) == 0;
        if (!found)
            return false;
    }
    return true;
}

rf_outcome *rf_compare_saved(const char *path, bool *is_result, rf_error *err)
{
    *is_result = rf_outcome_is_result_file(path);
    return *is_result ? rf_outcome_from_json(path, path, err) : NULL;
}

rf_comparison *rf_compare_outcomes(rf_outcome *a, rf_outcome *b, bool chinese)
{
    rf_comparison *c = comparison_new(a, b, NULL, 0, chinese ? "两个方案对比" : "Comparison");
    if (c)
        c->status = rf_outcome_differ(a, b) ? RF_ERR_PLAN : RF_OK;
    return c;
}

bool rf_outcome_differ(const rf_outcome *a, const rf_outcome *b)
{
    const rf_key_figures *x = &a->key, *y = &b->key;
    /* A saved result does not say which sources are loans (-1). */
    bool loans_differ =
        x->loans_drawn >= 0 && y->loans_drawn >= 0 && x->loans_drawn != y->loans_drawn;
    if (x->status != y->status || x->unfunded != y->unfunded || x->cap_excess != y->cap_excess ||
        x->households_over_cap != y->households_over_cap ||
        x->households_over_area_cap != y->households_over_area_cap ||
        x->registered_self_funding != y->registered_self_funding ||
        x->synchronous_self_funding != y->synchronous_self_funding ||
        x->integrated_agri != y->integrated_agri ||
        x->surplus_employment_base != y->surplus_employment_base ||
        x->surplus_industry != y->surplus_industry || loans_differ ||
        a->cost_total != b->cost_total || a->n_sources != b->n_sources || a->n_sites != b->n_sites)
        return true;
    for (size_t f = 0; f < a->n_sources; f++)
        if (strcmp(a->sources[f].id, b->sources[f].id) != 0 ||
            memcmp(a->sources[f].by_use, b->sources[f].by_use, sizeof a->sources[f].by_use) != 0 ||
            a->sources[f].arrived != b->sources[f].arrived)
            return true;
    for (size_t i = 0; i < a->n_sites; i++) {
        const rf_outcome_site *sa = &a->sites[i], *sb = &b->sites[i];
        if (strcmp(sa->id, sb->id) != 0 || sa->type != sb->type ||
            memcmp(sa->households, sb->households, sizeof sa->households) != 0 ||
            memcmp(sa->people, sb->people, sizeof sa->people) != 0 || sa->cost != sb->cost ||
            sa->unfunded != sb->unfunded || sa->integrated_agri != sb->integrated_agri ||
            sa->self_funding[0] != sb->self_funding[0] ||
            sa->self_funding[1] != sb->self_funding[1] ||
            sa->surplus_employment_base != sb->surplus_employment_base ||
            sa->surplus_industry != sb->surplus_industry || sa->n_classes != sb->n_classes)
            return true;
        for (size_t c = 0; c < sa->n_classes; c++)
            if (sa->classes[c].self_funding_per_household !=
                    sb->classes[c].self_funding_per_household ||
                sa->classes[c].excess != sb->classes[c].excess)
                return true;
    }
    return false;
}
