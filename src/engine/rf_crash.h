/* rf_crash: a starting basis for the simplex method.
 *
 * Solving the first objective level from a basis that knows nothing of the
 * plan costs about one simplex iteration per row (the money of every source
 * has to be walked into the cost rows one pivot at a time).  rf_crash fills
 * the plan greedily instead, in the order the objective levels prefer
 * (sources before loans, loans before integrated agricultural funds, those
 * before self-funding, self-funding within the cap before any excess, and
 * the unfunded gap last; a surplus to employment bases before industry), and
 * turns the fill into a basis.
 *
 * The basis is triangular by construction, hence nonsingular: each step
 * raises one variable none of whose rows is closed yet until one of them is
 * full, and that variable becomes the basic variable of that row.  Rows left
 * open keep their logical (slack) variable basic.  One step departs from
 * that: when money is short, the households' payments are spread evenly
 * (water-filling to a level z), which closes one cycle through z and the
 * source rows; its determinant is a sum of household counts, never 0.  The
 * fill need not be optimal, nor even feasible in corner cases: the simplex
 * method starts from it and proves (or finds) the optimum, so the basis
 * only decides how many pivots that takes, never the answer's optimality. */
#ifndef RF_CRASH_H
#define RF_CRASH_H

#include <stdbool.h>

#include "rf_model.h"

/* Fills row_basic[n_rows] (the row's logical variable is basic; otherwise
 * the row is tight at its bound) and col_basic[n_cols] (otherwise the column
 * is at its lower bound, 0).  Exactly n_rows entries are true in all.
 * Returns false on out of memory. */
bool rf_crash_basis(const rf_model *m, bool *row_basic, bool *col_basic);

#endif
