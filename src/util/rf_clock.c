/* rf_clock: a monotonic clock in seconds. */
#include "rf_clock.h"

#include <time.h>

double rf_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
