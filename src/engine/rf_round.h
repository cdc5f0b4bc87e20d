/* rf_round: rounding an LP point of the model to whole fen without an LP.
 *
 * The money rows of the model, with the site entitlement rows and one
 * self-funding sum per registered class, form two laminar families: (source,
 * site limit, entitlement, cap, class sum, integrated agri budget) and (cost,
 * employment base).  Two laminar families are the rows of a network matrix:
 * each family is a forest (a row's parent is the least row containing it; an
 * entitlement row's over and under columns make the path to its parent),
 * both forests hang from one root, each row is the edge from its node to its
 * parent, and each column is the path its rows make, closed into a cycle by
 * an arc of its own.  A point of the LP is then a circulation, and it is
 * rounded the way the integrality of flows is proven: while some arc is
 * fractional, a cycle of fractional arcs exists (every node with one has
 * two, since its flow balances); the flow is shifted along it, in the
 * direction that lowers the objective levels (in the policy's order, then
 * toward the nearer fen), until an arc becomes whole.  Each shift makes one
 * arc whole, and a walk that keeps its path between shifts finds the next
 * cycle where the last one was cut, so the cost is about linear in the
 * fractional arcs times the length of a cycle (a few rows of one site).
 *
 * The result keeps every money row exact, each column at the floor or the
 * ceiling of its value, each class's self-funding at the floor or ceiling of
 * its sum (so the highest self-funding per household moves by less than a
 * fen), and no shift raises a level unless it lowers one before it: the
 * levels before the even level are the LP's optimum and both directions of a
 * shift stay feasible for the LP, so no shift changes them; of those after
 * it, the first a shift changes falls.  rf_solve_round checks the result in
 * integer arithmetic and falls back to its rounding LP when this one cannot
 * finish. */
#ifndef RF_ROUND_H
#define RF_ROUND_H

#include <stdbool.h>

#include "rf_model.h"

/* Rounds x_wan (every column of m, 万元) to fen along cycles into out_fen
 * (n_cols entries; money columns, the others 0).  With anchor (fen per
 * column, or RF_NO_ANCHOR; may be NULL: rf_solve_settings.anchor), a shift
 * that changes no level moves toward the anchor before the nearer fen, and
 * a column at a whole fen stays there.  Returns false, out_fen
 * unspecified, when the rows do not make two laminar families with
 * coefficients all +1 or all -1 in each column, a row is off its bound at
 * x_wan by more than a tenth of a fen (GLPK's tolerances at a break-even
 * point), or out of memory.  Where the point is off a row by less, the
 * result may miss that row by a fen: the caller checks every row. */
bool rf_round_cycles(const rf_model *m, const double *x_wan, const rf_fen *anchor,
                     rf_fen *out_fen);

#endif
