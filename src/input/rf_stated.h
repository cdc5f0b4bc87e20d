/* rf_stated: the figures a scenario file states besides its sites and money:
 * progress, assert (totals, rates, averages), site_progress and follow_up.
 * The loader hands each file's located tree here after its sites and
 * sources are read; this module reads the figures into the scenario and
 * checks each against what the sites give, with its location.
 *
 * Nothing is owned here: the figures read are stored in the scenario
 * (which owns them), problems go to the reader's diagnostics. */
#ifndef RF_STATED_H
#define RF_STATED_H

#include <stdbool.h>

#include "rf_read.h"
#include "rf_types.h"

typedef struct {
    rf_reader *r; /* the located tree and where problems go */
    bool compare; /* the figures the checks compute from were read without
                   * error: compare stated with computed (else only read) */
    bool changed; /* --set changed the scenario: a file's own stated total
                   * that differs is a warning, not an error */
} rf_stated_ctx;

/* Reads the stated figures of the scenario document root into s and checks
 * them (rf_rates computes what they are compared with).  Returns false
 * when one is malformed or a ledger assertion fails (an error was added);
 * disagreements that may be the report's own are warnings. */
bool rf_stated_read(const rf_stated_ctx *c, const cJSON *root, rf_scenario *s);

#endif
