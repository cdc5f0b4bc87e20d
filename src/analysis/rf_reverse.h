/* rf_reverse: 倒算, from the cap back: the additional funding each site needs
 * for every registered household class to stay within the cap and for the
 * plan to balance, by source where the policy allows; and break-even values
 * of one parameter, found by bisection on warm-started re-solves.
 *
 * A result owns its strings; it borrows the scenario (free the result first). */
#ifndef RF_REVERSE_H
#define RF_REVERSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rf_error.h"
#include "rf_outcome.h"
#include "rf_scenario.h"

typedef struct {
    char *id;
    char *name;
    rf_fen unfunded;            /* costs no source covers */
    rf_fen unfunded_by_use[RF_USE_COUNT];
    rf_fen cap_excess;          /* registered self-funding above the cap */
    int64_t households_over_cap;
    rf_fen need;                /* unfunded + cap_excess: the additional money the site needs */
    char *allowed_sources;      /* ids of sources the policy lets pay every use in need */
} rf_reverse_site;

/* One source raised alone until the plan balances and complies. */
typedef struct {
    char *id;
    char *name;
    bool may_pay;               /* permits some use a site needs */
    bool closes;                /* raising it alone closes every gap and excess */
    rf_fen arrived;             /* now */
    rf_fen break_even;          /* least arrived that balances (when closes) */
    rf_fen additional;          /* break_even - arrived */
    int solves;                 /* re-solves the bisection took */
} rf_reverse_source;

/* The break-even of a chosen parameter. */
typedef struct {
    char *path;
    int decimals;               /* of the values below (scaled integers) */
    bool found;
    int64_t good, bad;          /* adjacent values, one unit apart: the plan balances at good, not at bad */
    rf_key_figures at_good, at_bad;
    int solves;
} rf_break_even;

typedef struct {
    const rf_scenario *scenario; /* borrowed */
    bool chinese;
    rf_key_figures key;
    rf_reverse_site *sites;
    size_t n_sites;             /* sites with a need only */
    rf_fen total_need;
    rf_reverse_source *sources;
    size_t n_sources;
    bool has_break_even;
    rf_break_even break_even;
} rf_reverse;

/* Reverse calculation on s: solves it, lists every site's need and, for
 * each source that may pay a needed use, the least arrived amount at which
 * the plan balances and complies (bisection to the fen, each step a
 * warm-started re-solve; s->sources[f].arrived is changed during the call
 * and restored).  Returns RF_OK with *out (rf_reverse_free) or the solver's
 * error. */
rf_status rf_reverse_run(rf_scenario *s, double time_limit, bool chinese, rf_reverse **out,
                         rf_error *err);

/* Break-even of one parameter: PATH=LO:HI[:UNIT] (values of the field as
 * --set takes them; UNIT, the precision, defaults to 0.01).  The plan must
 * balance at one end and not at the other; bisection on re-solves of the
 * scenario at path (loaded with base's assignments and PATH=value) finds
 * two values UNIT apart on either side.  Returns RF_OK (be->found false when
 * both ends agree), RF_ERR_INPUT (diags, or err for a malformed spec) or
 * the solver's error. */
rf_status rf_break_even_run(const char *path, const rf_load_options *base, const char *spec,
                            double time_limit, rf_break_even *be, rf_diags *diags, rf_error *err);
void rf_break_even_clear(rf_break_even *be);

void rf_reverse_free(rf_reverse *r);

#endif
