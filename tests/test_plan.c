/* Tests of rf_plan_solve on small scenarios whose optimum is worked out by hand. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_plan.h"
#include "rf_solve.h"
#include "tiny_scenario.h"

static rf_plan *solve(const rf_scenario *s)
{
    rf_plan *p = NULL;
    rf_error err = {0};
    rf_status st = rf_plan_solve(s, NULL, &p, &err);
    cr_assert_eq(st, RF_OK, "solve failed: %s", err.message);
    return p;
}

/* Sites S1 (2 households of 4 people) and S2 (1 household of 5), both
 * at 1,000 yuan a m², funded by grant and loan; solved. */
static rf_plan *solve_two_sites(rf_fen grant, rf_fen loan, rf_scenario **s)
{
    *s = tiny_empty(grant, loan);
    tiny_site(*s, "S1", 4, 2, YUAN(1000), 0);
    tiny_site(*s, "S2", 5, 1, YUAN(1000), 0);
    return solve(*s);
}

/* Two sites, two sources, cap binds.  Costs: S1 2 households of 4 people,
 * 8 x 25 m² x 1,000 = 200,000; S2 1 household of 5, 125,000.  Money:
 * grant 150,000 (spent in full) + loan 100,000.  Self-funding must cover
 * 75,000 but the cap allows 3 x 10,000 = 30,000: 45,000 over the cap.  The
 * even level makes every household pay the same: 75,000 / 3 = 25,000. */
Test(rf_plan_solve, binding_cap_is_reported_with_amount_and_households)
{
    rf_scenario *s;
    rf_plan *p = solve_two_sites(YUAN(150000), YUAN(100000), &s);
    cr_assert_eq(p->status, RF_PLAN_CAP_VIOLATION);
    cr_assert_eq(p->unfunded_total, 0);
    cr_assert_eq(p->cap_excess_total, YUAN(45000));
    cr_assert_eq(p->households_over_cap, 3);
    cr_assert_eq(p->self_funding[RF_CAT_REGISTERED], YUAN(75000));
    cr_assert_eq(p->sites[0].classes[0].self_funding_per_household, YUAN(25000));
    cr_assert_eq(p->sites[1].classes[0].self_funding_per_household, YUAN(25000));
    cr_assert_eq(p->sites[0].classes[0].excess, YUAN(30000));
    cr_assert_eq(p->sites[1].classes[0].excess, YUAN(15000));
    cr_assert_eq(p->sources[1].allocated, YUAN(100000), "the loan is needed in full");
    cr_assert_eq(p->sources[0].undrawn, 0);
    cr_assert_eq(p->sites[0].pool, YUAN(150000));
    cr_assert_eq(p->sites[1].pool, YUAN(100000));
    rf_plan_free(p);
    tiny_free(s);
}

/* Enough money: nobody self-funds.  The grant (400,000) is spent in full,
 * so its leftover over the 325,000 of costs, 75,000, goes to industry (no
 * employment base need here) and the loan is not drawn at all. */
Test(rf_plan_solve, surplus_goes_to_industry_and_loan_stays_undrawn)
{
    rf_scenario *s;
    rf_plan *p = solve_two_sites(YUAN(400000), YUAN(100000), &s);
    cr_assert_eq(p->status, RF_PLAN_BALANCED);
    cr_assert_eq(p->self_funding[RF_CAT_REGISTERED], 0);
    cr_assert_eq(p->sources[1].allocated, 0);
    cr_assert_eq(p->sources[1].undrawn, YUAN(100000));
    cr_assert_eq(p->surplus_industry, YUAN(75000));
    cr_assert_eq(p->surplus_employment_base, 0);
    /* Each site keeps its per-person share of the grant: 8/13 and 5/13. */
    cr_assert_eq(p->sites[0].pool + p->sites[1].pool, YUAN(400000));
    cr_assert(llabs(p->sites[0].pool - YUAN(400000) * 8 / 13) <= 1);
    rf_plan_free(p);
    tiny_free(s);
}

/* Short of money with a land cost: housing 200,000 + land 50,000 against a
 * 200,000 grant.  Integrated agricultural funds may pay land only, up to
 * 30,000; household self-funding covers the remaining 20,000 (the gap level
 * comes first), within the cap of 2 x 10,000, so the plan balances. */
Test(rf_plan_solve, shortfall_uses_agri_for_land_before_household_money)
{
    rf_scenario *s = tiny_empty(YUAN(200000), 0);
    s->integrated_agri_budget = YUAN(30000);
    tiny_site(s, "S1", 4, 2, YUAN(1000), YUAN(50000));
    rf_plan *p = solve(s);
    cr_assert_eq(p->unfunded_total, 0);
    cr_assert_eq(p->integrated_agri_total, YUAN(30000));
    cr_assert_eq(p->sites[0].integrated_agri[RF_USE_LAND], YUAN(30000));
    cr_assert_eq(p->self_funding[RF_CAT_REGISTERED], YUAN(20000));
    cr_assert_eq(p->status, RF_PLAN_BALANCED);
    rf_plan_free(p);
    tiny_free(s);
}

/* Without self-funding for housing, the same shortfall is a real gap. */
Test(rf_plan_solve, gap_when_nothing_can_pay)
{
    rf_scenario *s = tiny_empty(YUAN(200000), 0);
    s->integrated_agri_budget = YUAN(30000);
    s->policy->self_funding_uses[RF_USE_HOUSING] = false;
    tiny_site(s, "S1", 4, 2, YUAN(1000), YUAN(50000));
    rf_plan *p = solve(s);
    cr_assert_eq(p->status, RF_PLAN_UNFUNDED_GAP);
    cr_assert_eq(p->integrated_agri_total, YUAN(30000));
    cr_assert_eq(p->unfunded_total, YUAN(20000));
    cr_assert_eq(p->sites[0].unfunded[RF_USE_LAND] + p->sites[0].unfunded[RF_USE_HOUSING],
                 YUAN(20000));
    rf_plan_free(p);
    tiny_free(s);
}

/* Thirds of a fen: 100.00 yuan over three sites must still balance exactly. */
Test(rf_plan_solve, rounding_keeps_every_identity)
{
    rf_scenario *s = tiny_empty(10001, 0); /* 100.01 yuan */
    tiny_site(s, "S1", 1, 1, 1, 0);            /* 1 person x 25 m² x 0.01 = 0.25 yuan */
    tiny_site(s, "S2", 1, 1, 1, 0);
    tiny_site(s, "S3", 1, 1, 1, 0);
    rf_plan *p = solve(s);
    rf_fen total = 0;
    for (size_t i = 0; i < p->n_sites; i++) {
        const rf_plan_site *ps = &p->sites[i];
        cr_assert_eq(ps->pool, ps->pool_spent + ps->surplus_employment_base + ps->surplus_industry);
        total += ps->pool;
    }
    cr_assert_eq(total, 10001);
    cr_assert_eq(p->sources[0].allocated + p->sources[0].undrawn, p->sources[0].arrived);
    rf_plan_free(p);
    tiny_free(s);
}

/* GLPK's fatal errors come back as RF_ERR_SOLVER instead of aborting the
 * process, and the next solve in the same process works again. */
Test(rf_plan_solve, glpk_fatal_error_is_an_error_value_not_an_abort)
{
    rf_scenario *s = tiny_empty(YUAN(400000), 0);
    tiny_site(s, "S1", 4, 2, YUAN(1000), 0);
    rf_solve_inject_fault(1);
    rf_plan *p = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_plan_solve(s, NULL, &p, &err), RF_ERR_SOLVER);
    cr_assert_null(p);
    cr_assert(strstr(err.message, "GLPK") != NULL, "message: %s", err.message);
    p = solve(s);
    cr_assert_eq(p->status, RF_PLAN_BALANCED);
    rf_plan_free(p);
    tiny_free(s);
}

/* Pooling per site: each site gets its people's share of every pool and
 * solves alone, so a short site stays short even when another has money. */
Test(rf_plan_solve, site_pooling_solves_sites_apart)
{
    rf_scenario *s = tiny_empty(YUAN(260000), 0);
    s->policy->pooling = RF_POOLING_SITE;
    s->policy->self_funding_uses[RF_USE_HOUSING] = false;
    tiny_site(s, "S1", 4, 2, YUAN(1000), 0);  /* 8 people, cost 200,000 */
    tiny_site(s, "S2", 5, 1, YUAN(2000), 0);  /* 5 people, cost 250,000 */
    rf_plan *p = solve(s);
    cr_assert_eq(p->n_groups, 2);
    /* 260,000 split 8:5 = 160,000 and 100,000. */
    cr_assert_eq(p->sites[0].pool, YUAN(160000));
    cr_assert_eq(p->sites[1].pool, YUAN(100000));
    cr_assert_eq(p->sites[0].unfunded_total, YUAN(40000));
    cr_assert_eq(p->sites[1].unfunded_total, YUAN(150000));
    cr_assert_eq(p->status, RF_PLAN_UNFUNDED_GAP);
    rf_plan_free(p);
    tiny_free(s);
}

Test(rf_plan_solve, each_group_says_its_size_and_where_its_time_went)
{
    rf_scenario *s = tiny_empty(YUAN(260000), 0);
    s->policy->pooling = RF_POOLING_SITE;
    tiny_site(s, "S1", 4, 2, YUAN(1000), 0);
    tiny_site(s, "S2", 5, 1, YUAN(2000), 0);
    rf_plan *p = solve(s);
    cr_assert_eq(p->n_groups, 2);
    for (size_t g = 0; g < p->n_groups; g++) {
        const rf_plan_group *pg = &p->groups[g];
        cr_expect(pg->n_rows > 0 && pg->n_cols > pg->n_rows, "%zu rows, %zu columns", pg->n_rows,
                  pg->n_cols);
        cr_expect(pg->build_seconds >= 0 && pg->levels_seconds > 0 && pg->round_seconds >= 0);
        cr_expect(pg->build_seconds + pg->levels_seconds + pg->round_seconds < 60);
    }
    rf_plan_free(p);
    tiny_free(s);
}
