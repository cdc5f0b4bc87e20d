/* rf_parameters: the parameters of a scenario a planner moves, with their ranges. */
#include "rf_parameters.h"

#include "rf_jw.h"
#include "rf_names.h"

typedef enum { UNIT_YUAN, UNIT_YUAN_PER_M2, UNIT_M2 } unit;

static const char *unit_id(unit u)
{
    return u == UNIT_YUAN ? "yuan" : u == UNIT_YUAN_PER_M2 ? "yuan_per_m2" : "m2";
}

/* A value in hundredths (fen, or 1/100 m²) as the number a file writes. */
static void write_hundredths(rf_jw *w, const char *key, int64_t v)
{
    if (v % 100 == 0)
        rf_jw_rawf(w, key, "%lld", (long long)(v / 100));
    else if (v % 10 == 0)
        rf_jw_rawf(w, key, "%lld.%lld", (long long)(v / 100), (long long)(v % 100 / 10));
    else
        rf_jw_rawf(w, key, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
}

/* A step that gives about 200 positions over [0, max], rounded down to 1,
 * 2 or 5 times a power of ten, in hundredths (at least `least`). */
static int64_t nice_step(int64_t max, int64_t least)
{
    int64_t raw = max / 200, step = least;
    while (step * 10 <= raw)
        step *= 10;
    if (step * 5 <= raw)
        return step * 5;
    if (step * 2 <= raw)
        return step * 2;
    return step;
}

/* One parameter: its path, labels, unit, base value and range, all in
 * hundredths of the unit.  The range runs from 0 (areas: from 1 m²) to
 * twice the value (at least `floor_max`). */
static void write_parameter(rf_jw *w, const char *group, const char *path, const char *zh,
                            const char *en, unit u, int64_t value, int64_t floor_max)
{
    int64_t max = value * 2 > floor_max ? value * 2 : floor_max;
    int64_t least = u == UNIT_M2 ? 50 : 100; /* 0.5 m², 1 yuan */
    int64_t step = nice_step(max, least);
    max = (max + step - 1) / step * step;
    rf_jw_object(w, NULL, &RF_JW_INLINE);
    rf_jw_string(w, "group", group);
    rf_jw_string(w, "path", path);
    rf_jw_object(w, "label", &RF_JW_INLINE);
    rf_jw_string(w, "zh", zh);
    rf_jw_string(w, "en", en);
    rf_jw_end(w);
    rf_jw_string(w, "unit", unit_id(u));
    write_hundredths(w, "value", value);
    write_hundredths(w, "min", u == UNIT_M2 ? 100 : 0);
    write_hundredths(w, "max", max);
    write_hundredths(w, "step", step);
    rf_jw_end(w);
}

rf_status rf_parameters_write(const rf_scenario *s, const char *file, FILE *out)
{
    const rf_policy *pol = s->policy;
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-parameters/1");
    rf_jw_string(&w, "scenario", s->id);
    rf_jw_object(&w, "name", &RF_JW_INLINE);
    rf_jw_string(&w, "zh", rf_label_pick(&s->name, s->id, true));
    rf_jw_string(&w, "en", rf_label_pick(&s->name, s->id, false));
    rf_jw_end(&w);
    rf_jw_string(&w, "file", file);
    rf_jw_array(&w, "parameters", &RF_JW_BLOCK);
    char path[512], zh[512], en[512];
    for (size_t f = 0; f < s->n_sources; f++) {
        const rf_policy_source *ps = &pol->sources[f];
        snprintf(path, sizeof path, "sources.%s.arrived", s->sources[f].id);
        snprintf(zh, sizeof zh, "%s 到位资金", rf_label_pick(&ps->name, ps->id, true));
        snprintf(en, sizeof en, "%s arrived", rf_label_pick(&ps->name, ps->id, false));
        write_parameter(&w, "sources", path, zh, en, UNIT_YUAN, s->sources[f].arrived, 1000000);
    }
    write_parameter(&w, "county", "integrated_agri.budget", "整合涉农资金预算",
                    "Integrated agri budget", UNIT_YUAN, s->integrated_agri_budget, 1000000);
    write_parameter(&w, "county", "policy.self_funding.cap_per_household", "自筹上限(每户)",
                    "Self-funding cap per household", UNIT_YUAN, pol->self_funding_cap, 2000000);
    for (size_t k = 0; k < s->n_sites; k++) {
        const rf_site *site = &s->sites[k];
        const char *nzh = rf_label_pick(&site->name, site->id, true);
        const char *nen = rf_label_pick(&site->name, site->id, false);
        snprintf(path, sizeof path, "%s.costs.housing_per_m2", site->path);
        snprintf(zh, sizeof zh, "%s 建房单价", nzh);
        snprintf(en, sizeof en, "%s housing cost", nen);
        write_parameter(&w, "sites", path, zh, en, UNIT_YUAN_PER_M2, site->costs.housing_per_m2,
                        400000);
        snprintf(path, sizeof path, "%s.costs.area_per_person_m2", site->path);
        snprintf(zh, sizeof zh, "%s 人均面积", nzh);
        snprintf(en, sizeof en, "%s area per person", nen);
        write_parameter(&w, "sites", path, zh, en, UNIT_M2, site->costs.area_per_person, 5000);
    }
    rf_jw_end(&w);
    return rf_jw_finish(&w);
}
