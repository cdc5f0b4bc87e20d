/* rf_clock: a monotonic clock for the timings the tool reports (--verbose, sweeps, progress). */
#ifndef RF_CLOCK_H
#define RF_CLOCK_H

/* Seconds on the monotonic clock (CLOCK_MONOTONIC) from an arbitrary start:
 * only differences between two calls mean anything. */
double rf_clock_now(void);

#endif
