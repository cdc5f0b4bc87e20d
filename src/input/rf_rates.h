/* rf_rates: the figures a work report states about a scenario, computed
 * from it: sums by category and site type (households, people, housing
 * area, sites, funds), the progress rates (implementation, shares by site
 * type, disbursement, completion, move-in, demolition), site construction,
 * and their check against what a file states. */
#ifndef RF_RATES_H
#define RF_RATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_types.h"

/* ---- where people are resettled ---- */

typedef enum {
    RF_WHERE_ALL = 0,     /* every site, dispersed resettlement included */
    RF_WHERE_CENTRALIZED, /* every site that is not dispersed */
    RF_WHERE_DISPERSED,
    RF_WHERE_URBAN_PARK,
    RF_WHERE_TOWNSHIP,
    RF_WHERE_CENTRAL_VILLAGE,
    RF_WHERE_URBAN_TOWNSHIP, /* urban_park and township sites together (进城入镇) */
    RF_WHERE_COUNT
} rf_where;

/* Whether a site of type t counts under w. */
bool rf_where_has(rf_where w, rf_site_type t);
/* The word used in names ("urban_township"; "" for RF_WHERE_ALL). */
const char *rf_where_id(rf_where w);
/* The where of the sites of one type (RF_WHERE_DISPERSED for dispersed). */
rf_where rf_where_of_type(rf_site_type t);

/* Index of both categories together in the arrays below. */
#define RF_CAT_BOTH RF_CAT_COUNT

/* What the sites of a scenario hold, by category (RF_CAT_BOTH: both) and
 * by where.  Housing area is people x the site's area per person of the
 * category (1/100 m², saturating at INT64_MAX).  sites counts site entries
 * (a dispersed entry counts under RF_WHERE_DISPERSED and RF_WHERE_ALL). */
typedef struct {
    int64_t households[RF_CAT_COUNT + 1][RF_WHERE_COUNT];
    int64_t people[RF_CAT_COUNT + 1][RF_WHERE_COUNT];
    rf_centi_m2 area[RF_CAT_COUNT + 1][RF_WHERE_COUNT];
    int64_t sites[RF_WHERE_COUNT];
    rf_fen arrived[RF_CAT_COUNT + 1]; /* arrived from the sources of each category */
    int64_t planned_people;           /* registered + synchronous planned */
} rf_sums;

void rf_sums_compute(const rf_scenario *s, rf_sums *out);

/* ---- stated totals (assert.totals) and averages (assert.averages) ---- */

typedef enum {
    RF_TOTAL_HOUSEHOLDS = 0,
    RF_TOTAL_PEOPLE,
    RF_TOTAL_HOUSING_AREA, /* 1/100 m² */
    RF_TOTAL_SITES,
    RF_TOTAL_ARRIVED, /* fen */
    RF_TOTAL_PLANNED_PEOPLE
} rf_total_kind;

/* A total a file may state.  Names (docs/scenario-format.md):
 * [WHERE_][CATEGORY_]households, ..._people, ..._housing_area_m2, with
 * WHERE one of centralized, dispersed, urban_park, township,
 * central_village, urban_township and CATEGORY registered or synchronous;
 * WHERE_sites (not dispersed); [CATEGORY_]arrived; planned_people. */
typedef struct {
    rf_total_kind kind;
    int category; /* RF_CAT_REGISTERED, RF_CAT_SYNCHRONOUS or RF_CAT_BOTH */
    rf_where where;
} rf_total;

bool rf_total_parse(const char *name, rf_total *out);
/* The total's value: a count, fen (arrived) or 1/100 m² (housing area). */
int64_t rf_total_value(const rf_sums *sums, rf_total t);
/* What the total counts, in words: "registered people at township sites",
 * "arrived from the registered sources", "m² of housing"; in Chinese
 * when chinese.  Writes at most size bytes to buf; returns buf. */
char *rf_total_describe(char *buf, size_t size, rf_total t, bool chinese);

/* An average a file may state: [WHERE_][CATEGORY_]area_per_person_m2, the
 * housing area over the people of the same category and where.  On success
 * *area and *people are the two totals it divides. */
bool rf_average_parse(const char *name, rf_total *area, rf_total *people);
/* "housing area per registered person at township sites" (or Chinese). */
char *rf_average_describe(char *buf, size_t size, rf_total area, bool chinese);

/* A stated total or average of a scenario beside its computed value. */
typedef struct {
    const char *name; /* as stated, borrowed from the scenario */
    bool average;     /* an average (area per person), else a total */
    rf_total total;   /* the total, or the area an average divides */
    int64_t stated;   /* a total: stated and computed, in its unit */
    int64_t computed;
    const char *text; /* an average: the stated text, borrowed */
    int64_t area;     /* an average: 1/100 m² over people */
    int64_t people;
    bool matches; /* equal; an average at the precision of its text */
} rf_stated_figure;

/* The stated totals of s, then its stated averages, each in file order,
 * checked against sums; writes at most n_stated_totals + n_stated_averages
 * entries to out and returns how many (a name that does not parse, which
 * loading refuses, is left out). */
size_t rf_stated_figures(const rf_scenario *s, const rf_sums *sums, rf_stated_figure *out);

/* Whether decimal text ("24.5", or "98.9%" when percent) equals
 * num/den x 10^shift rounded half up to the decimals the text shows (at
 * most 6).  *valid is false when the text is not a plain decimal of that
 * form (digits, at most one point; the '%' exactly when percent). */
bool rf_decimal_text_matches(const char *text, bool percent, int64_t num, int64_t den, int shift,
                             bool *valid);
/* How many decimals such a text shows ("98.9%" -> 1). */
int rf_decimal_text_decimals(const char *text);

/* ---- rates ---- */

typedef enum {
    RF_RATE_REGISTERED_IMPLEMENTATION = 0,
    RF_RATE_SYNCHRONOUS_IMPLEMENTATION,
    RF_RATE_REGISTERED_CENTRALIZED_SHARE,
    RF_RATE_REGISTERED_DISPERSED_SHARE,
    RF_RATE_SYNCHRONOUS_CENTRALIZED_SHARE,
    RF_RATE_REGISTERED_DISBURSEMENT,
    RF_RATE_SYNCHRONOUS_DISBURSEMENT,
    RF_RATE_REGISTERED_COMPLETION,
    RF_RATE_SYNCHRONOUS_COMPLETION,
    RF_RATE_REGISTERED_MOVE_IN,
    RF_RATE_SYNCHRONOUS_MOVE_IN,
    RF_RATE_REGISTERED_DEMOLITION,
    RF_RATE_SITE_COMPLETION,
    /* Shares of people by where (detail rates, see rf_rate_is_detail). */
    RF_RATE_SYNCHRONOUS_DISPERSED_SHARE,
    RF_RATE_CENTRALIZED_SHARE,
    RF_RATE_DISPERSED_SHARE,
    RF_RATE_URBAN_PARK_SHARE,
    RF_RATE_TOWNSHIP_SHARE,
    RF_RATE_CENTRAL_VILLAGE_SHARE,
    RF_RATE_URBAN_TOWNSHIP_SHARE,
    RF_RATE_REGISTERED_URBAN_PARK_SHARE,
    RF_RATE_REGISTERED_TOWNSHIP_SHARE,
    RF_RATE_REGISTERED_CENTRAL_VILLAGE_SHARE,
    RF_RATE_REGISTERED_URBAN_TOWNSHIP_SHARE,
    RF_RATE_SYNCHRONOUS_URBAN_PARK_SHARE,
    RF_RATE_SYNCHRONOUS_TOWNSHIP_SHARE,
    RF_RATE_SYNCHRONOUS_CENTRAL_VILLAGE_SHARE,
    RF_RATE_SYNCHRONOUS_URBAN_TOWNSHIP_SHARE,
    RF_RATE_COUNT
} rf_rate_kind;

/* One rate: num / den.  known is false when the scenario lacks a figure it
 * needs (or den is 0). */
typedef struct {
    rf_rate_kind kind;
    bool known;
    int64_t num;
    int64_t den;
    const char *stated; /* the file's text ("79%"), borrowed from the scenario, or NULL */
    bool stated_matches;/* stated agrees with num/den at the stated precision */
} rf_rate;

const char *rf_rate_id(rf_rate_kind k);
const char *rf_rate_label(rf_rate_kind k, bool chinese);
/* What the rate divides, in words, e.g. "completed houses / planned houses". */
const char *rf_rate_formula(rf_rate_kind k, bool chinese);
bool rf_rate_parse(const char *id, rf_rate_kind *out);
/* Whether the rate divides money in fen (disbursed / arrived) rather than
 * counts. */
bool rf_rate_is_money(rf_rate_kind k);
/* Whether the rate is a share by site type that reports list among the
 * rates only when the file states it (the plan report's table by site type
 * shows every share). */
bool rf_rate_is_detail(rf_rate_kind k);

/* Computes every rate of s into out[RF_RATE_COUNT]. */
void rf_rates_compute(const rf_scenario *s, rf_rate out[RF_RATE_COUNT]);

/* Whether a stated percentage ("98.9%", "100%") equals num/den rounded half
 * up to the decimals the text shows.  *valid is false when the text is not
 * a percentage of that form. */
bool rf_rate_text_matches(const char *stated, int64_t num, int64_t den, bool *valid);

/* ---- site construction (site_progress) ---- */

/* The checks of stated site construction figures: each is true when its
 * figures are known and agree, false when they are known and disagree, and
 * unknown (known false) when a figure is missing. */
typedef enum {
    RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT = 0, /* planned - cancelled = built */
    RF_SP_TYPES_ADD_UP_TO_BUILT,               /* urban_park + township + central_village = built */
    RF_SP_COMPLETED_AND_UNDER_CONSTRUCTION_ARE_BUILT, /* completed + under_construction = built */
    RF_SP_BUILT_MATCHES_SCENARIO,                     /* built = the scenario's centralized sites */
    RF_SP_URBAN_PARK_MATCHES_SCENARIO,
    RF_SP_TOWNSHIP_MATCHES_SCENARIO,
    RF_SP_CENTRAL_VILLAGE_MATCHES_SCENARIO,
    RF_SP_COMPLETION_RATE_MATCHES, /* the stated rate = completed / built */
    RF_SP_CHECK_COUNT
} rf_sp_check;

typedef struct {
    bool known[RF_SP_CHECK_COUNT];
    bool holds[RF_SP_CHECK_COUNT];
} rf_sp_checks;

const char *rf_sp_check_id(rf_sp_check c);
/* Checks sp against itself and the sums of its scenario. */
void rf_site_progress_check(const rf_site_progress *sp, const rf_sums *sums, rf_sp_checks *out);

#endif
