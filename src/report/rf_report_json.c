/* rf_report_json: the plan as JSON, an interface documented in docs/report-json.md. */
#include "rf_report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rf_jw.h"
#include "rf_money.h"
#include "rf_names.h"

/* The stated figures: an object of objects, a member a line, "{}" when
 * there is none; a plan's classes: an element a line, further in. */
static const rf_jw_layout STATED = {"\n    ", "\n    ", "\n  ", "", ": "};
static const rf_jw_layout CLASSES = {"\n       ", "\n       ", "\n     ", "", ": "};

static void uses_object(rf_jw *w, const char *key, const rf_fen *by_use, bool costs_only)
{
    rf_jw_object(w, key, &RF_JW_INLINE);
    for (int u = 0; u < RF_USE_COUNT; u++)
        if (!costs_only || rf_use_is_cost((rf_use)u))
            rf_jw_yuan(w, rf_use_id((rf_use)u), by_use[u]);
    rf_jw_end(w);
}

static void rates(rf_jw *w, const rf_plan *p)
{
    rf_jw_object(w, "rates", &RF_JW_BLOCK);
    for (int k = 0; k < RF_RATE_COUNT; k++) {
        const rf_rate *r = &p->rates[k];
        if (!r->stated && (!r->known || rf_rate_is_detail(r->kind)))
            continue;
        rf_jw_object(w, rf_rate_id(r->kind), &RF_JW_INLINE);
        if (r->known) {
            char pct[40];
            rf_jw_int(w, "numerator", r->num);
            rf_jw_int(w, "denominator", r->den);
            rf_jw_string(w, "percent", rf_percent(pct, r->num, r->den, 1));
        } else {
            rf_jw_null(w, "numerator");
            rf_jw_null(w, "denominator");
            rf_jw_null(w, "percent");
        }
        rf_jw_string(w, "stated", r->stated);
        if (r->stated)
            rf_jw_bool(w, "stated_matches", r->stated_matches);
        else
            rf_jw_null(w, "stated_matches");
        rf_jw_end(w);
    }
    rf_jw_end(w);
}

/* A count, or null when it is not known (-1). */
static void count_or_null(rf_jw *w, const char *key, int64_t v)
{
    if (v < 0)
        rf_jw_null(w, key);
    else
        rf_jw_int(w, key, v);
}

static void site_types(rf_jw *w, const rf_sums *sums)
{
    rf_jw_array(w, "site_types", &RF_JW_BLOCK);
    const int64_t all = sums->people[RF_CAT_BOTH][RF_WHERE_ALL];
    for (int k = 0; k < RF_SITE_TYPE_COUNT; k++) {
        rf_where at = rf_where_of_type((rf_site_type)k);
        char pct[40];
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_string(w, "type", rf_site_type_id((rf_site_type)k));
        count_or_null(w, "sites", at == RF_WHERE_DISPERSED ? -1 : sums->sites[at]);
        rf_jw_int(w, "registered_households", sums->households[RF_CAT_REGISTERED][at]);
        rf_jw_int(w, "registered_people", sums->people[RF_CAT_REGISTERED][at]);
        rf_jw_int(w, "synchronous_households", sums->households[RF_CAT_SYNCHRONOUS][at]);
        rf_jw_int(w, "synchronous_people", sums->people[RF_CAT_SYNCHRONOUS][at]);
        rf_jw_int(w, "households", sums->households[RF_CAT_BOTH][at]);
        rf_jw_int(w, "people", sums->people[RF_CAT_BOTH][at]);
        rf_jw_string(w, "percent_of_people",
                     rf_percent(pct, sums->people[RF_CAT_BOTH][at], all, 2));
        rf_jw_yuan(w, "housing_area_m2", sums->area[RF_CAT_BOTH][at]);
        rf_jw_end(w);
    }
    rf_jw_end(w);
}

/* A stated total's value in the unit its name says: yuan, m² or a count. */
static void total_value(rf_jw *w, const char *key, rf_total k, int64_t v)
{
    if (k.kind == RF_TOTAL_ARRIVED || k.kind == RF_TOTAL_HOUSING_AREA)
        rf_jw_yuan(w, key, v);
    else
        rf_jw_int(w, key, v);
}

static void stated(rf_jw *w, const rf_scenario *s, const rf_sums *sums)
{
    size_t n = s->n_stated_totals + s->n_stated_averages;
    rf_stated_figure *figs = calloc(n ? n : 1, sizeof *figs);
    n = figs ? rf_stated_figures(s, sums, figs) : 0;
    for (int pass = 0; pass < 2; pass++) {
        rf_jw_object(w, pass ? "stated_averages" : "stated_totals", &STATED);
        for (size_t i = 0; i < n; i++) {
            const rf_stated_figure *f = &figs[i];
            if (f->average != (pass == 1))
                continue;
            rf_jw_object(w, f->name, &RF_JW_INLINE);
            if (f->average) {
                rf_jw_string(w, "stated", f->text);
                rf_jw_yuan(w, "housing_area_m2", f->area);
                rf_jw_int(w, "people", f->people);
            } else {
                total_value(w, "stated", f->total, f->stated);
                total_value(w, "computed", f->total, f->computed);
            }
            rf_jw_bool(w, "matches", f->matches);
            rf_jw_end(w);
        }
        rf_jw_end(w);
    }
    free(figs);
}

static void site_construction(rf_jw *w, const rf_scenario *s, const rf_sums *sums)
{
    const rf_site_progress *sp = &s->site_progress;
    if (!sp->present) {
        rf_jw_null(w, "site_construction");
        return;
    }
    rf_jw_object(w, "site_construction", &RF_JW_INLINE);
    rf_jw_string(w, "scope", sp->scope);
    count_or_null(w, "planned", sp->planned);
    count_or_null(w, "cancelled", sp->cancelled);
    count_or_null(w, "built", sp->built);
    count_or_null(w, "urban_park", sp->by_type[0]);
    count_or_null(w, "township", sp->by_type[1]);
    count_or_null(w, "central_village", sp->by_type[2]);
    count_or_null(w, "completed", sp->completed);
    count_or_null(w, "under_construction", sp->under_construction);
    rf_jw_string(w, "stated_completion_rate", sp->stated_completion_rate);
    rf_jw_sep(w, "\n    ");
    rf_jw_object(w, "scenario_sites", &RF_JW_INLINE);
    rf_jw_int(w, "centralized", sums->sites[RF_WHERE_CENTRALIZED]);
    rf_jw_int(w, "urban_park", sums->sites[RF_WHERE_URBAN_PARK]);
    rf_jw_int(w, "township", sums->sites[RF_WHERE_TOWNSHIP]);
    rf_jw_int(w, "central_village", sums->sites[RF_WHERE_CENTRAL_VILLAGE]);
    rf_jw_end(w);
    rf_jw_sep(w, "\n    ");
    rf_jw_object(w, "checks", &RF_JW_INLINE);
    rf_sp_checks ck;
    rf_site_progress_check(sp, sums, &ck);
    for (int c = 0; c < RF_SP_CHECK_COUNT; c++)
        if (ck.known[c])
            rf_jw_bool(w, rf_sp_check_id((rf_sp_check)c), ck.holds[c]);
        else
            rf_jw_null(w, rf_sp_check_id((rf_sp_check)c));
    rf_jw_end(w);
    rf_jw_end(w);
}

void rf_report_plan_totals(rf_jw *w, const rf_plan *p)
{
    rf_jw_object(w, "totals", &RF_JW_INLINE);
    rf_jw_yuan(w, "cost_yuan", p->cost_total);
    rf_jw_yuan(w, "pool_yuan", p->pool);
    rf_jw_yuan(w, "pool_spent_yuan", p->pool_spent);
    rf_jw_yuan(w, "surplus_employment_base_yuan", p->surplus_employment_base);
    rf_jw_yuan(w, "surplus_industry_yuan", p->surplus_industry);
    rf_jw_yuan(w, "registered_self_funding_yuan", p->self_funding[RF_CAT_REGISTERED]);
    rf_jw_yuan(w, "synchronous_self_funding_yuan", p->self_funding[RF_CAT_SYNCHRONOUS]);
    rf_jw_yuan(w, "integrated_agri_yuan", p->integrated_agri_total);
    rf_jw_yuan(w, "integrated_agri_budget_yuan", p->integrated_agri_budget);
    rf_jw_yuan(w, "unfunded_yuan", p->unfunded_total);
    rf_jw_yuan(w, "cap_excess_yuan", p->cap_excess_total);
    rf_jw_int(w, "households_over_cap", p->households_over_cap);
    rf_jw_int(w, "households_over_area_cap", p->households_over_area_cap);
    uses_object(w, "cost_by_use_yuan", p->cost, true);
    rf_jw_end(w);
}

static void sources(rf_jw *w, const rf_plan *p)
{
    rf_jw_array(w, "sources", &RF_JW_BLOCK);
    for (size_t f = 0; f < p->n_sources; f++) {
        const rf_plan_source *src = &p->sources[f];
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_string(w, "id", src->policy->id);
        rf_jw_string(w, "category", rf_category_id(src->policy->category));
        rf_jw_yuan(w, "per_person_yuan", src->policy->per_person);
        rf_jw_yuan(w, "entitlement_yuan", src->entitlement);
        rf_jw_yuan(w, "arrived_yuan", src->arrived);
        rf_jw_yuan(w, "allocated_yuan", src->allocated);
        rf_jw_yuan(w, "undrawn_yuan", src->undrawn);
        if (src->has_disbursed)
            rf_jw_yuan(w, "disbursed_yuan", src->disbursed);
        else
            rf_jw_null(w, "disbursed_yuan");
        uses_object(w, "by_use_yuan", src->by_use, false);
        rf_jw_end(w);
    }
    rf_jw_end(w);
}

static void site_classes(rf_jw *w, const rf_plan_site *ps)
{
    rf_jw_array(w, "classes", &CLASSES);
    for (size_t k = 0; k < ps->n_classes; k++) {
        const rf_plan_class *pc = &ps->classes[k];
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_int(w, "size", pc->size);
        rf_jw_int(w, "households", pc->households);
        rf_jw_yuan(w, "dwelling_cost_yuan", pc->dwelling_cost);
        rf_jw_yuan(w, "self_funding_yuan", pc->self_funding);
        rf_jw_yuan(w, "self_funding_per_household_yuan", pc->self_funding_per_household);
        rf_jw_yuan(w, "cap_total_yuan", pc->cap_total);
        rf_jw_yuan(w, "excess_yuan", pc->excess);
        rf_jw_yuan(w, "area_per_household_m2", pc->area_per_household);
        rf_jw_yuan(w, "area_cap_m2", pc->area_cap_per_household);
        rf_jw_bool(w, "compliant", pc->excess == 0 && !pc->over_area_cap);
        rf_jw_end(w);
    }
    rf_jw_end(w);
}

static void site(rf_jw *w, const rf_plan *p, const rf_plan_site *ps)
{
    const rf_site *s = ps->site;
    rf_jw_object(w, NULL, &RF_JW_INLINE);
    rf_jw_string(w, "id", s->id);
    rf_jw_string(w, "name", s->name.zh ? s->name.zh : s->name.en);
    rf_jw_string(w, "type", rf_site_type_id(s->type));
    rf_jw_int(w, "group", (int64_t)ps->group + 1);
    rf_jw_int(w, "registered_households", s->registered_households);
    rf_jw_int(w, "registered_people", s->registered_people);
    rf_jw_int(w, "synchronous_households", s->synchronous_households);
    rf_jw_int(w, "synchronous_people", s->synchronous_people);
    rf_jw_sep(w, "\n     ");
    rf_jw_yuan(w, "cost_yuan", ps->cost_total);
    rf_jw_yuan(w, "unfunded_yuan", ps->unfunded_total);
    rf_jw_yuan(w, "integrated_agri_yuan", ps->integrated_agri_total);
    rf_jw_yuan(w, "surplus_employment_base_yuan", ps->surplus_employment_base);
    rf_jw_yuan(w, "surplus_industry_yuan", ps->surplus_industry);
    rf_jw_yuan(w, "employment_base_need_yuan", ps->employment_base_need);
    rf_jw_yuan(w, "pool_yuan", ps->pool);
    rf_jw_yuan(w, "pool_spent_yuan", ps->pool_spent);
    rf_jw_yuan(w, "pool_entitlement_yuan", ps->pool_entitlement);
    rf_jw_yuan(w, "registered_self_funding_yuan", ps->self_funding[RF_CAT_REGISTERED]);
    rf_jw_yuan(w, "synchronous_self_funding_yuan", ps->self_funding[RF_CAT_SYNCHRONOUS]);
    rf_jw_sep(w, " \n     ");
    uses_object(w, "cost_by_use_yuan", ps->cost, true);
    rf_jw_sep(w, "\n     ");
    uses_object(w, "integrated_agri_by_use_yuan", ps->integrated_agri, true);
    rf_jw_sep(w, "\n     ");
    uses_object(w, "unfunded_by_use_yuan", ps->unfunded, true);
    rf_jw_sep(w, "\n     ");
    rf_jw_object(w, "funding_yuan", &RF_JW_INLINE);
    for (size_t f = 0; f < p->n_sources; f++) {
        rf_jw_object(w, p->sources[f].policy->id, &RF_JW_INLINE);
        for (int u = 0; u < RF_USE_COUNT; u++) {
            rf_fen x = rf_plan_flow(ps, f, (rf_use)u);
            if (x != 0)
                rf_jw_yuan(w, rf_use_id((rf_use)u), x);
        }
        rf_jw_end(w);
    }
    rf_jw_end(w);
    rf_jw_sep(w, "\n     ");
    site_classes(w, ps);
    rf_jw_end(w);
}

static void groups(rf_jw *w, const rf_plan *p)
{
    rf_jw_array(w, "groups", &RF_JW_BLOCK);
    for (size_t g = 0; g < p->n_groups; g++) {
        const rf_plan_group *pg = &p->groups[g];
        rf_jw_object(w, NULL, &RF_JW_INLINE);
        rf_jw_int(w, "group", (int64_t)g + 1);
        rf_jw_int(w, "sites", (int64_t)pg->n_sites);
        rf_jw_array(w, "levels", &RF_JW_INLINE);
        for (size_t l = 0; l < pg->n_levels; l++) {
            double v = pg->levels[l].value;
            rf_jw_object(w, NULL, &RF_JW_INLINE);
            rf_jw_string(w, "level", rf_level_id(pg->levels[l].level));
            /* 万元 to the fen: six decimals, no float noise. */
            rf_jw_rawf(w, "optimum_wan", "%.6f", v < 0 && v > -5e-7 ? 0.0 : v);
            rf_jw_end(w);
        }
        rf_jw_end(w);
        rf_jw_end(w);
    }
    rf_jw_end(w);
}

rf_status rf_report_plan_json(const rf_plan *p, FILE *out)
{
    const rf_scenario *s = p->scenario;
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-plan/1");
    rf_jw_string(&w, "scenario", s->id);
    rf_jw_string(&w, "policy", s->policy->id);
    rf_jw_string(&w, "status", rf_plan_status_id(p->status));
    rf_report_plan_totals(&w, p);
    sources(&w, p);
    rf_jw_array(&w, "sites", &RF_JW_BLOCK);
    for (size_t i = 0; i < p->n_sites; i++)
        site(&w, p, &p->sites[i]);
    rf_jw_end(&w);
    rates(&w, p);
    rf_sums sums;
    rf_sums_compute(s, &sums);
    site_types(&w, &sums);
    stated(&w, s, &sums);
    site_construction(&w, s, &sums);
    groups(&w, p);
    return rf_jw_finish(&w);
}
