/* rf_result: the table of result kinds, and writing a result in any format. */
#include "rf_result.h"

#include <errno.h>
#include <string.h>

#include "rf_audit_run.h"
#include "rf_batch.h"
#include "rf_compare.h"
#include "rf_emit.h"
#include "rf_report.h"
#include "rf_report_audit.h"
#include "rf_report_batch.h"
#include "rf_report_compare.h"
#include "rf_report_reverse.h"
#include "rf_report_sensitivity.h"
#include "rf_report_sweep.h"
#include "rf_reverse.h"
#include "rf_sensitivity.h"
#include "rf_sweep.h"

static const char *const FORMAT_NAMES[RF_FORMAT_COUNT] = {"text", "json", "csv", "md",
                                                          "html", "xlsx", "svg"};

const char *rf_format_name(rf_format f)
{
    return (unsigned)f < RF_FORMAT_COUNT ? FORMAT_NAMES[f] : "";
}

bool rf_format_parse(const char *name, rf_format *out)
{
    for (int f = 0; f < RF_FORMAT_COUNT; f++)
        if (strcmp(name, FORMAT_NAMES[f]) == 0) {
            *out = (rf_format)f;
            return true;
        }
    return false;
}

/* ---- each kind: its document, its JSON, its own formats, its status ---- */

static rf_doc *plan_doc(void *data, bool chinese)
{
    return rf_report_plan(data, chinese);
}

static rf_status plan_json(void *data, FILE *out, rf_error *err)
{
    (void)err;
    return rf_report_plan_json(data, out);
}

static rf_status plan_status(const void *data)
{
    const rf_plan *p = data;
    return p->status == RF_PLAN_BALANCED ? RF_OK : RF_ERR_PLAN;
}

static rf_doc *comparison_doc(void *data, bool chinese)
{
    const rf_comparison *c = data;
    return rf_report_compare(c->a, c->b, (const char *const *)c->changes, c->n_changes, c->title,
                             chinese);
}

static rf_status comparison_json(void *data, FILE *out, rf_error *err)
{
    (void)err;
    const rf_comparison *c = data;
    return rf_report_compare_json(c->a, c->b, (const char *const *)c->changes, c->n_changes, out);
}

static rf_status comparison_status(const void *data)
{
    return ((const rf_comparison *)data)->status;
}

static rf_doc *sweep_doc(void *data, bool chinese)
{
    return rf_report_sweep(data, chinese);
}

static rf_status sweep_json(void *data, FILE *out, rf_error *err)
{
    (void)err;
    return rf_report_sweep_json(data, out);
}

static rf_status sweep_own(void *data, const rf_result_options *o, FILE *out, rf_error *err)
{
    (void)err;
    return rf_report_sweep_svg(data, o->chinese, out);
}

static rf_status sweep_status(const void *data)
{
    const rf_sweep *sw = data;
    for (size_t i = 0; i < sw->n_points; i++)
        if (sw->points[i].key.status != RF_PLAN_BALANCED)
            return RF_ERR_PLAN;
    return RF_OK;
}

static rf_doc *sensitivity_doc(void *data, bool chinese)
{
    (void)chinese; /* the result is in the language it was computed in */
    return rf_report_sensitivity(data);
}

static rf_status sensitivity_json(void *data, FILE *out, rf_error *err)
{
    (void)err;
    return rf_report_sensitivity_json(data, out);
}

static rf_status sensitivity_status(const void *data)
{
    const rf_sensitivity *r = data;
    return r->key.status == RF_PLAN_BALANCED ? RF_OK : RF_ERR_PLAN;
}

static rf_doc *reverse_doc(void *data, bool chinese)
{
    (void)chinese; /* the result is in the language it was computed in */
    return rf_report_reverse(data);
}

static rf_status reverse_json(void *data, FILE *out, rf_error *err)
{
    (void)err;
    return rf_report_reverse_json(data, out);
}

static rf_status reverse_status(const void *data)
{
    const rf_reverse *r = data;
    return r->key.status == RF_PLAN_BALANCED ? RF_OK : RF_ERR_PLAN;
}

static rf_doc *batch_doc(void *data, bool chinese)
{
    return rf_report_batch(data, chinese);
}

static rf_status batch_json(void *data, FILE *out, rf_error *err)
{
    (void)err;
    return rf_report_batch_json(data, out);
}

static rf_status batch_status(const void *data)
{
    return rf_batch_status_code(data);
}

/* The audit's document holds its whole list: it is built only for HTML
 * and XLSX; text, Markdown and CSV are streamed (audit_own). */
static rf_status audit_json(void *data, FILE *out, rf_error *err)
{
    return rf_report_audit_json(data, out, err);
}

static rf_status audit_own(void *data, const rf_result_options *o, FILE *out, rf_error *err)
{
    rf_emit_options eo = {.yuan = o->yuan, .exact = o->exact, .excel_bom = o->excel_bom};
    switch (o->format) {
    case RF_FORMAT_CSV:
        return rf_report_audit_csv(data, &eo, out, err);
    case RF_FORMAT_MD:
        return rf_report_audit_md(data, o->chinese, &eo, out, err);
    default:
        return rf_report_audit_text(data, o->chinese, &eo, out, err);
    }
}

static rf_status audit_status(const void *data)
{
    const rf_audit_summary *sum = rf_audit_result_summary(data);
    /* An audit that had to skip malformed rows is not clean either. */
    return sum->bad_rows || sum->violations ? RF_ERR_PLAN : RF_OK;
}

#define FORMAT_BIT(f) (1u << (f))

typedef struct {
    /* The document of every format not written otherwise; NULL when out of
     * memory.  The audit's takes err (audit_doc). */
    rf_doc *(*doc)(void *data, bool chinese);
    rf_status (*json)(void *data, FILE *out, rf_error *err);
    /* The formats of own_formats, in a layout of the kind's own. */
    rf_status (*own)(void *data, const rf_result_options *o, FILE *out, rf_error *err);
    unsigned own_formats;
    rf_status (*status)(const void *data);
    bool yuan_only; /* amounts always in yuan */
} kind_row;

static const kind_row KINDS[RF_RESULT_KIND_COUNT] = {
    [RF_RESULT_PLAN] = {plan_doc, plan_json, NULL, 0, plan_status, false},
    [RF_RESULT_COMPARISON] = {comparison_doc, comparison_json, NULL, 0, comparison_status, false},
    [RF_RESULT_SWEEP] = {sweep_doc, sweep_json, sweep_own, FORMAT_BIT(RF_FORMAT_SVG), sweep_status,
                         false},
    [RF_RESULT_SENSITIVITY] = {sensitivity_doc, sensitivity_json, NULL, 0, sensitivity_status,
                               false},
    [RF_RESULT_REVERSE] = {reverse_doc, reverse_json, NULL, 0, reverse_status, false},
    [RF_RESULT_BATCH] = {batch_doc, batch_json, NULL, 0, batch_status, false},
    [RF_RESULT_AUDIT] = {NULL, audit_json, audit_own,
                         FORMAT_BIT(RF_FORMAT_TEXT) | FORMAT_BIT(RF_FORMAT_MD) |
                             FORMAT_BIT(RF_FORMAT_CSV),
                         audit_status, true},
};

bool rf_result_offers(rf_result_kind kind, rf_format format)
{
    return format != RF_FORMAT_SVG || (KINDS[kind].own_formats & FORMAT_BIT(RF_FORMAT_SVG));
}

bool rf_result_yuan_only(rf_result_kind kind)
{
    return KINDS[kind].yuan_only;
}

rf_status rf_result_status(const rf_result *r)
{
    return KINDS[r->kind].status(r->data);
}

/* The document of r for the emitters; NULL with err filled. */
static rf_doc *build_doc(const rf_result *r, bool chinese, rf_error *err)
{
    if (r->kind == RF_RESULT_AUDIT)
        return rf_report_audit_doc(r->data, chinese, err);
    rf_doc *d = KINDS[r->kind].doc(r->data, chinese);
    if (!d)
        rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                     "out of memory while writing the report");
    return d;
}

/* Writes doc through the emitter of a stream format. */
static rf_status emit_stream(const rf_doc *doc, rf_format f, const rf_emit_options *eo, FILE *out)
{
    switch (f) {
    case RF_FORMAT_MD:
        return rf_emit_md(doc, eo, out);
    case RF_FORMAT_CSV:
        return rf_emit_csv(doc, eo, out);
    case RF_FORMAT_HTML:
        return rf_emit_html(doc, eo, out);
    default:
        return rf_emit_text(doc, eo, out);
    }
}

rf_status rf_result_write(const rf_result *r, const rf_result_options *o, FILE *out,
                          const char *path, rf_error *err)
{
    const kind_row *k = &KINDS[r->kind];
    rf_emit_options eo = {.yuan = o->yuan, .exact = o->exact, .excel_bom = o->excel_bom};
    errno = 0;
    rf_status st;
    if (o->format == RF_FORMAT_JSON) {
        st = k->json(r->data, out, err);
    } else if (k->own_formats & FORMAT_BIT(o->format)) {
        st = k->own(r->data, o, out, err);
    } else {
        rf_doc *doc = build_doc(r, o->chinese, err);
        if (!doc)
            return err->status ? err->status : RF_ERR_SOLVER;
        if (o->format == RF_FORMAT_XLSX) {
            st = rf_emit_xlsx(doc, &eo, path, err);
            rf_doc_free(doc);
            return st;
        }
        st = emit_stream(doc, o->format, &eo, out);
        rf_doc_free(doc);
        /* An emitter out of memory could not write the output. */
        if (st == RF_ERR_SOLVER)
            return rf_error_set(err, RF_ERR_OUTPUT, NULL, 0, 0, NULL, "out of memory");
    }
    if (st == RF_OK && (fflush(out) != 0 || ferror(out)))
        st = RF_ERR_OUTPUT;
    if (st == RF_ERR_OUTPUT)
        return rf_error_set(err, RF_ERR_OUTPUT, NULL, 0, 0, NULL, "%s",
                            strerror(errno ? errno : EIO));
    return st;
}
