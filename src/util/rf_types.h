/* rf_types: the domain types every stage shares: money, the policy model and
 * the annual scenario as the loader resolves them.
 *
 * Ownership, once for all: a scenario owns everything it points to (its
 * policy, sources, sites, size classes and every string), and only the
 * loader makes one (rf_scenario_load; rf_scenario_free frees it all, the
 * policy included).  Every later stage borrows the scenario and never
 * changes it, except where a header says so (sensitivity and reverse move
 * one value and put it back): a model, a plan and a result point into it
 * and are freed first.  Outcomes and reports copy what they keep. */
#ifndef RF_TYPES_H
#define RF_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Money is integer fen (1 yuan = 100 fen) from the moment it is read. */
typedef int64_t rf_fen;

/* An area in hundredths of a square metre. */
typedef int64_t rf_centi_m2;

typedef enum { RF_CAT_REGISTERED = 0, RF_CAT_SYNCHRONOUS = 1, RF_CAT_COUNT = 2 } rf_category;

/* What money pays for.  The order is the order of every report. */
typedef enum {
    RF_USE_HOUSING = 0,
    RF_USE_DECORATION,
    RF_USE_INFRASTRUCTURE,
    RF_USE_PUBLIC_SERVICES,
    RF_USE_LAND,
    RF_USE_DEMOLITION,
    RF_USE_EMPLOYMENT_BASE,
    RF_USE_INDUSTRY,
    RF_USE_COUNT
} rf_use;

typedef enum {
    RF_SITE_URBAN_PARK = 0,
    RF_SITE_TOWNSHIP,
    RF_SITE_CENTRAL_VILLAGE,
    RF_SITE_DISPERSED,
    RF_SITE_TYPE_COUNT
} rf_site_type;

/* The objective levels, solved in the order the policy lists them. */
typedef enum {
    RF_LEVEL_UNFUNDED_GAP = 0, /* least money no source covers */
    RF_LEVEL_CAP_EXCESS,       /* least registered self-funding over the cap */
    RF_LEVEL_REGISTERED_SELF_FUNDING,
    RF_LEVEL_SYNCHRONOUS_SELF_FUNDING,
    RF_LEVEL_INTEGRATED_AGRI,
    RF_LEVEL_LOANS,
    RF_LEVEL_EMPLOYMENT_BASE,   /* employment bases funded up to their need */
    RF_LEVEL_EVEN_SELF_FUNDING, /* the highest per-household self-funding in the group as low as
                                   possible */
    RF_LEVEL_SITE_ENTITLEMENT,  /* each site keeps its own per-person pool where it can */
    RF_LEVEL_COUNT
} rf_level;

typedef enum { RF_POOLING_COUNTY = 0, RF_POOLING_SITE = 1 } rf_pooling;

/* How much of what arrived a source must spend. */
typedef enum {
    RF_DRAW_FULL = 0,     /* every arrived fen is allocated (the per-person pool) */
    RF_DRAW_AS_NEEDED = 1 /* allocated only as far as needed; the rest stays undrawn */
} rf_drawdown;

/* Which people a source's per-person standard counts. */
typedef enum { RF_BASIS_IMPLEMENTED_PEOPLE = 0, RF_BASIS_PLANNED_PEOPLE = 1 } rf_basis;

typedef struct {
    char *zh;
    char *en;
} rf_label;

typedef struct {
    char *id;
    rf_label name;
    rf_category category; /* whose costs it pays (shared site costs are open to both) */
    rf_fen per_person;    /* standard per person of basis */
    rf_basis basis;
    rf_drawdown drawdown;
    bool is_loan;               /* counted by RF_LEVEL_LOANS */
    bool site_limit_per_person; /* a site gets at most per_person x its people of category */
    bool permitted[RF_USE_COUNT];
} rf_policy_source;

typedef struct {
    char *id;
    rf_label name;
    char *file; /* where it was read from */
    rf_policy_source *sources;
    size_t n_sources;
    rf_fen self_funding_cap; /* per registered household */
    bool self_funding_uses[RF_USE_COUNT];
    rf_centi_m2 area_cap_per_person;           /* registered housing area per person */
    rf_centi_m2 area_cap_one_person_household; /* 0: no special allowance */
    bool agri_permitted[RF_USE_COUNT];         /* uses integrated agri funds may pay */
    rf_use surplus_routing[2];                 /* employment_base then industry */
    rf_pooling pooling;
    rf_level levels[RF_LEVEL_COUNT];
    size_t n_levels;
    double level_tolerance;    /* relative; see docs/model.md */
    double time_limit_seconds; /* per simplex call */
} rf_policy;

/* The registered housing area cap of a household of `size` people: the
 * one-person allowance when the policy has one, else the cap per person
 * times the size. */
static inline rf_centi_m2 rf_policy_area_cap(const rf_policy *p, int size)
{
    if (size == 1 && p->area_cap_one_person_household > 0)
        return p->area_cap_one_person_household;
    return p->area_cap_per_person * size;
}

/* Households of one size (people per household). */
typedef struct {
    int size;
    int64_t households;
} rf_size_class;

typedef struct {
    rf_fen housing_per_m2;
    rf_fen decoration_per_m2;
    rf_centi_m2 area_per_person; /* registered */
    rf_centi_m2 synchronous_area_per_person;
    rf_fen infrastructure; /* lump sum for the site */
    rf_fen public_services;
    rf_fen land;
    rf_fen demolition_per_household;
    rf_fen employment_base_need;
} rf_site_costs;

typedef struct {
    char *id;
    rf_label name;
    char *path;                /* JSON path, e.g. "sites[3]" */
    rf_site_type type;         /* RF_SITE_DISPERSED for dispersed resettlement */
    rf_size_class *registered; /* sorted by size, sizes unique */
    size_t n_registered;
    int64_t registered_households; /* derived sums */
    int64_t registered_people;
    int64_t synchronous_households;
    int64_t synchronous_people;
    rf_site_costs costs; /* defaults already applied */
    char *file;          /* the file the site was read from */
    int line;            /* where the site's object starts there */
    int column;
} rf_site;

typedef struct {
    char *id; /* matches a policy source id */
    rf_fen arrived;
    bool has_disbursed;
    rf_fen disbursed;
} rf_scenario_source;

/* A count the report states, with an optional stated rate ("79%") kept as
 * the text the file gives, so that its precision is known. */
typedef struct {
    int64_t planned_households;   /* houses planned */
    int64_t completed_households; /* houses completed */
    int64_t moved_in_households;
    int64_t moved_in_people;       /* as stated; -1 when not given */
    int64_t demolition_agreements; /* -1 when not given */
    int64_t removed_households;    /* removed as wrongly identified */
    int64_t demolished;            /* -1 when not given */
} rf_progress;

/* A total a file states (assert.totals), in the unit its name says: a
 * count, fen (..._arrived) or 1/100 m² (..._housing_area_m2). */
typedef struct {
    char *name;
    int64_t value;
} rf_stated_total;

/* An average a file states (assert.averages), kept as the number's text
 * ("24.5") so that its precision is known. */
typedef struct {
    char *name;
    char *text;
} rf_stated_average;

/* Site construction figures a report states for a scope (site_progress);
 * counts are -1 when not given. */
typedef struct {
    bool present;
    char *scope; /* "2016-2017", or NULL */
    int64_t planned;
    int64_t cancelled;
    int64_t built;
    int64_t by_type[RF_SITE_DISPERSED]; /* urban_park, township, central_village */
    int64_t completed;
    int64_t under_construction;
    char *stated_completion_rate; /* "38%", or NULL */
} rf_site_progress;

typedef struct {
    char *id;
    rf_label name;
    char *file;
    int year;          /* 0 for a multi-year plan */
    rf_policy *policy; /* owned */
    int64_t planned_people[RF_CAT_COUNT];
    rf_scenario_source *sources; /* in policy order, one per policy source */
    size_t n_sources;
    bool has_disbursed_total[RF_CAT_COUNT];
    rf_fen disbursed_total[RF_CAT_COUNT];
    rf_fen integrated_agri_budget;
    rf_site *sites;
    size_t n_sites;
    bool has_progress[RF_CAT_COUNT];
    rf_progress progress[RF_CAT_COUNT];
    int64_t sites_completed; /* centralized sites completed; -1 when not given */
    /* Stated rates, by name ("registered_implementation", ...), as text. */
    char **stated_rate_names;
    char **stated_rate_values;
    size_t n_stated_rates;
    rf_stated_total *stated_totals; /* in file order */
    size_t n_stated_totals;
    rf_stated_average *stated_averages; /* in file order */
    size_t n_stated_averages;
    rf_site_progress site_progress; /* the file's own (an included file's is not taken over) */
    char *period;                   /* "2016-2020" for a multi-year plan, else NULL */
} rf_scenario;

#endif
