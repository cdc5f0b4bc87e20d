/* relocfund-gen-roster: writes a synthetic household roster with a known
 * number of violations per rule, and the expected audit counts beside it. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_date.h"

/* The sites of scenarios/example-county/2016.json; "S99" is unknown. */
static const char *const SITES[] = {"S01", "S02", "S03", "S04", "S05",
                                    "S06", "S07", "S08", "D2016"};
#define N_SITES (sizeof SITES / sizeof SITES[0])
#define CAP_FEN 1000000 /* the example policy's cap: 10,000 yuan */
#define AREA_PER_PERSON 2500 /* 25 m2 in 0.01 m2 */

enum { T_CLEAN, T_CAP, T_AREA, T_NO_AGREEMENT, T_NOT_DEMOLISHED, T_DUPLICATE, T_UNKNOWN_SITE,
       T_BAD, T_COUNT };
static const char *const TYPE_KEYS[T_COUNT] = {
    "clean", "self_funding_over_cap", "area_over_cap", "no_demolition_agreement",
    "not_demolished_in_time", "duplicate_household_id", "unknown_site", "bad_rows"};

static uint64_t rng_state;

/* splitmix64 */
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A uniform integer in [lo, hi]. */
static int64_t between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static void usage(FILE *to)
{
    fprintf(to, "usage: relocfund-gen-roster [-n ROWS] [--seed N] [--violations K] [--bad B]\n"
                "                            [--as-of YYYY-MM-DD] [--expected FILE] -o FILE\n\n"
                "Writes ROWS data rows (default 2660000) over the 2016 example sites: K rows\n"
                "breaking each rule (default ROWS/400), B malformed rows (default 10), the rest\n"
                "clean as of the --as-of date (default 2018-06-30).  --expected writes the counts\n"
                "an audit must find, one 'key value' a line.\n");
}

static char *fen_text(char buf[32], int64_t fen)
{
    if (fen % 100)
        snprintf(buf, 32, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
    else
        snprintf(buf, 32, "%lld", (long long)(fen / 100));
    return buf;
}

int main(int argc, char **argv)
{
    long long rows = 2660000, per_rule = -1, bad = 10;
    unsigned long long seed = 2016;
    const char *out_path = NULL, *expected_path = NULL, *as_of_text = "2018-06-30";
    static const struct option opts[] = {{"seed", required_argument, 0, 's'},
                                         {"violations", required_argument, 0, 'k'},
                                         {"bad", required_argument, 0, 'b'},
                                         {"as-of", required_argument, 0, 'a'},
                                         {"expected", required_argument, 0, 'e'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "n:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': rows = atoll(optarg); break;
        case 'o': out_path = optarg; break;
        case 's': seed = strtoull(optarg, NULL, 10); break;
        case 'k': per_rule = atoll(optarg); break;
        case 'b': bad = atoll(optarg); break;
        case 'a': as_of_text = optarg; break;
        case 'e': expected_path = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    rf_day as_of;
    if (!out_path || rows < 1 || bad < 0 ||
        !rf_date_parse(as_of_text, strlen(as_of_text), &as_of)) {
        usage(stderr);
        return 2;
    }
    if (per_rule < 0)
        per_rule = rows / 400;
    if (6 * per_rule + bad > rows) {
        fprintf(stderr, "relocfund-gen-roster: error: %lld rows cannot hold %lld planted rows\n",
                rows, 6 * per_rule + bad);
        return 2;
    }
    rng_state = seed;
    FILE *out = fopen(out_path, "w");
    if (!out) {
        fprintf(stderr, "relocfund-gen-roster: error: %s: %s\n", out_path, strerror(errno));
        return 4;
    }
    static char obuf[1 << 20];
    setvbuf(out, obuf, _IOFBF, sizeof obuf);
    fputs("household_id,site_id,note,category,size,area_m2,self_funded_yuan,moved_in_date,"
          "demolition_agreement,demolished_date\n",
          out);

    long long left[T_COUNT] = {0};
    for (int t = T_CAP; t <= T_UNKNOWN_SITE; t++)
        left[t] = per_rule;
    left[T_BAD] = bad;
    long long planted_left = 6 * per_rule + bad;
    long long done[T_COUNT] = {0};
    long long over_cap_fen = 0;
    /* ids of recent good rows, for planted duplicates */
    enum { RING = 4096 };
    static unsigned long long ring[RING];
    size_t ring_n = 0;
    rf_day year_ago = rf_date_add_years(as_of, -1);

    for (long long i = 0; i < rows; i++) {
        /* selection sampling: exactly planted_left of the remaining rows */
        int type = T_CLEAN;
        if ((long long)(rnd() % (uint64_t)(rows - i)) < planted_left) {
            long long pick = (long long)(rnd() % (uint64_t)planted_left);
            for (type = T_CAP; type < T_COUNT; type++) {
                if (pick < left[type])
                    break;
                pick -= left[type];
            }
            if (type == T_DUPLICATE && ring_n == 0)
                type = T_CLEAN; /* nothing to repeat yet; planted later instead */
            else {
                left[type]--;
                planted_left--;
            }
        }
        done[type]++;
        unsigned long long id = 520000000000000000ULL + (unsigned long long)i + 1;
        if (type == T_DUPLICATE)
            id = ring[rnd() % (ring_n < RING ? ring_n : RING)];
        const char *site = type == T_UNKNOWN_SITE ? "S99" : SITES[rnd() % N_SITES];
        bool registered = type == T_CAP || type == T_AREA || rnd() % 10 < 7;
        int size = (int)between(1, 8);
        int64_t area = registered ? between(15 * size * 100, AREA_PER_PERSON * size)
                                  : between(15 * size * 100, 3000 * size);
        if (type == T_AREA)
            area = AREA_PER_PERSON * size + between(1, 2000);
        int64_t fen = registered ? between(0, CAP_FEN) : between(0, 5000000);
        if (rnd() % 4)
            fen -= fen % 100; /* most amounts are whole yuan */
        if (type == T_CAP) {
            fen = CAP_FEN + between(1, 500000);
            over_cap_fen += fen - CAP_FEN;
        }
        bool moved = type == T_NO_AGREEMENT || type == T_NOT_DEMOLISHED || rnd() % 5 != 0;
        rf_day moved_in = 0, demolished = 0;
        bool agreement = true, has_demolished = false;
        if (moved) {
            if (type == T_NO_AGREEMENT) {
                moved_in = (rf_day)between(year_ago, as_of); /* not yet overdue */
                agreement = false;
            } else if (type == T_NOT_DEMOLISHED) {
                moved_in = (rf_day)between(year_ago - 400, year_ago - 1);
                rf_day deadline = rf_date_add_years(moved_in, 1);
                if (rnd() % 2) {
                    has_demolished = true;
                    demolished = (rf_day)between(deadline + 1, as_of);
                }
            } else {
                moved_in = (rf_day)between(year_ago - 400, as_of);
                rf_day deadline = rf_date_add_years(moved_in, 1);
                if (deadline < as_of || rnd() % 2) {
                    has_demolished = true;
                    demolished = (rf_day)between(moved_in, deadline < as_of ? deadline : as_of);
                }
            }
        } else {
            agreement = rnd() % 2;
        }
        char money[32], d1[16] = "", d2[16] = "";
        if (moved)
            rf_date_format(d1, moved_in);
        if (has_demolished)
            rf_date_format(d2, demolished);
        const char *note = rnd() % 8 == 0 ? "\"户主外出, 电话 \"\"138\"\"\"" : "";
        if (type == T_BAD) {
            switch (done[T_BAD] % 4) {
            case 0: /* a non-number size */
                fprintf(out, "%llu,%s,,registered,four,%lld.%02lld,%s,%s,yes,%s\n", id, site,
                        (long long)(area / 100), (long long)(area % 100), fen_text(money, fen), d1,
                        d2);
                break;
            case 1: /* a bad date */
                fprintf(out, "%llu,%s,,registered,%d,%lld.%02lld,%s,2016/13/01,yes,\n", id, site,
                        size, (long long)(area / 100), (long long)(area % 100),
                        fen_text(money, fen));
                break;
            case 2: /* too few fields */
                fprintf(out, "%llu,%s,,registered,%d,%lld.%02lld\n", id, site, size,
                        (long long)(area / 100), (long long)(area % 100));
                break;
            default: /* an unknown category */
                fprintf(out, "%llu,%s,,poor,%d,%lld.%02lld,%s,,no,\n", id, site, size,
                        (long long)(area / 100), (long long)(area % 100), fen_text(money, fen));
            }
            continue;
        }
        fprintf(out, "%llu,%s,%s,%s,%d,%lld.%02lld,%s,%s,%s,%s\n", id, site, note,
                registered ? "registered" : "synchronous", size, (long long)(area / 100),
                (long long)(area % 100), fen_text(money, fen), d1, agreement ? "yes" : "no", d2);
        if (type != T_DUPLICATE)
            ring[ring_n++ % RING] = id;
    }
    if (fclose(out) != 0) {
        fprintf(stderr, "relocfund-gen-roster: error: %s: %s\n", out_path, strerror(errno));
        return 4;
    }
    if (expected_path) {
        FILE *e = fopen(expected_path, "w");
        if (!e) {
            fprintf(stderr, "relocfund-gen-roster: error: %s: %s\n", expected_path,
                    strerror(errno));
            return 4;
        }
        fprintf(e, "rows %lld\nhouseholds %lld\nas_of %s\nseed %llu\n", rows, rows - done[T_BAD],
                as_of_text, seed);
        for (int t = T_CAP; t < T_COUNT; t++)
            fprintf(e, "%s %lld\n", TYPE_KEYS[t], done[t]);
        fprintf(e, "over_cap_total_fen %lld\n", over_cap_fen);
        if (fclose(e) != 0) {
            fprintf(stderr, "relocfund-gen-roster: error: %s: %s\n", expected_path,
                    strerror(errno));
            return 4;
        }
    }
    return 0;
}
