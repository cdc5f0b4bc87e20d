/* rf_report_batch: a batch's roll-up as a document and as JSON (relocfund-batch/1). */
#include "rf_report_batch.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rf_jw.h"
#include "rf_money.h"
#include "rf_names.h"

static const char *status_label(rf_batch_status s, bool zh)
{
    switch (s) {
    case RF_BATCH_BALANCED:
        return rf_plan_status_label(RF_PLAN_BALANCED, zh);
    case RF_BATCH_UNFUNDED_GAP:
        return rf_plan_status_label(RF_PLAN_UNFUNDED_GAP, zh);
    case RF_BATCH_CAP_VIOLATION:
        return zh ? "超出上限" : "over a cap";
    case RF_BATCH_INPUT_ERROR:
        return zh ? "输入错误" : "input error";
    case RF_BATCH_SOLVER_ERROR:
        return zh ? "求解失败" : "solver failure";
    default:
        return zh ? "未运行" : "not run";
    }
}

/* A county's status in the words of its plan: which cap it breaks, so
 * that the label agrees with the columns beside it. */
static const char *county_status(const rf_batch_county *c, bool zh)
{
    const rf_plan *p = c->plan;
    if (c->status != RF_BATCH_CAP_VIOLATION || !p)
        return status_label(c->status, zh);
    bool money = p->cap_excess_total > 0, area = p->households_over_area_cap > 0;
    if (money && area)
        return zh ? "超出自筹与面积上限" : "over the self-funding and area caps";
    if (area)
        return zh ? "住房面积超标" : "over the housing area cap";
    return zh ? "超出自筹上限" : "over the self-funding cap";
}

static const char *county_name(const rf_batch_county *c, bool zh)
{
    return c->scenario ? rf_label_pick(&c->scenario->name, c->scenario->id, zh) : c->file;
}

rf_doc *rf_report_batch(const rf_batch *b, bool zh)
{
    rf_doc *d = rf_doc_newf(zh, zh ? "%s 易地扶贫搬迁资金汇总" : "%s: relocation funds roll-up",
                            zh ? b->name.zh : b->name.en);
    size_t n_src = 0;
    rf_batch_source_total *src = rf_batch_source_totals(b, &n_src);
    size_t *order = rf_batch_county_order(b);
    if (!d || !src || !order) {
        free(src);
        free(order);
        rf_doc_free(d);
        return NULL;
    }
    rf_batch_figures total = {0};
    for (size_t i = 0; i < b->n_counties; i++) {
        rf_batch_figures f;
        rf_batch_county_figures(&b->counties[i], &f);
        rf_batch_figures_add(&total, &f);
    }
    if (b->province_file)
        rf_doc_subtitle(d, zh ? "%zu 个县，省级文件 %s" : "%zu %s, province file %s",
                        b->n_counties, zh ? "" : b->n_counties == 1 ? "county" : "counties",
                        b->province_file);
    else
        rf_doc_subtitle(d, zh ? "%zu 个县%s" : "%zu %s", b->n_counties,
                        zh ? "" : b->n_counties == 1 ? "county" : "counties");
    rf_section *sec = rf_doc_section(d, zh ? "结论" : "Summary");
    size_t bal = rf_batch_count_status(b, RF_BATCH_BALANCED),
           gap = rf_batch_count_status(b, RF_BATCH_UNFUNDED_GAP),
           cap = rf_batch_count_status(b, RF_BATCH_CAP_VIOLATION),
           in = rf_batch_count_status(b, RF_BATCH_INPUT_ERROR),
           sol = rf_batch_count_status(b, RF_BATCH_SOLVER_ERROR);
    if (zh)
        rf_doc_paragraph(d, sec,
                         "%zu 个县：%zu 个资金平衡，%zu 个存在资金缺口，%zu 个超出政策上限，%zu "
                         "个输入错误，%zu 个求解失败。",
                         b->n_counties, bal, gap, cap, in, sol);
    else
        rf_doc_paragraph(d, sec,
                         "%zu %s: %zu balanced, %zu with an unfunded gap, %zu over a cap, "
                         "%zu with input errors, %zu solver failures.",
                         b->n_counties, b->n_counties == 1 ? "county" : "counties", bal, gap, cap,
                         in, sol);
    char c1[48], c2[48], c3[48], c4[48], n1[40], n2[40], n3[40], n4[40];
    rf_count_text(n1, total.registered_people, true);
    rf_count_text(n2, total.registered_households, true);
    rf_count_text(n3, total.synchronous_people, true);
    rf_count_text(n4, total.sites, true);
    rf_amount_mark(c1, total.cost);
    rf_amount_mark(c2, total.arrived);
    rf_amount_mark(c3, total.self_reg);
    rf_amount_mark(c4, total.unfunded);
    if (zh)
        rf_doc_paragraph(d, sec,
                         "建档立卡 %s 人 %s 户，同步搬迁 %s 人，%s 个安置点；总成本 %s，资金到位 "
                         "%s，建档立卡户自筹 %s，资金缺口 %s。",
                         n1, n2, n3, n4, c1, c2, c3, c4);
    else
        rf_doc_paragraph(d, sec,
                         "%s registered people in %s households, %s synchronous people, %s "
                         "sites; total cost %s, funds arrived %s, registered self-funding %s, "
                         "unfunded gap %s.",
                         n1, n2, n3, n4, c1, c2, c3, c4);
    if (in + sol > 0 && in + sol < b->n_counties)
        rf_doc_paragraph(d, sec,
                         zh ? "未求解的县不计入合计。"
                            : "Counties that were not solved count in no total.");

    sec = rf_doc_section(d, zh ? "资金来源合计" : "Totals by source");
    const char *sh_zh[] = {"来源", "到位", "安排", "未动用"};
    const char *sh_en[] = {"source", "arrived", "allocated", "undrawn"};
    rf_table *t = rf_doc_table(d, sec, "sources", zh ? "资金来源合计" : "Totals by source", 4,
                               zh ? sh_zh : sh_en);
    rf_fen sa = 0, sl = 0, su = 0;
    for (size_t k = 0; t && k < n_src; k++) {
        rf_cell *row = rf_doc_row(d, t);
        if (!row)
            break;
        rf_cell_text(d, &row[0], zh ? src[k].name->zh : src[k].name->en);
        rf_cell_money(&row[1], src[k].arrived);
        rf_cell_money(&row[2], src[k].allocated);
        rf_cell_money(&row[3], src[k].undrawn);
        sa += src[k].arrived;
        sl += src[k].allocated;
        su += src[k].undrawn;
    }
    rf_cell *row = t ? rf_doc_row(d, t) : NULL;
    if (row) {
        rf_cell_text(d, &row[0], zh ? "合计" : "total");
        rf_cell_money(&row[1], sa);
        rf_cell_money(&row[2], sl);
        rf_cell_money(&row[3], su);
        t->has_total = true;
    }

    sec = rf_doc_section(d, zh ? "各县" : "By county");
    const char *ch_zh[] = {"县",       "状态",       "建档立卡人口",   "安置点",
                           "总成本",   "资金安排",   "建档立卡户自筹", "整合涉农资金",
                           "资金缺口", "超上限自筹", "超上限户数",     "面积超标户数"};
    const char *ch_en[] = {"county",
                           "status",
                           "registered people",
                           "sites",
                           "cost",
                           "funds allocated",
                           "registered self-funding",
                           "integrated agri",
                           "unfunded gap",
                           "self-funding over cap",
                           "households over cap",
                           "households over the area cap"};
    int64_t area_total = 0;
    t = rf_doc_table(d, sec, "counties",
                     zh ? "各县（有问题的县在前）" : "By county (counties with problems first)", 12,
                     zh ? ch_zh : ch_en);
    for (size_t k = 0; t && k < b->n_counties; k++) {
        const rf_batch_county *c = &b->counties[order[k]];
        rf_batch_figures f;
        rf_batch_county_figures(c, &f);
        row = rf_doc_row(d, t);
        if (!row)
            break;
        rf_cell_text(d, &row[0], county_name(c, zh));
        rf_cell_text(d, &row[1], county_status(c, zh));
        row[1].flag = c->status != RF_BATCH_BALANCED;
        rf_cell_count(&row[2], f.registered_people);
        rf_cell_count(&row[3], f.sites);
        rf_cell_money(&row[4], f.cost);
        rf_cell_money(&row[5], f.allocated);
        rf_cell_money(&row[6], f.self_reg);
        rf_cell_money(&row[7], f.agri);
        rf_cell_money(&row[8], f.unfunded);
        row[8].flag = f.unfunded > 0;
        rf_cell_money(&row[9], f.excess);
        row[9].flag = f.excess > 0;
        rf_cell_count(&row[10], f.households_over_cap);
        row[10].flag = f.households_over_cap > 0;
        int64_t area = c->plan ? c->plan->households_over_area_cap : 0;
        rf_cell_count(&row[11], area);
        row[11].flag = area > 0;
        area_total += area;
    }
    row = t ? rf_doc_row(d, t) : NULL;
    if (row) {
        rf_cell_text(d, &row[0], zh ? "合计" : "total");
        rf_cell_count(&row[2], total.registered_people);
        rf_cell_count(&row[3], total.sites);
        rf_cell_money(&row[4], total.cost);
        rf_cell_money(&row[5], total.allocated);
        rf_cell_money(&row[6], total.self_reg);
        rf_cell_money(&row[7], total.agri);
        rf_cell_money(&row[8], total.unfunded);
        rf_cell_money(&row[9], total.excess);
        rf_cell_count(&row[10], total.households_over_cap);
        rf_cell_count(&row[11], area_total);
        t->has_total = true;
    }
    /* Counties by status and gap: cost against what is funded, each label
     * the county's status. */
    sec = rf_doc_section(d, zh ? "图表" : "Charts");
    rf_chart *bars = rf_doc_chart(d, sec, RF_CHART_BARS, "counties",
                                  zh ? "各县：成本与已落实资金" : "By county: cost against funding");
    for (size_t k = 0; k < b->n_counties; k++) {
        const rf_batch_county *c = &b->counties[order[k]];
        if (!c->plan)
            continue;
        rf_batch_figures f;
        rf_batch_county_figures(c, &f);
        int at = rf_chart_label(d, bars, county_name(c, zh), f.cost, f.cost - f.unfunded);
        char note[160], m[48];
        if (f.unfunded > 0)
            snprintf(note, sizeof note, zh ? "%s，缺口 %s" : "%s, gap %s", county_status(c, zh),
                     rf_amount_mark(m, f.unfunded));
        else
            snprintf(note, sizeof note, "%s", county_status(c, zh));
        rf_chart_note(d, bars, at, note, c->status != RF_BATCH_BALANCED);
    }
    if (bars && bars->n_labels == 0)
        rf_chart_instead(d, bars, "%s", zh ? "没有求解成功的县。" : "No county was solved.");
    if (in + sol > 0) {
        sec = rf_doc_section(d, zh ? "未求解的县" : "Counties not solved");
        for (size_t k = 0; k < b->n_counties; k++) {
            const rf_batch_county *c = &b->counties[order[k]];
            if (c->status != RF_BATCH_INPUT_ERROR && c->status != RF_BATCH_SOLVER_ERROR)
                continue;
            char msg[2048];
            rf_doc_paragraph(d, sec, "%s: %s", c->file,
                             rf_batch_county_problem(c, msg, sizeof msg));
        }
    }
    free(src);
    free(order);
    if (!rf_doc_ok(d)) {
        rf_doc_free(d);
        return NULL;
    }
    return d;
}

/* ---- JSON ---- */

static void json_figures(rf_jw *w, const rf_batch_figures *f)
{
    rf_jw_int(w, "registered_people", f->registered_people);
    rf_jw_int(w, "registered_households", f->registered_households);
    rf_jw_int(w, "synchronous_people", f->synchronous_people);
    rf_jw_int(w, "sites", f->sites);
    rf_jw_yuan(w, "cost", f->cost);
    rf_jw_yuan(w, "arrived", f->arrived);
    rf_jw_yuan(w, "allocated", f->allocated);
    rf_jw_yuan(w, "undrawn", f->undrawn);
    rf_jw_yuan(w, "self_funding_registered", f->self_reg);
    rf_jw_yuan(w, "self_funding_synchronous", f->self_sync);
    rf_jw_yuan(w, "integrated_agri", f->agri);
    rf_jw_yuan(w, "unfunded", f->unfunded);
    rf_jw_yuan(w, "cap_excess", f->excess);
    rf_jw_yuan(w, "surplus_employment_base", f->surplus_emp);
    rf_jw_yuan(w, "surplus_industry", f->surplus_ind);
    rf_jw_int(w, "households_over_cap", f->households_over_cap);
}

rf_status rf_report_batch_json(const rf_batch *b, FILE *out)
{
    size_t n_src = 0;
    rf_batch_source_total *src = rf_batch_source_totals(b, &n_src);
    size_t *order = rf_batch_county_order(b);
    if (!src || !order) {
        free(src);
        free(order);
        return RF_ERR_OUTPUT;
    }
    rf_batch_figures total = {0};
    for (size_t i = 0; i < b->n_counties; i++) {
        rf_batch_figures f;
        rf_batch_county_figures(&b->counties[i], &f);
        rf_batch_figures_add(&total, &f);
    }
    rf_jw w;
    rf_jw_document(&w, out, "relocfund-batch/1");
    rf_jw_string(&w, "id", b->id);
    rf_jw_object(&w, "name", &RF_JW_INLINE);
    rf_jw_string(&w, "zh", b->name.zh);
    rf_jw_string(&w, "en", b->name.en);
    rf_jw_end(&w);
    rf_jw_string(&w, "province_file", b->province_file);
    rf_jw_int(&w, "counties", (int64_t)b->n_counties);
    rf_jw_object(&w, "status", &RF_JW_INLINE);
    for (int s = RF_BATCH_BALANCED; s <= RF_BATCH_SOLVER_ERROR; s++)
        rf_jw_int(&w, rf_batch_status_id((rf_batch_status)s),
                  (int64_t)rf_batch_count_status(b, (rf_batch_status)s));
    rf_jw_end(&w);
    rf_jw_array(&w, "pools", &RF_JW_INLINE);
    for (size_t k = 0; k < b->n_pools; k++) {
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_string(&w, "source", b->pools[k].source);
        rf_jw_yuan(&w, "amount", b->pools[k].amount);
        rf_jw_end(&w);
    }
    rf_jw_end(&w);
    rf_jw_object(&w, "totals", &RF_JW_INLINE);
    json_figures(&w, &total);
    rf_jw_end(&w);
    rf_jw_array(&w, "sources", &RF_JW_BLOCK);
    for (size_t k = 0; k < n_src; k++) {
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_string(&w, "id", src[k].id);
        rf_jw_yuan(&w, "arrived", src[k].arrived);
        rf_jw_yuan(&w, "allocated", src[k].allocated);
        rf_jw_yuan(&w, "undrawn", src[k].undrawn);
        rf_jw_object(&w, "by_use", &RF_JW_INLINE);
        for (int u = 0; u < RF_USE_COUNT; u++)
            rf_jw_yuan(&w, rf_use_id((rf_use)u), src[k].by_use[u]);
        rf_jw_end(&w);
        rf_jw_end(&w);
    }
    rf_jw_end(&w);
    rf_jw_array(&w, "by_county", &RF_JW_BLOCK);
    for (size_t k = 0; k < b->n_counties; k++) {
        const rf_batch_county *c = &b->counties[order[k]];
        rf_batch_figures f;
        rf_batch_county_figures(c, &f);
        rf_jw_object(&w, NULL, &RF_JW_INLINE);
        rf_jw_string(&w, "file", c->file);
        rf_jw_string(&w, "id", c->scenario ? c->scenario->id : NULL);
        rf_jw_string(&w, "status", rf_batch_status_id(c->status));
        json_figures(&w, &f);
        if (b->n_pools) {
            rf_jw_array(&w, "pool_shares", &RF_JW_INLINE);
            for (size_t p = 0; p < b->n_pools; p++)
                rf_jw_yuan(&w, NULL, c->pool_shares[p]);
            rf_jw_end(&w);
        }
        char msg[2048];
        rf_batch_county_problem(c, msg, sizeof msg);
        rf_jw_string(&w, "error", msg[0] ? msg : NULL);
        rf_jw_end(&w);
    }
    free(src);
    free(order);
    return rf_jw_finish(&w);
}
