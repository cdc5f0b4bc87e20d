/* Tests of rf_audit: every roster rule on hand-built households and a
 * hand-built scenario, independent of file loading. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rf_audit.h"
#include "support.h"

/* A scenario with three sites:
 *   S01  registered sizes 1:2, 4:3, 5:1; synchronous 2 households, 7 people
 *   S02  registered size 3:1; no synchronous households
 *   D01  dispersed, registered size 2:1 */
typedef struct {
    rf_policy policy;
    rf_site sites[3];
    rf_size_class s01[3], s02[1], d01[1];
    rf_scenario scenario;
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->policy.self_funding_cap = 1000000;   /* 10,000 yuan */
    f->policy.area_cap_per_person = 2500;   /* 25 m2 */
    f->s01[0] = (rf_size_class){1, 2};
    f->s01[1] = (rf_size_class){4, 3};
    f->s01[2] = (rf_size_class){5, 1};
    f->s02[0] = (rf_size_class){3, 1};
    f->d01[0] = (rf_size_class){2, 1};
    f->sites[0] = (rf_site){.id = "S01", .registered = f->s01, .n_registered = 3,
                            .synchronous_households = 2, .synchronous_people = 7};
    f->sites[1] = (rf_site){.id = "S02", .registered = f->s02, .n_registered = 1};
    f->sites[2] = (rf_site){.id = "D01", .type = RF_SITE_DISPERSED, .registered = f->d01,
                            .n_registered = 1};
    f->scenario.policy = &f->policy;
    f->scenario.sites = f->sites;
    f->scenario.n_sites = 3;
}

/* Household ids by row, for the duplicate check's lookup. */
typedef struct {
    char ids[400000][16];
    int64_t calls;
} id_book;

static bool book_lookup(void *ctx, int64_t row, const char **id, size_t *len, rf_error *err)
{
    (void)err;
    id_book *b = ctx;
    b->calls++;
    *id = b->ids[row];
    *len = strlen(b->ids[row]);
    return true;
}

static rf_household hh(int64_t row, const char *id, const char *site, rf_category cat, int size,
                       rf_centi_m2 area, rf_fen self_funded)
{
    return (rf_household){.row = row, .line = row, .household_id = id,
                          .household_id_len = strlen(id), .site_id = site,
                          .site_id_len = strlen(site), .category = cat, .size = size,
                          .area = area, .self_funded = self_funded,
                          .demolition_agreement = true};
}

static rf_day day(int y, int m, int d)
{
    return rf_date_from_ymd(y, m, d);
}

/* Runs one household through a fresh audit; returns the violations. */
static int check_one(fixture *f, rf_day as_of, const rf_household *h, rf_violation out[])
{
    rf_error err = {0};
    rf_audit *a = rf_audit_new(&f->scenario, as_of, NULL, NULL, &err);
    cr_assert_not_null(a);
    int n = rf_audit_check(a, h, out, &err);
    cr_assert_geq(n, 0, "%s", err.message);
    rf_audit_free(a);
    return n;
}

/* One household of the fixture checked alone: a registered or synchronous
 * household at S01 (S02 for synchronous households without an agreement),
 * with its area, self-funding and dates (0: not moved in, not demolished),
 * as of a day; n violations, and the first one's rule, value (when it has
 * one) and limit (0: not checked). */
typedef struct {
    const char *why;
    int64_t row;
    rf_category cat;
    int size;
    rf_centi_m2 area;
    rf_fen self_funded;
    bool no_agreement;
    rf_day moved_in, demolished;
    rf_centi_m2 one_person_allowance;
    rf_day as_of;
    int n;
    rf_rule rule;
    bool has_value;
    int64_t value, limit;
} rule_case;

static void check_case(const rule_case *c)
{
    fixture f;
    fixture_init(&f);
    f.policy.area_cap_one_person_household = c->one_person_allowance;
    rf_household h =
        hh(c->row, "A", c->no_agreement ? "S02" : "S01", c->cat, c->size, c->area, c->self_funded);
    h.demolition_agreement = !c->no_agreement;
    h.moved_in = c->moved_in != 0;
    h.moved_in_date = c->moved_in;
    h.demolished = c->demolished != 0;
    h.demolished_date = c->demolished;
    rf_violation v[RF_RULE_COUNT];
    int n = check_one(&f, c->as_of, &h, v);
    cr_assert_eq(n, c->n, "%s: %d violations, expected %d", c->why, n, c->n);
    if (n == 0)
        return;
    cr_expect_eq(v[0].rule, c->rule, "%s: rule", c->why);
    cr_expect_eq(v[0].row, c->row, "%s: row", c->why);
    cr_expect_eq(v[0].has_value, c->has_value, "%s: has a value", c->why);
    if (c->has_value)
        cr_expect_eq(v[0].value, c->value, "%s: value %lld", c->why, (long long)v[0].value);
    if (c->limit)
        cr_expect_eq(v[0].limit, c->limit, "%s: limit %lld", c->why, (long long)v[0].limit);
}

Test(rf_audit_check, each_household_rule_at_and_around_its_limit)
{
    const rf_category R = RF_CAT_REGISTERED, S = RF_CAT_SYNCHRONOUS;
    const rf_day jan17 = day(2017, 1, 1), moved = day(2016, 9, 1), due = day(2017, 9, 1);
    const rule_case cases[] = {
        {"self-funding one fen over the cap", 2, R, 4, 10000, 1000001, false, 0, 0, 0, jan17, 1,
         RF_RULE_SELF_FUNDING_CAP, true, 1000001, 1000000},
        {"the cap itself is allowed", 2, R, 4, 10000, 1000000, false, 0, 0, 0, jan17, 0},
        {"synchronous households have no cap", 2, S, 4, 10000, 9000000, false, 0, 0, 0, jan17, 0},
        {"area over 25 m2 a person", 5, R, 4, 10001, 0, false, 0, 0, 0, jan17, 1, RF_RULE_AREA_CAP,
         true, 10001, 10000},
        {"area at the cap", 5, R, 4, 10000, 0, false, 0, 0, 0, jan17, 0},
        {"the area cap is for registered people", 5, S, 4, 20000, 0, false, 0, 0, 0, jan17, 0},
        {"one person without an allowance: 25 m2", 2, R, 1, 3500, 0, false, 0, 0, 0, jan17, 1,
         RF_RULE_AREA_CAP, true, 3500, 2500},
        {"one person within the policy's allowance", 2, R, 1, 3500, 0, false, 0, 0, 4000, jan17, 0},
        {"one person over the allowance", 2, R, 1, 4001, 0, false, 0, 0, 4000, jan17, 1,
         RF_RULE_AREA_CAP, true, 4001, 4000},
        {"not moved in: no rule applies", 2, S, 3, 7500, 0, true, 0, 0, 0, jan17, 0},
        {"moved in without a demolition agreement", 2, S, 3, 7500, 0, true, day(2016, 10, 1), 0, 0,
         jan17, 1, RF_RULE_NO_DEMOLITION_AGREEMENT, true, day(2016, 10, 1), 0},
        {"moved in after the as-of date", 2, S, 3, 7500, 0, true, day(2016, 10, 1), 0, 0,
         day(2016, 9, 30), 0},
        {"the deadline day itself is in time", 7, R, 4, 10000, 0, false, moved, 0, 0, due, 0},
        {"not demolished a day after the deadline", 7, R, 4, 10000, 0, false, moved, 0, 0,
         day(2017, 9, 2), 1, RF_RULE_NOT_DEMOLISHED, false, 0, due},
        {"demolished on the deadline", 7, R, 4, 10000, 0, false, moved, due, 0, day(2018, 1, 1), 0},
        {"demolished a day late", 7, R, 4, 10000, 0, false, moved, day(2017, 9, 2), 0,
         day(2018, 1, 1), 1, RF_RULE_NOT_DEMOLISHED, true, day(2017, 9, 2), due},
        {"a demolition after the as-of date has not happened yet", 7, R, 4, 10000, 0, false, moved,
         day(2018, 3, 1), 0, day(2018, 1, 1), 1, RF_RULE_NOT_DEMOLISHED, false, 0, due},
        {"29 Feb + 1 year is 28 Feb: in time", 7, R, 4, 10000, 0, false, day(2016, 2, 29), 0, 0,
         day(2017, 2, 28), 0},
        {"29 Feb + 1 year is 28 Feb: late", 7, R, 4, 10000, 0, false, day(2016, 2, 29), 0, 0,
         day(2017, 3, 1), 1, RF_RULE_NOT_DEMOLISHED, false, 0, day(2017, 2, 28)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i]);
}

Test(rf_audit_check, unknown_site_is_a_violation_and_tallied_apart)
{
    fixture f;
    fixture_init(&f);
    rf_error err = {0};
    rf_audit *a = rf_audit_new(&f.scenario, day(2017, 1, 1), NULL, NULL, &err);
    rf_violation v[RF_RULE_COUNT];
    rf_household h = hh(2, "A", "S09", RF_CAT_REGISTERED, 4, 10000, 1200000);
    cr_assert_eq(rf_audit_check(a, &h, v, &err), 2);
    cr_expect_eq(v[0].rule, RF_RULE_SELF_FUNDING_CAP);
    cr_expect_eq(v[1].rule, RF_RULE_UNKNOWN_SITE);
    h = hh(3, "B", "S0", RF_CAT_REGISTERED, 4, 10000, 0);
    cr_assert_eq(rf_audit_check(a, &h, v, &err), 1, "a prefix of a site id is not that site");
    h = hh(4, "C", "S01", RF_CAT_REGISTERED, 4, 10000, 0);
    cr_assert_eq(rf_audit_check(a, &h, v, &err), 0);
    const rf_audit_summary *s = rf_audit_summary_get(a);
    cr_expect_eq(s->site_households[3], 2);
    cr_expect_eq(s->site_households[0], 1);
    cr_expect_eq(s->site_rules[3][RF_RULE_UNKNOWN_SITE], 2);
    cr_expect_eq(s->site_over_cap[3], 200000);
    cr_expect_eq(s->over_cap_total, 200000);
    cr_expect_eq(s->households_in_violation, 2);
    cr_expect_eq(s->violations, 3);
    rf_audit_free(a);
}

Test(rf_audit_check, a_household_id_seen_before_names_its_first_row)
{
    fixture f;
    fixture_init(&f);
    static id_book book;
    rf_error err = {0};
    rf_audit *a = rf_audit_new(&f.scenario, day(2017, 1, 1), book_lookup, &book, &err);
    const char *ids[] = {"H1", "H2", "H1", "H3", "H1", "h1"};
    int dups = 0;
    for (int i = 0; i < 6; i++) {
        snprintf(book.ids[i + 2], sizeof book.ids[0], "%s", ids[i]);
        rf_household h = hh(i + 2, book.ids[i + 2], "S01", RF_CAT_REGISTERED, 4, 10000, 0);
        rf_violation v[RF_RULE_COUNT];
        int n = rf_audit_check(a, &h, v, &err);
        if (n == 1) {
            cr_expect_eq(v[0].rule, RF_RULE_DUPLICATE_ID);
            cr_expect_eq(v[0].value, 2, "the first row of H1");
            dups++;
        }
    }
    cr_expect_eq(dups, 2);
    cr_expect_eq(rf_audit_summary_get(a)->by_rule[RF_RULE_DUPLICATE_ID], 2);
    rf_audit_free(a);
}

Test(rf_audit_check, hash_matches_of_different_ids_are_not_duplicates)
{
    /* 300,000 distinct ids share their 32-bit hash tags a few times; each
     * such match must be confirmed through the lookup and found different. */
    fixture f;
    fixture_init(&f);
    static id_book book;
    book.calls = 0;
    rf_error err = {0};
    rf_audit *a = rf_audit_new(&f.scenario, day(2017, 1, 1), book_lookup, &book, &err);
    int64_t dups = 0;
    for (int i = 0; i < 300000; i++) {
        snprintf(book.ids[i + 2], sizeof book.ids[0], "%lld", (long long)i * 7919);
        rf_household h = hh(i + 2, book.ids[i + 2], "S01", RF_CAT_REGISTERED, 4, 10000, 0);
        rf_violation v[RF_RULE_COUNT];
        int n = rf_audit_check(a, &h, v, &err);
        cr_assert_geq(n, 0, "%s", err.message);
        dups += n;
    }
    cr_expect_eq(dups, 0);
    cr_expect_gt(book.calls, 0, "some tags collided and were checked");
    /* and a real repeat is still found */
    rf_household h = hh(300002, "7919", "S01", RF_CAT_REGISTERED, 4, 10000, 0);
    rf_violation v[RF_RULE_COUNT];
    cr_assert_eq(rf_audit_check(a, &h, v, &err), 1);
    cr_expect_eq(v[0].value, 3);
    rf_audit_free(a);
}

Test(rf_audit_finish, households_beyond_the_scenario_counts_are_warnings)
{
    fixture f;
    fixture_init(&f);
    rf_error err = {0};
    rf_audit *a = rf_audit_new(&f.scenario, day(2017, 1, 1), NULL, NULL, &err);
    struct {
        const char *site;
        rf_category cat;
        int size;
    } rows[] = {
        {"S01", RF_CAT_REGISTERED, 4},   {"S01", RF_CAT_REGISTERED, 4},
        {"S01", RF_CAT_REGISTERED, 4},   {"S01", RF_CAT_REGISTERED, 4}, /* 4th of 3: row 5 */
        {"S01", RF_CAT_REGISTERED, 3},   /* S01 has no 3-person class: row 6 */
        {"S01", RF_CAT_SYNCHRONOUS, 3},  {"S01", RF_CAT_SYNCHRONOUS, 3}, /* 6 people of 7 */
        {"S01", RF_CAT_SYNCHRONOUS, 2},  /* 3rd household, 8 people: row 9 */
        {"S02", RF_CAT_REGISTERED, 3},   {"D01", RF_CAT_SYNCHRONOUS, 1}, /* row 11 */
        {"S01", RF_CAT_REGISTERED, 5},
    };
    rf_violation v[RF_RULE_COUNT];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rf_household h = hh((int64_t)i + 2, "X", rows[i].site, rows[i].cat, rows[i].size, 0, 0);
        char id[8];
        snprintf(id, sizeof id, "X%zu", i);
        h.household_id = id;
        h.household_id_len = strlen(id);
        cr_assert_eq(rf_audit_check(a, &h, v, &err), 0);
    }
    const rf_violation *w;
    size_t n = rf_audit_finish(a, &w);
    cr_assert_eq(n, 6);
    cr_expect(w[0].site == 0 && w[0].mix == RF_MIX_REGISTERED_SIZE && w[0].size == 3 &&
              w[0].row == 6 && w[0].value == 1 && w[0].limit == 0);
    cr_expect(w[1].site == 0 && w[1].size == 4 && w[1].row == 5 && w[1].value == 4 &&
              w[1].limit == 3);
    cr_expect(w[2].site == 0 && w[2].mix == RF_MIX_SYNCHRONOUS_HOUSEHOLDS && w[2].row == 9 &&
              w[2].value == 3 && w[2].limit == 2);
    cr_expect(w[3].site == 0 && w[3].mix == RF_MIX_SYNCHRONOUS_PEOPLE && w[3].row == 9 &&
              w[3].value == 8 && w[3].limit == 7);
    cr_expect(w[4].site == 2 && w[4].mix == RF_MIX_SYNCHRONOUS_HOUSEHOLDS && w[4].row == 11);
    cr_expect(w[5].site == 2 && w[5].mix == RF_MIX_SYNCHRONOUS_PEOPLE && w[5].row == 11);
    for (size_t i = 0; i < n; i++)
        cr_expect_eq(w[i].rule, RF_RULE_HOUSEHOLD_MIX);
    const rf_audit_summary *s = rf_audit_summary_get(a);
    cr_expect_eq(s->warnings, 6);
    cr_expect_eq(s->violations, 0);
    cr_expect_eq(s->by_rule[RF_RULE_HOUSEHOLD_MIX], 6);
    cr_expect_eq(rf_audit_finish(a, &w), 6, "finishing twice counts once");
    cr_expect_eq(s->warnings, 6);
    rf_audit_free(a);
}

Test(rf_rule_id, every_rule_has_an_id_and_two_labels)
{
    for (int r = 0; r < RF_RULE_COUNT; r++) {
        cr_expect_neq(strcmp(rf_rule_id((rf_rule)r), "?"), 0);
        cr_expect_gt(strlen(rf_rule_label((rf_rule)r, true)), 0);
        cr_expect_gt(strlen(rf_rule_label((rf_rule)r, false)), 0);
    }
    cr_expect_eq(rf_rule_severity(RF_RULE_HOUSEHOLD_MIX), RF_SEV_WARNING);
    cr_expect_eq(rf_rule_severity(RF_RULE_SELF_FUNDING_CAP), RF_SEV_ERROR);
}

Test(rf_audit_reserve, a_set_sized_up_front_finds_the_same_duplicates)
{
    /* the same 200,000 ids, some repeated, through an audit that grows its
     * set and one sized once (too small, right, and far too big) */
    fixture f;
    fixture_init(&f);
    static id_book book;
    for (int i = 0; i < 200000; i++)
        snprintf(book.ids[i + 2], sizeof book.ids[0], "ID%d", i % 7 == 3 ? i / 2 : i);
    int64_t found[4] = {0}, first_sum[4] = {0};
    size_t sizes[4] = {0, 1000, 200000, 5000000};
    for (int k = 0; k < 4; k++) {
        rf_error err = {0};
        rf_audit *a = rf_audit_new(&f.scenario, day(2017, 1, 1), book_lookup, &book, &err);
        cr_assert_not_null(a);
        if (sizes[k])
            cr_assert(rf_audit_reserve(a, sizes[k], &err), "%s", err.message);
        for (int i = 0; i < 200000; i++) {
            rf_household h = hh(i + 2, book.ids[i + 2], "S01", RF_CAT_REGISTERED, 4, 10000, 0);
            rf_violation v[RF_RULE_COUNT];
            int n = rf_audit_check(a, &h, v, &err);
            cr_assert_geq(n, 0, "%s", err.message);
            for (int j = 0; j < n; j++)
                if (v[j].rule == RF_RULE_DUPLICATE_ID) {
                    found[k]++;
                    first_sum[k] += v[j].value;
                }
        }
        rf_audit_free(a);
    }
    cr_expect_gt(found[0], 0);
    for (int k = 1; k < 4; k++) {
        cr_expect_eq(found[k], found[0], "size %zu", sizes[k]);
        cr_expect_eq(first_sum[k], first_sum[0], "size %zu", sizes[k]);
    }
}
