/* relocation.mod: the relocfund planning LP of one budget group, in GNU MathProg.
 *
 * Written from docs/model.md, independently of src/rf_model.c, to check it:
 * tests/test_differential.c solves random scenarios both ways and compares
 * the optimum of every objective level.  The data section comes from
 * `relocfund export SCENARIO --gmpl-data FILE [--group G] [--level K]`
 * (src/rf_gmpl.c).  One run solves one level: `level` says which (1-based
 * position in the policy's objective list) and `fixed[k]` holds the optimum
 * of each earlier level k, which may rise by at most
 * min(1e-7, max(1e-9, tol * |fixed[k]|)) (docs/model.md, "Objective levels").
 *
 *   glpsol --math models/relocation.mod --data group.dat
 *
 * Data are in fen (money), hundredths of m² (area) and people; the LP works
 * in 万元 (fen / 10^6).  After the solve the model prints lines
 * "RF_LEVEL <id> <value>" (the optimum, 万元), "RF_GAP" and "RF_EXCESS"
 * (unfunded and over-cap totals, 万元) and "RF_AREA_OVER" (registered
 * classes over the area cap), which the differential test reads. */

/* ---------------- sets ---------------- */

set USES := {'housing', 'decoration', 'infrastructure', 'public_services', 'land',
             'demolition', 'employment_base', 'industry'};
set DWELLING := {'housing', 'decoration'};                 /* costs per household */
set SHARED := {'infrastructure', 'public_services', 'land', 'demolition'}; /* site lump sums */
set COSTUSES := DWELLING union SHARED;

set SITES;                       /* the sites of this budget group */
set CLASSES dimen 2;             /* (site, household size) of registered households */
check {(s, k) in CLASSES}: s in SITES;
set SOURCES;                     /* funding sources, policy order */
set CATEGORIES := {'registered', 'synchronous'};

/* ---------------- parameters ---------------- */

param households{CLASSES} >= 0, integer;          /* registered households of the class */
param sync_households{SITES} >= 0, integer;
param sync_people{SITES} >= 0, integer;

param housing_per_m2{SITES} >= 0;                  /* fen per m² */
param decoration_per_m2{SITES} >= 0;
param area_per_person{SITES} >= 0;                 /* hundredths of m², registered */
param sync_area_per_person{SITES} >= 0;
param infrastructure{SITES} >= 0;                  /* fen, lump sums */
param public_services{SITES} >= 0;
param land{SITES} >= 0;
param demolition_per_household{SITES} >= 0;
param employment_base_need{SITES} >= 0;

param category{SOURCES} symbolic in CATEGORIES;
param per_person{SOURCES} >= 0;                    /* fen per person of the category */
param full{SOURCES} binary;                        /* drawdown full: spend all that arrived */
param loan{SOURCES} binary;
param site_limit{SOURCES} binary;                  /* a site gets at most per_person x its people */
param permitted{SOURCES, USES} binary;
param arrived{SOURCES} >= 0;                       /* fen this group may spend */

param self_uses{USES} binary;                      /* uses self-funding may pay */
param agri_uses{USES} binary;                      /* uses integrated agri funds may pay */
param agri_budget >= 0;                            /* fen this group may spend */
param cap_per_household >= 0;                      /* fen */
param area_cap_per_person >= 0;                    /* hundredths of m² */
param area_cap_one_person >= 0, default 0;         /* 0: no special allowance */

/* The objective levels in policy order, the one to solve, the optima of the
 * levels before it. */
set LEVEL_IDS := {'unfunded_gap', 'cap_excess', 'registered_self_funding',
                  'synchronous_self_funding', 'integrated_agri', 'loans', 'employment_base',
                  'even_self_funding', 'site_entitlement'};
param n_levels integer, >= 1, <= 9;
param level_id{1..n_levels} symbolic in LEVEL_IDS;
param level integer, >= 1, <= n_levels;
param fixed{1..level - 1};                         /* 万元 */
param tolerance >= 0, default 1e-9;

/* ---------------- derived data (万元) ---------------- */

param W := 1000000;                                /* fen per 万元 */

param people{(s, k) in CLASSES} := households[s, k] * k;
param reg_people{s in SITES} := sum{(s, k) in CLASSES} people[s, k];
param reg_households{s in SITES} := sum{(s, k) in CLASSES} households[s, k];
param group_reg_people := sum{s in SITES} reg_people[s];

/* n·k·a·p / 100 fen, rounded half up (area in hundredths of m²). */
param class_cost{(s, k) in CLASSES, u in DWELLING} :=
  floor((people[s, k] * area_per_person[s]
         * (if u = 'housing' then housing_per_m2[s] else decoration_per_m2[s]) + 50) / 100) / W;
param sync_cost{s in SITES, u in DWELLING} :=
  floor((sync_people[s] * sync_area_per_person[s]
         * (if u = 'housing' then housing_per_m2[s] else decoration_per_m2[s]) + 50) / 100) / W;
param shared_cost{s in SITES, u in SHARED} :=
  (if u = 'infrastructure' then infrastructure[s]
   else if u = 'public_services' then public_services[s]
   else if u = 'land' then land[s]
   else demolition_per_household[s] * (reg_households[s] + sync_households[s])) / W;

param cap{(s, k) in CLASSES} := cap_per_household * households[s, k] / W;
param site_people{f in SOURCES, s in SITES} :=
  if category[f] = 'registered' then reg_people[s] else sync_people[s];
/* A site's share of a registered source, in whole fen (half up). */
param entitlement{f in SOURCES, s in SITES: category[f] = 'registered' and group_reg_people > 0} :=
  round(arrived[f] * reg_people[s] / group_reg_people) / W;
param area_cap{k in 1..99} :=
  if k = 1 and area_cap_one_person > 0 then area_cap_one_person else area_cap_per_person * k;

/* ---------------- variables (all >= 0, 万元) ---------------- */

/* x: source money.  Dwellings only from sources of the households' own
 * category; shared site costs and the surplus uses from any source; always
 * only where the policy permits the use. */
var xr{(s, k) in CLASSES, u in DWELLING, f in SOURCES:
       category[f] = 'registered' and permitted[f, u]} >= 0;
var xs{s in SITES, u in DWELLING, f in SOURCES:
       category[f] = 'synchronous' and permitted[f, u]} >= 0;
var xh{s in SITES, u in SHARED, f in SOURCES: permitted[f, u]} >= 0;
var xb{s in SITES, f in SOURCES: permitted[f, 'employment_base']} >= 0;
var xi{s in SITES, f in SOURCES: permitted[f, 'industry']} >= 0;

var y{(s, k) in CLASSES, u in DWELLING: self_uses[u]} >= 0;    /* registered self-funding */
var e{(s, k) in CLASSES} >= 0;                                  /* over the cap */
var ys{s in SITES, u in DWELLING: self_uses[u]} >= 0;           /* synchronous self-funding */
var gr{(s, k) in CLASSES, u in DWELLING: agri_uses[u]} >= 0;    /* integrated agri funds */
var gs{s in SITES, u in DWELLING: agri_uses[u]} >= 0;
var gh{s in SITES, u in SHARED: agri_uses[u]} >= 0;
var dr{(s, k) in CLASSES, u in DWELLING} >= 0;                  /* unfunded gap */
var ds{s in SITES, u in DWELLING} >= 0;
var dh{s in SITES, u in SHARED} >= 0;
var z >= 0;                                                     /* highest self-funding per household */
var over{f in SOURCES, s in SITES: category[f] = 'registered' and group_reg_people > 0} >= 0;
var under{f in SOURCES, s in SITES: category[f] = 'registered' and group_reg_people > 0} >= 0;

/* ---------------- constraints ---------------- */

/* 1. Every cost covered, exactly. */
s.t. cover_class{(s, k) in CLASSES, u in DWELLING}:
  sum{f in SOURCES: category[f] = 'registered' and permitted[f, u]} xr[s, k, u, f]
  + (if self_uses[u] then y[s, k, u]) + (if agri_uses[u] then gr[s, k, u]) + dr[s, k, u]
  = class_cost[s, k, u];
s.t. cover_sync{s in SITES, u in DWELLING}:
  sum{f in SOURCES: category[f] = 'synchronous' and permitted[f, u]} xs[s, u, f]
  + (if self_uses[u] then ys[s, u]) + (if agri_uses[u] then gs[s, u]) + ds[s, u]
  = sync_cost[s, u];
s.t. cover_shared{s in SITES, u in SHARED}:
  sum{f in SOURCES: permitted[f, u]} xh[s, u, f] + (if agri_uses[u] then gh[s, u]) + dh[s, u]
  = shared_cost[s, u];

/* 2. Sources within what arrived: all of it when drawn in full. */
s.t. source_full{f in SOURCES: full[f]}:
  sum{s in SITES} (
    sum{(s, k) in CLASSES, u in DWELLING: category[f] = 'registered' and permitted[f, u]} xr[s, k, u, f]
    + sum{u in DWELLING: category[f] = 'synchronous' and permitted[f, u]} xs[s, u, f]
    + sum{u in SHARED: permitted[f, u]} xh[s, u, f]
    + (if permitted[f, 'employment_base'] then xb[s, f])
    + (if permitted[f, 'industry'] then xi[s, f]))
  = arrived[f] / W;
s.t. source_as_needed{f in SOURCES: not full[f]}:
  sum{s in SITES} (
    sum{(s, k) in CLASSES, u in DWELLING: category[f] = 'registered' and permitted[f, u]} xr[s, k, u, f]
    + sum{u in DWELLING: category[f] = 'synchronous' and permitted[f, u]} xs[s, u, f]
    + sum{u in SHARED: permitted[f, u]} xh[s, u, f]
    + (if permitted[f, 'employment_base'] then xb[s, f])
    + (if permitted[f, 'industry'] then xi[s, f]))
  <= arrived[f] / W;

/* 3. Per-person site limit. */
s.t. site_limit_row{f in SOURCES, s in SITES: site_limit[f]}:
  sum{(s, k) in CLASSES, u in DWELLING: category[f] = 'registered' and permitted[f, u]} xr[s, k, u, f]
  + sum{u in DWELLING: category[f] = 'synchronous' and permitted[f, u]} xs[s, u, f]
  + sum{u in SHARED: permitted[f, u]} xh[s, u, f]
  + (if permitted[f, 'employment_base'] then xb[s, f])
  + (if permitted[f, 'industry'] then xi[s, f])
  <= per_person[f] * site_people[f, s] / W;

/* 4. The self-funding cap, elastic. */
s.t. cap_row{(s, k) in CLASSES}:
  sum{u in DWELLING: self_uses[u]} y[s, k, u] - e[s, k] <= cap[s, k];

/* 5. Integrated agricultural funds within budget. */
s.t. agri_row:
  sum{(s, k) in CLASSES, u in DWELLING: agri_uses[u]} gr[s, k, u]
  + sum{s in SITES, u in DWELLING: agri_uses[u]} gs[s, u]
  + sum{s in SITES, u in SHARED: agri_uses[u]} gh[s, u]
  <= agri_budget / W;

/* 6. Employment bases up to need. */
s.t. employment_row{s in SITES}:
  sum{f in SOURCES: permitted[f, 'employment_base']} xb[s, f] <= employment_base_need[s] / W;

/* 7. Even self-funding (auxiliary). */
s.t. even_row{(s, k) in CLASSES}:
  households[s, k] * z >= sum{u in DWELLING: self_uses[u]} y[s, k, u];

/* 8. Site entitlement (auxiliary). */
s.t. entitlement_row{f in SOURCES, s in SITES: category[f] = 'registered' and group_reg_people > 0}:
  sum{(s, k) in CLASSES, u in DWELLING: permitted[f, u]} xr[s, k, u, f]
  + sum{u in SHARED: permitted[f, u]} xh[s, u, f]
  + (if permitted[f, 'employment_base'] then xb[s, f])
  + (if permitted[f, 'industry'] then xi[s, f])
  - over[f, s] + under[f, s] = entitlement[f, s];

/* ---------------- objective levels ---------------- */

/* is[k, id] = 1 when the k-th level of the policy is id. */
param is{k in 1..n_levels, id in LEVEL_IDS} := if level_id[k] = id then 1 else 0;

/* The levels before `level`, fixed at their optima. */
s.t. level_fixed{k in 1..level - 1}:
    is[k, 'unfunded_gap'] * (sum{(s, c) in CLASSES, u in DWELLING} dr[s, c, u]
        + sum{s in SITES, u in DWELLING} ds[s, u] + sum{s in SITES, u in SHARED} dh[s, u])
  + is[k, 'cap_excess'] * (sum{(s, c) in CLASSES} e[s, c])
  + is[k, 'registered_self_funding'] * (sum{(s, c) in CLASSES, u in DWELLING: self_uses[u]} y[s, c, u])
  + is[k, 'synchronous_self_funding'] * (sum{s in SITES, u in DWELLING: self_uses[u]} ys[s, u])
  + is[k, 'integrated_agri'] * (sum{(s, c) in CLASSES, u in DWELLING: agri_uses[u]} gr[s, c, u]
        + sum{s in SITES, u in DWELLING: agri_uses[u]} gs[s, u]
        + sum{s in SITES, u in SHARED: agri_uses[u]} gh[s, u])
  + is[k, 'loans'] * (sum{f in SOURCES: loan[f]} sum{s in SITES} (
        sum{(s, c) in CLASSES, u in DWELLING: category[f] = 'registered' and permitted[f, u]} xr[s, c, u, f]
        + sum{u in DWELLING: category[f] = 'synchronous' and permitted[f, u]} xs[s, u, f]
        + sum{u in SHARED: permitted[f, u]} xh[s, u, f]
        + (if permitted[f, 'employment_base'] then xb[s, f])
        + (if permitted[f, 'industry'] then xi[s, f])))
  + is[k, 'employment_base'] * (sum{s in SITES} employment_base_need[s] / W
        - sum{s in SITES, f in SOURCES: permitted[f, 'employment_base']} xb[s, f])
  + is[k, 'even_self_funding'] * z
  + is[k, 'site_entitlement'] * (sum{f in SOURCES, s in SITES:
        category[f] = 'registered' and group_reg_people > 0} (over[f, s] + under[f, s]))
  <= fixed[k] + min(1e-7, max(1e-9, tolerance * abs(fixed[k])));

/* The level solved in this run (the same expression, for k = level). */
minimize objective:
    is[level, 'unfunded_gap'] * (sum{(s, c) in CLASSES, u in DWELLING} dr[s, c, u]
        + sum{s in SITES, u in DWELLING} ds[s, u] + sum{s in SITES, u in SHARED} dh[s, u])
  + is[level, 'cap_excess'] * (sum{(s, c) in CLASSES} e[s, c])
  + is[level, 'registered_self_funding'] * (sum{(s, c) in CLASSES, u in DWELLING: self_uses[u]} y[s, c, u])
  + is[level, 'synchronous_self_funding'] * (sum{s in SITES, u in DWELLING: self_uses[u]} ys[s, u])
  + is[level, 'integrated_agri'] * (sum{(s, c) in CLASSES, u in DWELLING: agri_uses[u]} gr[s, c, u]
        + sum{s in SITES, u in DWELLING: agri_uses[u]} gs[s, u]
        + sum{s in SITES, u in SHARED: agri_uses[u]} gh[s, u])
  + is[level, 'loans'] * (sum{f in SOURCES: loan[f]} sum{s in SITES} (
        sum{(s, c) in CLASSES, u in DWELLING: category[f] = 'registered' and permitted[f, u]} xr[s, c, u, f]
        + sum{u in DWELLING: category[f] = 'synchronous' and permitted[f, u]} xs[s, u, f]
        + sum{u in SHARED: permitted[f, u]} xh[s, u, f]
        + (if permitted[f, 'employment_base'] then xb[s, f])
        + (if permitted[f, 'industry'] then xi[s, f])))
  + is[level, 'employment_base'] * (sum{s in SITES} employment_base_need[s] / W
        - sum{s in SITES, f in SOURCES: permitted[f, 'employment_base']} xb[s, f])
  + is[level, 'even_self_funding'] * z
  + is[level, 'site_entitlement'] * (sum{f in SOURCES, s in SITES:
        category[f] = 'registered' and group_reg_people > 0} (over[f, s] + under[f, s]));

solve;

/* glpsol drops an objective's constant term from its value; add it back. */
param level_constant := is[level, 'employment_base'] * sum{s in SITES} employment_base_need[s] / W;
printf "RF_LEVEL %s %.17g\n", level_id[level], objective + level_constant;
printf "RF_GAP %.17g\n", sum{(s, c) in CLASSES, u in DWELLING} dr[s, c, u]
  + sum{s in SITES, u in DWELLING} ds[s, u] + sum{s in SITES, u in SHARED} dh[s, u];
printf "RF_EXCESS %.17g\n", sum{(s, c) in CLASSES} e[s, c];
printf "RF_AREA_OVER %d\n",
  card({(s, k) in CLASSES: households[s, k] > 0 and area_per_person[s] * k > area_cap[k]});

end;
