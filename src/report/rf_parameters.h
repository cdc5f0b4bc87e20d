/* rf_parameters: the parameters of a scenario a planner moves (relocfund
 * serve's sliders), with their ranges, as JSON. */
#ifndef RF_PARAMETERS_H
#define RF_PARAMETERS_H

#include <stdio.h>

#include "rf_error.h"
#include "rf_types.h"

/* Writes the document "relocfund-parameters/1" to out: the scenario's id,
 * name and file (as given), and every parameter a planner moves (each
 * source's arrived amount, the integrated-agri budget, the self-funding
 * cap, each site's housing cost per m² and registered area per person):
 * its --set path, labels, unit, base value and a range [min, max] with a
 * step (docs/serve.md).  Returns RF_OK or RF_ERR_OUTPUT (the stream
 * failed). */
rf_status rf_parameters_write(const rf_scenario *s, const char *file, FILE *out);

#endif
