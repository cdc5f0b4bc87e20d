/* relocfund-gen: writes a folder of synthetic county scenarios and a province file listing them. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rf_gen.h"

static void usage(FILE *to)
{
    fprintf(to, "usage: relocfund-gen [OPTIONS] -o DIR\n\n"
                "Writes DIR/policy.json, DIR/counties/<id>.json (one scenario a county) and\n"
                "DIR/province.json (relocfund-province/1, listing the counties), all drawn from\n"
                "a seeded generator: the same options and seed give the same bytes.\n\n"
                "Options:\n"
                "  --scale S           county (1 county, 25 sites, 6,857 people), province\n"
                "                      (100 counties), or national (1,400 counties, 35,000\n"
                "                      sites, 9,600,000 registered people); default county\n"
                "  --counties N        number of counties (overrides the scale)\n"
                "  --sizes typical|heavy\n"
                "                      typical (default): county sizes spread log-normally\n"
                "                      around the scale's average, households of 1-8 people,\n"
                "                      construction 1,100-2,000 yuan/m2.  heavy: each county's\n"
                "                      sites drawn from a Pareto tail (most 5-30, about one in\n"
                "                      90 with 300 or more, a few of 1,000), 180-370 registered\n"
                "                      people a site, households of 1-12 people, construction\n"
                "                      700-5,000 yuan/m2 (cheap to far over the standards),\n"
                "                      and a short county short by --missing (default 0.25)\n"
                "  --sites N           centralized sites over all counties (heavy: shared in\n"
                "                      proportion to the drawn sizes; one county: exactly N)\n"
                "  --people N          registered people over all counties\n"
                "  --seed N            seed (default 1)\n"
                "  --short-share X     probability a county's funds arrive short (default 0.2)\n"
                "  --missing X         a short county has every source (synchronous fund too)\n"
                "                      at 1 - X of its standard, 0 < X < 1 (0.25: a quarter\n"
                "                      of its money missing); 0: its three largest registered\n"
                "                      sources at 30-90%% or none (the typical default)\n"
                "  --over-cap-share X  probability a county has high housing costs (0.15)\n"
                "  --sync-ratio X      synchronous people per registered person (0.5)\n"
                "  --pooling P         county (default) or site, written into policy.json\n"
                "  -o, --output DIR    the folder to write (created)\n"
                "  -q, --quiet         no summary on standard output\n"
                "  -h, --help          this help\n");
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "relocfund-gen: error: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fputs(text, f);
    if (ferror(f) | (fclose(f) != 0)) {
        fprintf(stderr, "relocfund-gen: error: %s: cannot write\n", path);
        return -1;
    }
    return 0;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "relocfund-gen: error: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static bool parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* Splits total over n parts by weights, each at least min_each (largest
 * remainder would do; the remainder goes to the first parts). */
static void split(int64_t total, const double *w, size_t n, const int64_t *min_each, int64_t *out)
{
    double wsum = 0;
    int64_t rest = total;
    for (size_t i = 0; i < n; i++) {
        wsum += w[i];
        rest -= min_each[i];
    }
    int64_t given = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = min_each[i] + (int64_t)floor((double)rest * w[i] / wsum);
        given += out[i];
    }
    for (size_t i = 0; given < total; i = (i + 1) % n) {
        out[i]++;
        given++;
    }
}

static int cmp_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"scale", required_argument, NULL, 'S'},
                                             {"counties", required_argument, NULL, 'c'},
                                             {"sites", required_argument, NULL, 's'},
                                             {"people", required_argument, NULL, 'p'},
                                             {"seed", required_argument, NULL, 'r'},
                                             {"short-share", required_argument, NULL, 'x'},
                                             {"sizes", required_argument, NULL, 'Z'},
                                             {"missing", required_argument, NULL, 'm'},
                                             {"over-cap-share", required_argument, NULL, 'y'},
                                             {"sync-ratio", required_argument, NULL, 'z'},
                                             {"pooling", required_argument, NULL, 'P'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int64_t counties = 1, sites = 25, people = 6857, seed = 1;
    int64_t counties_opt = 0, sites_opt = 0, people_opt = 0;
    const char *scale = "county", *dir = NULL;
    rf_gen_params base;
    rf_gen_params_county(&base);
    rf_pooling pooling = RF_POOLING_COUNTY;
    bool quiet = false, heavy = false, missing_set = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        bool ok = true;
        switch (opt) {
        case 'S':
            scale = optarg;
            ok = !strcmp(scale, "county") || !strcmp(scale, "province") ||
                 !strcmp(scale, "national");
            break;
        case 'c':
            ok = parse_int(optarg, 1, 1000000, &counties_opt);
            break;
        case 's':
            ok = parse_int(optarg, 1, 10000000, &sites_opt);
            break;
        case 'p':
            ok = parse_int(optarg, 4, 1000000000, &people_opt);
            break;
        case 'r':
            ok = parse_int(optarg, 0, INT64_MAX, &seed);
            break;
        case 'x':
            ok = parse_double(optarg, 0, 1, &base.short_share);
            break;
        case 'Z':
            ok = !strcmp(optarg, "typical") || !strcmp(optarg, "heavy");
            heavy = !strcmp(optarg, "heavy");
            break;
        case 'm':
            ok = parse_double(optarg, 0, 0.99, &base.missing);
            missing_set = true;
            break;
        case 'y':
            ok = parse_double(optarg, 0, 1, &base.over_cap_share);
            break;
        case 'z':
            ok = parse_double(optarg, 0, 5, &base.synchronous_ratio);
            break;
        case 'P':
            ok = !strcmp(optarg, "county") || !strcmp(optarg, "site");
            pooling = optarg[0] == 's' ? RF_POOLING_SITE : RF_POOLING_COUNTY;
            break;
        case 'o':
            dir = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
        if (!ok) {
            fprintf(stderr, "relocfund-gen: error: '%s': not a valid value here (see --help)\n",
                    optarg);
            return 2;
        }
    }
    if (!dir || optind != argc) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(scale, "province")) {
        counties = 100;
        sites = 2500;
        people = 685700;
    } else if (!strcmp(scale, "national")) {
        counties = 1400;
        sites = 35000;
        people = 9600000;
    }
    if (counties_opt) {
        /* Keep the scale's averages per county unless given. */
        sites = sites / counties * counties_opt;
        people = people / counties * counties_opt;
        counties = counties_opt;
    }
    if (sites_opt)
        sites = sites_opt;
    if (people_opt)
        people = people_opt;
    if (heavy) {
        base.spread = RF_GEN_SPREAD_WIDE;
        if (!missing_set)
            base.missing = 0.25;
    }
    if (sites < counties || ((!heavy || people_opt) && people < 4 * sites)) {
        fprintf(stderr, "relocfund-gen: error: need at least one site a county and four "
                        "people a site\n");
        return 2;
    }

    size_t n = (size_t)counties;
    double *w = malloc(n * sizeof *w);
    int64_t *n_sites = malloc(n * sizeof *n_sites), *n_people = malloc(n * sizeof *n_people);
    int64_t *min = malloc(n * sizeof *min);
    uint64_t *seeds = malloc(n * sizeof *seeds);
    size_t path_size = strlen(dir) + 64;
    char *path = malloc(path_size);
    if (!w || !n_sites || !n_people || !min || !seeds || !path) {
        fprintf(stderr, "relocfund-gen: error: out of memory\n");
        return 3;
    }
    rf_gen_rng r;
    rf_gen_rng_seed(&r, (uint64_t)seed);
    if (heavy) {
        /* Each county's size drawn from the heavy tail (a given total is
         * shared in proportion); people follow sites. */
        for (size_t i = 0; i < n; i++) {
            n_sites[i] = rf_gen_heavy_sites(&r, 1000);
            seeds[i] = rf_gen_rng_next(&r);
            w[i] = (double)n_sites[i];
            min[i] = 1;
        }
        if (sites_opt)
            split(sites, w, n, min, n_sites);
        rf_gen_rng rp;
        rf_gen_rng_seed(&rp, (uint64_t)seed ^ 0x9E0F1E5ULL);
        for (size_t i = 0; i < n; i++) {
            n_people[i] = rf_gen_people_for_sites(&rp, (int)n_sites[i]);
            w[i] = (double)n_sites[i];
            min[i] = 4 * n_sites[i];
        }
        if (people_opt)
            split(people, w, n, min, n_people);
    } else {
        /* County sizes spread log-normally; sites follow people. */
        for (size_t i = 0; i < n; i++) {
            w[i] = exp(0.5 * rf_gen_rng_normal(&r));
            seeds[i] = rf_gen_rng_next(&r);
            min[i] = 1;
        }
        split(sites, w, n, min, n_sites);
        for (size_t i = 0; i < n; i++)
            min[i] = 4 * n_sites[i];
        split(people, w, n, min, n_people);
    }

    int status = 0;
    if (make_dir(dir) != 0)
        return 4;
    snprintf(path, path_size, "%s/counties", dir);
    if (make_dir(path) != 0)
        return 4;
    char *policy = rf_gen_policy_json("synthetic", pooling);
    snprintf(path, path_size, "%s/policy.json", dir);
    if (!policy || write_file(path, policy) != 0)
        return 4;
    free(policy);

    snprintf(path, path_size, "%s/province.json", dir);
    FILE *prov = fopen(path, "w");
    if (!prov) {
        fprintf(stderr, "relocfund-gen: error: %s: %s\n", path, strerror(errno));
        return 4;
    }
    fprintf(prov,
            "{\n  \"format\": \"relocfund-province/1\",\n  \"id\": \"synthetic-%s-%" PRId64
            "\",\n  \"name\": {\"zh\": \"合成%s (种子 %" PRId64 ")\", \"en\": \"Synthetic %s "
            "(seed %" PRId64 ")\"},\n  \"counties\": [\n",
            scale, seed,
            !strcmp(scale, "national")   ? "全国"
            : !strcmp(scale, "province") ? "省"
                                         : "县",
            seed, scale, seed);
    int64_t tot_people = 0, tot_hh = 0, tot_sync = 0, tot_sites = 0, n_short = 0, n_high = 0;
    for (size_t i = 0; i < n && status == 0; i++) {
        char id[32];
        snprintf(id, sizeof id, "c%04zu", i + 1);
        rf_gen_params p = base;
        p.id = id;
        p.sites = (int)n_sites[i];
        p.registered_people = n_people[i];
        rf_gen_info info;
        rf_error err = {0};
        char *text = rf_gen_county_json(&p, seeds[i], "../policy.json", &info, &err);
        if (!text) {
            fprintf(stderr, "relocfund-gen: error: %s\n", err.message);
            status = 2;
            break;
        }
        snprintf(path, path_size, "%s/counties/%s.json", dir, id);
        if (write_file(path, text) != 0)
            status = 4;
        free(text);
        fprintf(prov, "    \"counties/%s.json\"%s\n", id, i + 1 == n ? "" : ",");
        tot_people += info.registered_people;
        tot_hh += info.registered_households;
        tot_sync += info.synchronous_people;
        tot_sites += info.sites;
        n_short += info.short_of_money;
        n_high += info.high_cost;
    }
    fputs("  ]\n}\n", prov);
    if (ferror(prov) | (fclose(prov) != 0)) {
        fprintf(stderr, "relocfund-gen: error: %s/province.json: cannot write\n", dir);
        status = 4;
    }
    if (status == 0 && !quiet)
        printf("%s: %zu counties, %" PRId64 " sites (dispersed included), %" PRId64
               " registered people in %" PRId64 " households, %" PRId64
               " synchronous people; %" PRId64 " counties short of money, %" PRId64
               " with high housing costs\n",
               dir, n, tot_sites, tot_people, tot_hh, tot_sync, n_short, n_high);
    if (status == 0 && !quiet && heavy) {
        /* The size distribution drawn, on a line of its own (scripts read
         * the one above). */
        qsort(n_sites, n, sizeof *n_sites, cmp_int64);
        size_t big = 0;
        for (size_t i = 0; i < n; i++)
            big += n_sites[i] >= 300;
        printf("county sizes (centralized, a county): median %" PRId64 ", 90th percentile %" PRId64
               ", largest %" PRId64 "; %zu counties of 300 or more\n",
               n_sites[n / 2], n_sites[n * 9 / 10], n_sites[n - 1], big);
    }
    free(w);
    free(n_sites);
    free(n_people);
    free(min);
    free(seeds);
    free(path);
    return status;
}
