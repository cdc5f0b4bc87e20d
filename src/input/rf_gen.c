/* rf_gen: seeded synthetic county scenarios and policies as JSON text. */
#include "rf_gen.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG: splitmix64 seeds xoshiro256** ---- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void rf_gen_rng_seed(rf_gen_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rf_gen_rng_next(rf_gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rf_gen_rng_uniform(rf_gen_rng *r)
{
    return (double)(rf_gen_rng_next(r) >> 11) * 0x1.0p-53;
}

double rf_gen_rng_normal(rf_gen_rng *r)
{
    double u = rf_gen_rng_uniform(r), v = rf_gen_rng_uniform(r);
    return sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
}

/* Uniform in [lo, hi]. */
static double unif(rf_gen_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rf_gen_rng_uniform(r);
}

/* Uniform whole number in [lo, hi]. */
static int64_t unif_int(rf_gen_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rf_gen_rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* Rounds v to a multiple of step. */
static int64_t round_to(double v, int64_t step)
{
    return (int64_t)llround(v / (double)step) * step;
}

/* ---- text buffer ---- */

typedef struct {
    char *s;
    size_t n, cap;
    bool failed;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->failed = true;
            return;
        }
        if (b->s && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap <= b->n + (size_t)k)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
}

/* Writes a JSON string of plain ASCII/UTF-8 text without quotes or
 * backslashes in it (ids and labels made here; caller ids are checked). */
static void put_str(sbuf *b, const char *s)
{
    put(b, "\"%s\"", s);
}

/* ---- the county ---- */

/* The share of households of each size 1..8: a mean of 3.6 people a
 * household, as the national programme (9.6 million / 2.66 million); the
 * wide spread adds a thin tail of 9-12 people (extended families). */
#define MAX_SIZE 12
static const double SIZE_WEIGHTS[MAX_SIZE] = {0.10, 0.17, 0.23,  0.23,  0.14,  0.08,
                                              0.03, 0.02, 0.012, 0.007, 0.004, 0.002};

/* Per-person standards of the bundled policy, in yuan. */
enum { N_REG_SOURCES = 5 };
static const char *const REG_SOURCES[N_REG_SOURCES] = {
    "central_budget", "provincial_special", "local_bonds", "special_construction", "policy_loans"};
static const int64_t REG_PER_PERSON[N_REG_SOURCES] = {7000, 1000, 9750, 5000, 35000};
#define SYNC_PER_PERSON 8000

typedef struct {
    int type; /* rf_site_type */
    int64_t people;
    int64_t by_size[MAX_SIZE];
    int64_t sync_people, sync_households;
    int64_t housing_per_m2, decoration_per_m2;
    int64_t area_x10, sync_area_x10; /* m² in tenths */
    int64_t infrastructure, public_services, land, employment_base_need;
    int64_t demolition_per_household;
} gen_site;

/* Splits total over n parts by weights (largest remainder); each part gets
 * at least min_each first.  total >= n * min_each. */
static void split_total(int64_t total, const double *w, size_t n, int64_t min_each, int64_t *out)
{
    double wsum = 0;
    for (size_t i = 0; i < n; i++)
        wsum += w[i];
    int64_t rest = total - (int64_t)n * min_each, given = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = min_each + (int64_t)floor((double)rest * w[i] / wsum);
        given += out[i];
    }
    /* The remainder (fewer than n + 1 units) goes one each, first parts first. */
    for (size_t i = 0; given < total; i = (i + 1) % n) {
        out[i]++;
        given++;
    }
}

/* Households by size for exactly `people` people, in the size classes
 * 1..n_classes (8, or MAX_SIZE for the wide spread); max_size limits the
 * sizes drawn (dispersed households are small). */
static void fill_households(rf_gen_rng *r, int64_t people, int n_classes, int max_size,
                            int64_t by_size[MAX_SIZE])
{
    double w[MAX_SIZE] = {0}, mean = 0, wsum = 0;
    for (int k = 0; k < n_classes; k++) {
        w[k] = k < max_size ? SIZE_WEIGHTS[k] * unif(r, 0.7, 1.3) : 0.0;
        wsum += w[k];
    }
    for (int k = 0; k < n_classes; k++) {
        w[k] /= wsum;
        mean += w[k] * (k + 1);
    }
    int64_t placed = 0;
    for (int k = 0; k < MAX_SIZE; k++) {
        by_size[k] = (int64_t)floor((double)people * w[k] / mean);
        placed += by_size[k] * (k + 1);
    }
    /* Fewer than n_classes x n_classes people remain: add households of the
     * largest size that fits, but not above the most common sizes. */
    while (placed < people) {
        int64_t left = people - placed;
        int size = (int)(left < 4 ? left : 4);
        if (size > max_size)
            size = max_size;
        by_size[size - 1]++;
        placed += size;
    }
}

static bool valid_id(const char *id)
{
    if (!id || !*id || strlen(id) > 200)
        return false;
    for (const char *c = id; *c; c++)
        if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
            return false;
    return true;
}

static bool check_params(const rf_gen_params *p, const char *policy_path, rf_error *err)
{
    const char *bad = NULL;
    if (!p)
        bad = "no parameters";
    else if (p->sites < 1 || p->sites > 100000)
        bad = "sites must be 1..100000";
    else if (p->registered_people < 4 * (int64_t)p->sites || p->registered_people > 100000000)
        bad = "registered_people must be at least 4 per site and at most 10^8";
    else if (!(p->synchronous_ratio >= 0 && p->synchronous_ratio <= 5))
        bad = "synchronous_ratio must be 0..5";
    else if (!(p->dispersed_share >= 0 && p->dispersed_share <= 0.5))
        bad = "dispersed_share must be 0..0.5";
    else if (!(p->short_share >= 0 && p->short_share <= 1))
        bad = "short_share must be 0..1";
    else if (!(p->over_cap_share >= 0 && p->over_cap_share <= 1))
        bad = "over_cap_share must be 0..1";
    else if (p->year < 1949 || p->year > 2200)
        bad = "year must be 1949..2200";
    else if (p->spread != RF_GEN_SPREAD_TYPICAL && p->spread != RF_GEN_SPREAD_WIDE)
        bad = "spread must be typical or wide";
    else if (!(p->missing >= 0 && p->missing < 1))
        bad = "missing must be 0 (any shortfall) or a share below 1";
    else if (p->id && !valid_id(p->id))
        bad = "id must be 1-200 characters without quotes, backslashes or control characters";
    else if (!valid_id(policy_path))
        bad = "the policy path must be 1-200 characters without quotes, backslashes or "
              "control characters";
    if (bad) {
        rf_error_set(err, RF_ERR_INPUT, NULL, 0, 0, NULL, "generator: %s", bad);
        return false;
    }
    return true;
}

void rf_gen_params_county(rf_gen_params *p)
{
    memset(p, 0, sizeof *p);
    p->sites = 25;
    p->registered_people = 6857;
    p->synchronous_ratio = 0.5;
    p->dispersed_share = 0.02;
    p->short_share = 0.2;
    p->over_cap_share = 0.15;
    p->year = 2016;
}

void rf_gen_params_small(rf_gen_params *p, uint64_t seed)
{
    rf_gen_rng r;
    rf_gen_rng_seed(&r, seed ^ 0x5EEDC0FFEEULL);
    rf_gen_params_county(p);
    p->sites = (int)unif_int(&r, 1, 6);
    p->registered_people = p->sites * unif_int(&r, 4, 400);
    p->synchronous_ratio = unif(&r, 0, 1.5);
    p->dispersed_share = rf_gen_rng_uniform(&r) < 0.5 ? 0.0 : unif(&r, 0.01, 0.2);
    p->short_share = unif(&r, 0, 0.6);
    p->over_cap_share = unif(&r, 0, 0.6);
}

/* Money in yuan (whole yuan). */
static void put_yuan(sbuf *b, const char *key, int64_t yuan, bool comma)
{
    put(b, "\"%s\": %" PRId64 "%s", key, yuan, comma ? ",\n" : "\n");
}

static void put_site(sbuf *b, const gen_site *s, const char *id, int index, bool last)
{
    static const char *const types[] = {"urban_park", "township", "central_village", "dispersed"};
    static const char *const zh_types[] = {"产业园区安置点", "圩镇安置点", "中心村安置点",
                                           "分散安置"};
    static const char *const en_types[] = {"industrial park site", "township site",
                                           "central village site", "dispersed resettlement"};
    put(b, "    {\n      \"id\": ");
    put_str(b, id);
    put(b, ",\n      \"name\": {\"zh\": \"%s%d\", \"en\": \"%s %d\"},\n", zh_types[s->type], index,
        en_types[s->type], index);
    put(b, "      \"type\": \"%s\",\n", types[s->type]);
    put(b, "      \"registered\": {\"households_by_size\": {");
    bool first = true;
    for (int k = 0; k < MAX_SIZE; k++) {
        if (!s->by_size[k])
            continue;
        put(b, "%s\"%d\": %" PRId64, first ? "" : ", ", k + 1, s->by_size[k]);
        first = false;
    }
    put(b, "}},\n");
    put(b, "      \"synchronous\": {\"households\": %" PRId64 ", \"people\": %" PRId64 "},\n",
        s->sync_households, s->sync_people);
    put(b, "      \"costs\": {\n");
    put(b, "        ");
    put_yuan(b, "housing_per_m2", s->housing_per_m2, true);
    put(b, "        ");
    put_yuan(b, "decoration_per_m2", s->decoration_per_m2, true);
    put(b, "        \"area_per_person_m2\": %" PRId64 ".%" PRId64 ",\n", s->area_x10 / 10,
        s->area_x10 % 10);
    put(b, "        \"synchronous_area_per_person_m2\": %" PRId64 ".%" PRId64 ",\n",
        s->sync_area_x10 / 10, s->sync_area_x10 % 10);
    put(b, "        ");
    put_yuan(b, "infrastructure", s->infrastructure, true);
    put(b, "        ");
    put_yuan(b, "public_services", s->public_services, true);
    put(b, "        ");
    put_yuan(b, "land", s->land, true);
    put(b, "        ");
    put_yuan(b, "demolition_per_household", s->demolition_per_household, true);
    put(b, "        ");
    put_yuan(b, "employment_base_need", s->employment_base_need, false);
    put(b, "      }\n    }%s\n", last ? "" : ",");
}

char *rf_gen_county_json(const rf_gen_params *p, uint64_t seed, const char *policy_path,
                         rf_gen_info *info, rf_error *err)
{
    if (!check_params(p, policy_path, err))
        return NULL;
    rf_gen_rng r;
    rf_gen_rng_seed(&r, seed);
    char idbuf[40];
    const char *id = p->id;
    if (!id) {
        snprintf(idbuf, sizeof idbuf, "county-%016" PRIx64, seed);
        id = idbuf;
    }
    bool short_money = rf_gen_rng_uniform(&r) < p->short_share;
    bool high_cost = rf_gen_rng_uniform(&r) < p->over_cap_share;

    int64_t dispersed = (int64_t)llround((double)p->registered_people * p->dispersed_share);
    if (p->registered_people - dispersed < 4 * (int64_t)p->sites)
        dispersed = p->registered_people - 4 * (int64_t)p->sites;
    size_t n = (size_t)p->sites + (dispersed > 0 ? 1 : 0);
    gen_site *sites = calloc(n, sizeof *sites);
    double *w = calloc(n, sizeof *w);
    int64_t *people = calloc(n, sizeof *people);
    sbuf b = {0};
    if (!sites || !w || !people)
        goto oom;

    /* County-wide cost levels; the wide spread reaches further up, and
     * spreads each site around its county's level (below). */
    bool wide = p->spread == RF_GEN_SPREAD_WIDE;
    double housing =
        high_cost ? unif(&r, 1800, wide ? 3000 : 1980) : unif(&r, wide ? 900 : 1100, 1600);
    double decoration = high_cost ? unif(&r, 280, wide ? 500 : 380) : unif(&r, 100, 200);
    double infra_pp = unif(&r, 2500, 6000) * (high_cost ? 1.3 : 1.0);

    for (size_t i = 0; i < (size_t)p->sites; i++)
        w[i] = exp(0.6 * rf_gen_rng_normal(&r));
    split_total(p->registered_people - dispersed, w, (size_t)p->sites, 4, people);

    rf_gen_info gi = {0};
    gi.sites = (int)n;
    gi.short_of_money = short_money;
    gi.high_cost = high_cost;
    for (size_t i = 0; i < n; i++) {
        gen_site *s = &sites[i];
        bool disp = i == (size_t)p->sites;
        double u = rf_gen_rng_uniform(&r);
        s->type = disp       ? RF_SITE_DISPERSED
                  : u < 0.10 ? RF_SITE_URBAN_PARK
                  : u < 0.65 ? RF_SITE_TOWNSHIP
                             : RF_SITE_CENTRAL_VILLAGE;
        s->people = disp ? dispersed : people[i];
        fill_households(&r, s->people, wide ? MAX_SIZE : 8, disp ? 5 : MAX_SIZE, s->by_size);
        int64_t hh = 0;
        for (int k = 0; k < MAX_SIZE; k++)
            hh += s->by_size[k];
        if (!disp) {
            s->sync_people =
                (int64_t)llround((double)s->people * p->synchronous_ratio * unif(&r, 0.5, 1.5));
            s->sync_households =
                s->sync_people > 0 ? (int64_t)ceil((double)s->sync_people / unif(&r, 3.2, 4.2)) : 0;
        }
        double park = s->type == RF_SITE_URBAN_PARK ? 1.06 : 1.0;
        double h = housing * park * unif(&r, 0.96, 1.05);
        if (wide)
            h *= exp(0.25 * rf_gen_rng_normal(&r));
        s->housing_per_m2 =
            (int64_t)llround(wide ? fmin(5000, fmax(700, h)) : fmin(2000, fmax(1100, h)));
        s->decoration_per_m2 = (int64_t)llround(decoration * unif(&r, 0.9, 1.1));
        /* Registered area within the 25 m² per person cap. */
        s->area_x10 = high_cost ? unif_int(&r, 240, 250) : unif_int(&r, 40, 50) * 5;
        s->sync_area_x10 = unif_int(&r, 50, 60) * 5;
        int64_t all = s->people + s->sync_people;
        if (!disp) {
            s->infrastructure = round_to((double)all * infra_pp * unif(&r, 0.8, 1.2), 1000);
            s->public_services = round_to((double)all * unif(&r, 800, 2000), 1000);
            s->land = round_to((double)all * unif(&r, 800, 3000), 1000);
            s->employment_base_need = round_to((double)s->people * unif(&r, 1000, 4000), 1000);
        }
        s->demolition_per_household = round_to(unif(&r, 2000, 5000), 100);
        gi.registered_people += s->people;
        gi.registered_households += hh;
        gi.synchronous_people += s->sync_people;
        gi.synchronous_households += s->sync_households;
    }

    /* Funds: the per-person standards; a short county's big sources arrived
     * only in part (or not yet), or every source short by p->missing: the
     * synchronous fund of its standard, the registered sources of what the
     * county needs from them (its registered dwellings and site costs less
     * what households pay within the cap), at most their standards, so that
     * a cheap county is short too. */
    double arrived_share = short_money && p->missing > 0 ? 1.0 - p->missing : 1.0;
    double reg_share = arrived_share;
    if (arrived_share < 1.0) {
        double need = 0, standard = 0;
        for (size_t i = 0; i < n; i++) {
            const gen_site *s = &sites[i];
            int64_t hh = 0;
            for (int k = 0; k < MAX_SIZE; k++)
                hh += s->by_size[k];
            need += (double)s->people * (double)s->area_x10 / 10.0 *
                        (double)(s->housing_per_m2 + s->decoration_per_m2) +
                    (double)(s->infrastructure + s->public_services + s->land) +
                    (double)(s->demolition_per_household - 10000) * (double)hh;
        }
        for (int k = 0; k < N_REG_SOURCES; k++)
            standard += (double)(REG_PER_PERSON[k] * gi.registered_people);
        if (need < standard)
            reg_share *= fmax(0.0, need) / standard;
    }
    int64_t reg_arrived[N_REG_SOURCES];
    for (int k = 0; k < N_REG_SOURCES; k++) {
        double f = reg_share;
        if (short_money && k >= 2 && p->missing == 0)
            f = rf_gen_rng_uniform(&r) < 0.3 ? 0.0 : unif(&r, 0.3, 0.9);
        reg_arrived[k] = (int64_t)llround((double)(REG_PER_PERSON[k] * gi.registered_people) * f);
    }
    int64_t sync_planned = (int64_t)llround((double)gi.synchronous_people * unif(&r, 1.0, 1.4));
    int64_t sync_arrived =
        (int64_t)llround((double)((int64_t)SYNC_PER_PERSON * sync_planned) * arrived_share);
    int64_t land_total = 0;
    for (size_t i = 0; i < n; i++)
        land_total += sites[i].land;
    int64_t agri = round_to((double)land_total * unif(&r, 0.2, 0.8), 10000);

    char missing_note[64] = "";
    if (arrived_share < 1.0)
        snprintf(missing_note, sizeof missing_note, " (%g%% of what it needs missing)",
                 100.0 * p->missing);
    put(&b, "{\n  \"format\": \"relocfund-scenario/1\",\n  \"id\": ");
    put_str(&b, id);
    put(&b, ",\n  \"name\": {\"zh\": \"合成县 %s\", \"en\": \"Synthetic county %s\"},\n", id, id);
    put(&b, "  \"year\": %d,\n  \"policy\": ", p->year);
    put_str(&b, policy_path);
    put(&b,
        ",\n  \"assumptions\": \"Synthetic: generated by relocfund's rf_gen with seed "
        "%" PRIu64 "%s%s%s.\",\n",
        seed, short_money ? "; funds arrived short" : "", missing_note,
        high_cost ? "; high housing costs" : "");
    put(&b,
        "  \"plan\": {\"registered_people\": %" PRId64 ", \"synchronous_people\": %" PRId64 "},\n",
        gi.registered_people, sync_planned);
    put(&b, "  \"sources\": {\n");
    for (int k = 0; k < N_REG_SOURCES; k++)
        put(&b, "    \"%s\": {\"arrived\": %" PRId64 "},\n", REG_SOURCES[k], reg_arrived[k]);
    put(&b, "    \"synchronous_fund\": {\"arrived\": %" PRId64 "}\n  },\n", sync_arrived);
    put(&b, "  \"integrated_agri\": {\"budget\": %" PRId64 "},\n", agri);
    put(&b, "  \"sites\": [\n");
    for (size_t i = 0; i < n; i++) {
        char sid[32];
        if (sites[i].type == RF_SITE_DISPERSED)
            snprintf(sid, sizeof sid, "D%d", p->year);
        else
            snprintf(sid, sizeof sid, "S%03zu", i + 1);
        put_site(&b, &sites[i], sid, (int)i + 1, i + 1 == n);
    }
    put(&b, "  ]\n}\n");
    if (b.failed)
        goto oom;
    free(sites);
    free(w);
    free(people);
    if (info)
        *info = gi;
    return b.s;
oom:
    free(sites);
    free(w);
    free(people);
    free(b.s);
    rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL, "generator: out of memory");
    return NULL;
}

int64_t rf_gen_people_for_sites(rf_gen_rng *r, int sites)
{
    return (int64_t)llround((double)sites * unif(r, 180, 370));
}

int rf_gen_heavy_sites(rf_gen_rng *r, int max_sites)
{
    double x = 5.0 * pow(1.0 - rf_gen_rng_uniform(r), -1.0 / 1.1);
    return x >= (double)max_sites ? max_sites : (int)x;
}

char *rf_gen_policy_json(const char *id, rf_pooling pooling)
{
    static const char *const zh[] = {"中央预算内投资", "省级财政专项资金", "地方政府债券",
                                     "专项建设基金", "政策性低息贷款"};
    static const char *const en[] = {"Central budget investment", "Provincial special fund",
                                     "Local government bonds", "Special construction fund",
                                     "Policy low-interest loans"};
    static const char *const all_uses =
        "[\"housing\", \"decoration\", \"infrastructure\", \"public_services\", \"land\", "
        "\"demolition\", \"employment_base\", \"industry\"]";
    if (!valid_id(id))
        return NULL;
    sbuf b = {0};
    put(&b, "{\n  \"format\": \"relocfund-policy/1\",\n  \"id\": ");
    put_str(&b, id);
    put(&b, ",\n  \"name\": {\"zh\": \"合成政策 %s\", \"en\": \"Synthetic policy %s\"},\n", id, id);
    put(&b, "  \"note\": \"The bundled example-county standards (5.775 万元 per registered "
            "person, 0.8 万元 per planned synchronous person), written by rf_gen.\",\n");
    put(&b, "  \"sources\": [\n");
    for (int k = 0; k < N_REG_SOURCES; k++)
        put(&b,
            "    {\"id\": \"%s\", \"name\": {\"zh\": \"%s\", \"en\": \"%s\"}, \"category\": "
            "\"registered\", \"per_person\": %" PRId64 ", \"basis\": \"implemented_people\", "
            "\"drawdown\": \"full\", \"loan\": %s, \"uses\": %s},\n",
            REG_SOURCES[k], zh[k], en[k], REG_PER_PERSON[k], k == 4 ? "true" : "false", all_uses);
    put(&b,
        "    {\"id\": \"synchronous_fund\", \"name\": {\"zh\": \"同步搬迁资金\", \"en\": "
        "\"Synchronous relocation fund\"}, \"category\": \"synchronous\", \"per_person\": "
        "%d, \"basis\": \"planned_people\", \"drawdown\": \"as_needed\", \"site_limit\": "
        "\"per_person\", \"loan\": false, \"uses\": [\"housing\", \"decoration\", "
        "\"infrastructure\", \"public_services\"]}\n  ],\n",
        SYNC_PER_PERSON);
    put(&b, "  \"self_funding\": {\"cap_per_household\": 10000, \"uses\": [\"housing\", "
            "\"decoration\"]},\n");
    put(&b, "  \"housing\": {\"area_cap_per_person_m2\": 25, \"one_person_household_area_m2\": "
            "null},\n");
    put(&b, "  \"surplus_routing\": [\"employment_base\", \"industry\"],\n");
    put(&b, "  \"shortfall\": {\"integrated_agri_uses\": [\"land\"]},\n");
    put(&b, "  \"pooling\": \"%s\",\n", pooling == RF_POOLING_SITE ? "site" : "county");
    put(&b, "  \"objective\": [\"unfunded_gap\", \"cap_excess\", \"registered_self_funding\", "
            "\"synchronous_self_funding\", \"integrated_agri\", \"loans\", \"employment_base\", "
            "\"even_self_funding\", \"site_entitlement\"],\n");
    put(&b, "  \"solver\": {\"time_limit_seconds\": 10, \"level_tolerance\": 1e-9}\n}\n");
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
