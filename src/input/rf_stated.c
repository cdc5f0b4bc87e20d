/* rf_stated: the figures a scenario states (progress, assert, site_progress,
 * follow_up), read and checked against what its sites give. */
#include "rf_stated.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"
#include "rf_rates.h"
#include "rf_scenario.h"

/* A diagnostic at node whose arguments differ by language (the names of
 * figures), as RF_MSG_BOTH. */
#define DIAG_BOTH(r, sev, node, path, fmt, EN, ZH)                                                 \
    do {                                                                                           \
        char en_[1024], zh_[1536];                                                                 \
        RF_MSG_BOTH(en_, sizeof en_, zh_, sizeof zh_, fmt, EN, ZH);                                \
        rf_read_diag_text(r, sev, node, false, path, en_, zh_);                                    \
    } while (0)

/* ---- progress ---- */

typedef struct {
    const char *key;
    size_t offset;
    bool registered_only;
} progress_field;

static const progress_field PROGRESS_FIELDS[] = {
    {"planned_houses", offsetof(rf_progress, planned_households), false},
    {"completed_houses", offsetof(rf_progress, completed_households), false},
    {"moved_in_households", offsetof(rf_progress, moved_in_households), false},
    {"moved_in_people", offsetof(rf_progress, moved_in_people), false},
    {"demolition_agreements", offsetof(rf_progress, demolition_agreements), true},
    {"removed_households", offsetof(rf_progress, removed_households), true},
    {"demolished", offsetof(rf_progress, demolished), true},
};
#define N_PROGRESS_FIELDS (sizeof PROGRESS_FIELDS / sizeof PROGRESS_FIELDS[0])

static bool read_progress(const rf_stated_ctx *L, const cJSON *root, rf_scenario *s)
{
    for (int c = 0; c < RF_CAT_COUNT; c++)
        for (size_t i = 0; i < N_PROGRESS_FIELDS; i++)
            *(int64_t *)((char *)&s->progress[c] + PROGRESS_FIELDS[i].offset) = -1;
    s->sites_completed = -1;
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "progress");
    if (!obj || cJSON_IsNull(obj))
        return true;
    if (!rf_read_expect_object(L->r, obj, "progress"))
        return false;
    static const char *const known[] = {"registered", "synchronous", "sites_completed", NULL};
    rf_read_check_keys(L->r, obj, "progress", known);
    bool ok = true;
    for (int c = 0; c < RF_CAT_COUNT; c++) {
        char p[64];
        rf_json_path_join(p, sizeof p, "progress", rf_category_id((rf_category)c), 0);
        const cJSON *cat = cJSON_GetObjectItemCaseSensitive(obj, rf_category_id((rf_category)c));
        if (!cat || cJSON_IsNull(cat))
            continue;
        if (!rf_read_expect_object(L->r, cat, p)) {
            ok = false;
            continue;
        }
        const char *k2[N_PROGRESS_FIELDS + 1];
        size_t nk = 0;
        for (size_t i = 0; i < N_PROGRESS_FIELDS; i++)
            if (c == RF_CAT_REGISTERED || !PROGRESS_FIELDS[i].registered_only)
                k2[nk++] = PROGRESS_FIELDS[i].key;
        k2[nk] = NULL;
        rf_read_check_keys(L->r, cat, p, k2);
        s->has_progress[c] = true;
        for (size_t i = 0; k2[i]; i++) {
            int64_t v;
            rf_read_result res = rf_read_count(L->r, cat, k2[i], p, false, true, &v);
            if (res == RF_READ_OK)
                *(int64_t *)((char *)&s->progress[c] + PROGRESS_FIELDS[i].offset) = v;
            ok &= res != RF_READ_BAD;
        }
    }
    rf_read_result res =
        rf_read_count(L->r, obj, "sites_completed", "progress", false, true, &s->sites_completed);
    ok &= res != RF_READ_BAD;
    return ok;
}

/* Warns about progress figures that contradict each other or the sites. */
static void check_progress(const rf_stated_ctx *L, const cJSON *root, const rf_scenario *s,
                           const rf_sums *t)
{
    const cJSON *obj = rf_read_member(root, "progress");
    for (int c = 0; c < RF_CAT_COUNT && L->compare; c++) {
        if (!s->has_progress[c])
            continue;
        const rf_progress *pr = &s->progress[c];
        const char *cat = rf_category_id((rf_category)c);
        const cJSON *node = rf_read_member(obj, cat);
        char p[128];
        int64_t hh = t->households[c][RF_WHERE_ALL];
        int64_t people = t->people[c][RF_WHERE_ALL];
        if (pr->completed_households >= 0 && pr->planned_households >= 0 &&
            pr->completed_households > pr->planned_households) {
            snprintf(p, sizeof p, "progress.%s.completed_houses", cat);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(node, "completed_houses"), false, p,
                         "%lld completed houses is more than the %lld planned",
                         (long long)pr->completed_households, (long long)pr->planned_households);
        }
        if (pr->moved_in_households >= 0 && pr->completed_households >= 0 &&
            pr->moved_in_households > pr->completed_households) {
            snprintf(p, sizeof p, "progress.%s.moved_in_households", cat);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(node, "moved_in_households"), false,
                         p, "%lld households moved in, more than the %lld completed houses",
                         (long long)pr->moved_in_households, (long long)pr->completed_households);
        }
        if (pr->moved_in_people >= 0 && pr->moved_in_households >= 0) {
            snprintf(p, sizeof p, "progress.%s.moved_in_people", cat);
            const cJSON *mp = rf_read_member(node, "moved_in_people");
            if (pr->moved_in_households == hh && pr->moved_in_people != people)
                rf_read_diag(L->r, RF_SEV_WARNING, mp, false, p,
                             "stated %lld people moved in, but all %lld implemented households "
                             "moved in and the sites give them %lld people",
                             (long long)pr->moved_in_people, (long long)hh, (long long)people);
            else if (pr->moved_in_people > people)
                rf_read_diag(L->r, RF_SEV_WARNING, mp, false, p,
                             "stated %lld people moved in, more than the %lld implemented people "
                             "of the sites",
                             (long long)pr->moved_in_people, (long long)people);
            else if (pr->moved_in_people < pr->moved_in_households)
                rf_read_diag(L->r, RF_SEV_WARNING, mp, false, p,
                             "stated %lld people moved in, fewer than the %lld households",
                             (long long)pr->moved_in_people, (long long)pr->moved_in_households);
        }
        if (c != RF_CAT_REGISTERED)
            continue;
        if (pr->demolished >= 0 && pr->demolition_agreements >= 0 &&
            pr->demolished > pr->demolition_agreements) {
            snprintf(p, sizeof p, "progress.%s.demolished", cat);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(node, "demolished"), false, p,
                         "%lld old houses demolished, more than the %lld demolition agreements",
                         (long long)pr->demolished, (long long)pr->demolition_agreements);
        }
        if (pr->demolition_agreements >= 0 && pr->removed_households >= 0 &&
            pr->demolition_agreements + pr->removed_households != hh) {
            snprintf(p, sizeof p, "progress.%s.demolition_agreements", cat);
            rf_read_diag(
                L->r, RF_SEV_WARNING, rf_read_member(node, "demolition_agreements"), false, p,
                "%lld agreements + %lld removed households = %lld, but the sites hold "
                "%lld registered households (each signs an agreement unless removed)",
                (long long)pr->demolition_agreements, (long long)pr->removed_households,
                (long long)(pr->demolition_agreements + pr->removed_households), (long long)hh);
        }
    }
    if (L->compare && s->sites_completed > t->sites[RF_WHERE_CENTRALIZED])
        rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(obj, "sites_completed"), false,
                     "progress.sites_completed",
                     "%lld sites completed, more than the %lld centralized sites",
                     (long long)s->sites_completed, (long long)t->sites[RF_WHERE_CENTRALIZED]);
}

/* ---- assert ---- */

/* Whether a stated figure read at node should be compared as a warning
 * rather than an error: under --set the file's own stated figures describe
 * the scenario before the change, while a figure stated by --set itself is
 * still a ledger assertion. */
static bool soft_after_set(const rf_stated_ctx *L, const cJSON *node)
{
    const rf_json_loc *loc = rf_json_loc_of(L->r->ctx, node);
    bool from_set = loc && loc->file && strcmp(loc->file, "--set") == 0;
    return L->changed && !from_set;
}

/* Reads assert.totals into s and checks each against the sums: a mismatch
 * is an error (a ledger assertion), or a warning when --set changed the
 * scenario. */
static bool check_totals(const rf_stated_ctx *L, const cJSON *obj, rf_scenario *s, const rf_sums *t)
{
    if (!rf_read_expect_object(L->r, obj, "assert.totals"))
        return obj == NULL;
    size_t n = (size_t)cJSON_GetArraySize(obj);
    s->stated_totals = calloc(n ? n : 1, sizeof *s->stated_totals);
    if (!s->stated_totals)
        return false;
    bool ok = true;
    for (const cJSON *c = obj->child; c; c = c->next) {
        char p[512];
        rf_json_path_join(p, sizeof p, "assert.totals", c->string, 0);
        rf_total k;
        if (!rf_total_parse(c->string, &k)) {
            rf_read_diag(L->r, RF_SEV_ERROR, c, true, p,
                         "unknown total \"%s\"; see docs/scenario-format.md for the names",
                         c->string);
            ok = false;
            continue;
        }
        if (cJSON_IsNull(c))
            continue;
        int64_t stated;
        bool read = k.kind == RF_TOTAL_ARRIVED        ? rf_read_money_value(L->r, c, p, &stated)
                    : k.kind == RF_TOTAL_HOUSING_AREA ? rf_read_area_value(L->r, c, p, &stated)
                                                      : rf_read_count_value(L->r, c, p, &stated);
        if (!read) {
            ok = false;
            continue;
        }
        rf_stated_total *st = &s->stated_totals[s->n_stated_totals++];
        st->name = rf_read_strdup(c->string);
        st->value = stated;
        int64_t computed = rf_total_value(t, k);
        if (stated == computed || !L->compare)
            continue;
        bool soft = soft_after_set(L, c);
        rf_severity sev = soft ? RF_SEV_WARNING : RF_SEV_ERROR;
        const char *why = soft ? " (after --set)" : "";
        char what[160], what_zh[160], a[40], b[40];
        rf_total_describe(what, sizeof what, k, false);
        rf_total_describe(what_zh, sizeof what_zh, k, true);
        if (k.kind == RF_TOTAL_ARRIVED)
            DIAG_BOTH(L->r, sev, c, p, "stated %s yuan, but the file gives %s yuan %s%s",
                      (rf_fen_yuan(a, stated, false), rf_fen_yuan(b, computed, false), what, why),
                      (a, b, what_zh, why));
        else if (k.kind == RF_TOTAL_HOUSING_AREA)
            DIAG_BOTH(L->r, sev, c, p, "stated %s m², but the file gives %s %s%s",
                      (rf_fen_yuan(a, stated, true), rf_fen_yuan(b, computed, true), what, why),
                      (a, b, what_zh, why));
        else
            DIAG_BOTH(L->r, sev, c, p, "stated %lld, but the file gives %lld %s%s",
                      ((long long)stated, (long long)computed, what, why),
                      ((long long)stated, (long long)computed, what_zh, why));
        if (!soft)
            ok = false;
    }
    return ok;
}

/* Checks that text is a percentage like "79%" or "98.9%"; error if not. */
static bool valid_percent(const rf_stated_ctx *L, const cJSON *node, const char *path)
{
    bool valid = false;
    if (cJSON_IsString(node))
        rf_rate_text_matches(node->valuestring, 0, 1, &valid);
    if (!valid)
        rf_read_diag(L->r, RF_SEV_ERROR, node, false, path,
                     "must be a percentage such as \"79%%\" or \"98.9%%\" (or null); found %s",
                     cJSON_IsString(node) ? "another string" : rf_read_kind(node));
    return valid;
}

/* Warns when a stated percentage disagrees with num/den (money in fen when
 * money, shown in 万元 with the unit; else counts); formula names the
 * division in English, formula_zh in Chinese. */
static void compare_rate(const rf_stated_ctx *L, const cJSON *node, const char *path,
                         const char *stated, const char *formula, const char *formula_zh,
                         int64_t num, int64_t den, bool money)
{
    bool valid;
    if (rf_rate_text_matches(stated, num, den, &valid) || !valid)
        return;
    char pct[40], a[40], b[40];
    rf_percent(pct, num, den, rf_decimal_text_decimals(stated) + 1);
    if (money)
        DIAG_BOTH(L->r, RF_SEV_WARNING, node, path, "stated %s, but %s = %s 万元 / %s 万元 = %s",
                  (stated, formula, rf_fen_wan(a, num, true), rf_fen_wan(b, den, true), pct),
                  (stated, formula_zh, a, b, pct));
    else
        DIAG_BOTH(L->r, RF_SEV_WARNING, node, path, "stated %s, but %s = %s/%s = %s",
                  (stated, formula, rf_count_text(a, num, true), rf_count_text(b, den, true), pct),
                  (stated, formula_zh, a, b, pct));
}

/* Reads assert.rates into the scenario's stated rates. */
static bool read_rates(const rf_stated_ctx *L, const cJSON *obj, rf_scenario *s)
{
    if (!rf_read_expect_object(L->r, obj, "assert.rates"))
        return obj == NULL;
    size_t n = (size_t)cJSON_GetArraySize(obj);
    s->stated_rate_names = calloc(n ? n : 1, sizeof *s->stated_rate_names);
    s->stated_rate_values = calloc(n ? n : 1, sizeof *s->stated_rate_values);
    if (!s->stated_rate_names || !s->stated_rate_values)
        return false;
    bool ok = true;
    for (const cJSON *c = obj->child; c; c = c->next) {
        char p[512];
        rf_json_path_join(p, sizeof p, "assert.rates", c->string, 0);
        rf_rate_kind k;
        if (!rf_rate_parse(c->string, &k)) {
            char list[1600];
            size_t m = 0;
            list[0] = '\0';
            for (int i = 0; i < RF_RATE_COUNT && m < sizeof list; i++)
                m += (size_t)snprintf(list + m, sizeof list - m, "%s%s", i ? ", " : "",
                                      rf_rate_id((rf_rate_kind)i));
            rf_read_diag(L->r, RF_SEV_ERROR, c, true, p, "unknown rate \"%s\"; expected one of: %s",
                         c->string, list);
            ok = false;
            continue;
        }
        if (cJSON_IsNull(c))
            continue;
        if (!valid_percent(L, c, p)) {
            ok = false;
            continue;
        }
        s->stated_rate_names[s->n_stated_rates] = rf_read_strdup(c->string);
        s->stated_rate_values[s->n_stated_rates] = rf_read_strdup(c->valuestring);
        s->n_stated_rates++;
    }
    return ok;
}

/* Compares the stated rates with the computed ones (warnings). */
static void check_rates(const rf_stated_ctx *L, const cJSON *obj, const rf_scenario *s)
{
    if (!s->n_stated_rates || !s->policy || !L->compare)
        return;
    rf_rate rates[RF_RATE_COUNT];
    rf_rates_compute(s, rates);
    for (int k = 0; k < RF_RATE_COUNT; k++) {
        const rf_rate *r = &rates[k];
        if (!r->stated)
            continue;
        char p[128];
        snprintf(p, sizeof p, "assert.rates.%s", rf_rate_id((rf_rate_kind)k));
        const cJSON *node = rf_read_member(obj, rf_rate_id((rf_rate_kind)k));
        if (!r->known)
            DIAG_BOTH(L->r, RF_SEV_WARNING, node, p,
                      "stated %s, but the file lacks the figures to check it (%s)",
                      (r->stated, rf_rate_formula((rf_rate_kind)k, false)),
                      (r->stated, rf_rate_formula((rf_rate_kind)k, true)));
        else if (!r->stated_matches)
            compare_rate(L, node, p, r->stated, rf_rate_formula((rf_rate_kind)k, false),
                         rf_rate_formula((rf_rate_kind)k, true), r->num, r->den,
                         rf_rate_is_money((rf_rate_kind)k));
    }
}

/* Reads assert.averages into s and checks each at the precision it is
 * written with: a disagreement is a warning, like a stated rate. */
static bool check_averages(const rf_stated_ctx *L, const cJSON *obj, rf_scenario *s,
                           const rf_sums *t)
{
    if (!rf_read_expect_object(L->r, obj, "assert.averages"))
        return obj == NULL;
    size_t n = (size_t)cJSON_GetArraySize(obj);
    s->stated_averages = calloc(n ? n : 1, sizeof *s->stated_averages);
    if (!s->stated_averages)
        return false;
    bool ok = true;
    for (const cJSON *c = obj->child; c; c = c->next) {
        char p[512];
        rf_json_path_join(p, sizeof p, "assert.averages", c->string, 0);
        rf_total area, people;
        if (!rf_average_parse(c->string, &area, &people)) {
            rf_read_diag(L->r, RF_SEV_ERROR, c, true, p,
                         "unknown average \"%s\"; see docs/scenario-format.md for the names",
                         c->string);
            ok = false;
            continue;
        }
        if (cJSON_IsNull(c))
            continue;
        char text[64];
        bool valid = false;
        if (cJSON_IsNumber(c))
            rf_decimal_text_matches(rf_read_number_text(L->r, c, text, sizeof text), false, 0, 1, 0,
                                    &valid);
        if (!valid) {
            rf_read_diag(L->r, RF_SEV_ERROR, c, false, p,
                         "must be m² per person written as a decimal such as 24.5 (the decimals "
                         "written are the precision checked) or null; found %s",
                         cJSON_IsNumber(c) ? text : rf_read_kind(c));
            ok = false;
            continue;
        }
        rf_stated_average *sa = &s->stated_averages[s->n_stated_averages++];
        sa->name = rf_read_strdup(c->string);
        sa->text = rf_read_strdup(text);
        int64_t a = rf_total_value(t, area), h = rf_total_value(t, people);
        if (!L->compare || rf_decimal_text_matches(text, false, a, h, -2, &valid))
            continue;
        char what[160], what_zh[160], x[40], y[40], z[40];
        rf_average_describe(what, sizeof what, area, false);
        rf_average_describe(what_zh, sizeof what_zh, area, true);
        if (h <= 0)
            DIAG_BOTH(L->r, RF_SEV_WARNING, c, p,
                      "stated %s, but the file has no people to divide by (%s)", (text, what),
                      (text, what_zh));
        else
            DIAG_BOTH(L->r, RF_SEV_WARNING, c, p,
                      "stated %s, but the file gives %s m² / %s people = %s %s",
                      (text, rf_fen_yuan(x, a, true), rf_count_text(z, h, true),
                       rf_ratio(y, a, h, -2, rf_decimal_text_decimals(text) + 1), what),
                      (text, x, z, y, what_zh));
    }
    return ok;
}

static void check_stated_implemented(const rf_stated_ctx *L, const cJSON *obj, const rf_sums *t)
{
    if (!rf_read_expect_object(L->r, obj, "assert.stated_implemented"))
        return;
    static const char *const known[] = {"registered_people", "synchronous_people", NULL};
    rf_read_check_keys(L->r, obj, "assert.stated_implemented", known);
    for (int c = 0; c < RF_CAT_COUNT; c++) {
        int64_t v;
        const char *key = known[c];
        if (rf_read_count(L->r, obj, key, "assert.stated_implemented", false, true, &v) !=
            RF_READ_OK)
            continue;
        int64_t people = t->people[c][RF_WHERE_ALL];
        if (v != people && L->compare) {
            char p[128];
            snprintf(p, sizeof p, "assert.stated_implemented.%s", key);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(obj, key), false, p,
                         "stated %lld implemented, but the sites give %lld %s people", (long long)v,
                         (long long)people, rf_category_id((rf_category)c));
        }
    }
}

static bool check_assert(const rf_stated_ctx *L, const cJSON *root, rf_scenario *s,
                         const rf_sums *t)
{
    const cJSON *obj = rf_read_member(root, "assert");
    if (!obj || cJSON_IsNull(obj))
        return true;
    if (!rf_read_expect_object(L->r, obj, "assert"))
        return false;
    static const char *const known[] = {"totals", "rates", "averages", "stated_implemented", NULL};
    rf_read_check_keys(L->r, obj, "assert", known);
    bool ok = check_totals(L, rf_read_member(obj, "totals"), s, t);
    ok &= read_rates(L, rf_read_member(obj, "rates"), s);
    check_rates(L, rf_read_member(obj, "rates"), s);
    ok &= check_averages(L, rf_read_member(obj, "averages"), s, t);
    check_stated_implemented(L, rf_read_member(obj, "stated_implemented"), t);
    return ok;
}

/* ---- site_progress and follow_up: stated figures, checked for sense ---- */

/* Reads site_progress into s->site_progress and warns about figures that
 * do not add up or disagree with the scenario's sites. */
static bool check_site_progress(const rf_stated_ctx *L, const cJSON *root, rf_scenario *s,
                                const rf_sums *t)
{
    const cJSON *obj = rf_read_member(root, "site_progress");
    if (!obj || cJSON_IsNull(obj))
        return true;
    if (!rf_read_expect_object(L->r, obj, "site_progress"))
        return false;
    static const char *const known[] = {"scope",
                                        "planned",
                                        "cancelled",
                                        "built",
                                        "urban_park",
                                        "township",
                                        "central_village",
                                        "completed",
                                        "under_construction",
                                        "stated_completion_rate",
                                        NULL};
    rf_read_check_keys(L->r, obj, "site_progress", known);
    const char *P = "site_progress";
    rf_site_progress *sp = &s->site_progress;
    sp->present = true;
    bool ok = rf_read_string(L->r, obj, "scope", P, false, true, &sp->scope) != RF_READ_BAD;
    int64_t *fields[8] = {&sp->planned,    &sp->cancelled,         &sp->built,
                          &sp->by_type[0], &sp->by_type[1],        &sp->by_type[2],
                          &sp->completed,  &sp->under_construction};
    for (int i = 0; i < 8; i++) {
        *fields[i] = -1;
        ok &= rf_read_count(L->r, obj, known[i + 1], P, false, true, fields[i]) != RF_READ_BAD;
    }
    const cJSON *rate = rf_read_member(obj, "stated_completion_rate");
    if (rate && !cJSON_IsNull(rate)) {
        if (valid_percent(L, rate, "site_progress.stated_completion_rate"))
            sp->stated_completion_rate = rf_read_strdup(rate->valuestring);
        else
            ok = false;
    }
    rf_sp_checks ck;
    rf_site_progress_check(sp, t, &ck);
    const cJSON *built = rf_read_member(obj, "built");
    const char *BUILT = "site_progress.built";
#define FAILS(c) (ck.known[c] && !ck.holds[c])
    if (FAILS(RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT))
        rf_read_diag(L->r, RF_SEV_WARNING, built, false, BUILT,
                     "%lld planned - %lld cancelled = %lld, but built is %lld",
                     (long long)sp->planned, (long long)sp->cancelled,
                     (long long)(sp->planned - sp->cancelled), (long long)sp->built);
    if (FAILS(RF_SP_TYPES_ADD_UP_TO_BUILT))
        rf_read_diag(L->r, RF_SEV_WARNING, built, false, BUILT,
                     "urban_park + township + central_village = %lld, but built is %lld",
                     (long long)(sp->by_type[0] + sp->by_type[1] + sp->by_type[2]),
                     (long long)sp->built);
    if (FAILS(RF_SP_COMPLETED_AND_UNDER_CONSTRUCTION_ARE_BUILT))
        rf_read_diag(L->r, RF_SEV_WARNING, built, false, BUILT,
                     "completed + under_construction = %lld, but built is %lld",
                     (long long)(sp->completed + sp->under_construction), (long long)sp->built);
    if (FAILS(RF_SP_BUILT_MATCHES_SCENARIO) && L->compare)
        rf_read_diag(L->r, RF_SEV_WARNING, built, false, BUILT,
                     "built is %lld, but the scenario has %lld centralized sites",
                     (long long)sp->built, (long long)t->sites[RF_WHERE_CENTRALIZED]);
    static const rf_where types[3] = {RF_WHERE_URBAN_PARK, RF_WHERE_TOWNSHIP,
                                      RF_WHERE_CENTRAL_VILLAGE};
    for (int i = 0; i < 3; i++)
        if (FAILS(RF_SP_URBAN_PARK_MATCHES_SCENARIO + i) && L->compare) {
            char p[64];
            snprintf(p, sizeof p, "site_progress.%s", known[4 + i]);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(obj, known[4 + i]), false, p,
                         "stated %lld, but the scenario has %lld %s sites",
                         (long long)sp->by_type[i], (long long)t->sites[types[i]], known[4 + i]);
        }
    if (FAILS(RF_SP_COMPLETION_RATE_MATCHES))
        compare_rate(L, rate, "site_progress.stated_completion_rate", sp->stated_completion_rate,
                     "completed / built", rf_msg_text_zh("completed / built"), sp->completed,
                     sp->built, false);
#undef FAILS
    return ok;
}

/* Reads one follow_up group: its counts, amounts and their checks. */
static bool read_follow_group(const rf_stated_ctx *L, const cJSON *obj, const char *key,
                              const char *count_key, bool money_group)
{
    const cJSON *g = rf_read_member(obj, key);
    char p[128];
    snprintf(p, sizeof p, "follow_up.%s", key);
    if (!g || cJSON_IsNull(g))
        return true;
    if (!rf_read_expect_object(L->r, g, p))
        return false;
    bool ok = true;
    if (!money_group) {
        const char *known[] = {count_key, "annual_income_min", "annual_income_max", NULL};
        rf_read_check_keys(L->r, g, p, known);
        int64_t n;
        ok &= rf_read_count(L->r, g, count_key, p, true, false, &n) == RF_READ_OK;
        rf_fen lo = 0, hi = 0;
        rf_read_result a = rf_read_money(L->r, g, "annual_income_min", p, false, true, &lo);
        rf_read_result b = rf_read_money(L->r, g, "annual_income_max", p, false, true, &hi);
        ok &= a != RF_READ_BAD && b != RF_READ_BAD;
        if (a == RF_READ_OK && b == RF_READ_OK && lo > hi) {
            char q[160];
            snprintf(q, sizeof q, "%s.annual_income_min", p);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(g, "annual_income_min"), false, q,
                         "the minimum is more than the maximum");
        }
        return ok;
    }
    const char *known[] = {count_key, "amount", "amount_precision", "stated_per_person", NULL};
    rf_read_check_keys(L->r, g, p, known);
    int64_t n = 0;
    rf_fen amount = 0, precision = 0, per = 0;
    bool has_n = rf_read_count(L->r, g, count_key, p, true, false, &n) == RF_READ_OK;
    rf_read_result ra = rf_read_money(L->r, g, "amount", p, true, false, &amount);
    rf_read_result rp = rf_read_money(L->r, g, "amount_precision", p, false, true, &precision);
    rf_read_result rs = rf_read_money(L->r, g, "stated_per_person", p, false, true, &per);
    ok &= has_n && ra == RF_READ_OK && rp != RF_READ_BAD && rs != RF_READ_BAD;
    if (rs == RF_READ_OK && has_n && ra == RF_READ_OK && n > 0) {
        /* The amount is known to +-precision/2; the per-person figure to
         * half its last written unit (a yuan unless it has fen). */
        long double lo = ((long double)amount - precision / 2.0L) / n;
        long double hi = ((long double)amount + precision / 2.0L) / n;
        long double half = per % 100 == 0 ? 50 : 0.5L;
        if ((long double)per + half < lo || (long double)per - half > hi) {
            char q[160], a[40], b[40], c[40], d[40], e[40];
            snprintf(q, sizeof q, "%s.stated_per_person", p);
            rf_read_diag(L->r, RF_SEV_WARNING, rf_read_member(g, "stated_per_person"), false, q,
                         "stated %s yuan per person, but %s yuan (+- %s) over %lld people is %s "
                         "to %s yuan per person",
                         rf_fen_yuan(a, per, false), rf_fen_yuan(b, amount, false),
                         rf_fen_yuan(c, precision / 2, false), (long long)n,
                         rf_fen_yuan(d, (rf_fen)(lo + 0.5L), false),
                         rf_fen_yuan(e, (rf_fen)(hi + 0.5L), false));
        }
    }
    return ok;
}

static bool check_follow_up(const rf_stated_ctx *L, const cJSON *root)
{
    const cJSON *obj = rf_read_member(root, "follow_up");
    if (!obj || cJSON_IsNull(obj))
        return true;
    if (!rf_read_expect_object(L->r, obj, "follow_up"))
        return false;
    static const char *const known[] = {"scope",
                                        "education",
                                        "health",
                                        "social_assistance",
                                        "industry_investment",
                                        "workshop_employment",
                                        "public_welfare_jobs",
                                        "demolition_agreements",
                                        NULL};
    rf_read_check_keys(L->r, obj, "follow_up", known);
    bool ok = true;
    char *scope = NULL;
    ok &= rf_read_string(L->r, obj, "scope", "follow_up", false, true, &scope) != RF_READ_BAD;
    free(scope);
    ok &= read_follow_group(L, obj, "education", "households", true);
    ok &= read_follow_group(L, obj, "health", "people", true);
    ok &= read_follow_group(L, obj, "social_assistance", "people", true);
    ok &= read_follow_group(L, obj, "industry_investment", "households", false);
    ok &= read_follow_group(L, obj, "workshop_employment", "people", false);
    ok &= read_follow_group(L, obj, "public_welfare_jobs", "households", false);
    int64_t n;
    ok &= rf_read_count(L->r, obj, "demolition_agreements", "follow_up", false, true, &n) !=
          RF_READ_BAD;
    return ok;
}

bool rf_stated_read(const rf_stated_ctx *L, const cJSON *root, rf_scenario *s)
{
    bool ok = read_progress(L, root, s);
    rf_sums t;
    rf_sums_compute(s, &t);
    check_progress(L, root, s, &t);
    ok &= check_assert(L, root, s, &t);
    ok &= check_site_progress(L, root, s, &t);
    ok &= check_follow_up(L, root);
    return ok;
}
