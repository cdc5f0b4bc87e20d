/* csv-readers: times libcsv against relocfund's own roster reader on the same
 * file, to decide which one the audit uses (see docs/benchmarks.md). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rf_roster.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of the process (user + system): on a shared machine the wall
 * time says as much about the other jobs as about the reader. */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct {
    long fields, rows;
} counts;

static void on_field(void *s, size_t len, void *ctx)
{
    (void)s;
    (void)len;
    ((counts *)ctx)->fields++;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    ((counts *)ctx)->rows++;
}

/* libcsv, strict mode, 1 MiB reads: only splits fields (no values parsed). */
static int run_libcsv(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    static char buf[1 << 20];
    counts c = {0, 0};
    size_t n;
    double t0 = now(), c0 = cpu();
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "libcsv: %s\n", csv_strerror(csv_error(&p)));
            break;
        }
    csv_fini(&p, on_field, on_row, &c);
    double t1 = now(), c1 = cpu();
    csv_free(&p);
    fclose(f);
    printf("libcsv (split fields only)       wall %6.3f s  cpu %6.3f s  %ld rows %ld fields\n",
           t1 - t0, c1 - c0, c.rows, c.fields);
    return 0;
}

/* rf_roster: splits fields and parses every value of the nine columns. */
static int run_roster(const char *path)
{
    rf_error err = {0};
    double t0 = now(), c0 = cpu();
    rf_roster *r = rf_roster_open(path, NULL, &err);
    if (!r) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    rf_household h;
    rf_roster_result res;
    long rows = 0, bad = 0;
    while ((res = rf_roster_next(r, &h, &err)) != RF_ROSTER_END) {
        if (res == RF_ROSTER_ROW)
            rows++;
        else if (res == RF_ROSTER_BAD_ROW)
            bad++;
        else
            break;
    }
    double t1 = now(), c1 = cpu();
    rf_roster_free(r);
    printf("rf_roster (split + parse values) wall %6.3f s  cpu %6.3f s  %ld rows %ld bad\n",
           t1 - t0, c1 - c0, rows, bad);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csv-readers ROSTER.csv\n");
        return 2;
    }
    return run_libcsv(argv[1]) | run_roster(argv[1]);
}
