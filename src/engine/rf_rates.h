/* rf_rates: the progress rates of a scenario (implementation, centralized
 * share, disbursement, completion, move-in, demolition) and their check
 * against the rates a file states. */
#ifndef RF_RATES_H
#define RF_RATES_H

#include <stdbool.h>
#include <stdint.h>

#include "rf_scenario.h"

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

/* Computes every rate of s into out[RF_RATE_COUNT]. */
void rf_rates_compute(const rf_scenario *s, rf_rate out[RF_RATE_COUNT]);

/* Whether a stated percentage ("98.9%", "100%") equals num/den rounded half
 * up to the decimals the text shows.  *valid is false when the text is not
 * a percentage of that form. */
bool rf_rate_text_matches(const char *stated, int64_t num, int64_t den, bool *valid);

#endif
