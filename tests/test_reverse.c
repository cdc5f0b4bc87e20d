/* Tests of rf_reverse: the need per site and the one-source break-even, worked by hand. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rf_reverse.h"
#include "rf_whatif.h"
#include "rf_plan.h"
#include <stdio.h>
#include "tiny_scenario.h"

/* At 1,000 yuan/m² the tiny plan needs 75,000 of self-funding against a cap
 * of 30,000: 45,000 more is needed (S1: 2 households x 25,000 - 20,000 =
 * 30,000; S2: 15,000), and raising either source alone by exactly 45,000
 * balances the plan; 44,999.99 does not. */
Test(rf_reverse_run, need_and_break_even_are_the_hand_worked_ones)
{
    rf_scenario *s = tiny_scenario(YUAN(150000), YUAN(100000), 1000);
    rf_reverse *r = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_reverse_run(s, 0, false, &r, &err), RF_OK, "%s", err.message);
    cr_assert_eq(r->total_need, YUAN(45000));
    cr_assert_eq(r->n_sites, 2);
    cr_assert_eq(r->sites[0].need, YUAN(30000));
    cr_assert_eq(r->sites[1].need, YUAN(15000));
    cr_assert_eq(r->sites[0].households_over_cap, 2);
    cr_assert_str_eq(r->sites[0].allowed_sources, "grant, loan");
    for (size_t f = 0; f < 2; f++) {
        cr_assert(r->sources[f].closes, "%s closes", r->sources[f].id);
        cr_assert_eq(r->sources[f].additional, YUAN(45000), "%s", r->sources[f].id);
    }
    cr_assert_eq(r->sources[0].break_even, YUAN(195000));
    cr_assert_eq(s->sources[0].arrived, YUAN(150000), "the scenario is restored");
    rf_reverse_free(r);
    tiny_free(s);
}

Test(rf_reverse_run, nothing_needed_when_balanced)
{
    rf_scenario *s = tiny_scenario(YUAN(400000), YUAN(100000), 1000);
    rf_reverse *r = NULL;
    rf_error err = {0};
    cr_assert_eq(rf_reverse_run(s, 0, true, &r, &err), RF_OK, "%s", err.message);
    cr_assert_eq(r->total_need, 0);
    cr_assert_eq(r->n_sites, 0);
    rf_doc *d = rf_reverse_doc(r);
    cr_assert(d);
    rf_doc_free(d);
    rf_reverse_free(r);
    tiny_free(s);
}

/* Break-even of a unit cost on the example county, exact to the fen: the
 * plan balances at `good` and not one fen beyond, checked by fresh solves. */
Test(rf_break_even_run, housing_cost_break_even_is_exact_to_the_fen, .timeout = 120)
{
    const char *path = RF_SOURCE_DIR "/scenarios/example-county/2016.json";
    rf_break_even be;
    rf_diags d = {0};
    rf_error err = {0};
    cr_assert_eq(rf_break_even_run(path, NULL, "sites[0].costs.housing_per_m2=1500:8000", 0, &be,
                                   &d, &err),
                 RF_OK, "%s", err.message);
    cr_assert(be.found);
    cr_assert_eq(be.bad - be.good, 1, "one fen apart");
    cr_assert_eq(be.at_good.status, RF_PLAN_BALANCED);
    cr_assert_neq(be.at_bad.status, RF_PLAN_BALANCED);
    for (int k = 0; k < 2; k++) {
        char set[128], v[48];
        snprintf(set, sizeof set, "sites[0].costs.housing_per_m2=%s",
                 rf_sweep_value_text(v, k ? be.bad : be.good, be.decimals));
        const char *sets[] = {set};
        rf_load_options lo = {.set = sets, .n_set = 1};
        rf_scenario *s = rf_scenario_load(path, &lo, &d);
        cr_assert(s);
        rf_plan *p = NULL;
        cr_assert_eq(rf_plan_solve(s, NULL, &p, &err), RF_OK);
        cr_assert_eq(p->status == RF_PLAN_BALANCED, k == 0, "fresh solve at %s", set);
        rf_plan_free(p);
        rf_scenario_free(s);
    }
    rf_break_even_clear(&be);
    rf_diags_free(&d);
}
