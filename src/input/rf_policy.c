/* rf_policy: the policy model read from JSON and validated. */
#include "rf_policy.h"

#include <stdlib.h>
#include <string.h>

#include "rf_names.h"

void rf_policy_free(rf_policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_sources; i++) {
        free(p->sources[i].id);
        rf_read_label_free(&p->sources[i].name);
    }
    free(p->sources);
    free(p->id);
    rf_read_label_free(&p->name);
    free(p->file);
    free(p);
}

/* Reads a string member that must name one of a fixed set (parse returns
 * false for an unknown name).  Returns RF_READ_OK with *out set, or the
 * absent/bad result. */
static rf_read_result read_enum(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                                bool required, bool (*parse)(const char *, int *),
                                const char *choices, int *out)
{
    char *s = NULL;
    rf_read_result res = rf_read_string(r, obj, key, path, required, false, &s);
    if (res != RF_READ_OK)
        return res;
    int v;
    if (!parse(s, &v)) {
        char p[512];
        rf_json_path_join(p, sizeof p, path, key, 0);
        rf_read_diag(r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(obj, key), false, p,
                     "unknown value \"%s\"; expected one of: %s", s, choices);
        free(s);
        return RF_READ_BAD;
    }
    free(s);
    *out = v;
    return RF_READ_OK;
}

static bool parse_category(const char *s, int *out)
{
    rf_category c;
    if (!rf_category_parse(s, &c))
        return false;
    *out = (int)c;
    return true;
}

static bool parse_basis(const char *s, int *out)
{
    if (strcmp(s, "implemented_people") == 0)
        *out = RF_BASIS_IMPLEMENTED_PEOPLE;
    else if (strcmp(s, "planned_people") == 0)
        *out = RF_BASIS_PLANNED_PEOPLE;
    else
        return false;
    return true;
}

static bool parse_drawdown(const char *s, int *out)
{
    if (strcmp(s, "full") == 0)
        *out = RF_DRAW_FULL;
    else if (strcmp(s, "as_needed") == 0)
        *out = RF_DRAW_AS_NEEDED;
    else
        return false;
    return true;
}

static bool parse_site_limit(const char *s, int *out)
{
    if (strcmp(s, "per_person") == 0)
        *out = 1;
    else if (strcmp(s, "none") == 0)
        *out = 0;
    else
        return false;
    return true;
}

static bool parse_pooling(const char *s, int *out)
{
    if (strcmp(s, "county") == 0)
        *out = RF_POOLING_COUNTY;
    else if (strcmp(s, "site") == 0)
        *out = RF_POOLING_SITE;
    else
        return false;
    return true;
}

static const char USE_CHOICES[] =
    "housing, decoration, infrastructure, public_services, land, demolition, employment_base, "
    "industry";

/* Reads an array of use ids into set[] (all false first).  Absent leaves
 * the defaults in set (when given) untouched.  Returns false after an
 * error. */
static bool read_uses(rf_reader *r, const cJSON *obj, const char *key, const char *path,
                      bool required, bool set[RF_USE_COUNT], const cJSON **node_out)
{
    char p[512];
    rf_json_path_join(p, sizeof p, path, key, 0);
    const cJSON *arr = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (node_out)
        *node_out = arr;
    if (!arr) {
        if (required && cJSON_IsObject(obj)) {
            rf_read_diag(r, RF_SEV_ERROR, obj, false, p, "missing; expected an array of uses (%s)",
                         USE_CHOICES);
            return false;
        }
        return true;
    }
    if (!cJSON_IsArray(arr)) {
        rf_read_diag(r, RF_SEV_ERROR, arr, false, p, "must be an array of uses (%s); found %s",
                     USE_CHOICES, rf_read_kind(arr));
        return false;
    }
    bool ok = true;
    for (int u = 0; u < RF_USE_COUNT; u++)
        set[u] = false;
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char ep[512];
        rf_json_path_join(ep, sizeof ep, p, NULL, i);
        rf_use u;
        if (!cJSON_IsString(e)) {
            rf_read_diag(r, RF_SEV_ERROR, e, false, ep, "must be a use (%s); found %s", USE_CHOICES,
                         rf_read_kind(e));
            ok = false;
        } else if (!rf_use_parse(e->valuestring, &u)) {
            rf_read_diag(r, RF_SEV_ERROR, e, false, ep, "unknown use \"%s\"; expected one of: %s",
                         e->valuestring, USE_CHOICES);
            ok = false;
        } else if (set[u]) {
            rf_read_diag(r, RF_SEV_WARNING, e, false, ep, "\"%s\" is listed twice", e->valuestring);
        } else {
            set[u] = true;
        }
    }
    return ok;
}

static bool read_source(rf_reader *r, const cJSON *obj, const char *path, rf_policy_source *src,
                        rf_use leftover_use)
{
    static const char *const known[] = {"id",       "name",       "category", "per_person", "basis",
                                        "drawdown", "site_limit", "loan",     "uses",       NULL};
    if (!rf_read_expect_object(r, obj, path))
        return false;
    rf_read_check_keys(r, obj, path, known);
    bool ok = true;
    ok &= rf_read_string(r, obj, "id", path, true, false, &src->id) == RF_READ_OK;
    if (src->id && !src->id[0]) {
        rf_read_diag(r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(obj, "id"), false, path,
                     "a source id must not be empty");
        ok = false;
    }
    ok &= rf_read_label(r, obj, "name", path, src->id, &src->name);
    int v = 0;
    ok &= read_enum(r, obj, "category", path, true, parse_category, "registered, synchronous",
                    &v) == RF_READ_OK;
    src->category = (rf_category)v;
    ok &= rf_read_money(r, obj, "per_person", path, true, false, &src->per_person) == RF_READ_OK;
    v = 0;
    ok &= read_enum(r, obj, "basis", path, true, parse_basis, "implemented_people, planned_people",
                    &v) == RF_READ_OK;
    src->basis = (rf_basis)v;
    v = 0;
    ok &= read_enum(r, obj, "drawdown", path, true, parse_drawdown, "full, as_needed", &v) ==
          RF_READ_OK;
    src->drawdown = (rf_drawdown)v;
    v = 0;
    ok &= read_enum(r, obj, "site_limit", path, false, parse_site_limit, "per_person, none", &v) !=
          RF_READ_BAD;
    src->site_limit_per_person = v == 1;
    if (src->site_limit_per_person && src->drawdown == RF_DRAW_FULL) {
        /* Money drawn in full that no site may take past its people's limit
         * would have nowhere to go. */
        const cJSON *lim = cJSON_GetObjectItemCaseSensitive(obj, "site_limit");
        char p[512];
        rf_json_path_join(p, sizeof p, path, "site_limit", 0);
        rf_read_diag(r, RF_SEV_ERROR, lim, false, p,
                     "a source with drawdown \"full\" cannot have a per-person site limit: what "
                     "arrived beyond the sites' limits could not be spent; use drawdown "
                     "\"as_needed\" or no site limit");
        ok = false;
    }
    src->is_loan = false;
    ok &= rf_read_bool(r, obj, "loan", path, false, &src->is_loan) != RF_READ_BAD;
    const cJSON *uses = NULL;
    bool uses_ok = read_uses(r, obj, "uses", path, true, src->permitted, &uses);
    ok &= uses_ok;
    if (uses_ok && uses && src->drawdown == RF_DRAW_FULL && !src->permitted[leftover_use]) {
        char p[512];
        rf_json_path_join(p, sizeof p, path, "uses", 0);
        rf_read_diag(r, RF_SEV_ERROR, uses, false, p,
                     "a source with drawdown \"full\" must permit \"%s\", where its leftover "
                     "goes; add it or use drawdown \"as_needed\"",
                     rf_use_id(leftover_use));
        ok = false;
    }
    return ok;
}

/* Reads surplus_routing: both employment_base and industry, in order. */
static bool read_routing(rf_reader *r, const cJSON *root, rf_policy *p)
{
    p->surplus_routing[0] = RF_USE_EMPLOYMENT_BASE;
    p->surplus_routing[1] = RF_USE_INDUSTRY;
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "surplus_routing");
    if (!arr)
        return true;
    const char *want = "an array naming employment_base and industry, in the order surplus "
                       "is routed";
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != 2) {
        rf_read_diag(r, RF_SEV_ERROR, arr, false, "surplus_routing", "must be %s", want);
        return false;
    }
    rf_use u[2];
    for (int i = 0; i < 2; i++) {
        const cJSON *e = cJSON_GetArrayItem(arr, i);
        if (!cJSON_IsString(e) || !rf_use_parse(e->valuestring, &u[i]) ||
            (u[i] != RF_USE_EMPLOYMENT_BASE && u[i] != RF_USE_INDUSTRY)) {
            char ep[64];
            rf_json_path_join(ep, sizeof ep, "surplus_routing", NULL, (size_t)i);
            rf_read_diag(r, RF_SEV_ERROR, e, false, ep, "must be employment_base or industry");
            return false;
        }
    }
    if (u[0] == u[1]) {
        rf_read_diag(r, RF_SEV_ERROR, arr, false, "surplus_routing", "must be %s", want);
        return false;
    }
    p->surplus_routing[0] = u[0];
    p->surplus_routing[1] = u[1];
    return true;
}

static bool read_objective(rf_reader *r, const cJSON *root, rf_policy *p)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "objective");
    const char *choices = "unfunded_gap, cap_excess, registered_self_funding, "
                          "synchronous_self_funding, integrated_agri, loans, employment_base, "
                          "even_self_funding, site_entitlement";
    if (!arr) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "objective",
                     "missing; expected the objective levels in order, from: %s", choices);
        return false;
    }
    if (!cJSON_IsArray(arr) || !arr->child) {
        rf_read_diag(r, RF_SEV_ERROR, arr, false, "objective",
                     "must be a non-empty array of objective levels (from: %s)", choices);
        return false;
    }
    bool ok = true, seen[RF_LEVEL_COUNT] = {false};
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char ep[64];
        rf_json_path_join(ep, sizeof ep, "objective", NULL, i);
        rf_level l;
        if (!cJSON_IsString(e) || !rf_level_parse(e->valuestring, &l)) {
            rf_read_diag(r, RF_SEV_ERROR, e, false, ep,
                         "unknown objective level%s%s%s; expected one of: %s",
                         cJSON_IsString(e) ? " \"" : "", cJSON_IsString(e) ? e->valuestring : "",
                         cJSON_IsString(e) ? "\"" : "", choices);
            ok = false;
        } else if (seen[l]) {
            rf_read_diag(r, RF_SEV_ERROR, e, false, ep, "\"%s\" is listed twice", e->valuestring);
            ok = false;
        } else {
            seen[l] = true;
            p->levels[p->n_levels++] = l;
        }
    }
    return ok;
}

rf_policy *rf_policy_from_json(rf_reader *r, const cJSON *root, const char *file)
{
    static const char *const known[] = {
        "format",          "id",        "name",    "sources",   "self_funding", "housing",
        "surplus_routing", "shortfall", "pooling", "objective", "solver",       NULL};
    if (!cJSON_IsObject(root)) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, NULL,
                     "a policy model must be a JSON object; found %s", rf_read_kind(root));
        return NULL;
    }
    rf_policy *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    size_t errors = r->diags->errors;
    p->file = rf_read_strdup(file);
    rf_read_check_keys(r, root, "", known);
    char *format = NULL;
    if (rf_read_string(r, root, "format", "", true, false, &format) == RF_READ_OK &&
        strcmp(format, RF_POLICY_FORMAT) != 0)
        rf_read_diag(r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(root, "format"), false,
                     "format", "unsupported format \"%s\"; expected \"%s\"", format,
                     RF_POLICY_FORMAT);
    free(format);
    rf_read_string(r, root, "id", "", true, false, &p->id);
    rf_read_label(r, root, "name", "", p->id, &p->name);
    read_routing(r, root, p);

    const cJSON *sources = cJSON_GetObjectItemCaseSensitive(root, "sources");
    if (!sources) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "sources",
                     "missing; expected an array of funding sources");
    } else if (!cJSON_IsArray(sources) || !sources->child) {
        rf_read_diag(r, RF_SEV_ERROR, sources, false, "sources",
                     "must be a non-empty array of funding sources; found %s",
                     rf_read_kind(sources));
    } else {
        size_t n = (size_t)cJSON_GetArraySize(sources);
        p->sources = calloc(n, sizeof *p->sources);
        if (!p->sources) {
            rf_policy_free(p);
            return NULL;
        }
        size_t i = 0;
        for (const cJSON *e = sources->child; e; e = e->next, i++) {
            char ep[64];
            rf_json_path_join(ep, sizeof ep, "sources", NULL, i);
            rf_policy_source *src = &p->sources[p->n_sources++];
            read_source(r, e, ep, src, p->surplus_routing[1]);
            for (size_t k = 0; src->id && k + 1 < p->n_sources; k++)
                if (p->sources[k].id && strcmp(p->sources[k].id, src->id) == 0) {
                    char ip[80];
                    rf_json_path_join(ip, sizeof ip, ep, "id", 0);
                    rf_read_diag(r, RF_SEV_ERROR, cJSON_GetObjectItemCaseSensitive(e, "id"), false,
                                 ip, "duplicate source id \"%s\"; sources[%zu] has it", src->id, k);
                    break;
                }
        }
    }

    const cJSON *sf = cJSON_GetObjectItemCaseSensitive(root, "self_funding");
    p->self_funding_uses[RF_USE_HOUSING] = p->self_funding_uses[RF_USE_DECORATION] = true;
    if (!sf) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "self_funding",
                     "missing; expected {\"cap_per_household\": yuan, \"uses\": [...]}");
    } else if (rf_read_expect_object(r, sf, "self_funding")) {
        static const char *const k2[] = {"cap_per_household", "uses", NULL};
        rf_read_check_keys(r, sf, "self_funding", k2);
        rf_read_money(r, sf, "cap_per_household", "self_funding", true, false,
                      &p->self_funding_cap);
        read_uses(r, sf, "uses", "self_funding", false, p->self_funding_uses, NULL);
    }

    const cJSON *housing = cJSON_GetObjectItemCaseSensitive(root, "housing");
    if (!housing) {
        rf_read_diag(r, RF_SEV_ERROR, root, false, "housing",
                     "missing; expected {\"area_cap_per_person_m2\": m2}");
    } else if (rf_read_expect_object(r, housing, "housing")) {
        static const char *const k3[] = {"area_cap_per_person_m2", "one_person_household_area_m2",
                                         NULL};
        rf_read_check_keys(r, housing, "housing", k3);
        if (rf_read_area(r, housing, "area_cap_per_person_m2", "housing", true, false,
                         &p->area_cap_per_person) == RF_READ_OK &&
            p->area_cap_per_person == 0)
            rf_read_diag(r, RF_SEV_ERROR,
                         cJSON_GetObjectItemCaseSensitive(housing, "area_cap_per_person_m2"), false,
                         "housing.area_cap_per_person_m2", "must be more than 0");
        rf_read_area(r, housing, "one_person_household_area_m2", "housing", false, true,
                     &p->area_cap_one_person_household);
    }

    const cJSON *shortfall = cJSON_GetObjectItemCaseSensitive(root, "shortfall");
    if (rf_read_expect_object(r, shortfall, "shortfall")) {
        static const char *const k4[] = {"integrated_agri_uses", NULL};
        rf_read_check_keys(r, shortfall, "shortfall", k4);
        const cJSON *uses = NULL;
        if (read_uses(r, shortfall, "integrated_agri_uses", "shortfall", false, p->agri_permitted,
                      &uses)) {
            for (int u = RF_USE_EMPLOYMENT_BASE; u <= RF_USE_INDUSTRY; u++)
                if (p->agri_permitted[u])
                    rf_read_diag(r, RF_SEV_ERROR, uses, false, "shortfall.integrated_agri_uses",
                                 "integrated agricultural funds may not pay for %s: surplus uses "
                                 "are funded from relocation funds only",
                                 rf_use_id((rf_use)u));
        }
    }

    int pooling = RF_POOLING_COUNTY;
    read_enum(r, root, "pooling", "", false, parse_pooling, "county, site", &pooling);
    p->pooling = (rf_pooling)pooling;
    read_objective(r, root, p);

    p->time_limit_seconds = 10;
    p->level_tolerance = 1e-12;
    const cJSON *solver = cJSON_GetObjectItemCaseSensitive(root, "solver");
    if (rf_read_expect_object(r, solver, "solver")) {
        static const char *const k5[] = {"time_limit_seconds", "level_tolerance", NULL};
        rf_read_check_keys(r, solver, "solver", k5);
        if (rf_read_number(r, solver, "time_limit_seconds", "solver", false,
                           &p->time_limit_seconds) == RF_READ_OK &&
            !(p->time_limit_seconds > 0))
            rf_read_diag(r, RF_SEV_ERROR,
                         cJSON_GetObjectItemCaseSensitive(solver, "time_limit_seconds"), false,
                         "solver.time_limit_seconds", "must be more than 0 seconds");
        if (rf_read_number(r, solver, "level_tolerance", "solver", false, &p->level_tolerance) ==
                RF_READ_OK &&
            !(p->level_tolerance >= 0 && p->level_tolerance < 1))
            rf_read_diag(r, RF_SEV_ERROR,
                         cJSON_GetObjectItemCaseSensitive(solver, "level_tolerance"), false,
                         "solver.level_tolerance", "must be from 0 up to (not including) 1");
    }
    if (r->diags->errors != errors) {
        rf_policy_free(p);
        return NULL;
    }
    return p;
}
