/* rf_rates: sums by category and site type, the names of stated totals and
 * averages, stated decimals checked at their precision, share rates and the
 * checks of stated site construction figures. */
#include <criterion/criterion.h>
#include <string.h>

#include "rf_rates.h"
#include "rf_scenario.h"

/* Four sites, one of each type (docs of the corpus case): U urban_park
 * 10 x 4 registered + 5 hh / 20 synchronous, T township 6 x 5 + 4 / 16,
 * C central_village 2 x 3 + 1 / 4 at 20 m² a person, D dispersed 1 x 2;
 * every other site 25 m² a person. */
#define BY_TYPE "tests/bad/stated-by-site-type.json"

static rf_scenario *load_by_type(void)
{
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load(BY_TYPE, NULL, &d);
    cr_assert_not_null(s);
    cr_assert_eq(d.errors, 0);
    rf_diags_free(&d);
    return s;
}

static void expect_total(const char *name, rf_total_kind kind, int category, rf_where where)
{
    rf_total t;
    cr_assert(rf_total_parse(name, &t), "%s parses", name);
    cr_expect_eq(t.kind, kind, "%s: kind", name);
    cr_expect_eq(t.category, category, "%s: category", name);
    cr_expect_eq(t.where, where, "%s: where", name);
}

Test(rf_total_parse, reads_where_category_and_what)
{
    expect_total("registered_households", RF_TOTAL_HOUSEHOLDS, RF_CAT_REGISTERED, RF_WHERE_ALL);
    expect_total("people", RF_TOTAL_PEOPLE, RF_CAT_BOTH, RF_WHERE_ALL);
    expect_total("centralized_registered_people", RF_TOTAL_PEOPLE, RF_CAT_REGISTERED,
                 RF_WHERE_CENTRALIZED);
    expect_total("dispersed_synchronous_households", RF_TOTAL_HOUSEHOLDS, RF_CAT_SYNCHRONOUS,
                 RF_WHERE_DISPERSED);
    expect_total("central_village_people", RF_TOTAL_PEOPLE, RF_CAT_BOTH, RF_WHERE_CENTRAL_VILLAGE);
    expect_total("urban_township_synchronous_housing_area_m2", RF_TOTAL_HOUSING_AREA,
                 RF_CAT_SYNCHRONOUS, RF_WHERE_URBAN_TOWNSHIP);
    expect_total("housing_area_m2", RF_TOTAL_HOUSING_AREA, RF_CAT_BOTH, RF_WHERE_ALL);
    expect_total("township_sites", RF_TOTAL_SITES, RF_CAT_BOTH, RF_WHERE_TOWNSHIP);
    expect_total("urban_township_sites", RF_TOTAL_SITES, RF_CAT_BOTH, RF_WHERE_URBAN_TOWNSHIP);
    expect_total("registered_arrived", RF_TOTAL_ARRIVED, RF_CAT_REGISTERED, RF_WHERE_ALL);
    expect_total("arrived", RF_TOTAL_ARRIVED, RF_CAT_BOTH, RF_WHERE_ALL);
    expect_total("planned_people", RF_TOTAL_PLANNED_PEOPLE, RF_CAT_BOTH, RF_WHERE_ALL);
}

Test(rf_total_parse, rejects_names_outside_the_grammar)
{
    static const char *const bad[] = {"",
                                      "sites",
                                      "dispersed_sites",
                                      "registered_sites",
                                      "township_arrived",
                                      "registered_urban_park_people",
                                      "village_sites",
                                      "people_registered",
                                      "centralized_",
                                      "registered_",
                                      "township_registered_planned_people",
                                      "area_per_person_m2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rf_total t;
        cr_expect_not(rf_total_parse(bad[i], &t), "\"%s\" is not a total", bad[i]);
    }
    rf_total t;
    cr_expect_not(rf_total_parse(NULL, &t));
}

Test(rf_total_describe, says_what_is_counted_in_both_languages)
{
    static const struct {
        const char *name;
        bool chinese;
        const char *words;
    } cases[] = {
        {"township_registered_people", false, "registered people at township sites"},
        {"township_registered_people", true, "乡镇圩镇安置建档立卡人数"},
        {"urban_township_synchronous_housing_area_m2", false,
         "m² of synchronous housing at urban_park and township sites"},
        {"urban_township_sites", false, "urban_park and township sites"},
        {"urban_township_sites", true, "进城入镇安置点数"},
        {"dispersed_households", false, "households resettled dispersed"},
        {"dispersed_households", true, "分散安置搬迁户数"},
        {"synchronous_arrived", false, "arrived from the synchronous sources"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[160];
        rf_total t;
        cr_assert(rf_total_parse(cases[i].name, &t), "%s", cases[i].name);
        cr_expect_str_eq(rf_total_describe(buf, sizeof buf, t, cases[i].chinese), cases[i].words);
    }
}

Test(rf_average_parse, divides_the_area_by_the_people_of_the_same_scope)
{
    rf_total a, p;
    cr_assert(rf_average_parse("township_registered_area_per_person_m2", &a, &p));
    cr_expect_eq(a.kind, RF_TOTAL_HOUSING_AREA);
    cr_expect_eq(p.kind, RF_TOTAL_PEOPLE);
    cr_expect(a.category == RF_CAT_REGISTERED && p.category == RF_CAT_REGISTERED);
    cr_expect(a.where == RF_WHERE_TOWNSHIP && p.where == RF_WHERE_TOWNSHIP);
    cr_assert(rf_average_parse("area_per_person_m2", &a, &p));
    cr_expect(a.category == RF_CAT_BOTH && a.where == RF_WHERE_ALL);
    cr_expect_not(rf_average_parse("area_per_household_m2", &a, &p));
    cr_expect_not(rf_average_parse("registered_housing_area_m2", &a, &p));
    char buf[160];
    cr_assert(rf_average_parse("urban_park_synchronous_area_per_person_m2", &a, &p));
    cr_expect_str_eq(rf_average_describe(buf, sizeof buf, a, false),
                     "m² of housing per synchronous person at urban_park sites");
}

Test(rf_sums_compute, adds_up_by_category_and_where)
{
    rf_scenario *s = load_by_type();
    rf_sums m;
    rf_sums_compute(s, &m);
    const int R = RF_CAT_REGISTERED, S = RF_CAT_SYNCHRONOUS, B = RF_CAT_BOTH;
    cr_expect_eq(m.people[R][RF_WHERE_ALL], 78);
    cr_expect_eq(m.people[S][RF_WHERE_ALL], 40);
    cr_expect_eq(m.people[B][RF_WHERE_ALL], 118);
    cr_expect_eq(m.people[B][RF_WHERE_URBAN_TOWNSHIP], 40 + 20 + 30 + 16);
    cr_expect_eq(m.people[R][RF_WHERE_CENTRALIZED], 76);
    cr_expect_eq(m.people[R][RF_WHERE_DISPERSED], 2);
    cr_expect_eq(m.households[B][RF_WHERE_ALL], 29);
    cr_expect_eq(m.households[B][RF_WHERE_URBAN_TOWNSHIP], 25);
    cr_expect_eq(m.households[S][RF_WHERE_CENTRAL_VILLAGE], 1);
    /* 1/100 m²: U 40 x 25 + 20 x 25, T 30 x 25 + 16 x 25, C 6 x 20 + 4 x 20, D 2 x 25 */
    cr_expect_eq(m.area[R][RF_WHERE_ALL], 192000);
    cr_expect_eq(m.area[S][RF_WHERE_ALL], 98000);
    cr_expect_eq(m.area[B][RF_WHERE_CENTRAL_VILLAGE], 20000);
    cr_expect_eq(m.area[B][RF_WHERE_ALL], 290000);
    cr_expect_eq(m.sites[RF_WHERE_ALL], 4);
    cr_expect_eq(m.sites[RF_WHERE_CENTRALIZED], 3);
    cr_expect_eq(m.sites[RF_WHERE_DISPERSED], 1);
    cr_expect_eq(m.sites[RF_WHERE_URBAN_TOWNSHIP], 2);
    cr_expect_eq(m.arrived[R], 450450000);
    cr_expect_eq(m.arrived[S], 40000000);
    cr_expect_eq(m.arrived[B], 490450000);
    cr_expect_eq(m.planned_people, 128);
    rf_total t;
    cr_assert(rf_total_parse("urban_township_registered_housing_area_m2", &t));
    cr_expect_eq(rf_total_value(&m, t), 100000 + 75000);
    rf_scenario_free(s);
}

Test(rf_sums_compute, saturates_a_housing_area_too_large_for_int64)
{
    rf_site site = {.type = RF_SITE_TOWNSHIP,
                    .registered_people = 1000000000,
                    .costs = {.area_per_person = 100000000000LL}};
    rf_scenario s = {.sites = &site, .n_sites = 1};
    rf_sums m;
    rf_sums_compute(&s, &m);
    cr_expect_eq(m.area[RF_CAT_REGISTERED][RF_WHERE_TOWNSHIP], INT64_MAX);
    cr_expect_eq(m.area[RF_CAT_BOTH][RF_WHERE_ALL], INT64_MAX);
}

Test(rf_decimal_text_matches, checks_at_the_precision_written_rounding_half_up)
{
    bool valid;
    /* 980 m² over 40 people is 24.5 m² a person */
    cr_expect(rf_decimal_text_matches("24.5", false, 98000, 40, -2, &valid) && valid);
    cr_expect(rf_decimal_text_matches("25", false, 98000, 40, -2, &valid) && valid);
    cr_expect_not(rf_decimal_text_matches("24", false, 98000, 40, -2, &valid));
    cr_expect(valid);
    /* 980.4 m² over 40 is 24.51: 24.5 agrees, 24.50 does not */
    cr_expect_not(rf_decimal_text_matches("24.50", false, 98040, 40, -2, &valid));
    cr_expect(rf_decimal_text_matches("24.5", false, 98040, 40, -2, &valid));
    /* 16/44 = 36.36%: 36% and 36.4% agree, 38% does not */
    cr_expect(rf_decimal_text_matches("36%", true, 16, 44, 2, &valid) && valid);
    cr_expect(rf_decimal_text_matches("36.4%", true, 16, 44, 2, &valid));
    cr_expect_not(rf_decimal_text_matches("38%", true, 16, 44, 2, &valid));
    cr_expect(valid);
    /* 1/8 = 12.5%, exactly on the half: up */
    cr_expect(rf_decimal_text_matches("13%", true, 1, 8, 2, &valid));
    cr_expect_not(rf_decimal_text_matches("12%", true, 1, 8, 2, &valid));
    cr_expect_not(rf_decimal_text_matches("5%", true, 1, 0, 2, &valid));
    cr_expect(valid, "a zero denominator is a valid text that matches nothing");
    static const char *const bad_pct[] = {"79",   "%",          "7.%",  ".5%",   "-1%",
                                          "1e2%", "1.1234567%", "79 %", "7..9%", ""};
    for (size_t i = 0; i < sizeof bad_pct / sizeof bad_pct[0]; i++) {
        rf_decimal_text_matches(bad_pct[i], true, 1, 1, 2, &valid);
        cr_expect_not(valid, "\"%s\" is not a percentage", bad_pct[i]);
    }
    static const char *const bad_num[] = {"24.5%", "2.46e1", "-3", "24.", ""};
    for (size_t i = 0; i < sizeof bad_num / sizeof bad_num[0]; i++) {
        rf_decimal_text_matches(bad_num[i], false, 1, 1, 0, &valid);
        cr_expect_not(valid, "\"%s\" is not a plain decimal", bad_num[i]);
    }
    cr_expect_eq(rf_decimal_text_decimals("98.9%"), 1);
    cr_expect_eq(rf_decimal_text_decimals("24.58"), 2);
    cr_expect_eq(rf_decimal_text_decimals("100%"), 0);
}

Test(rf_rates_compute, shares_by_site_type_are_detail_rates_of_people)
{
    rf_scenario *s = load_by_type();
    rf_rate r[RF_RATE_COUNT];
    rf_rates_compute(s, r);
    const rf_rate *u = &r[RF_RATE_URBAN_TOWNSHIP_SHARE];
    cr_expect(u->known);
    cr_expect_eq(u->num, 106);
    cr_expect_eq(u->den, 118);
    cr_expect_str_eq(u->stated, "89.83%");
    cr_expect(u->stated_matches);
    const rf_rate *t = &r[RF_RATE_TOWNSHIP_SHARE];
    cr_expect_eq(t->num, 46);
    cr_expect_str_eq(t->stated, "30%");
    cr_expect_not(t->stated_matches);
    cr_expect_eq(r[RF_RATE_REGISTERED_URBAN_TOWNSHIP_SHARE].num, 70);
    cr_expect_eq(r[RF_RATE_REGISTERED_URBAN_TOWNSHIP_SHARE].den, 78);
    cr_expect_eq(r[RF_RATE_SYNCHRONOUS_DISPERSED_SHARE].num, 0);
    cr_expect_eq(r[RF_RATE_SYNCHRONOUS_DISPERSED_SHARE].den, 40);
    cr_expect_eq(r[RF_RATE_DISPERSED_SHARE].num, 2);
    cr_expect_eq(r[RF_RATE_REGISTERED_CENTRALIZED_SHARE].num, 76);
    cr_expect_not(rf_rate_is_detail(RF_RATE_REGISTERED_CENTRALIZED_SHARE));
    cr_expect(rf_rate_is_detail(RF_RATE_URBAN_TOWNSHIP_SHARE));
    cr_expect(rf_rate_is_detail(RF_RATE_SYNCHRONOUS_DISPERSED_SHARE));
    rf_rate_kind k;
    cr_expect(rf_rate_parse("registered_central_village_share", &k) &&
              k == RF_RATE_REGISTERED_CENTRAL_VILLAGE_SHARE);
    for (int i = 0; i < RF_RATE_COUNT; i++) {
        cr_expect(rf_rate_parse(rf_rate_id((rf_rate_kind)i), &k) && (int)k == i, "%s names rate %d",
                  rf_rate_id((rf_rate_kind)i), i);
        cr_expect(strlen(rf_rate_label((rf_rate_kind)i, true)) > 0);
    }
    rf_scenario_free(s);
}

/* The 2016-2017 site figures of the county report. */
static rf_site_progress report_sites(void)
{
    rf_site_progress sp = {.present = true,
                           .planned = 49,
                           .cancelled = 5,
                           .built = 44,
                           .by_type = {1, 28, 15},
                           .completed = 16,
                           .under_construction = 28,
                           .stated_completion_rate = "38%"};
    return sp;
}

Test(rf_site_progress_check, finds_the_38_percent_that_computes_to_36_4)
{
    rf_sums m = {0};
    m.sites[RF_WHERE_CENTRALIZED] = 44;
    m.sites[RF_WHERE_URBAN_PARK] = 1;
    m.sites[RF_WHERE_TOWNSHIP] = 28;
    m.sites[RF_WHERE_CENTRAL_VILLAGE] = 15;
    rf_site_progress sp = report_sites();
    rf_sp_checks ck;
    rf_site_progress_check(&sp, &m, &ck);
    for (int c = 0; c < RF_SP_CHECK_COUNT; c++) {
        cr_expect(ck.known[c], "%s known", rf_sp_check_id((rf_sp_check)c));
        cr_expect_eq(ck.holds[c], c != RF_SP_COMPLETION_RATE_MATCHES, "%s",
                     rf_sp_check_id((rf_sp_check)c));
    }
    sp.stated_completion_rate = "36%";
    rf_site_progress_check(&sp, &m, &ck);
    cr_expect(ck.holds[RF_SP_COMPLETION_RATE_MATCHES]);
    /* A scenario with one township site fewer, and an unknown figure. */
    m.sites[RF_WHERE_CENTRALIZED] = 43;
    m.sites[RF_WHERE_TOWNSHIP] = 27;
    sp.cancelled = -1;
    rf_site_progress_check(&sp, &m, &ck);
    cr_expect_not(ck.known[RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT]);
    cr_expect_not(ck.holds[RF_SP_PLANNED_LESS_CANCELLED_IS_BUILT]);
    cr_expect(ck.known[RF_SP_BUILT_MATCHES_SCENARIO] && !ck.holds[RF_SP_BUILT_MATCHES_SCENARIO]);
    cr_expect(ck.known[RF_SP_TOWNSHIP_MATCHES_SCENARIO] &&
              !ck.holds[RF_SP_TOWNSHIP_MATCHES_SCENARIO]);
    cr_expect(ck.holds[RF_SP_URBAN_PARK_MATCHES_SCENARIO]);
    cr_expect(ck.holds[RF_SP_TYPES_ADD_UP_TO_BUILT], "the stated figures still add up");
    sp.present = false;
    rf_site_progress_check(&sp, &m, &ck);
    for (int c = 0; c < RF_SP_CHECK_COUNT; c++)
        cr_expect_not(ck.known[c]);
}

Test(rf_stated_figures, totals_then_averages_in_file_order_with_their_agreement)
{
    rf_scenario *s = load_by_type();
    rf_sums m;
    rf_sums_compute(s, &m);
    rf_stated_figure f[32];
    cr_assert_leq(s->n_stated_totals + s->n_stated_averages, 32);
    size_t n = rf_stated_figures(s, &m, f);
    cr_assert_eq(n, 15, "10 totals and 5 averages");
    cr_expect_str_eq(f[0].name, "people");
    cr_expect(!f[0].average && f[0].stated == 118 && f[0].computed == 118 && f[0].matches);
    cr_expect_str_eq(f[7].name, "housing_area_m2");
    cr_expect(f[7].stated == 290000 && f[7].computed == 290000 && f[7].matches);
    cr_expect_str_eq(f[10].name, "area_per_person_m2");
    cr_expect(f[10].average && f[10].area == 290000 && f[10].people == 118 && f[10].matches);
    cr_expect_str_eq(f[10].text, "24.58");
    cr_expect_str_eq(f[13].name, "central_village_area_per_person_m2");
    cr_expect(f[13].area == 20000 && f[13].people == 10 && !f[13].matches);
    rf_scenario_free(s);
}
