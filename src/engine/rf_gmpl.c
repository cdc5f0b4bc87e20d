/* rf_gmpl: writes the data section of models/relocation.mod from a scenario. */
#include "rf_gmpl.h"

#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"

size_t rf_gmpl_group_count(const rf_scenario *s)
{
    if (s->n_sites == 0)
        return 0;
    return s->policy->pooling == RF_POOLING_SITE ? s->n_sites : 1;
}

/* Writes text as a MathProg string literal: single quotes, a quote doubled. */
static void put_symbol(FILE *out, const char *text)
{
    fputc('\'', out);
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            fputc('\'', out);
        fputc(*p, out);
    }
    fputc('\'', out);
}

static int64_t people_of(const rf_site *site, rf_category c)
{
    return c == RF_CAT_REGISTERED ? site->registered_people : site->synchronous_people;
}

/* The part of total that falls to site `target` when total is split over
 * the n sites of s in proportion to the weights, to the fen, by the largest
 * remainder (ties to the smaller site id), as docs/model.md ("Budget
 * groups") states.  All weights zero: every part is 0 (the model has
 * nothing to split by). */
__extension__ typedef unsigned __int128 gmpl_wide;

static rf_fen share_of(rf_fen total, const gmpl_wide *w, size_t n, size_t target,
                       const rf_scenario *s)
{
    gmpl_wide sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    if (sum == 0 || total <= 0)
        return 0;
    /* Floors first; the fen left over go one each to the largest remainders. */
    rf_fen given = 0;
    for (size_t i = 0; i < n; i++)
        given += (rf_fen)((gmpl_wide)total * (gmpl_wide)w[i] / sum);
    rf_fen left = total - given;
    gmpl_wide rem_t = (gmpl_wide)total * (gmpl_wide)w[target] % sum;
    rf_fen floor_t = (rf_fen)((gmpl_wide)total * (gmpl_wide)w[target] / sum);
    if (w[target] == 0)
        return floor_t;
    /* Rank of target among the parts with weight: how many come before it. */
    rf_fen before = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == target || w[i] == 0)
            continue;
        gmpl_wide rem_i = (gmpl_wide)total * (gmpl_wide)w[i] % sum;
        if (rem_i > rem_t || (rem_i == rem_t && strcmp(s->sites[i].id, s->sites[target].id) < 0))
            before++;
    }
    return floor_t + (before < left ? 1 : 0);
}

/* people x area (hundredths of m²) x price (fen per m²) / 100, rounded half
 * up: a dwelling cost in fen, as docs/model.md ("Costs") defines it. */
static gmpl_wide dwelling_cost(int64_t people, int64_t area, gmpl_wide price)
{
    return ((gmpl_wide)people * (gmpl_wide)area * price + 50) / 100;
}

/* What group `group` may spend of source f (or, with f == n_sources, of
 * integrated agricultural funds), in fen. */
static rf_fen group_amount(const rf_scenario *s, size_t group, size_t f, gmpl_wide *w)
{
    const rf_policy *p = s->policy;
    bool agri = f == p->n_sources;
    rf_fen total = agri ? s->integrated_agri_budget : s->sources[f].arrived;
    if (p->pooling != RF_POOLING_SITE || s->n_sites == 1)
        return total; /* one part of a split is the whole */
    for (size_t i = 0; i < s->n_sites; i++) {
        const rf_site *site = &s->sites[i];
        if (!agri) {
            w[i] = (gmpl_wide)people_of(site, p->sources[f].category);
            continue;
        }
        /* Integrated agri: by the site's cost of the uses it may pay,
         * dwellings included. */
        w[i] = 0;
        for (int u = RF_USE_HOUSING; u <= RF_USE_DECORATION; u++) {
            if (!p->agri_permitted[u])
                continue;
            gmpl_wide price = (gmpl_wide)(u == RF_USE_HOUSING ? site->costs.housing_per_m2
                                                              : site->costs.decoration_per_m2);
            for (size_t c = 0; c < site->n_registered; c++)
                w[i] += dwelling_cost(site->registered[c].households * site->registered[c].size,
                                      site->costs.area_per_person, price);
            w[i] += dwelling_cost(site->synchronous_people, site->costs.synchronous_area_per_person,
                                  price);
        }
        if (p->agri_permitted[RF_USE_INFRASTRUCTURE])
            w[i] += (gmpl_wide)site->costs.infrastructure;
        if (p->agri_permitted[RF_USE_PUBLIC_SERVICES])
            w[i] += (gmpl_wide)site->costs.public_services;
        if (p->agri_permitted[RF_USE_LAND])
            w[i] += (gmpl_wide)site->costs.land;
        if (p->agri_permitted[RF_USE_DEMOLITION])
            w[i] += (gmpl_wide)site->costs.demolition_per_household *
                    (gmpl_wide)(site->registered_households + site->synchronous_households);
    }
    return share_of(total, w, s->n_sites, group, s);
}

static void put_site_param(FILE *out, const rf_scenario *s, const size_t *sites, size_t n,
                           const char *name, size_t offset)
{
    fprintf(out, "param %s :=", name);
    for (size_t k = 0; k < n; k++) {
        const rf_site *site = &s->sites[sites[k]];
        int64_t v;
        memcpy(&v, (const char *)site + offset, sizeof v);
        fputs("\n  ", out);
        put_symbol(out, site->id);
        fprintf(out, " %lld", (long long)v);
    }
    fputs(";\n", out);
}

static void put_use_flags(FILE *out, const char *name, const bool *flags)
{
    fprintf(out, "param %s :=", name);
    for (int u = 0; u < RF_USE_COUNT; u++)
        fprintf(out, " %s %d", rf_use_id((rf_use)u), flags[u] ? 1 : 0);
    fputs(";\n", out);
}

rf_status rf_gmpl_write_data(const rf_scenario *s, size_t group, size_t level, const double *fixed,
                             FILE *out, const char *file, rf_error *err)
{
    const rf_policy *p = s->policy;
    size_t n_groups = rf_gmpl_group_count(s);
    if (group >= n_groups)
        return rf_error_set(err, RF_ERR_INPUT, file, 0, 0, NULL,
                            "budget group %zu does not exist; the scenario has %zu", group + 1,
                            n_groups);
    if (level < 1 || level > p->n_levels)
        return rf_error_set(err, RF_ERR_INPUT, file, 0, 0, NULL,
                            "objective level %zu does not exist; the policy lists %zu", level,
                            p->n_levels);
    if (level > 1 && !fixed)
        return rf_error_set(err, RF_ERR_INPUT, file, 0, 0, NULL,
                            "level %zu needs the optima of the %zu levels before it", level,
                            level - 1);

    /* The group's sites: all of them, or the one site of a site group. */
    size_t n = p->pooling == RF_POOLING_SITE ? 1 : s->n_sites;
    size_t *sites = malloc(n * sizeof *sites);
    gmpl_wide *w = malloc(s->n_sites * sizeof *w);
    if (!sites || !w) {
        free(sites);
        free(w);
        return rf_error_set(err, RF_ERR_OUTPUT, file, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < n; k++)
        sites[k] = p->pooling == RF_POOLING_SITE ? group : k;

    fprintf(out,
            "/* relocfund GMPL data: scenario %s, budget group %zu of %zu, level %zu (%s).\n"
            "   Solve: glpsol --math models/relocation.mod --data THIS_FILE */\n"
            "data;\n\n",
            s->id ? s->id : "", group + 1, n_groups, level, rf_level_id(p->levels[level - 1]));

    fputs("set SITES :=", out);
    for (size_t k = 0; k < n; k++) {
        fputs("\n  ", out);
        put_symbol(out, s->sites[sites[k]].id);
    }
    fputs(";\n\nset CLASSES :=", out);
    for (size_t k = 0; k < n; k++) {
        const rf_site *site = &s->sites[sites[k]];
        for (size_t c = 0; c < site->n_registered; c++) {
            fputs("\n  (", out);
            put_symbol(out, site->id);
            fprintf(out, ", %d)", site->registered[c].size);
        }
    }
    fputs(";\n\nparam households :=", out);
    for (size_t k = 0; k < n; k++) {
        const rf_site *site = &s->sites[sites[k]];
        for (size_t c = 0; c < site->n_registered; c++) {
            fputs("\n  ", out);
            put_symbol(out, site->id);
            fprintf(out, " %d %lld", site->registered[c].size,
                    (long long)site->registered[c].households);
        }
    }
    fputs(";\n\n", out);

    static const struct {
        const char *name;
        size_t offset;
    } site_params[] = {
        {"sync_households", offsetof(rf_site, synchronous_households)},
        {"sync_people", offsetof(rf_site, synchronous_people)},
        {"housing_per_m2", offsetof(rf_site, costs.housing_per_m2)},
        {"decoration_per_m2", offsetof(rf_site, costs.decoration_per_m2)},
        {"area_per_person", offsetof(rf_site, costs.area_per_person)},
        {"sync_area_per_person", offsetof(rf_site, costs.synchronous_area_per_person)},
        {"infrastructure", offsetof(rf_site, costs.infrastructure)},
        {"public_services", offsetof(rf_site, costs.public_services)},
        {"land", offsetof(rf_site, costs.land)},
        {"demolition_per_household", offsetof(rf_site, costs.demolition_per_household)},
        {"employment_base_need", offsetof(rf_site, costs.employment_base_need)},
    };
    for (size_t i = 0; i < sizeof site_params / sizeof site_params[0]; i++)
        put_site_param(out, s, sites, n, site_params[i].name, site_params[i].offset);

    fputs("\nset SOURCES :=", out);
    for (size_t f = 0; f < p->n_sources; f++) {
        fputs("\n  ", out);
        put_symbol(out, p->sources[f].id);
    }
    fputs(";\n\nparam: category per_person full loan site_limit arrived :=", out);
    for (size_t f = 0; f < p->n_sources; f++) {
        const rf_policy_source *src = &p->sources[f];
        fputs("\n  ", out);
        put_symbol(out, src->id);
        fprintf(out, " %s %lld %d %d %d %lld", rf_category_id(src->category),
                (long long)src->per_person, src->drawdown == RF_DRAW_FULL ? 1 : 0,
                src->is_loan ? 1 : 0, src->site_limit_per_person ? 1 : 0,
                (long long)group_amount(s, group, f, w));
    }
    fputs(";\n\nparam permitted :", out);
    for (int u = 0; u < RF_USE_COUNT; u++)
        fprintf(out, " %s", rf_use_id((rf_use)u));
    fputs(" :=", out);
    for (size_t f = 0; f < p->n_sources; f++) {
        fputs("\n  ", out);
        put_symbol(out, p->sources[f].id);
        for (int u = 0; u < RF_USE_COUNT; u++)
            fprintf(out, " %d", p->sources[f].permitted[u] ? 1 : 0);
    }
    fputs(";\n\n", out);

    put_use_flags(out, "self_uses", p->self_funding_uses);
    put_use_flags(out, "agri_uses", p->agri_permitted);
    fprintf(out, "param agri_budget := %lld;\n",
            (long long)group_amount(s, group, p->n_sources, w));
    fprintf(out, "param cap_per_household := %lld;\n", (long long)p->self_funding_cap);
    fprintf(out, "param area_cap_per_person := %lld;\n", (long long)p->area_cap_per_person);
    fprintf(out, "param area_cap_one_person := %lld;\n\n",
            (long long)p->area_cap_one_person_household);

    fprintf(out, "param n_levels := %zu;\nparam level_id :=", p->n_levels);
    for (size_t k = 0; k < p->n_levels; k++)
        fprintf(out, " %zu %s", k + 1, rf_level_id(p->levels[k]));
    fprintf(out, ";\nparam level := %zu;\nparam tolerance := %.17g;\n", level, p->level_tolerance);
    if (level > 1) {
        fputs("param fixed :=", out);
        for (size_t k = 0; k + 1 < level; k++)
            fprintf(out, " %zu %.17g", k + 1, fixed[k]);
        fputs(";\n", out);
    }
    fputs("\nend;\n", out);
    free(sites);
    free(w);
    if (ferror(out))
        return rf_error_set(err, RF_ERR_OUTPUT, file, 0, 0, NULL, "could not write the data");
    return RF_OK;
}
