/* rf_policy: reads a policy model (a models/ file, "relocfund-policy/1")
 * from its located JSON tree.  rf_policy_load/rf_policy_free are declared
 * in rf_scenario.h; this header is for the readers. */
#ifndef RF_POLICY_H
#define RF_POLICY_H

#include "rf_read.h"
#include "rf_scenario.h"

#define RF_POLICY_FORMAT "relocfund-policy/1"

/* Converts and validates a policy document read from file (the name kept
 * in the result).  Every problem goes to r->diags.  Returns the policy, or
 * NULL when an error was found. */
rf_policy *rf_policy_from_json(rf_reader *r, const cJSON *root, const char *file);

#endif
