/* cli_whatif: what the what-if commands share (whatif, compare, sensitivity, reverse). */
#ifndef RF_CLI_WHATIF_H
#define RF_CLI_WHATIF_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "rf_plan.h"
#include "rf_scenario.h"

/* Loads the scenario at path with the assignments sets[0..n_sets) and
 * solves it.  Prints every problem (warnings as one note) and returns the
 * exit code of the failure, or RF_OK with *s and *p set (the caller frees
 * both, the plan first). */
int cli_load_and_solve(const char *path, const char *const *sets, size_t n_sets,
                       double time_limit, bool verbose, rf_scenario **s, rf_plan **p);

/* Parses --time-limit; prints the error and returns false when it is bad. */
bool cli_parse_time_limit(const char *value, double *out);

/* Parses --unit wan|yuan into common->yuan; prints the error and returns false. */
bool cli_parse_unit(const char *value, cli_common *common);

/* True when path ends with suffix (ASCII, case-insensitive). */
bool cli_has_suffix(const char *path, const char *suffix);

#endif
