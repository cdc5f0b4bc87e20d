/* cmd_audit: `relocfund audit ROSTER.csv --scenario SCENARIO`: every household
 * of a roster against the policy's rules, streamed, with a summary. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_emit.h"
#include "rf_audit.h"
#include "rf_emit.h"
#include "rf_escape.h"
#include "rf_money.h"
#include "rf_names.h"
#include "rf_report_audit.h"
#include "rf_roster.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: relocfund audit [OPTIONS] ROSTER.csv --scenario SCENARIO\n\n"
            "Checks every household of a roster (CSV, see docs/roster-format.md) against the\n"
            "scenario's policy and sites and lists every violation.\n\n"
            "Options:\n"
            "  --scenario FILE    the scenario (its policy and sites); required\n"
            "  --as-of DATE       audit date YYYY-MM-DD for the demolition deadline\n"
            "                     (default: today)\n"
            "  --strict           stop at the first malformed row (exit 2)\n"
            "  --max-errors N     print at most N malformed rows on standard error\n"
            "                     (default 100; 0: all); all are counted\n"
            "  --format FMT       text (default), json, csv, md, html or xlsx (xlsx needs -o)\n"
            "  -o, --output FILE  write to FILE (atomically) instead of standard output;\n"
            "                     its extension (.txt .json .csv .md .html .xlsx) is the format\n"
            "                     when --format is not given\n"
            "  --lang zh|en       labels in Chinese (default) or English\n"
            "  --excel            start CSV output with a UTF-8 byte order mark for Excel\n"
            "  -h, --help         this help\n\n"
            "Exit codes: 0 no violation, 1 violations found or malformed rows skipped,\n"
            "2 usage or input error (with --strict: the first malformed row),\n"
            "3 internal failure, 4 output not written.\n");
}

/* ---- the audit run --------------------------------------------------------- */

typedef struct {
    cli_common common;
    const char *roster_path;
    const char *scenario_path;
    rf_day as_of;
    bool strict;
    long long max_errors;
} audit_options;

typedef struct {
    const audit_options *opt;
    const rf_scenario *s;
    FILE *list;     /* the violations, as spool records, kept until the summary is written */
    FILE *bad;      /* JSON only: the malformed rows, formatted */
    int64_t n_list; /* records written to list */
    int64_t n_bad_listed;
} audit_run;

static bool lookup_id(void *ctx, int64_t row, const char **id, size_t *len, rf_error *err)
{
    return rf_roster_id_at(ctx, row, id, len, err);
}

/* ---- the spool of violations ----------------------------------------------

 * The list is written after the summary, so the violations found while
 * reading wait in a temporary file: one record a violation, this head and
 * then the household id and site id bytes.  Memory stays flat however long
 * the roster, and every format reads the same records back. */
typedef struct {
    int64_t row, value, limit;
    int32_t rule, category, size;
    uint8_t has_value, has_limit;
    uint16_t id_len, site_len;
} spool_head;

/* Appends the violation v of household h to the spool. */
static void spool_entry(audit_run *run, const rf_violation *v, const rf_household *h)
{
    spool_head head;
    memset(&head, 0, sizeof head); /* no stray padding bytes in the file */
    head.row = v->row;
    head.value = v->value;
    head.limit = v->limit;
    head.rule = (int32_t)v->rule;
    head.category = (int32_t)h->category;
    head.size = h->size;
    head.has_value = v->has_value;
    head.has_limit = v->has_limit;
    head.id_len = (uint16_t)h->household_id_len; /* both at most RF_ROSTER_MAX_ID */
    head.site_len = (uint16_t)h->site_id_len;
    fwrite(&head, sizeof head, 1, run->list);
    fwrite(h->household_id, 1, h->household_id_len, run->list);
    fwrite(h->site_id, 1, h->site_id_len, run->list);
    run->n_list++;
}

/* Reads the list back: the HOUSEHOLD_MIX warnings first, then the spooled
 * violations in row order.  An rf_audit_entry_next for rf_report_audit. */
typedef struct {
    const rf_scenario *s;
    const rf_violation *warnings;
    size_t n_warnings, next_warning;
    FILE *spool;
    char id[RF_ROSTER_MAX_ID + 1], site[RF_ROSTER_MAX_ID + 1];
} list_reader;

/* Starts the list from its first entry; false (err filled) on failure. */
static bool list_rewind(list_reader *lr, rf_error *err)
{
    lr->next_warning = 0;
    if (fflush(lr->spool) != 0 || fseek(lr->spool, 0, SEEK_SET) != 0)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                            "cannot read back a temporary file: %s", strerror(errno)),
               false;
    return true;
}

static int list_next(void *ctx, rf_audit_entry *e, rf_error *err)
{
    list_reader *lr = ctx;
    memset(e, 0, sizeof *e);
    if (lr->next_warning < lr->n_warnings) {
        const rf_violation *v = &lr->warnings[lr->next_warning++];
        e->v = *v;
        e->site_id = lr->s->sites[v->site].id;
        e->site_id_len = strlen(e->site_id);
        e->category = v->mix == RF_MIX_REGISTERED_SIZE ? RF_CAT_REGISTERED : RF_CAT_SYNCHRONOUS;
        e->size = v->size;
        return 1;
    }
    spool_head head;
    size_t got = fread(&head, 1, sizeof head, lr->spool);
    if (got == 0 && feof(lr->spool))
        return 0;
    if (got != sizeof head || head.id_len > RF_ROSTER_MAX_ID || head.site_len > RF_ROSTER_MAX_ID ||
        fread(lr->id, 1, head.id_len, lr->spool) != head.id_len ||
        fread(lr->site, 1, head.site_len, lr->spool) != head.site_len)
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                            "cannot read back a temporary file: %s",
                            ferror(lr->spool) ? strerror(errno) : "it ends early"),
               -1;
    lr->id[head.id_len] = lr->site[head.site_len] = '\0';
    e->v = (rf_violation){.rule = (rf_rule)head.rule,
                          .row = head.row,
                          .has_value = head.has_value,
                          .value = head.value,
                          .has_limit = head.has_limit,
                          .limit = head.limit};
    e->household_id = lr->id;
    e->household_id_len = head.id_len;
    e->site_id = lr->site;
    e->site_id_len = head.site_len;
    e->category = (rf_category)head.category;
    e->size = head.size;
    return 1;
}

/* ---- JSON (docs/roster-format.md; an interface: keep it byte for byte) ---- */

static void json_cstr(FILE *out, const char *s)
{
    if (s)
        rf_json_string(out, s, strlen(s));
    else
        fputs("null", out);
}

static const char *mix_kind_id(rf_mix_kind k)
{
    return k == RF_MIX_REGISTERED_SIZE          ? "registered_size"
           : k == RF_MIX_SYNCHRONOUS_HOUSEHOLDS ? "synchronous_households"
                                                : "synchronous_people";
}

/* Writes the JSON value / limit / unit members of a violation. */
static void json_value(FILE *out, const rf_violation *v)
{
    char a[40], b[40];
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
        fprintf(out, "\"value\":%s,\"limit\":%s,\"unit\":\"yuan\"", rf_fen_yuan(a, v->value, false),
                rf_fen_yuan(b, v->limit, false));
        break;
    case RF_RULE_AREA_CAP:
        fprintf(out, "\"value\":%s,\"limit\":%s,\"unit\":\"m2\"", rf_fen_yuan(a, v->value, false),
                rf_fen_yuan(b, v->limit, false));
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        fprintf(out, "\"value\":\"%s\",\"limit\":null,\"unit\":\"date\"",
                rf_date_format(a, (rf_day)v->value));
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            fprintf(out, "\"value\":\"%s\",", rf_date_format(a, (rf_day)v->value));
        else
            fputs("\"value\":null,", out);
        fprintf(out, "\"limit\":\"%s\",\"unit\":\"date\"", rf_date_format(b, (rf_day)v->limit));
        break;
    case RF_RULE_DUPLICATE_ID:
        fprintf(out, "\"value\":%lld,\"limit\":null,\"unit\":\"row\"", (long long)v->value);
        break;
    case RF_RULE_HOUSEHOLD_MIX:
        fprintf(out, "\"value\":%lld,\"limit\":%lld,\"unit\":\"%s\"", (long long)v->value,
                (long long)v->limit, v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? "people" : "households");
        break;
    default:
        fputs("\"value\":null,\"limit\":null,\"unit\":null", out);
    }
}

/* One element of the JSON list; first says whether it opens the list. */
static void json_entry(FILE *out, const rf_audit_entry *e, bool first)
{
    const rf_violation *v = &e->v;
    bool warning = !e->household_id;
    fprintf(out, "%s\n    {\"row\":%lld,\"household_id\":", first ? "" : ",", (long long)v->row);
    if (warning)
        fputs("null", out);
    else
        rf_json_string(out, e->household_id, e->household_id_len);
    fputs(",\"site_id\":", out);
    rf_json_string(out, e->site_id, e->site_id_len);
    fprintf(out, ",\"category\":\"%s\",\"size\":%d,\"rule\":\"%s\",\"severity\":\"%s\",",
            rf_category_id(e->category), e->size, rf_rule_id(v->rule),
            warning ? "warning" : "error");
    if (warning)
        fprintf(out, "\"counts\":\"%s\",", mix_kind_id(v->mix));
    json_value(out, v);
    fputc('}', out);
}

/* Reports a malformed row on stderr (up to --max-errors) and, for JSON,
 * in the spool of bad rows. */
static void bad_row(audit_run *run, const rf_error *err, int64_t count)
{
    if (run->opt->max_errors == 0 || count <= run->opt->max_errors)
        cli_print_error(err);
    if (run->bad) {
        const char *col = strncmp(err->path, "column ", 7) == 0 ? err->path + 7 : err->path;
        fprintf(run->bad,
                "%s\n    {\"row\":%d,\"column\":%d,\"column_name\":", run->n_bad_listed ? "," : "",
                err->line, err->column);
        json_cstr(run->bad, col);
        fputs(",\"message\":", run->bad);
        json_cstr(run->bad, err->message);
        fputc('}', run->bad);
        run->n_bad_listed++;
    }
}

static bool copy_spool(FILE *from, FILE *to)
{
    char buf[1 << 16];
    size_t n;
    if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
        return false;
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return false;
    return !ferror(from);
}

/* The site id of tally index k (NULL for index n_sites, the unknown sites). */
static const char *site_name(const audit_run *run, size_t k)
{
    return k < run->s->n_sites ? run->s->sites[k].id : NULL;
}

/* The JSON document up to and including the opening of "list". */
static void write_json_summary(audit_run *run, const rf_audit_summary *sum, FILE *out)
{
    char a[40], b[40], d[16];
    const rf_scenario *s = run->s;
    fputs("{\n  \"format\": \"relocfund-audit/1\",\n  \"roster\": ", out);
    json_cstr(out, run->opt->roster_path);
    fputs(",\n  \"scenario\": ", out);
    json_cstr(out, s->id);
    fprintf(out, ",\n  \"as_of\": \"%s\",\n  \"summary\": {\n", rf_date_format(d, run->opt->as_of));
    fprintf(out,
            "    \"households\": %lld,\n    \"registered\": %lld,\n    \"synchronous\": %lld,\n"
            "    \"bad_rows\": %lld,\n    \"violations\": %lld,\n"
            "    \"households_in_violation\": %lld,\n    \"warnings\": %lld,\n",
            (long long)sum->households, (long long)sum->by_category[RF_CAT_REGISTERED],
            (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows,
            (long long)sum->violations, (long long)sum->households_in_violation,
            (long long)sum->warnings);
    fprintf(out,
            "    \"over_cap\": {\"households\": %lld, \"total_fen\": %lld, \"total_yuan\": %s, "
            "\"total_wan\": %s},\n    \"by_rule\": {",
            (long long)sum->households_over_cap, (long long)sum->over_cap_total,
            rf_fen_yuan(a, sum->over_cap_total, false), rf_fen_wan(b, sum->over_cap_total, false));
    for (int r = 0; r < RF_RULE_COUNT; r++)
        fprintf(out, "%s\"%s\": %lld", r ? ", " : "", rf_rule_id((rf_rule)r),
                (long long)sum->by_rule[r]);
    fputs("},\n    \"by_site\": [", out);
    bool first = true;
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        fprintf(out, "%s\n      {\"site_id\": ", first ? "" : ",");
        first = false;
        json_cstr(out, site_name(run, k));
        fprintf(out, ", \"known\": %s, \"households\": %lld, \"over_cap_yuan\": %s, \"by_rule\": {",
                k < sum->n_sites ? "true" : "false", (long long)sum->site_households[k],
                rf_fen_yuan(a, sum->site_over_cap[k], false));
        for (int r = 0; r < RF_RULE_COUNT; r++)
            fprintf(out, "%s\"%s\": %lld", r ? ", " : "", rf_rule_id((rf_rule)r),
                    (long long)sum->site_rules[k][r]);
        fputs("}}", out);
    }
    fputs("\n    ]\n  },\n  \"list\": [", out);
}

/* The whole JSON document: summary, list, malformed rows. */
static bool write_json(audit_run *run, const rf_audit_summary *sum, list_reader *lr, FILE *out,
                       rf_error *err)
{
    write_json_summary(run, sum, out);
    rf_audit_entry e;
    int got;
    bool first = true;
    while ((got = list_next(lr, &e, err)) > 0) {
        json_entry(out, &e, first);
        first = false;
    }
    if (got < 0)
        return false;
    fputs("\n  ],\n  \"bad_rows\": [", out);
    if (!copy_spool(run->bad, out))
        return rf_error_set(err, RF_ERR_SOLVER, NULL, 0, 0, NULL,
                            "cannot read back a temporary file: %s", strerror(errno)),
               false;
    fputs("\n  ]\n}\n", out);
    return true;
}

/* ---- CSV (three tables; docs/roster-format.md) ---------------------------- */

/* The plain value and limit (CSV): as in JSON, without quotes. */
static void plain_value(const rf_violation *v, char value[40], char limit[40], const char **unit)
{
    value[0] = limit[0] = '\0';
    *unit = "";
    switch (v->rule) {
    case RF_RULE_SELF_FUNDING_CAP:
    case RF_RULE_AREA_CAP:
        rf_fen_yuan(value, v->value, false);
        rf_fen_yuan(limit, v->limit, false);
        *unit = v->rule == RF_RULE_AREA_CAP ? "m2" : "yuan";
        break;
    case RF_RULE_NO_DEMOLITION_AGREEMENT:
        rf_date_format(value, (rf_day)v->value);
        *unit = "date";
        break;
    case RF_RULE_NOT_DEMOLISHED:
        if (v->has_value)
            rf_date_format(value, (rf_day)v->value);
        rf_date_format(limit, (rf_day)v->limit);
        *unit = "date";
        break;
    case RF_RULE_DUPLICATE_ID:
        snprintf(value, 40, "%lld", (long long)v->value);
        *unit = "row";
        break;
    case RF_RULE_HOUSEHOLD_MIX:
        snprintf(value, 40, "%lld", (long long)v->value);
        snprintf(limit, 40, "%lld", (long long)v->limit);
        *unit = v->mix == RF_MIX_SYNCHRONOUS_PEOPLE ? "people" : "households";
        break;
    default:
        break;
    }
}

static void csv_entry(FILE *out, const rf_audit_entry *e)
{
    char a[40], b[40];
    const char *unit;
    plain_value(&e->v, a, b, &unit);
    fprintf(out, "%lld,", (long long)e->v.row);
    rf_csv_field(out, e->household_id ? e->household_id : "", true);
    fputc(',', out);
    rf_csv_field(out, e->site_id, true);
    fprintf(out, ",%s,%d,%s,%s,%s,%s,%s\n", rf_category_id(e->category), e->size,
            rf_rule_id(e->v.rule), e->household_id ? "error" : "warning", a, b, unit);
}

static bool write_csv(audit_run *run, const rf_audit_summary *sum, list_reader *lr, FILE *out,
                      rf_error *err)
{
    char a[40], d[16];
    if (run->opt->common.excel_bom)
        fputs("\xEF\xBB\xBF", out);
    fputs("item,value\nroster,", out);
    rf_csv_field(out, run->opt->roster_path, true);
    fputs("\nscenario,", out);
    rf_csv_field(out, run->s->id ? run->s->id : "", true);
    fprintf(out,
            "\nas_of,%s\nhouseholds,%lld\nregistered,%lld\nsynchronous,%lld\nbad_rows,%lld\n"
            "violations,%lld\nhouseholds_in_violation,%lld\nwarnings,%lld\n"
            "households_over_cap,%lld\nover_cap_total_yuan,%s\n\nsite_id,households",
            rf_date_format(d, run->opt->as_of), (long long)sum->households,
            (long long)sum->by_category[RF_CAT_REGISTERED],
            (long long)sum->by_category[RF_CAT_SYNCHRONOUS], (long long)sum->bad_rows,
            (long long)sum->violations, (long long)sum->households_in_violation,
            (long long)sum->warnings, (long long)sum->households_over_cap,
            rf_fen_yuan(a, sum->over_cap_total, false));
    for (int r = 0; r < RF_RULE_COUNT; r++)
        fprintf(out, ",%s", rf_rule_id((rf_rule)r));
    fputs(",over_cap_yuan\n", out);
    for (size_t k = 0; k <= sum->n_sites; k++) {
        if (k == sum->n_sites && sum->site_households[k] == 0)
            break;
        if (k < sum->n_sites)
            rf_csv_field(out, site_name(run, k), true);
        else
            fputs("(unknown)", out);
        fprintf(out, ",%lld", (long long)sum->site_households[k]);
        for (int r = 0; r < RF_RULE_COUNT; r++)
            fprintf(out, ",%lld", (long long)sum->site_rules[k][r]);
        fprintf(out, ",%s\n", rf_fen_yuan(a, sum->site_over_cap[k], false));
    }
    fputs("\nrow,household_id,site_id,category,size,rule,severity,value,limit,unit\n", out);
    rf_audit_entry e;
    int got;
    while ((got = list_next(lr, &e, err)) > 0)
        csv_entry(out, &e);
    return got == 0;
}

/* ---- text and Markdown: the summary as a document, the list streamed ------ */

enum { LIST_COLS = 6 }; /* row, household, site, rule, value, limit */

/* The cells of one list line as text (row, household, site, rule, value,
 * limit); buffers belong to the caller. */
typedef struct {
    char row[24], rule[300], value[96], limit[96];
    const char *cell[LIST_COLS];
} list_line;

static void list_line_fill(list_line *l, const rf_audit_entry *e, bool chinese)
{
    snprintf(l->row, sizeof l->row, "%lld", (long long)e->v.row);
    rf_audit_entry_rule(e, chinese, l->rule, sizeof l->rule);
    rf_audit_entry_describe(e, chinese, l->value, l->limit);
    l->cell[0] = l->row;
    l->cell[1] = e->household_id ? e->household_id : "-";
    l->cell[2] = e->site_id;
    l->cell[3] = l->rule;
    l->cell[4] = l->value;
    l->cell[5] = l->limit;
}

static void spaces(FILE *out, size_t n)
{
    while (n--)
        fputc(' ', out);
}

/* One aligned text line: the row right-aligned, the rest left-aligned in
 * columns `width` wide, two spaces apart, the last one unpadded. */
static void text_line(FILE *out, const char *const cell[LIST_COLS], const size_t width[LIST_COLS])
{
    for (int c = 0; c < LIST_COLS; c++) {
        size_t w = rf_text_width(cell[c]);
        if (c)
            fputs("  ", out);
        if (c == 0)
            spaces(out, width[c] - w);
        fputs(cell[c], out);
        if (c > 0 && c + 1 < LIST_COLS)
            spaces(out, width[c] - w);
    }
    fputc('\n', out);
}

/* The list as the text emitter writes a table: a section heading, the
 * title, the header and the lines, the columns as wide as their widest
 * cell (so the list is read twice). */
static bool write_text_list(FILE *out, list_reader *lr, bool chinese, rf_error *err)
{
    const char *title = chinese ? "违规与提示清单" : "Violations and warnings";
    const char *header[LIST_COLS];
    size_t width[LIST_COLS];
    for (int c = 0; c < LIST_COLS; c++) {
        header[c] = rf_audit_list_header(c, chinese);
        width[c] = rf_text_width(header[c]);
    }
    rf_audit_entry e;
    list_line l;
    int got;
    int64_t n = 0;
    while ((got = list_next(lr, &e, err)) > 0) {
        list_line_fill(&l, &e, chinese);
        for (int c = 0; c < LIST_COLS; c++) {
            size_t w = rf_text_width(l.cell[c]);
            if (w > width[c])
                width[c] = w;
        }
        n++;
    }
    if (got < 0 || !list_rewind(lr, err))
        return false;
    fprintf(out, "== %s ==\n%s\n", title, title);
    if (n == 0) {
        fputs(chinese ? "（无）\n\n" : "(none)\n\n", out);
        return true;
    }
    text_line(out, header, width);
    while ((got = list_next(lr, &e, err)) > 0) {
        list_line_fill(&l, &e, chinese);
        text_line(out, l.cell, width);
    }
    fputc('\n', out);
    return got == 0;
}

/* The list as the Markdown emitter writes a table. */
static bool write_md_list(FILE *out, list_reader *lr, bool chinese, rf_error *err)
{
    const char *title = chinese ? "违规与提示清单" : "Violations and warnings";
    fprintf(out, "## %s\n\n**%s**\n\n|", title, title);
    for (int c = 0; c < LIST_COLS; c++) {
        fputc(' ', out);
        rf_md_cell(out, rf_audit_list_header(c, chinese));
        fputs(" |", out);
    }
    fputs("\n| ---: | --- | --- | --- | --- | --- |\n", out);
    rf_audit_entry e;
    list_line l;
    int got;
    while ((got = list_next(lr, &e, err)) > 0) {
        list_line_fill(&l, &e, chinese);
        fputc('|', out);
        for (int c = 0; c < LIST_COLS; c++) {
            fputc(' ', out);
            rf_md_cell(out, l.cell[c]);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    return got == 0;
}

/* ---- the report in the chosen format -------------------------------------- */

/* Writes the report to -o FILE (atomically) or standard output: JSON and
 * CSV in their own layouts, text and Markdown as the summary document
 * followed by the streamed list, HTML and XLSX as one document with the
 * list in it (held in memory).  Amounts are in yuan.  Returns true when
 * written; else prints why and sets *code. */
static bool write_report(audit_run *run, const rf_audit_summary *sum, list_reader *lr,
                         cli_output *out, bool *out_open, int *code)
{
    cli_common c = run->opt->common;
    c.yuan = true; /* per-household amounts: 元, not 万元 */
    rf_audit_report_info info = {.s = run->s,
                                 .roster_path = run->opt->roster_path,
                                 .as_of = run->opt->as_of,
                                 .chinese = c.chinese};
    rf_error err = {0};
    if (c.format == CLI_FORMAT_HTML || c.format == CLI_FORMAT_XLSX) {
        rf_doc *doc = rf_report_audit(&info, sum, list_next, lr, &err);
        if (!doc) {
            cli_print_error(&err);
            *code = RF_ERR_SOLVER;
            return false;
        }
        bool ok = cli_emit_result(&c, doc, NULL, NULL);
        rf_doc_free(doc);
        if (!ok)
            *code = RF_ERR_OUTPUT;
        return ok;
    }
    if (!cli_output_open(out, c.output_path)) {
        *code = RF_ERR_OUTPUT;
        return false;
    }
    *out_open = true;
    bool ok;
    if (c.format == CLI_FORMAT_JSON) {
        ok = write_json(run, sum, lr, out->fp, &err);
    } else if (c.format == CLI_FORMAT_CSV) {
        ok = write_csv(run, sum, lr, out->fp, &err);
    } else {
        /* A stream error shows in ferror, which cli_output_commit checks. */
        rf_emit_options eo = {.yuan = true};
        rf_doc *doc = rf_report_audit(&info, sum, NULL, NULL, &err);
        ok = doc != NULL;
        if (ok && c.format == CLI_FORMAT_MD)
            ok = (rf_emit_md(doc, &eo, out->fp), write_md_list(out->fp, lr, c.chinese, &err));
        else if (ok)
            ok = (rf_emit_text(doc, &eo, out->fp), write_text_list(out->fp, lr, c.chinese, &err));
        rf_doc_free(doc);
    }
    if (!ok) {
        cli_print_error(&err);
        *code = RF_ERR_SOLVER;
        return false;
    }
    *out_open = false;
    if (!cli_output_commit(out)) {
        *code = RF_ERR_OUTPUT;
        return false;
    }
    return true;
}

/* ---- reading and checking on two cores ---------------------------------- */

/* One thread reads and parses the roster into slots while the other checks
 * the households of the slots before: a ring of SLOTS batches, so memory
 * stays constant (about 6 MB).  The ring holds some 30,000 rows, several
 * milliseconds of work, so that on a busy machine one thread can go on
 * while the other waits for a core.  A slot owns copies of its ids and site
 * ids, since the reader's buffer moves on. */
enum { SLOTS = 16, SLOT_ROWS = 2048, SLOT_ARENA = SLOT_ROWS * 48 };
/* Rows prefetched at a time (at most RF_AUDIT_PREFETCH_AHEAD). */
enum { PREFETCH_GROUP = 128 };

typedef struct {
    rf_household h[SLOT_ROWS];
    size_t n;
    char *arena;           /* SLOT_ARENA bytes; a slot ends early when a row might not fit */
    rf_roster_result stop; /* why the batch ended: ROW (full), BAD_ROW, END, FAIL */
    rf_error err;          /* for BAD_ROW and FAIL */
} batch_slot;

typedef struct {
    rf_roster *r;
    batch_slot slots[SLOTS];
    size_t produced, consumed;
    bool quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} batch_pipe;

/* Fills one slot from the roster; returns how it ended. */
static rf_roster_result fill_slot(rf_roster *r, batch_slot *s)
{
    size_t used = 0;
    s->n = 0;
    for (;;) {
        rf_roster_result stop;
        /* rows whose ids surely fit in what is left of the arena */
        size_t room = (SLOT_ARENA - used) / (2 * RF_ROSTER_MAX_ID);
        if (room > SLOT_ROWS - s->n)
            room = SLOT_ROWS - s->n;
        if (room == 0)
            return s->stop = RF_ROSTER_ROW;
        size_t k = rf_roster_next_batch(r, &s->h[s->n], room, &stop, &s->err);
        for (size_t i = s->n; i < s->n + k; i++) {
            rf_household *h = &s->h[i];
            memcpy(s->arena + used, h->household_id, h->household_id_len);
            h->household_id = s->arena + used;
            used += h->household_id_len;
            memcpy(s->arena + used, h->site_id, h->site_id_len);
            h->site_id = s->arena + used;
            used += h->site_id_len;
        }
        s->n += k;
        if (stop != RF_ROSTER_ROW || s->n == SLOT_ROWS)
            return s->stop = stop;
    }
}

static void *producer(void *arg)
{
    batch_pipe *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->produced - p->consumed == SLOTS && !p->quit)
            pthread_cond_wait(&p->cv, &p->mu);
        bool quit = p->quit;
        batch_slot *s = &p->slots[p->produced % SLOTS];
        pthread_mutex_unlock(&p->mu);
        if (quit)
            break;
        rf_roster_result stop = fill_slot(p->r, s);
        pthread_mutex_lock(&p->mu);
        p->produced++;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (stop == RF_ROSTER_END || stop == RF_ROSTER_FAIL)
            break;
    }
    return NULL;
}

/* The next filled slot (waits for it). */
static batch_slot *take_slot(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->produced == p->consumed)
        pthread_cond_wait(&p->cv, &p->mu);
    batch_slot *s = &p->slots[p->consumed % SLOTS];
    pthread_mutex_unlock(&p->mu);
    return s;
}

static void release_slot(batch_pipe *p)
{
    pthread_mutex_lock(&p->mu);
    p->consumed++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Starts the reading thread; false (with nothing to undo) on failure. */
static bool pipe_start(batch_pipe *p, rf_roster *r, pthread_t *thread)
{
    memset(p, 0, sizeof *p);
    p->r = r;
    for (int i = 0; i < SLOTS; i++) {
        p->slots[i].arena = malloc(SLOT_ARENA);
        if (!p->slots[i].arena) {
            for (int j = 0; j < i; j++)
                free(p->slots[j].arena);
            return false;
        }
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(thread, NULL, producer, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        for (int i = 0; i < SLOTS; i++)
            free(p->slots[i].arena);
        return false;
    }
    return true;
}

/* Stops the reading thread (wherever it is) and frees the slots. */
static void pipe_stop(batch_pipe *p, pthread_t thread)
{
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(thread, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    for (int i = 0; i < SLOTS; i++)
        free(p->slots[i].arena);
}

/* Parses the options into o; returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, audit_options *o)
{
    static const struct option longopts[] = {
        {"scenario", required_argument, NULL, 's'}, {"as-of", required_argument, NULL, 'a'},
        {"strict", no_argument, NULL, 'S'},         {"max-errors", required_argument, NULL, 'm'},
        {"format", required_argument, NULL, 'f'},   {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},     {"excel", no_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    bool have_as_of = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 's':
            o->scenario_path = optarg;
            break;
        case 'a':
            if (!rf_date_parse(optarg, strlen(optarg), &o->as_of)) {
                cli_error("--as-of %s: expected a date YYYY-MM-DD, e.g. 2018-06-30", optarg);
                return RF_ERR_INPUT;
            }
            have_as_of = true;
            break;
        case 'S':
            o->strict = true;
            break;
        case 'm': {
            char *end;
            errno = 0;
            o->max_errors = strtoll(optarg, &end, 10);
            if (errno || *end || end == optarg || o->max_errors < 0) {
                cli_error("--max-errors %s: expected a whole number >= 0 (0: all)", optarg);
                return RF_ERR_INPUT;
            }
            break;
        }
        case 'f':
            if (!cli_parse_format(optarg, &o->common))
                return RF_ERR_INPUT;
            break;
        case 'o':
            o->common.output_path = optarg;
            break;
        case 'l':
            if (!cli_parse_lang(optarg, &o->common.chinese))
                return RF_ERR_INPUT;
            break;
        case 'x':
            o->common.excel_bom = true;
            break;
        case 'h':
            usage(stdout);
            return RF_OK;
        default:
            usage(stderr);
            return RF_ERR_INPUT;
        }
    }
    if (optind + 1 != argc || !o->scenario_path) {
        cli_error(optind >= argc      ? "audit needs a ROSTER.csv file"
                  : optind + 1 < argc ? "audit takes one ROSTER.csv file"
                                      : "audit needs --scenario SCENARIO (its policy and sites)");
        usage(stderr);
        return RF_ERR_INPUT;
    }
    o->roster_path = argv[optind];
    if (!cli_emit_settle(&o->common, "audit", false))
        return RF_ERR_INPUT;
    if (!have_as_of) {
        time_t now = time(NULL);
        struct tm tm;
        if (!localtime_r(&now, &tm)) {
            cli_error("cannot read today's date; give --as-of YYYY-MM-DD");
            return RF_ERR_INPUT;
        }
        o->as_of = rf_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    return -1;
}

int cmd_audit(int argc, char **argv)
{
    audit_options o = {.common = {.format = CLI_FORMAT_TEXT, .chinese = true}, .max_errors = 100};
    int code = parse_options(argc, argv, &o);
    if (code >= 0)
        return code;
    code = RF_ERR_INPUT;

    rf_diags diags = {0};
    rf_scenario *s = rf_scenario_load(o.scenario_path, NULL, &diags);
    if (!s) {
        cli_print_diags(&diags);
        rf_diags_free(&diags);
        return RF_ERR_INPUT;
    }
    cli_report_warnings(o.scenario_path, &diags, false);
    rf_diags_free(&diags);

    rf_error err = {0};
    rf_audit *a = NULL;
    cli_output out = {0};
    bool out_open = false;
    audit_run run = {.opt = &o, .s = s};
    rf_roster *r = rf_roster_open(o.roster_path, NULL, &err);
    if (!r) {
        cli_print_error(&err);
        code = err.status == RF_ERR_SOLVER ? RF_ERR_SOLVER : RF_ERR_INPUT;
        goto done;
    }
    a = rf_audit_new(s, o.as_of, lookup_id, r, &err);
    /* Size the duplicate set once for the whole file (a hint: a wrong
     * guess costs time, never a result); more than 256 Mi ids is left to
     * growth. */
    size_t expect = rf_roster_rows_estimate(r);
    if (a && expect <= ((size_t)1 << 28) && !rf_audit_reserve(a, expect + expect / 32, &err)) {
        rf_audit_free(a);
        a = NULL;
    }
    run.list = tmpfile();
    if (o.common.format == CLI_FORMAT_JSON)
        run.bad = tmpfile();
    if (!a || !run.list || (o.common.format == CLI_FORMAT_JSON && !run.bad)) {
        cli_error(a ? "cannot create a temporary file: %s" : "%s",
                  a ? strerror(errno) : err.message);
        code = RF_ERR_SOLVER;
        goto done;
    }

    static batch_pipe pipe;
    pthread_t reader;
    if (!pipe_start(&pipe, r, &reader)) {
        cli_error("cannot start the reading thread: out of memory");
        code = RF_ERR_SOLVER;
        goto done;
    }
    rf_violation v[RF_RULE_COUNT];
    bool finished = false;
    while (!finished) {
        batch_slot *slot = take_slot(&pipe);
        rf_household *h = slot->h;
        for (size_t i = 0; i < slot->n; i++) {
            /* start the id-table lookups of the next PREFETCH_GROUP rows
             * together, so that their cache misses overlap */
            if (i % PREFETCH_GROUP == 0)
                for (size_t j = i; j < i + PREFETCH_GROUP && j < slot->n; j++)
                    rf_audit_prefetch(a, &h[j]);
            int k = rf_audit_check(a, &h[i], v, &err);
            if (k < 0) {
                if (!err.file[0])
                    snprintf(err.file, sizeof err.file, "%s", o.roster_path);
                cli_print_error(&err);
                code = err.status == RF_ERR_INPUT ? RF_ERR_INPUT : RF_ERR_SOLVER;
                pipe_stop(&pipe, reader);
                goto done;
            }
            for (int j = 0; j < k; j++)
                spool_entry(&run, &v[j], &h[i]);
        }
        if (slot->stop == RF_ROSTER_END) {
            finished = true;
        } else if (slot->stop == RF_ROSTER_FAIL) {
            cli_print_error(&slot->err);
            pipe_stop(&pipe, reader);
            goto done;
        } else if (slot->stop == RF_ROSTER_BAD_ROW) {
            rf_audit_bad_row(a);
            bad_row(&run, &slot->err, rf_audit_summary_get(a)->bad_rows);
            if (o.strict) {
                fprintf(stderr, "relocfund: note: --strict: stopped at the first malformed row\n");
                pipe_stop(&pipe, reader);
                goto done;
            }
        }
        release_slot(&pipe);
    }
    pipe_stop(&pipe, reader);
    const rf_violation *warnings;
    size_t n_warnings = rf_audit_finish(a, &warnings);
    const rf_audit_summary *sum = rf_audit_summary_get(a);
    if (o.max_errors > 0 && sum->bad_rows > o.max_errors)
        fprintf(stderr,
                "relocfund: note: %s: %lld more malformed rows not shown (--max-errors 0 "
                "shows all)\n",
                o.roster_path, (long long)(sum->bad_rows - o.max_errors));
    if (ferror(run.list) || (run.bad && ferror(run.bad))) {
        cli_error("cannot write a temporary file: %s", strerror(errno));
        code = RF_ERR_SOLVER;
        goto done;
    }

    list_reader lr = {.s = s, .warnings = warnings, .n_warnings = n_warnings, .spool = run.list};
    if (!list_rewind(&lr, &err)) {
        cli_print_error(&err);
        code = RF_ERR_SOLVER;
        goto done;
    }
    if (!write_report(&run, sum, &lr, &out, &out_open, &code))
        goto done;
    /* Exit 2 is for input that stops the audit (--strict, a bad header);
     * an audit that ran to the end but found violations or had to skip
     * malformed rows is not clean: exit 1. */
    code = sum->bad_rows || sum->violations ? RF_ERR_PLAN : RF_OK;
done:
    if (out_open)
        cli_output_abort(&out);
    if (run.list)
        fclose(run.list);
    if (run.bad)
        fclose(run.bad);
    rf_audit_free(a);
    rf_roster_free(r);
    rf_scenario_free(s);
    return code;
}
