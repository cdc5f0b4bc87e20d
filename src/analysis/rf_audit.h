/* rf_audit: the household rules of the policy, checked row by row against a
 * scenario, and the summary of what was found. */
#ifndef RF_AUDIT_H
#define RF_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rf_date.h"
#include "rf_error.h"
#include "rf_roster.h"
#include "rf_types.h"

/* The rules, in the order of every report.  What value and limit of an
 * rf_violation hold depends on the rule:
 *
 *   rule                       value                    limit
 *   SELF_FUNDING_CAP           self-funding, fen        the cap, fen
 *   AREA_CAP                   area, 0.01 m2            the area cap, 0.01 m2
 *   NO_DEMOLITION_AGREEMENT    moved-in date (rf_day)   -
 *   NOT_DEMOLISHED             demolished date, or none the deadline (rf_day)
 *   DUPLICATE_ID               row of the first use     -
 *   UNKNOWN_SITE               -                        -
 *   HOUSEHOLD_MIX (a warning)  households (or people)   what the scenario counts
 *                              in the roster
 */
typedef enum {
    RF_RULE_SELF_FUNDING_CAP = 0,
    RF_RULE_AREA_CAP,
    RF_RULE_NO_DEMOLITION_AGREEMENT,
    RF_RULE_NOT_DEMOLISHED,
    RF_RULE_DUPLICATE_ID,
    RF_RULE_UNKNOWN_SITE,
    RF_RULE_HOUSEHOLD_MIX,
    RF_RULE_COUNT
} rf_rule;

/* "self_funding_over_cap", ... (static strings). */
const char *rf_rule_id(rf_rule r);
const char *rf_rule_label(rf_rule r, bool chinese);
/* RF_SEV_WARNING for RF_RULE_HOUSEHOLD_MIX, RF_SEV_ERROR for the others. */
rf_severity rf_rule_severity(rf_rule r);

/* What a HOUSEHOLD_MIX warning counts. */
typedef enum {
    RF_MIX_REGISTERED_SIZE = 0,    /* registered households of one size */
    RF_MIX_SYNCHRONOUS_HOUSEHOLDS, /* synchronous households */
    RF_MIX_SYNCHRONOUS_PEOPLE      /* synchronous people */
} rf_mix_kind;

typedef struct {
    rf_rule rule;
    int64_t row; /* the row of the household; for HOUSEHOLD_MIX the first row
                    beyond the scenario's count */
    bool has_value;
    int64_t value;
    bool has_limit;
    int64_t limit;
    /* HOUSEHOLD_MIX only */
    size_t site;     /* index into the scenario's sites */
    rf_mix_kind mix;
    int size;        /* people per household, for RF_MIX_REGISTERED_SIZE */
} rf_violation;

typedef struct {
    int64_t households;           /* good rows checked */
    int64_t bad_rows;             /* as counted by rf_audit_bad_row() */
    int64_t by_category[RF_CAT_COUNT];
    int64_t by_rule[RF_RULE_COUNT];
    int64_t violations;           /* every rule but the warning */
    int64_t warnings;
    int64_t households_in_violation;
    int64_t households_over_cap;
    rf_fen over_cap_total;        /* sum of self-funding above the cap */
    size_t n_sites;               /* the scenario's; index n_sites is "unknown site" */
    int64_t *site_households;     /* [n_sites + 1] */
    int64_t (*site_rules)[RF_RULE_COUNT]; /* [n_sites + 1] */
    rf_fen *site_over_cap;        /* [n_sites + 1] */
} rf_audit_summary;

/* Fetches the household_id of an earlier row (one rf_audit_check saw), so
 * that a suspected duplicate is confirmed byte for byte; rf_roster_id_at
 * fits.  Returns false and fills err when it cannot. */
typedef bool (*rf_audit_id_lookup)(void *ctx, int64_t row, const char **id, size_t *len,
                                   rf_error *err);

typedef struct rf_audit rf_audit;

/* A new audit against scenario s (borrowed: it must outlive the audit) as of
 * day as_of.  Household ids are remembered as 8 bytes each (32 bits of a
 * keyed hash, SipHash-1-3 under a random key of each audit, and the row),
 * about 11 bytes a household at the table's load; lookup confirms every
 * hash match.  Ids crafted to collide cannot be without the key, so the
 * lookups stay as few as for ordinary ids.  Returns NULL (err filled) when out of memory. */
rf_audit *rf_audit_new(const rf_scenario *s, rf_day as_of, rf_audit_id_lookup lookup,
                       void *lookup_ctx, rf_error *err);

/* Sizes the duplicate-id set for about `households` ids at once, so that
 * it need not grow (each growth moves every id) while the roster is read.
 * Optional, and only a hint: the set still grows if more come; a smaller
 * number than the set holds does nothing.  Returns false (err filled) when
 * out of memory; the audit stays usable. */
bool rf_audit_reserve(rf_audit *a, size_t households, rf_error *err);

/* Checks one household; writes its violations (rules in order, at most one
 * a rule) into out and returns how many, or -1 (err filled) when the
 * duplicate check failed or ran out of memory. */
int rf_audit_check(rf_audit *a, const rf_household *h, rf_violation out[RF_RULE_COUNT],
                   rf_error *err);

/* Starts fetching the memory rf_audit_check will need for h, so that a
 * caller holding a batch of households can overlap the cache misses of the
 * duplicate check: prefetch each, then check each in row order.  Optional;
 * results are the same without it.  The work it saves is kept for the last
 * RF_AUDIT_PREFETCH_AHEAD rows prefetched: prefetch at most that many ahead
 * of the check. */
#define RF_AUDIT_PREFETCH_AHEAD 256
void rf_audit_prefetch(rf_audit *a, const rf_household *h);

/* Counts a malformed row the reader skipped. */
void rf_audit_bad_row(rf_audit *a);

/* Compares the households seen with the scenario's counts per site and
 * returns the HOUSEHOLD_MIX warnings (owned by the audit; by site, then
 * registered sizes ascending, then synchronous), counting them in the
 * summary.  Call once, after the last household. */
size_t rf_audit_finish(rf_audit *a, const rf_violation **warnings);

const rf_audit_summary *rf_audit_summary_get(const rf_audit *a);

void rf_audit_free(rf_audit *a);

#endif
