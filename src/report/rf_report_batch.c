/* rf_report_batch: a batch's roll-up as a document and as JSON (relocfund-batch/1). */
#include "rf_report_batch.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rf_money.h"
#include "rf_names.h"

static const char *status_label(rf_batch_status s, bool zh)
{
    switch (s) {
    case RF_BATCH_BALANCED:
        return zh ? "资金平衡" : "balanced";
    case RF_BATCH_UNFUNDED_GAP:
        return zh ? "资金缺口" : "unfunded gap";
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

rf_doc *rf_report_batch(const rf_batch *b, bool zh)
{
    char title[512];
    snprintf(title, sizeof title, zh ? "%s 易地扶贫搬迁资金汇总" : "%s: relocation funds roll-up",
             zh ? b->name.zh : b->name.en);
    rf_doc *d = rf_doc_new(title, zh);
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
        rf_doc_subtitle(d, zh ? "%zu 个县, 省级文件 %s" : "%zu counties, province file %s",
                        b->n_counties, b->province_file);
    else
        rf_doc_subtitle(d, zh ? "%zu 个县" : "%zu counties", b->n_counties);
    rf_section *sec = rf_doc_section(d, zh ? "结论" : "Summary");
    size_t bal = rf_batch_count_status(b, RF_BATCH_BALANCED),
           gap = rf_batch_count_status(b, RF_BATCH_UNFUNDED_GAP),
           cap = rf_batch_count_status(b, RF_BATCH_CAP_VIOLATION),
           in = rf_batch_count_status(b, RF_BATCH_INPUT_ERROR),
           sol = rf_batch_count_status(b, RF_BATCH_SOLVER_ERROR);
    if (zh)
        rf_doc_paragraph(d, sec,
                         "%zu 个县: %zu 个资金平衡, %zu 个存在资金缺口, %zu 个超出政策上限, %zu "
                         "个输入错误, %zu 个求解失败.",
                         b->n_counties, bal, gap, cap, in, sol);
    else
        rf_doc_paragraph(d, sec,
                         "%zu counties: %zu balanced, %zu with an unfunded gap, %zu over a cap, "
                         "%zu with input errors, %zu solver failures.",
                         b->n_counties, bal, gap, cap, in, sol);
    char c1[40], c2[40], c3[40], c4[40];
    if (zh)
        rf_doc_paragraph(d, sec,
                         "建档立卡 %" PRId64 " 人 %" PRId64 " 户, 同步搬迁 %" PRId64 " 人, %" PRId64
                         " 个安置点; 总成本 %s 万元, 资金到位 %s 万元, "
                         "建档立卡户自筹 %s 万元, 资金缺口 %s 万元.",
                         total.registered_people, total.registered_households,
                         total.synchronous_people, total.sites, rf_fen_wan(c1, total.cost, true),
                         rf_fen_wan(c2, total.arrived, true), rf_fen_wan(c3, total.self_reg, true),
                         rf_fen_wan(c4, total.unfunded, true));
    else
        rf_doc_paragraph(d, sec,
                         "%" PRId64 " registered people in %" PRId64 " households, %" PRId64
                         " synchronous people, %" PRId64 " sites; total cost %s 万元, funds "
                         "arrived %s 万元, registered self-funding %s 万元, unfunded gap %s 万元.",
                         total.registered_people, total.registered_households,
                         total.synchronous_people, total.sites, rf_fen_wan(c1, total.cost, true),
                         rf_fen_wan(c2, total.arrived, true), rf_fen_wan(c3, total.self_reg, true),
                         rf_fen_wan(c4, total.unfunded, true));
    if (in + sol > 0 && in + sol < b->n_counties)
        rf_doc_paragraph(d, sec,
                         zh ? "未求解的县不计入合计."
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
                           "资金缺口", "超上限自筹", "超上限户数"};
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
                           "households over cap"};
    t = rf_doc_table(d, sec, "counties",
                     zh ? "各县 (有问题的县在前)" : "By county (counties with problems first)", 11,
                     zh ? ch_zh : ch_en);
    for (size_t k = 0; t && k < b->n_counties; k++) {
        const rf_batch_county *c = &b->counties[order[k]];
        rf_batch_figures f;
        rf_batch_county_figures(c, &f);
        row = rf_doc_row(d, t);
        if (!row)
            break;
        rf_cell_text(d, &row[0], c->scenario ? c->scenario->id : c->file);
        rf_cell_text(d, &row[1], status_label(c->status, zh));
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
        t->has_total = true;
    }
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

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void json_money(FILE *out, const char *key, rf_fen v, bool comma)
{
    char buf[40];
    fprintf(out, "\"%s\": %s%s", key, rf_fen_yuan(buf, v, false), comma ? ", " : "");
}

static void json_figures(FILE *out, const rf_batch_figures *f)
{
    fprintf(out,
            "\"registered_people\": %" PRId64 ", \"registered_households\": %" PRId64
            ", \"synchronous_people\": %" PRId64 ", \"sites\": %" PRId64 ", ",
            f->registered_people, f->registered_households, f->synchronous_people, f->sites);
    json_money(out, "cost", f->cost, true);
    json_money(out, "arrived", f->arrived, true);
    json_money(out, "allocated", f->allocated, true);
    json_money(out, "undrawn", f->undrawn, true);
    json_money(out, "self_funding_registered", f->self_reg, true);
    json_money(out, "self_funding_synchronous", f->self_sync, true);
    json_money(out, "integrated_agri", f->agri, true);
    json_money(out, "unfunded", f->unfunded, true);
    json_money(out, "cap_excess", f->excess, true);
    json_money(out, "surplus_employment_base", f->surplus_emp, true);
    json_money(out, "surplus_industry", f->surplus_ind, true);
    fprintf(out, "\"households_over_cap\": %" PRId64, f->households_over_cap);
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
    fputs("{\n  \"format\": \"relocfund-batch/1\",\n  \"id\": ", out);
    json_string(out, b->id);
    fputs(",\n  \"name\": {\"zh\": ", out);
    json_string(out, b->name.zh);
    fputs(", \"en\": ", out);
    json_string(out, b->name.en);
    fputs("},\n  \"province_file\": ", out);
    if (b->province_file)
        json_string(out, b->province_file);
    else
        fputs("null", out);
    fprintf(out, ",\n  \"counties\": %zu,\n  \"status\": {", b->n_counties);
    for (int s = RF_BATCH_BALANCED; s <= RF_BATCH_SOLVER_ERROR; s++)
        fprintf(out, "%s\"%s\": %zu", s ? ", " : "", rf_batch_status_id((rf_batch_status)s),
                rf_batch_count_status(b, (rf_batch_status)s));
    fputs("},\n  \"pools\": [", out);
    for (size_t k = 0; k < b->n_pools; k++) {
        fputs(k ? ", {\"source\": " : "{\"source\": ", out);
        json_string(out, b->pools[k].source);
        fputs(", ", out);
        json_money(out, "amount", b->pools[k].amount, false);
        fputs("}", out);
    }
    fputs("],\n  \"totals\": {", out);
    json_figures(out, &total);
    fputs("},\n  \"sources\": [\n", out);
    for (size_t k = 0; k < n_src; k++) {
        fputs("    {\"id\": ", out);
        json_string(out, src[k].id);
        fputs(", ", out);
        json_money(out, "arrived", src[k].arrived, true);
        json_money(out, "allocated", src[k].allocated, true);
        json_money(out, "undrawn", src[k].undrawn, true);
        fputs("\"by_use\": {", out);
        for (int u = 0; u < RF_USE_COUNT; u++)
            json_money(out, rf_use_id((rf_use)u), src[k].by_use[u], u + 1 < RF_USE_COUNT);
        fprintf(out, "}}%s\n", k + 1 < n_src ? "," : "");
    }
    fputs("  ],\n  \"by_county\": [\n", out);
    for (size_t k = 0; k < b->n_counties; k++) {
        const rf_batch_county *c = &b->counties[order[k]];
        rf_batch_figures f;
        rf_batch_county_figures(c, &f);
        fputs("    {\"file\": ", out);
        json_string(out, c->file);
        fputs(", \"id\": ", out);
        if (c->scenario)
            json_string(out, c->scenario->id);
        else
            fputs("null", out);
        fprintf(out, ", \"status\": \"%s\", ", rf_batch_status_id(c->status));
        json_figures(out, &f);
        if (b->n_pools) {
            fputs(", \"pool_shares\": [", out);
            for (size_t p = 0; p < b->n_pools; p++) {
                char buf[40];
                fprintf(out, "%s%s", p ? ", " : "", rf_fen_yuan(buf, c->pool_shares[p], false));
            }
            fputs("]", out);
        }
        fputs(", \"error\": ", out);
        char msg[2048];
        rf_batch_county_problem(c, msg, sizeof msg);
        if (msg[0])
            json_string(out, msg);
        else
            fputs("null", out);
        fprintf(out, "}%s\n", k + 1 < b->n_counties ? "," : "");
    }
    fputs("  ]\n}\n", out);
    free(src);
    free(order);
    return ferror(out) ? RF_ERR_OUTPUT : RF_OK;
}
