/* rf_gmpl: the data section of models/relocation.mod (the reference GMPL model) for a scenario.
 *
 * The reference model is a second, independent formulation of
 * docs/model.md; this module writes its data from the scenario alone, never
 * from rf_model, so that the two can check each other (tests/
 * test_differential.c).  Costs are left to the model to compute from the
 * raw unit costs; the only thing computed here is each budget group's share
 * of the county pools under site pooling. */
#ifndef RF_GMPL_H
#define RF_GMPL_H

#include <stddef.h>
#include <stdio.h>

#include "rf_error.h"
#include "rf_types.h"

/* How many budget groups the scenario has: one per site with site pooling,
 * else one (none without sites).  Group g of site pooling is site g. */
size_t rf_gmpl_group_count(const rf_scenario *s);

/* Writes the data section of budget group `group` to out: the model solves
 * objective level `level` (1-based position in the policy's objective
 * list), with fixed[0..level-2] the optima (万元) of the levels before it
 * (fixed may be NULL when level is 1).  The scenario is borrowed.  Returns
 * RF_OK; RF_ERR_INPUT when group or level is out of range or an amount does
 * not fit the model's arithmetic; RF_ERR_OUTPUT when writing fails (err
 * says which; file is the name used in messages). */
rf_status rf_gmpl_write_data(const rf_scenario *s, size_t group, size_t level, const double *fixed,
                             FILE *out, const char *file, rf_error *err);

#endif
