/* rf_report_json: the plan as JSON, an interface documented in docs/report-json.md. */
#include "rf_report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"

/* Writes s as a JSON string: quotes, backslashes and control characters
 * escaped; other UTF-8 passes through. */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* A key and a money value in yuan with at most two decimals. */
static void money(FILE *out, const char *key, rf_fen v, bool comma)
{
    char buf[40];
    fprintf(out, "\"%s\": %s%s", key, rf_fen_yuan(buf, v, false), comma ? ", " : "");
}

static void uses_object(FILE *out, const char *key, const rf_fen *by_use, bool costs_only)
{
    fprintf(out, "\"%s\": {", key);
    bool first = true;
    for (int u = 0; u < RF_USE_COUNT; u++) {
        if (costs_only && !rf_use_is_cost((rf_use)u))
            continue;
        char buf[40];
        fprintf(out, "%s\"%s\": %s", first ? "" : ", ", rf_use_id((rf_use)u),
                rf_fen_yuan(buf, by_use[u], false));
        first = false;
    }
    fputc('}', out);
}

static void rates(FILE *out, const rf_plan *p)
{
    fputs("  \"rates\": {", out);
    bool first = true;
    for (int k = 0; k < RF_RATE_COUNT; k++) {
        const rf_rate *r = &p->rates[k];
        if (!r->stated && (!r->known || rf_rate_is_detail(r->kind)))
            continue;
        fprintf(out, "%s\n    \"%s\": {", first ? "" : ",", rf_rate_id(r->kind));
        first = false;
        if (r->known) {
            char pct[40];
            fprintf(out, "\"numerator\": %" PRId64 ", \"denominator\": %" PRId64
                         ", \"percent\": \"%s\"",
                    r->num, r->den, rf_percent(pct, r->num, r->den, 1));
        } else {
            fputs("\"numerator\": null, \"denominator\": null, \"percent\": null", out);
        }
        fputs(", \"stated\": ", out);
        if (r->stated) {
            json_string(out, r->stated);
            fprintf(out, ", \"stated_matches\": %s", r->stated_matches ? "true" : "false");
        } else {
            fputs("null, \"stated_matches\": null", out);
        }
        fputc('}', out);
    }
    fputs("\n  },\n", out);
}

/* A count, or null when it is not known (-1). */
static void count_or_null(FILE *out, const char *key, int64_t v, const char *sep)
{
    if (v < 0)
        fprintf(out, "\"%s\": null%s", key, sep);
    else
        fprintf(out, "\"%s\": %" PRId64 "%s", key, v, sep);
}

static void site_types(FILE *out, const rf_sums *sums)
{
    fputs("  \"site_types\": [", out);
    const int64_t all = sums->people[RF_CAT_BOTH][RF_WHERE_ALL];
    for (int k = 0; k < RF_SITE_TYPE_COUNT; k++) {
        rf_where w = rf_where_of_type((rf_site_type)k);
        char pct[40], area[40];
        fprintf(out, "%s\n    {\"type\": \"%s\", ", k ? "," : "", rf_site_type_id((rf_site_type)k));
        count_or_null(out, "sites", w == RF_WHERE_DISPERSED ? -1 : sums->sites[w], ", ");
        fprintf(out,
                "\"registered_households\": %" PRId64 ", \"registered_people\": %" PRId64
                ", \"synchronous_households\": %" PRId64 ", \"synchronous_people\": %" PRId64
                ", \"households\": %" PRId64 ", \"people\": %" PRId64
                ", \"percent_of_people\": \"%s\", \"housing_area_m2\": %s}",
                sums->households[RF_CAT_REGISTERED][w], sums->people[RF_CAT_REGISTERED][w],
                sums->households[RF_CAT_SYNCHRONOUS][w], sums->people[RF_CAT_SYNCHRONOUS][w],
                sums->households[RF_CAT_BOTH][w], sums->people[RF_CAT_BOTH][w],
                rf_percent(pct, sums->people[RF_CAT_BOTH][w], all, 2),
                rf_fen_yuan(area, sums->area[RF_CAT_BOTH][w], false));
    }
    fputs("\n  ],\n", out);
}

/* A stated total's value in the unit its name says: yuan, m² or a count. */
static void total_value(FILE *out, rf_total k, int64_t v)
{
    char buf[40];
    if (k.kind == RF_TOTAL_ARRIVED || k.kind == RF_TOTAL_HOUSING_AREA)
        fputs(rf_fen_yuan(buf, v, false), out);
    else
        fprintf(out, "%" PRId64, v);
}

static void stated(FILE *out, const rf_scenario *s, const rf_sums *sums)
{
    size_t n = s->n_stated_totals + s->n_stated_averages;
    rf_stated_figure *figs = calloc(n ? n : 1, sizeof *figs);
    n = figs ? rf_stated_figures(s, sums, figs) : 0;
    for (int pass = 0; pass < 2; pass++) {
        fputs(pass ? "  \"stated_averages\": {" : "  \"stated_totals\": {", out);
        bool first = true;
        for (size_t i = 0; i < n; i++) {
            const rf_stated_figure *f = &figs[i];
            if (f->average != (pass == 1))
                continue;
            char buf[40];
            fprintf(out, "%s\n    ", first ? "" : ",");
            json_string(out, f->name);
            fputs(": {\"stated\": ", out);
            if (f->average) {
                json_string(out, f->text);
                fprintf(out, ", \"housing_area_m2\": %s, \"people\": %" PRId64,
                        rf_fen_yuan(buf, f->area, false), f->people);
            } else {
                total_value(out, f->total, f->stated);
                fputs(", \"computed\": ", out);
                total_value(out, f->total, f->computed);
            }
            fprintf(out, ", \"matches\": %s}", f->matches ? "true" : "false");
            first = false;
        }
        fputs(first ? "},\n" : "\n  },\n", out);
    }
    free(figs);
}

static void site_construction(FILE *out, const rf_scenario *s, const rf_sums *sums)
{
    const rf_site_progress *sp = &s->site_progress;
    fputs("  \"site_construction\": ", out);
    if (!sp->present) {
        fputs("null,\n", out);
        return;
    }
    fputs("{\"scope\": ", out);
    if (sp->scope)
        json_string(out, sp->scope);
    else
        fputs("null", out);
    fputs(", ", out);
    count_or_null(out, "planned", sp->planned, ", ");
    count_or_null(out, "cancelled", sp->cancelled, ", ");
    count_or_null(out, "built", sp->built, ", ");
    count_or_null(out, "urban_park", sp->by_type[0], ", ");
    count_or_null(out, "township", sp->by_type[1], ", ");
    count_or_null(out, "central_village", sp->by_type[2], ", ");
    count_or_null(out, "completed", sp->completed, ", ");
    count_or_null(out, "under_construction", sp->under_construction, ", ");
    fputs("\"stated_completion_rate\": ", out);
    if (sp->stated_completion_rate)
        json_string(out, sp->stated_completion_rate);
    else
        fputs("null", out);
    fprintf(out,
            ",\n    \"scenario_sites\": {\"centralized\": %" PRId64 ", \"urban_park\": %" PRId64
            ", \"township\": %" PRId64 ", \"central_village\": %" PRId64 "},\n    \"checks\": {",
            sums->sites[RF_WHERE_CENTRALIZED], sums->sites[RF_WHERE_URBAN_PARK],
            sums->sites[RF_WHERE_TOWNSHIP], sums->sites[RF_WHERE_CENTRAL_VILLAGE]);
    rf_sp_checks ck;
    rf_site_progress_check(sp, sums, &ck);
    for (int c = 0; c < RF_SP_CHECK_COUNT; c++)
        fprintf(out, "%s\"%s\": %s", c ? ", " : "", rf_sp_check_id((rf_sp_check)c),
                !ck.known[c]  ? "null"
                : ck.holds[c] ? "true"
                              : "false");
    fputs("}},\n", out);
}

rf_status rf_report_plan_json(const rf_plan *p, FILE *out)
{
    const rf_scenario *s = p->scenario;
    fputs("{\n  \"format\": \"relocfund-plan/1\",\n  \"scenario\": ", out);
    json_string(out, s->id);
    fputs(",\n  \"policy\": ", out);
    json_string(out, s->policy->id);
    fprintf(out, ",\n  \"status\": \"%s\",\n  \"totals\": {", rf_plan_status_id(p->status));
    money(out, "cost_yuan", p->cost_total, true);
    money(out, "pool_yuan", p->pool, true);
    money(out, "pool_spent_yuan", p->pool_spent, true);
    money(out, "surplus_employment_base_yuan", p->surplus_employment_base, true);
    money(out, "surplus_industry_yuan", p->surplus_industry, true);
    money(out, "registered_self_funding_yuan", p->self_funding[RF_CAT_REGISTERED], true);
    money(out, "synchronous_self_funding_yuan", p->self_funding[RF_CAT_SYNCHRONOUS], true);
    money(out, "integrated_agri_yuan", p->integrated_agri_total, true);
    money(out, "integrated_agri_budget_yuan", p->integrated_agri_budget, true);
    money(out, "unfunded_yuan", p->unfunded_total, true);
    money(out, "cap_excess_yuan", p->cap_excess_total, true);
    fprintf(out, "\"households_over_cap\": %" PRId64 ", \"households_over_area_cap\": %" PRId64,
            p->households_over_cap, p->households_over_area_cap);
    fputs(", ", out);
    uses_object(out, "cost_by_use_yuan", p->cost, true);
    fputs("},\n  \"sources\": [", out);
    for (size_t f = 0; f < p->n_sources; f++) {
        const rf_plan_source *src = &p->sources[f];
        fprintf(out, "%s\n    {\"id\": ", f ? "," : "");
        json_string(out, src->policy->id);
        fprintf(out, ", \"category\": \"%s\", ", rf_category_id(src->policy->category));
        money(out, "per_person_yuan", src->policy->per_person, true);
        money(out, "entitlement_yuan", src->entitlement, true);
        money(out, "arrived_yuan", src->arrived, true);
        money(out, "allocated_yuan", src->allocated, true);
        money(out, "undrawn_yuan", src->undrawn, true);
        if (src->has_disbursed)
            money(out, "disbursed_yuan", src->disbursed, true);
        else
            fputs("\"disbursed_yuan\": null, ", out);
        uses_object(out, "by_use_yuan", src->by_use, false);
        fputc('}', out);
    }
    fputs("\n  ],\n  \"sites\": [", out);
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        fprintf(out, "%s\n    {\"id\": ", i ? "," : "");
        json_string(out, ps->site->id);
        fputs(", \"name\": ", out);
        json_string(out, ps->site->name.zh ? ps->site->name.zh : ps->site->name.en);
        fprintf(out, ", \"type\": \"%s\", \"group\": %zu, ", rf_site_type_id(ps->site->type),
                ps->group + 1);
        fprintf(out,
                "\"registered_households\": %" PRId64 ", \"registered_people\": %" PRId64
                ", \"synchronous_households\": %" PRId64 ", \"synchronous_people\": %" PRId64
                ",\n     ",
                ps->site->registered_households, ps->site->registered_people,
                ps->site->synchronous_households, ps->site->synchronous_people);
        money(out, "cost_yuan", ps->cost_total, true);
        money(out, "unfunded_yuan", ps->unfunded_total, true);
        money(out, "integrated_agri_yuan", ps->integrated_agri_total, true);
        money(out, "surplus_employment_base_yuan", ps->surplus_employment_base, true);
        money(out, "surplus_industry_yuan", ps->surplus_industry, true);
        money(out, "employment_base_need_yuan", ps->employment_base_need, true);
        money(out, "pool_yuan", ps->pool, true);
        money(out, "pool_spent_yuan", ps->pool_spent, true);
        money(out, "pool_entitlement_yuan", ps->pool_entitlement, true);
        money(out, "registered_self_funding_yuan", ps->self_funding[RF_CAT_REGISTERED], true);
        money(out, "synchronous_self_funding_yuan", ps->self_funding[RF_CAT_SYNCHRONOUS], true);
        fputs("\n     ", out);
        uses_object(out, "cost_by_use_yuan", ps->cost, true);
        fputs(",\n     ", out);
        uses_object(out, "integrated_agri_by_use_yuan", ps->integrated_agri, true);
        fputs(",\n     ", out);
        uses_object(out, "unfunded_by_use_yuan", ps->unfunded, true);
        fputs(",\n     \"funding_yuan\": {", out);
        for (size_t f = 0; f < p->n_sources; f++) {
            fprintf(out, "%s\"%s\": {", f ? ", " : "", p->sources[f].policy->id);
            bool first = true;
            for (int u = 0; u < RF_USE_COUNT; u++) {
                rf_fen x = rf_plan_flow(ps, f, (rf_use)u);
                if (x == 0)
                    continue;
                char buf[40];
                fprintf(out, "%s\"%s\": %s", first ? "" : ", ", rf_use_id((rf_use)u),
                        rf_fen_yuan(buf, x, false));
                first = false;
            }
            fputc('}', out);
        }
        fputs("},\n     \"classes\": [", out);
        for (size_t k = 0; k < ps->n_classes; k++) {
            const rf_plan_class *pc = &ps->classes[k];
            char a1[40], a2[40];
            fprintf(out, "%s\n       {\"size\": %d, \"households\": %" PRId64 ", ", k ? "," : "",
                    pc->size, pc->households);
            money(out, "dwelling_cost_yuan", pc->dwelling_cost, true);
            money(out, "self_funding_yuan", pc->self_funding, true);
            money(out, "self_funding_per_household_yuan", pc->self_funding_per_household, true);
            money(out, "cap_total_yuan", pc->cap_total, true);
            money(out, "excess_yuan", pc->excess, true);
            fprintf(out, "\"area_per_household_m2\": %s, \"area_cap_m2\": %s, \"compliant\": %s}",
                    rf_fen_yuan(a1, pc->area_per_household, false),
                    rf_fen_yuan(a2, pc->area_cap_per_household, false),
                    pc->excess == 0 && !pc->over_area_cap ? "true" : "false");
        }
        fputs(ps->n_classes ? "\n     ]}" : "]}", out);
    }
    fputs("\n  ],\n", out);
    rates(out, p);
    rf_sums sums;
    rf_sums_compute(s, &sums);
    site_types(out, &sums);
    stated(out, s, &sums);
    site_construction(out, s, &sums);
    fputs("  \"groups\": [", out);
    for (size_t g = 0; g < p->n_groups; g++) {
        const rf_plan_group *pg = &p->groups[g];
        fprintf(out, "%s\n    {\"group\": %zu, \"sites\": %zu, \"levels\": [", g ? "," : "", g + 1,
                pg->n_sites);
        for (size_t l = 0; l < pg->n_levels; l++) {
            double v = pg->levels[l].value;
            /* 万元 to the fen: six decimals, no float noise. */
            fprintf(out, "%s{\"level\": \"%s\", \"optimum_wan\": %.6f}", l ? ", " : "",
                    rf_level_id(pg->levels[l].level), v < 0 && v > -5e-7 ? 0.0 : v);
        }
        fputs("]}", out);
    }
    fputs("\n  ]\n}\n", out);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
