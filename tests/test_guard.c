/* The GLPK guard end to end: time limits and GLPK faults give exit 3 or an error value. */
#include <criterion/criterion.h>
#include <string.h>

#include "rf_plan.h"
#include "rf_scenario.h"
#include "rf_solve.h"
#include "support.h"

Test(guard, a_time_limit_the_solver_hits_is_exit_3_with_a_message)
{
    /* 0.0001 s is 0 ms for GLPK: the first level stops at once. */
    const char *argv[] = {"solve", "scenarios/example-county/plan-2016-2020.json", "--time-limit",
                          "0.0001", NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_expect_eq(r.exit_code, 3, "exit %d: %s", r.exit_code, r.err);
    cr_expect(strstr(r.err, "relocfund: error: the solver reached its time limit"), "%s", r.err);
    cr_expect_eq(r.out_len, 0, "no report after a failed solve: %s", r.out);
    rf_run_free(&r);
}

Test(guard, a_time_limit_with_room_solves_the_same_scenario)
{
    const char *argv[] = {"solve",
                          "scenarios/example-county/plan-2016-2020.json",
                          "--time-limit",
                          "60",
                          "--format",
                          "json",
                          NULL};
    rf_run_result r = rf_run_cli(argv);
    cr_expect(r.exit_code == 0 || r.exit_code == 1, "exit %d: %s", r.exit_code, r.err);
    cr_expect(strstr(r.out, "\"status\""));
    rf_run_free(&r);
}

Test(guard, glpk_works_again_after_a_fatal_error_was_caught)
{
    rf_diags d = {0};
    rf_scenario *s = rf_scenario_load("scenarios/example-county/2016.json", NULL, &d);
    cr_assert(s);
    rf_plan *p = NULL;
    rf_error err = {0};
    rf_solve_inject_fault(1);
    cr_expect_eq(rf_plan_solve(s, NULL, &p, &err), RF_ERR_SOLVER);
    rf_solve_inject_fault(0);
    cr_expect(err.message[0], "a caught GLPK error says what happened");
    cr_expect_null(p);
    /* GLPK's environment was torn down by the guard; the next solve must
     * start a fresh one and succeed, with the same plan as a clean run. */
    rf_error err2 = {0};
    cr_assert_eq(rf_plan_solve(s, NULL, &p, &err2), RF_OK, "%s", err2.message);
    cr_expect_eq(p->status, RF_PLAN_BALANCED);
    rf_plan_free(p);
    rf_scenario_free(s);
    rf_diags_free(&d);
}
