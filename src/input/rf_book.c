/* rf_book: scenario workbooks read into located scenario trees (over
 * rf_xlsx) and written from them (libxlsxwriter). */
#include "rf_book.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rf_money.h"
#include "rf_path.h"
#include "rf_read.h"
#include "rf_xlsx.h"

#ifdef RF_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

/* ---- the layout ---- */

typedef enum { K_TEXT, K_MONEY, K_AREA, K_COUNT, K_BOOL, K_ANY } field_kind;

/* A known key: its kind, labels and the note on its header. */
typedef struct {
    const char *key;
    field_kind kind;
    const char *zh, *en;
    const char *note_zh, *note_en;
} field;

typedef enum {
    SHEET_GENERAL,
    SHEET_SOURCES,
    SHEET_SITES,
    SHEET_HOUSEHOLDS,
    SHEET_PROGRESS,
    SHEET_CHECKS,
    N_SHEETS
} sheet_id;

typedef struct {
    const char *zh, *en;
    bool table;
    const field *fields;
    size_t n_fields;
} sheet_def;

#define N(a) (sizeof a / sizeof a[0])

static const field GENERAL[] = {
    {"format", K_TEXT, "文件格式", "Format", "固定为 relocfund-scenario/1",
     "always relocfund-scenario/1"},
    {"id", K_TEXT, "方案编号", "Scenario id", "方案的编号（字母、数字、连字符）",
     "the scenario's id (letters, digits, hyphens)"},
    {"name.zh", K_TEXT, "方案名称（中文）", "Name (Chinese)", "报告中显示的中文名称",
     "the Chinese name shown in reports"},
    {"name.en", K_TEXT, "方案名称（英文）", "Name (English)", "报告中显示的英文名称",
     "the English name shown in reports"},
    {"year", K_COUNT, "年度", "Year", "方案的年度，如 2018", "the scenario's year, e.g. 2018"},
    {"period", K_TEXT, "期间", "Period", "规划期间，如 2016-2020（可空）",
     "the plan's period, e.g. 2016-2020 (optional)"},
    {"policy", K_TEXT, "政策模型文件", "Policy model file",
     "政策模型 JSON 文件的路径，相对于本工作簿所在文件夹",
     "path of the policy model JSON file, relative to this workbook's folder"},
    {"assumptions", K_TEXT, "假设说明", "Assumptions", "哪些数字是假设（文字）",
     "which figures are assumptions (text)"},
    {"plan.registered_people", K_COUNT, "计划搬迁建档立卡人口", "Planned registered people", "人",
     "people"},
    {"plan.synchronous_people", K_COUNT, "计划同步搬迁人口", "Planned synchronous people", "人",
     "people"},
    {"disbursed.registered", K_MONEY, "建档立卡资金已拨付", "Registered funds disbursed",
     "元，至多两位小数（可空）", "yuan, at most 2 decimals (optional)"},
    {"disbursed.synchronous", K_MONEY, "同步搬迁资金已拨付", "Synchronous funds disbursed",
     "元，至多两位小数（可空）", "yuan, at most 2 decimals (optional)"},
    {"integrated_agri.budget", K_MONEY, "整合涉农资金预算", "Integrated agricultural funds budget",
     "元，至多两位小数", "yuan, at most 2 decimals"},
    {"integrated_agri.assumption", K_BOOL, "整合涉农资金为假设",
     "Integrated budget is an assumption", "TRUE 或 FALSE", "TRUE or FALSE"},
    {"cost_defaults.assumption", K_BOOL, "默认成本为假设", "Default costs are assumptions",
     "TRUE 或 FALSE", "TRUE or FALSE"},
    {"cost_defaults.housing_per_m2", K_MONEY, "默认住房单价", "Default housing cost per m²",
     "元/平方米", "yuan per m²"},
    {"cost_defaults.decoration_per_m2", K_MONEY, "默认装修单价", "Default decoration cost per m²",
     "元/平方米", "yuan per m²"},
    {"cost_defaults.area_per_person_m2", K_AREA, "默认人均住房面积", "Default area per person",
     "平方米/人，至多两位小数", "m² per person, at most 2 decimals"},
    {"cost_defaults.synchronous_area_per_person_m2", K_AREA, "默认同步搬迁人均面积",
     "Default synchronous area per person", "平方米/人", "m² per person"},
    {"cost_defaults.infrastructure", K_MONEY, "默认基础设施投资", "Default infrastructure",
     "元/安置点", "yuan per site"},
    {"cost_defaults.public_services", K_MONEY, "默认公共服务设施投资", "Default public services",
     "元/安置点", "yuan per site"},
    {"cost_defaults.land", K_MONEY, "默认土地费用", "Default land", "元/安置点", "yuan per site"},
    {"cost_defaults.demolition_per_household", K_MONEY, "默认每户拆旧费用",
     "Default demolition per household", "元/户", "yuan per household"},
    {"cost_defaults.employment_base_need", K_MONEY, "默认就业基地需求",
     "Default employment base need", "元/安置点", "yuan per site"},
};

static const field SOURCES[] = {
    {"id", K_TEXT, "资金来源", "Source", "政策模型中的资金来源编号（下拉选择）",
     "a source id of the policy model (drop-down)"},
    {"arrived", K_MONEY, "到位资金", "Arrived", "元，至多两位小数", "yuan, at most 2 decimals"},
    {"disbursed", K_MONEY, "已拨付", "Disbursed", "元，至多两位小数（可空）",
     "yuan, at most 2 decimals (optional)"},
};

static const field SITES[] = {
    {"id", K_TEXT, "安置点编号", "Site id", "唯一编号，如 S01", "a unique id, e.g. S01"},
    {"name.zh", K_TEXT, "安置点名称（中文）", "Name (Chinese)", "中文名称", "the Chinese name"},
    {"name.en", K_TEXT, "安置点名称（英文）", "Name (English)", "英文名称", "the English name"},
    {"type", K_TEXT, "安置类型", "Type",
     "urban_park 进城进园，township 乡镇圩镇，central_village 中心村，dispersed 分散安置（下拉选择）",
     "urban_park, township, central_village or dispersed (drop-down)"},
    {"synchronous.households", K_COUNT, "同步搬迁户数", "Synchronous households", "户",
     "households"},
    {"synchronous.people", K_COUNT, "同步搬迁人数", "Synchronous people", "人", "people"},
    {"costs.housing_per_m2", K_MONEY, "住房单价", "Housing per m²", "元/平方米;空则用默认值",
     "yuan per m²; empty takes the default"},
    {"costs.decoration_per_m2", K_MONEY, "装修单价", "Decoration per m²", "元/平方米;空则用默认值",
     "yuan per m²; empty takes the default"},
    {"costs.area_per_person_m2", K_AREA, "人均住房面积", "Area per person",
     "平方米/人;空则用默认值", "m² per person; empty takes the default"},
    {"costs.synchronous_area_per_person_m2", K_AREA, "同步搬迁人均面积",
     "Synchronous area per person", "平方米/人;空则用默认值",
     "m² per person; empty takes the default"},
    {"costs.infrastructure", K_MONEY, "基础设施投资", "Infrastructure", "元;空则用默认值",
     "yuan; empty takes the default"},
    {"costs.public_services", K_MONEY, "公共服务设施投资", "Public services", "元;空则用默认值",
     "yuan; empty takes the default"},
    {"costs.land", K_MONEY, "土地费用", "Land", "元;空则用默认值", "yuan; empty takes the default"},
    {"costs.demolition_per_household", K_MONEY, "每户拆旧费用", "Demolition per household",
     "元/户;空则用默认值", "yuan per household; empty takes the default"},
    {"costs.employment_base_need", K_MONEY, "就业基地需求", "Employment base need",
     "元;空则用默认值", "yuan; empty takes the default"},
};

static const field HOUSEHOLDS[] = {
    {"site", K_TEXT, "安置点编号", "Site id", "安置点表中的编号", "an id of the Sites sheet"},
    {"size", K_COUNT, "家庭人口", "Household size", "每户人数", "people per household"},
    {"households", K_COUNT, "建档立卡户数", "Registered households",
     "该安置点此人口数的建档立卡户数", "registered households of this size at the site"},
};

static const field PROGRESS[] = {
    {"progress.registered.planned_houses", K_COUNT, "建档立卡计划建房", "Registered houses planned",
     "套", "houses"},
    {"progress.registered.completed_houses", K_COUNT, "建档立卡住房竣工",
     "Registered houses completed", "套", "houses"},
    {"progress.registered.moved_in_households", K_COUNT, "建档立卡入住户数",
     "Registered households moved in", "户", "households"},
    {"progress.registered.moved_in_people", K_COUNT, "建档立卡入住人数",
     "Registered people moved in", "人", "people"},
    {"progress.registered.demolition_agreements", K_COUNT, "建档立卡拆旧协议",
     "Registered demolition agreements", "份", "agreements"},
    {"progress.registered.demolished", K_COUNT, "建档立卡已拆除", "Registered houses demolished",
     "户", "households"},
    {"progress.registered.removed_households", K_COUNT, "建档立卡核减户数",
     "Registered households removed", "户（如识别不准清退）", "households (e.g. wrongly identified)"},
    {"progress.synchronous.planned_houses", K_COUNT, "同步搬迁计划建房",
     "Synchronous houses planned", "套", "houses"},
    {"progress.synchronous.completed_houses", K_COUNT, "同步搬迁住房竣工",
     "Synchronous houses completed", "套", "houses"},
    {"progress.synchronous.moved_in_households", K_COUNT, "同步搬迁入住户数",
     "Synchronous households moved in", "户", "households"},
    {"progress.synchronous.moved_in_people", K_COUNT, "同步搬迁入住人数",
     "Synchronous people moved in", "人", "people"},
    {"progress.sites_completed", K_COUNT, "已竣工安置点", "Sites completed", "个", "sites"},
};

static const field CHECKS[] = {
    {"assert.totals.planned_people", K_COUNT, "计划搬迁总人口（核对）", "Stated planned people",
     "人;与各表之和核对", "people; checked against the sheets"},
    {"assert.totals.registered_people", K_COUNT, "建档立卡人口（核对）", "Stated registered people",
     "人", "people"},
    {"assert.totals.synchronous_people", K_COUNT, "同步搬迁人口（核对）", "Stated synchronous people",
     "人", "people"},
    {"assert.totals.registered_arrived", K_MONEY, "建档立卡资金到位（核对）",
     "Stated registered funds arrived", "元", "yuan"},
    {"assert.totals.centralized_sites", K_COUNT, "集中安置点数（核对）", "Stated centralized sites",
     "个", "sites"},
    {"assert.rates.registered_implementation", K_TEXT, "建档立卡落实率（报告所述）",
     "Stated registered implementation rate", "百分数文字，如 100%",
     "a percentage as text, e.g. 100%"},
    {"assert.rates.registered_move_in", K_TEXT, "建档立卡入住率（报告所述）",
     "Stated registered move-in rate", "百分数文字，如 79%", "a percentage as text, e.g. 79%"},
};

static const sheet_def SHEETS[N_SHEETS] = {
    {"概况", "General", false, GENERAL, N(GENERAL)},
    {"资金来源", "Sources", true, SOURCES, N(SOURCES)},
    {"安置点", "Sites", true, SITES, N(SITES)},
    {"户型", "Households", true, HOUSEHOLDS, N(HOUSEHOLDS)},
    {"进度", "Progress", false, PROGRESS, N(PROGRESS)},
    {"核对", "Checks", false, CHECKS, N(CHECKS)},
};

/* Key-value sheets: columns of label, key, value and unit. */
enum { KV_LABEL = 1, KV_KEY = 2, KV_VALUE = 3, KV_UNIT = 4 };

static const field *find_field(sheet_id s, const char *key)
{
    for (size_t i = 0; i < SHEETS[s].n_fields; i++)
        if (strcmp(SHEETS[s].fields[i].key, key) == 0)
            return &SHEETS[s].fields[i];
    return NULL;
}

/* Which key-value sheet a member of the root belongs to. */
static sheet_id kv_sheet_of(const char *member)
{
    if (strcmp(member, "progress") == 0 || strcmp(member, "site_progress") == 0 ||
        strcmp(member, "follow_up") == 0)
        return SHEET_PROGRESS;
    if (strcmp(member, "assert") == 0)
        return SHEET_CHECKS;
    return SHEET_GENERAL;
}

/* The kind of a key not in the layout, by its last step's name. */
static field_kind guess_kind(const char *key)
{
    const char *last = strrchr(key, '.');
    last = last ? last + 1 : key;
    static const char *const money[] = {"arrived",
                                        "disbursed",
                                        "amount",
                                        "amount_precision",
                                        "stated_per_person",
                                        "annual_income_min",
                                        "annual_income_max",
                                        "registered_arrived",
                                        "synchronous_arrived",
                                        "budget",
                                        NULL};
    for (size_t i = 0; money[i]; i++)
        if (strcmp(last, money[i]) == 0)
            return K_MONEY;
    return K_ANY;
}

bool rf_book_is_workbook(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* ---- reading ---- */

typedef struct {
    rf_json_ctx *ctx;
    rf_diags *diags;
    rf_xlsx *wb;
    const char *file;
    bool ok;
} book_reader;

/* "BOOK.xlsx:SHEET!D7" */
static void cell_file(book_reader *br, char *buf, size_t size, const char *sheet, uint32_t row,
                      uint32_t col)
{
    char where[300];
    rf_xlsx_where(where, sizeof where, sheet, row, col);
    snprintf(buf, size, "%s:%s", br->file, where);
}

static void cell_error(book_reader *br, const char *sheet, const rf_xlsx_cell *c, const char *label,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* cell_error of a message formatted in both languages. */
static void cell_error_text(book_reader *br, const char *sheet, const rf_xlsx_cell *c,
                            const char *label, const char *msg, const char *msg_zh)
{
    char file[700];
    cell_file(br, file, sizeof file, sheet, c->row, c->col);
    rf_diags_add_text(br->diags, RF_SEV_ERROR, file, 0, 0, label, msg, msg_zh);
    br->ok = false;
}

static void cell_error(book_reader *br, const char *sheet, const rf_xlsx_cell *c, const char *label,
                       const char *fmt, ...)
{
    char msg[768], msg_zh[1024];
    va_list ap;
    va_start(ap, fmt);
    rf_msg_vformat(msg, sizeof msg, msg_zh, sizeof msg_zh, fmt, ap);
    va_end(ap);
    cell_error_text(br, sheet, c, label, msg, msg_zh);
}

/* Removes the thousands separators of s (at most 63 bytes) when they
 * group digits by three before any decimal point; false when s has commas
 * placed otherwise. */
static bool ungroup(const char *s, char out[64])
{
    size_t n = strlen(s);
    if (n >= 64)
        return false;
    const char *comma = strchr(s, ',');
    if (!comma) {
        memcpy(out, s, n + 1);
        return true;
    }
    size_t w = 0, digits_since = 0;
    bool seen_comma = false, in_int = true;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ',') {
            if (!in_int || (seen_comma && digits_since != 3) ||
                (!seen_comma && (digits_since == 0 || digits_since > 3)))
                return false;
            seen_comma = true;
            digits_since = 0;
            continue;
        }
        if (ch == '.') {
            if (seen_comma && digits_since != 3)
                return false;
            in_int = false;
        } else if (ch >= '0' && ch <= '9') {
            digits_since++;
        } else if (!(i == 0 && (ch == '-' || ch == '+'))) {
            return false;
        }
        out[w++] = ch;
    }
    if (in_int && seen_comma && digits_since != 3)
        return false;
    out[w] = '\0';
    return true;
}

/* A number node with its exact text, located at the cell. */
static cJSON *number_node(book_reader *br, const char *file, const char *label, const char *text,
                          double v)
{
    cJSON *n = cJSON_CreateNumber(v);
    if (n && (!rf_json_set_loc(br->ctx, n, file, 0, 0, text, strlen(text)) ||
              !rf_json_set_label(br->ctx, n, label))) {
        rf_json_delete(br->ctx, n);
        n = NULL;
    }
    if (!n) {
        rf_diags_add(br->diags, RF_SEV_ERROR, br->file, 0, 0, NULL, "out of memory");
        br->ok = false;
    }
    return n;
}

/* True when text is a JSON number. */
static bool json_number_text(const char *t)
{
    const char *p = t;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return false;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

/* The value of a cell as a node of kind, located and labelled; NULL after
 * an error at the cell. */
static cJSON *cell_value(book_reader *br, const char *sheet, const rf_xlsx_cell *c, field_kind kind,
                         const char *label)
{
    char file[700];
    cell_file(br, file, sizeof file, sheet, c->row, c->col);
    if (c->type == RF_XLSX_UNCACHED) {
        cell_error(br, sheet, c, label,
                   "the formula =%s was saved without its value; open the file in Excel or WPS "
                   "and save it, so that the value is stored",
                   c->formula_text);
        return NULL;
    }
    if (c->type == RF_XLSX_ERROR) {
        cell_error(br, sheet, c, label, "the cell holds the error %s", c->text);
        return NULL;
    }
    cJSON *n = NULL;
    char text[64];
    switch (kind) {
    case K_MONEY:
    case K_AREA: {
        const char *what = kind == K_MONEY ? "an amount in yuan" : "an area in m²";
        rf_fen fen = 0;
        if (c->type == RF_XLSX_NUMBER) {
            double x = c->number * 100.0;
            double r = nearbyint(x);
            if (fabs(x - r) > fmax(1e-6, fabs(x) * 1e-12) || fabs(r) > 9e15) {
                cell_error(br, sheet, c, label,
                           "%s is not a whole number of fen: %s has at most 2 decimals", c->text,
                           what);
                return NULL;
            }
            fen = (rf_fen)r;
        } else if (c->type == RF_XLSX_STRING) {
            char plain[64];
            if (!ungroup(c->text, plain) || !rf_fen_parse(plain, strlen(plain), &fen)) {
                cell_error(br, sheet, c, label, "\"%s\" is not %s", c->text, what);
                return NULL;
            }
        } else {
            cell_error(br, sheet, c, label, "%s %s is not %s",
                       c->type == RF_XLSX_DATE ? "the date" : "the boolean", c->text, what);
            return NULL;
        }
        rf_fen_yuan(text, fen, false);
        return number_node(br, file, label, text, (double)fen / 100.0);
    }
    case K_COUNT: {
        long long v = 0;
        char plain[64], *end;
        if (c->type == RF_XLSX_NUMBER && c->number == nearbyint(c->number) &&
            fabs(c->number) < 1e15) {
            v = (long long)c->number;
        } else if (c->type == RF_XLSX_STRING && ungroup(c->text, plain) && plain[0] &&
                   !strchr(plain, '.') && (v = strtoll(plain, &end, 10), *end == '\0')) {
        } else {
            cell_error(br, sheet, c, label, "\"%s\" is not a whole number", c->text);
            return NULL;
        }
        snprintf(text, sizeof text, "%lld", v);
        return number_node(br, file, label, text, (double)v);
    }
    case K_BOOL:
        if (c->type == RF_XLSX_BOOL) {
            n = cJSON_CreateBool(c->number != 0);
        } else if (c->type == RF_XLSX_STRING &&
                   (strcasecmp(c->text, "true") == 0 || strcmp(c->text, "是") == 0)) {
            n = cJSON_CreateTrue();
        } else if (c->type == RF_XLSX_STRING &&
                   (strcasecmp(c->text, "false") == 0 || strcmp(c->text, "否") == 0)) {
            n = cJSON_CreateFalse();
        } else {
            cell_error(br, sheet, c, label, "\"%s\" is not TRUE or FALSE (是 or 否)", c->text);
            return NULL;
        }
        break;
    case K_TEXT:
    case K_ANY:
        if (c->type == RF_XLSX_NUMBER && kind == K_ANY) {
            if (json_number_text(c->text))
                return number_node(br, file, label, c->text, c->number);
            snprintf(text, sizeof text, "%.17g", c->number);
            return number_node(br, file, label, text, c->number);
        }
        if (c->type == RF_XLSX_BOOL && kind == K_ANY) {
            n = cJSON_CreateBool(c->number != 0);
        } else if (c->type == RF_XLSX_DATE && c->date_ok) {
            n = cJSON_CreateString(rf_date_format(text, c->day));
        } else if (c->type == RF_XLSX_BOOL) {
            n = cJSON_CreateString(c->number != 0 ? "TRUE" : "FALSE");
        } else {
            n = cJSON_CreateString(c->text);
        }
        break;
    }
    if (n && (!rf_json_set_loc(br->ctx, n, file, 0, 0, NULL, 0) ||
              !rf_json_set_label(br->ctx, n, label))) {
        rf_json_delete(br->ctx, n);
        n = NULL;
    }
    if (!n) {
        rf_diags_add(br->diags, RF_SEV_ERROR, br->file, 0, 0, NULL, "out of memory");
        br->ok = false;
    }
    return n;
}

/* Puts value at path under root, creating objects (and arrays, for an
 * index one past the end) on the way.  False, with the reason set in why,
 * when the path is taken or runs through a value. */
static bool put_path(book_reader *br, cJSON *root, const rf_path *p, cJSON *value, const char *file,
                     rf_error *why)
{
    cJSON *cur = root;
    for (size_t i = 0; i < p->n; i++) {
        const rf_path_seg *s = &p->segs[i];
        bool last = i + 1 == p->n;
        cJSON *next = NULL;
        if (s->key) {
            if (!cJSON_IsObject(cur)) {
                rf_error_set(why, RF_ERR_INPUT, NULL, 0, 0, NULL, "the key runs through a value given above");
                return false;
            }
            next = cJSON_GetObjectItemCaseSensitive(cur, s->key);
        } else {
            if (!cJSON_IsArray(cur)) {
                rf_error_set(why, RF_ERR_INPUT, NULL, 0, 0, NULL, "the key runs through a value given above");
                return false;
            }
            size_t n = (size_t)cJSON_GetArraySize(cur);
            if (s->index > n) {
                rf_error_set(why, RF_ERR_INPUT, NULL, 0, 0, NULL, "element [%zu] comes before element [%zu]", s->index, n);
                return false;
            }
            next = s->index < n ? cJSON_GetArrayItem(cur, (int)s->index) : NULL;
        }
        if (last) {
            if (next) {
                rf_error_set(why, RF_ERR_INPUT, NULL, 0, 0, NULL, "given twice: the key is taken by a value given above");
                return false;
            }
            if (s->key)
                cJSON_AddItemToObject(cur, s->key, value);
            else
                cJSON_AddItemToArray(cur, value);
            return true;
        }
        if (!next) {
            next = p->segs[i + 1].key ? cJSON_CreateObject() : cJSON_CreateArray();
            if (!next || !rf_json_set_loc(br->ctx, next, file, 0, 0, NULL, 0)) {
                rf_json_delete(br->ctx, next);
                rf_error_set(why, RF_ERR_INPUT, NULL, 0, 0, NULL, "out of memory");
                return false;
            }
            if (s->key)
                cJSON_AddItemToObject(cur, s->key, next);
            else
                cJSON_AddItemToArray(cur, next);
        }
        cur = next;
    }
    return false;
}

/* Reads a key-value sheet into root. */
static void read_kv(book_reader *br, size_t sheet, sheet_id def, cJSON *root)
{
    rf_error err = {0};
    rf_xlsx_rows *rs = rf_xlsx_rows_open(br->wb, sheet, &err);
    const char *sname = rf_xlsx_sheet_name(br->wb, sheet);
    rf_xlsx_row row;
    rf_xlsx_result r = RF_XLSX_FAIL;
    bool header = true;
    while (rs && (r = rf_xlsx_next_row(rs, &row, &err)) == RF_XLSX_ROW) {
        if (header) {
            header = false;
            continue;
        }
        const rf_xlsx_cell *label = NULL, *key = NULL, *value = NULL;
        for (size_t i = 0; i < row.n_cells; i++) {
            if (row.cells[i].col == KV_LABEL)
                label = &row.cells[i];
            else if (row.cells[i].col == KV_KEY)
                key = &row.cells[i];
            else if (row.cells[i].col == KV_VALUE)
                value = &row.cells[i];
        }
        if (!value)
            continue;
        if (!key || key->type != RF_XLSX_STRING || !key->text[0]) {
            cell_error(br, sname, value, NULL,
                       "the value has no key in column B (a path such as "
                       "\"plan.registered_people\")");
            continue;
        }
        if (key->text[0] == '#')
            continue;
        char lab[400];
        snprintf(lab, sizeof lab, "%s (%s)", label && label->text[0] ? label->text : key->text,
                 key->text);
        if (!label || !label->text[0] || strcmp(label->text, key->text) == 0)
            snprintf(lab, sizeof lab, "%s", key->text);
        rf_path p = {0};
        rf_error why = {0};
        if (!rf_path_parse(key->text, key->len, &p, &why)) {
            char en[768], zh[1024];
            RF_MSG_BOTH(en, sizeof en, zh, sizeof zh, "\"%s\" is not a key: %s",
                        (key->text, why.message), (key->text, why.message_zh));
            cell_error_text(br, sname, key, NULL, en, zh);
            continue;
        }
        const field *f = find_field(def, key->text);
        if (!f && def != SHEET_GENERAL)
            f = find_field(SHEET_GENERAL, key->text);
        field_kind kind = f ? f->kind : guess_kind(key->text);
        const char *first = p.n && p.segs[0].key ? p.segs[0].key : "";
        bool table = strcmp(first, "sites") == 0 || strcmp(first, "sources") == 0;
        if (table || kv_sheet_of(first) != def) {
            cell_error(br, sname, key, NULL, "\"%s\" belongs on the sheet %s", key->text,
                       strcmp(first, "sites") == 0     ? "安置点 (Sites)"
                       : strcmp(first, "sources") == 0 ? "资金来源 (Sources)"
                                                       : SHEETS[kv_sheet_of(first)].zh);
            rf_path_free(&p);
            continue;
        }
        cJSON *v = cell_value(br, sname, value, kind, lab);
        char file[700];
        cell_file(br, file, sizeof file, sname, value->row, value->col);
        if (v && !put_path(br, root, &p, v, file, &why)) {
            rf_json_delete(br->ctx, v);
            cell_error_text(br, sname, key, lab, why.message, why.message_zh);
        }
        rf_path_free(&p);
    }
    if (r == RF_XLSX_FAIL) {
        rf_diags_add_text(br->diags, RF_SEV_ERROR, err.file, 0, 0, err.path, err.message,
                          err.message_zh);
        br->ok = false;
    }
    rf_xlsx_rows_free(rs);
}

/* A table's column: its label and parsed key. */
typedef struct {
    char *label;
    char *key;
    rf_path path;
    field_kind kind;
} column;

static void free_columns(column *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(cols[i].label);
        free(cols[i].key);
        rf_path_free(&cols[i].path);
    }
    free(cols);
}

/* Reads a table sheet: calls record(obj, row's first cell) for each
 * record, obj taken over by it. */
typedef void (*record_fn)(book_reader *br, const char *sheet, const rf_xlsx_row *row, cJSON *obj,
                          void *ctx);

static void read_table(book_reader *br, size_t sheet, sheet_id def, record_fn record, void *ctx)
{
    rf_error err = {0};
    rf_xlsx_rows *rs = rf_xlsx_rows_open(br->wb, sheet, &err);
    const char *sname = rf_xlsx_sheet_name(br->wb, sheet);
    rf_xlsx_row row;
    rf_xlsx_result r = RF_XLSX_FAIL;
    column *cols = NULL;
    size_t n_cols = 0;
    int line = 0;
    while (rs && (r = rf_xlsx_next_row(rs, &row, &err)) == RF_XLSX_ROW) {
        line++;
        if (line == 1 && row.row == 1) {
            n_cols = row.cells[row.n_cells - 1].col;
            cols = calloc(n_cols + 1, sizeof *cols);
            for (size_t i = 0; cols && i < row.n_cells; i++)
                cols[row.cells[i].col - 1].label = rf_read_strdup(row.cells[i].text);
            continue;
        }
        if (row.row == 2) {
            size_t need = row.cells[row.n_cells - 1].col;
            if (need > n_cols) {
                column *v = realloc(cols, (need + 1) * sizeof *v);
                if (!v)
                    break;
                memset(v + n_cols, 0, (need + 1 - n_cols) * sizeof *v);
                cols = v;
                n_cols = need;
            }
            for (size_t i = 0; i < row.n_cells; i++) {
                const rf_xlsx_cell *c = &row.cells[i];
                column *col = &cols[c->col - 1];
                rf_error why = {0};
                if (c->type != RF_XLSX_STRING || !rf_path_parse(c->text, c->len, &col->path, &why)) {
                    cell_error(br, sname, c, NULL,
                               "\"%s\" is not a key (a path such as "
                               "\"costs.land\")",
                               c->text);
                    continue;
                }
                col->key = rf_read_strdup(c->text);
                const field *f = find_field(def, c->text);
                col->kind = f ? f->kind : guess_kind(c->text);
            }
            continue;
        }
        if (row.row < 3)
            continue;
        cJSON *obj = cJSON_CreateObject();
        char file[700];
        cell_file(br, file, sizeof file, sname, row.row, row.cells[0].col);
        if (!obj || !rf_json_set_loc(br->ctx, obj, file, 0, 0, NULL, 0)) {
            rf_json_delete(br->ctx, obj);
            break;
        }
        for (size_t i = 0; i < row.n_cells; i++) {
            const rf_xlsx_cell *c = &row.cells[i];
            column *col = c->col <= n_cols ? &cols[c->col - 1] : NULL;
            if (!col || !col->key) {
                cell_error(br, sname, c, NULL,
                           "the column has no key in row 2, so this value would be lost");
                continue;
            }
            char lab[400];
            if (col->label && col->label[0] && strcmp(col->label, col->key) != 0) {
                const char *leaf = strrchr(col->key, '.');
                snprintf(lab, sizeof lab, "%s (%s)", col->label, leaf ? leaf + 1 : col->key);
            } else {
                snprintf(lab, sizeof lab, "%s", col->key);
            }
            cJSON *v = cell_value(br, sname, c, col->kind, lab);
            rf_error why = {0};
            char vf[700];
            cell_file(br, vf, sizeof vf, sname, c->row, c->col);
            if (v && !put_path(br, obj, &col->path, v, vf, &why)) {
                rf_json_delete(br->ctx, v);
                cell_error_text(br, sname, c, lab, why.message, why.message_zh);
            }
        }
        record(br, sname, &row, obj, ctx);
    }
    if (r == RF_XLSX_FAIL) {
        rf_diags_add_text(br->diags, RF_SEV_ERROR, err.file, 0, 0, err.path, err.message,
                          err.message_zh);
        br->ok = false;
    }
    free_columns(cols, n_cols);
    rf_xlsx_rows_free(rs);
}

static void record_source(book_reader *br, const char *sheet, const rf_xlsx_row *row, cJSON *obj,
                          void *ctx)
{
    cJSON *sources = ctx;
    cJSON *id = cJSON_DetachItemFromObjectCaseSensitive(obj, "id");
    if (!cJSON_IsString(id) || !id->valuestring[0]) {
        cell_error(br, sheet, &row->cells[0], NULL, "the row has no source id in its id column");
    } else if (cJSON_GetObjectItemCaseSensitive(sources, id->valuestring)) {
        cell_error(br, sheet, &row->cells[0], NULL, "source \"%s\" has a row above already",
                   id->valuestring);
    } else {
        cJSON_AddItemToObject(sources, id->valuestring, obj);
        obj = NULL;
    }
    rf_json_delete(br->ctx, id);
    rf_json_delete(br->ctx, obj);
}

static void record_site(book_reader *br, const char *sheet, const rf_xlsx_row *row, cJSON *obj,
                        void *ctx)
{
    (void)br, (void)sheet, (void)row;
    cJSON_AddItemToArray((cJSON *)ctx, obj);
}

static void record_households(book_reader *br, const char *sheet, const rf_xlsx_row *row,
                              cJSON *obj, void *ctx)
{
    cJSON *sites = ctx;
    const cJSON *site = cJSON_GetObjectItemCaseSensitive(obj, "site");
    cJSON *size = cJSON_GetObjectItemCaseSensitive(obj, "size");
    cJSON *hh = cJSON_GetObjectItemCaseSensitive(obj, "households");
    const rf_xlsx_cell *first = &row->cells[0];
    if (!cJSON_IsString(site) || !cJSON_IsNumber(size) || !hh) {
        if (br->ok)
            cell_error(br, sheet, first, NULL,
                       "a row needs a site id, a household size and a number of households");
        rf_json_delete(br->ctx, obj);
        return;
    }
    cJSON *target = NULL;
    for (cJSON *s = sites->child; s && !target; s = s->next) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (cJSON_IsString(id) && strcmp(id->valuestring, site->valuestring) == 0)
            target = s;
    }
    if (!target) {
        const rf_json_loc *loc = rf_json_loc_of(br->ctx, site);
        rf_diags_add(br->diags, RF_SEV_ERROR, loc ? loc->file : br->file, 0, 0,
                     loc && loc->label ? loc->label : NULL,
                     "no site \"%s\" on the sites sheet (安置点 Sites)", site->valuestring);
        br->ok = false;
        rf_json_delete(br->ctx, obj);
        return;
    }
    char key[32];
    snprintf(key, sizeof key, "%.0f", size->valuedouble);
    cJSON *reg = cJSON_GetObjectItemCaseSensitive(target, "registered");
    /* the row's file name (interned: it outlives the location table's
     * growth, which a location pointer does not) */
    const rf_json_loc *oloc = rf_json_loc_of(br->ctx, obj);
    const char *ofile = oloc ? oloc->file : br->file;
    if (!reg) {
        reg = cJSON_AddObjectToObject(target, "registered");
        if (reg)
            rf_json_set_loc(br->ctx, reg, ofile, 0, 0, NULL, 0);
    }
    cJSON *by = cJSON_GetObjectItemCaseSensitive(reg, "households_by_size");
    if (!by) {
        by = cJSON_AddObjectToObject(reg, "households_by_size");
        if (by)
            rf_json_set_loc(br->ctx, by, ofile, 0, 0, NULL, 0);
    }
    if (cJSON_GetObjectItemCaseSensitive(by, key)) {
        cell_error(br, sheet, first, NULL, "site %s has a row for households of %s above already",
                   site->valuestring, key);
    } else if (by) {
        cJSON_AddItemToObject(by, key, cJSON_DetachItemViaPointer(obj, hh));
    }
    rf_json_delete(br->ctx, obj);
}

/* The sheet of def in the workbook (by its Chinese or English name), or -1. */
static long find_sheet(const rf_xlsx *wb, sheet_id def)
{
    long i = rf_xlsx_sheet_find(wb, SHEETS[def].zh);
    return i >= 0 ? i : rf_xlsx_sheet_find(wb, SHEETS[def].en);
}

cJSON *rf_book_read(rf_json_ctx *ctx, const char *path, rf_diags *diags)
{
    rf_error err = {0};
    book_reader br = {ctx, diags, NULL, path, true};
    br.wb = rf_xlsx_open(path, path, NULL, &err);
    if (!br.wb) {
        rf_diags_add_text(diags, RF_SEV_ERROR, err.file, 0, 0, err.path, err.message,
                          err.message_zh);
        return NULL;
    }
    cJSON *root = cJSON_CreateObject();
    if (!root || !rf_json_set_loc(ctx, root, path, 0, 0, NULL, 0)) {
        rf_json_delete(ctx, root);
        rf_xlsx_free(br.wb);
        rf_diags_add(diags, RF_SEV_ERROR, path, 0, 0, NULL, "out of memory");
        return NULL;
    }
    long general = find_sheet(br.wb, SHEET_GENERAL);
    long sites_sheet = find_sheet(br.wb, SHEET_SITES);
    if (general < 0 || sites_sheet < 0) {
        rf_diags_add(diags, RF_SEV_ERROR, path, 0, 0, NULL,
                     "not a scenario workbook: it has no sheet %s (%s); 'relocfund template -o "
                     "FILE.xlsx' writes one to fill in",
                     general < 0 ? SHEETS[SHEET_GENERAL].zh : SHEETS[SHEET_SITES].zh,
                     general < 0 ? SHEETS[SHEET_GENERAL].en : SHEETS[SHEET_SITES].en);
        br.ok = false;
    }
    if (br.ok) {
        read_kv(&br, (size_t)general, SHEET_GENERAL, root);
        long src = find_sheet(br.wb, SHEET_SOURCES);
        if (src >= 0) {
            cJSON *sources = cJSON_AddObjectToObject(root, "sources");
            char file[700];
            snprintf(file, sizeof file, "%s:%s", path, rf_xlsx_sheet_name(br.wb, (size_t)src));
            if (sources && rf_json_set_loc(ctx, sources, file, 0, 0, NULL, 0))
                read_table(&br, (size_t)src, SHEET_SOURCES, record_source, sources);
        }
        cJSON *sites = cJSON_AddArrayToObject(root, "sites");
        char file[700];
        snprintf(file, sizeof file, "%s:%s", path, rf_xlsx_sheet_name(br.wb, (size_t)sites_sheet));
        if (sites && rf_json_set_loc(ctx, sites, file, 0, 0, NULL, 0)) {
            read_table(&br, (size_t)sites_sheet, SHEET_SITES, record_site, sites);
            long hh = find_sheet(br.wb, SHEET_HOUSEHOLDS);
            if (hh >= 0)
                read_table(&br, (size_t)hh, SHEET_HOUSEHOLDS, record_households, sites);
        }
        for (sheet_id s = SHEET_PROGRESS; s <= SHEET_CHECKS; s++) {
            long i = find_sheet(br.wb, s);
            if (i >= 0)
                read_kv(&br, (size_t)i, s, root);
        }
    }
    rf_xlsx_free(br.wb);
    if (!br.ok) {
        rf_json_delete(ctx, root);
        return NULL;
    }
    return root;
}

/* ---- writing ---- */

#ifdef RF_HAVE_XLSXWRITER

/* One leaf of a tree: its path and node. */
typedef struct {
    char *path;
    const cJSON *node;
} leaf;

typedef struct {
    leaf *v;
    size_t n, cap;
    bool oom;
} leaves;

static void add_leaf(leaves *L, const char *path, const cJSON *node)
{
    if (L->n == L->cap) {
        size_t c = L->cap ? L->cap * 2 : 32;
        leaf *v = realloc(L->v, c * sizeof *v);
        if (!v) {
            L->oom = true;
            return;
        }
        L->v = v;
        L->cap = c;
    }
    L->v[L->n].path = rf_read_strdup(path);
    L->v[L->n].node = node;
    L->oom |= !L->v[L->n].path;
    L->n++;
}

/* Collects the scalar leaves under node (whose path is prefix), skipping
 * nulls and the members skip names at the top (NULL-terminated). */
static void collect(leaves *L, const cJSON *node, const char *prefix, const char *const *skip)
{
    size_t i = 0;
    for (const cJSON *c = node->child; c; c = c->next, i++) {
        bool skipped = false;
        for (size_t k = 0; skip && c->string && skip[k]; k++)
            skipped |= strcmp(c->string, skip[k]) == 0;
        if (skipped || cJSON_IsNull(c))
            continue;
        char p[600];
        if (cJSON_IsArray(node)) {
            rf_json_path_join(p, sizeof p, prefix, NULL, i);
        } else if (prefix[0]) {
            rf_json_path_join(p, sizeof p, prefix, c->string, 0);
        } else {
            rf_json_path_join(p, sizeof p, "", c->string, 0);
        }
        if (cJSON_IsObject(c) || cJSON_IsArray(c))
            collect(L, c, p, NULL);
        else
            add_leaf(L, p, c);
    }
}

static void free_leaves(leaves *L)
{
    for (size_t i = 0; i < L->n; i++)
        free(L->v[i].path);
    free(L->v);
}

typedef struct {
    lxw_workbook *wb;
    rf_json_ctx *ctx;
    const rf_book_options *o;
    lxw_format *header, *key, *money, *area, *count, *text, *note;
    lxw_error err;
} book_writer;

static const char *label_of(const book_writer *w, const field *f, const char *key)
{
    return f ? (w->o->english ? f->en : f->zh) : key;
}

static const char *note_of(const book_writer *w, const field *f)
{
    return f ? (w->o->english ? f->note_en : f->note_zh) : NULL;
}

static lxw_format *format_of(const book_writer *w, field_kind k)
{
    switch (k) {
    case K_MONEY:
        return w->money;
    case K_AREA:
        return w->area;
    case K_COUNT:
        return w->count;
    default:
        return NULL;
    }
}

static void keep_err(book_writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR)
        w->err = e;
}

/* Writes a leaf's value at row, col. */
static void write_value(book_writer *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const cJSON *n,
                        field_kind k)
{
    if (cJSON_IsNumber(n)) {
        const rf_json_loc *loc = rf_json_loc_of(w->ctx, n);
        double v = n->valuedouble;
        if (loc && loc->text) {
            char t[64];
            snprintf(t, sizeof t, "%.*s", (int)(loc->len < 63 ? loc->len : 63), loc->text);
            v = strtod(t, NULL);
            rf_fen fen;
            if ((k == K_MONEY || k == K_AREA) && rf_fen_parse(loc->text, loc->len, &fen))
                v = (double)fen / 100.0;
        }
        keep_err(w, worksheet_write_number(ws, r, c, v, format_of(w, k)));
    } else if (cJSON_IsBool(n)) {
        keep_err(w, worksheet_write_boolean(ws, r, c, cJSON_IsTrue(n), NULL));
    } else if (cJSON_IsString(n)) {
        keep_err(w, worksheet_write_string(ws, r, c, n->valuestring, w->text));
    }
}

static void header_cell(book_writer *w, lxw_worksheet *ws, lxw_col_t c, const char *label,
                        const char *key, const char *note, field_kind k)
{
    keep_err(w, worksheet_write_string(ws, 0, c, label, w->header));
    char comment[600];
    const char *unit_zh[] = {"文字", "元", "平方米", "整数", "TRUE/FALSE", ""};
    const char *unit_en[] = {"text", "yuan", "m²", "whole number", "TRUE/FALSE", ""};
    snprintf(comment, sizeof comment, "%s\n%s: %s\n%s: %s", note ? note : label,
             w->o->english ? "key" : "键", key, w->o->english ? "unit" : "单位",
             (w->o->english ? unit_en : unit_zh)[k]);
    lxw_comment_options co = {.width = 320, .height = 110};
    keep_err(w, worksheet_write_comment_opt(ws, 0, c, comment, &co));
}

static lxw_worksheet *add_sheet(book_writer *w, sheet_id s)
{
    return workbook_add_worksheet(w->wb, w->o->english ? SHEETS[s].en : SHEETS[s].zh);
}

/* A key-value sheet of the given leaves (or, for the template, of its
 * known keys). */
static void write_kv(book_writer *w, sheet_id s, const leaves *L, const char *from)
{
    lxw_worksheet *ws = add_sheet(w, s);
    bool en = w->o->english;
    const char *heads[4] = {en ? "Item" : "项目", en ? "Key" : "键", en ? "Value" : "值",
                            en ? "Unit" : "单位"};
    const char *notes[4] = {en ? "what the row is (for people; not read)"
                               : "该行是什么（供阅读，不读取）",
                            en ? "the JSON path the value goes to (read; do not change)"
                               : "值写入的 JSON 路径（读取时使用，请勿修改）",
                            en ? "the value, in the row's unit" : "值，单位见该行",
                            en ? "the row's unit (not read)" : "该行的单位（不读取）"};
    for (lxw_col_t c = 0; c < 4; c++) {
        keep_err(w, worksheet_write_string(ws, 0, c, heads[c], w->header));
        lxw_comment_options co = {.width = 300, .height = 80};
        keep_err(w, worksheet_write_comment_opt(ws, 0, c, notes[c], &co));
    }
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, 1, 40, w->key);
    worksheet_set_column(ws, 2, 2, 22, NULL);
    worksheet_set_column(ws, 3, 3, 36, w->note);
    worksheet_freeze_panes(ws, 1, 0);
    lxw_row_t r = 1;
    if (from) {
        keep_err(w, worksheet_write_string(ws, r, 0, en ? "Made from" : "来源", NULL));
        keep_err(w, worksheet_write_string(ws, r, 1, "#from", w->key));
        keep_err(w, worksheet_write_string(ws, r, 2, from, NULL));
        r++;
    }
    size_t n = L ? L->n : SHEETS[s].n_fields;
    for (size_t i = 0; i < n; i++, r++) {
        const char *key = L ? L->v[i].path : SHEETS[s].fields[i].key;
        const field *f = find_field(s, key);
        if (!f && s != SHEET_GENERAL)
            f = find_field(SHEET_GENERAL, key);
        field_kind k = f ? f->kind : guess_kind(key);
        keep_err(w, worksheet_write_string(ws, r, 0, label_of(w, f, key), NULL));
        keep_err(w, worksheet_write_string(ws, r, 1, key, w->key));
        if (L)
            write_value(w, ws, r, 2, L->v[i].node, k);
        else if (strcmp(key, "format") == 0)
            keep_err(w, worksheet_write_string(ws, r, 2, "relocfund-scenario/1", NULL));
        else if (strcmp(key, "policy") == 0 && w->o->policy)
            keep_err(w, worksheet_write_string(ws, r, 2, w->o->policy, NULL));
        else
            keep_err(w, worksheet_write_blank(ws, r, 2, format_of(w, k)));
        const char *note = note_of(w, f);
        if (note) {
            keep_err(w, worksheet_write_string(ws, r, 3, note, w->note));
            char comment[600];
            snprintf(comment, sizeof comment, "%s\n%s: %s", note, en ? "key" : "键", key);
            lxw_comment_options co = {.width = 300, .height = 70};
            keep_err(w, worksheet_write_comment_opt(ws, r, 0, comment, &co));
        }
        if (k == K_BOOL) {
            static char *booleans[] = {"TRUE", "FALSE", NULL};
            lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = booleans};
            keep_err(w, worksheet_data_validation_cell(ws, r, 2, &dv));
        }
    }
}

/* A table's columns: the known fields first (those any record has, or all
 * for the template), then any other key the records have. */
typedef struct {
    char **keys;
    size_t n, cap;
} keyset;

static void keyset_add(keyset *k, const char *key)
{
    for (size_t i = 0; i < k->n; i++)
        if (strcmp(k->keys[i], key) == 0)
            return;
    if (k->n == k->cap) {
        size_t c = k->cap ? k->cap * 2 : 16;
        char **v = realloc(k->keys, c * sizeof *v);
        if (!v)
            return;
        k->keys = v;
        k->cap = c;
    }
    k->keys[k->n] = rf_read_strdup(key);
    if (k->keys[k->n])
        k->n++;
}

static void keyset_free(keyset *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->keys[i]);
    free(k->keys);
}

/* Writes the headers of a table (labels, notes, keys) and formats its
 * columns. */
static lxw_worksheet *table_head(book_writer *w, sheet_id s, const keyset *cols)
{
    lxw_worksheet *ws = add_sheet(w, s);
    for (size_t i = 0; i < cols->n; i++) {
        const field *f = find_field(s, cols->keys[i]);
        field_kind k = f ? f->kind : guess_kind(cols->keys[i]);
        header_cell(w, ws, (lxw_col_t)i, label_of(w, f, cols->keys[i]), cols->keys[i],
                    note_of(w, f), k);
        keep_err(w, worksheet_write_string(ws, 1, (lxw_col_t)i, cols->keys[i], w->key));
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, k == K_TEXT ? 18 : 14,
                             format_of(w, k));
    }
    worksheet_freeze_panes(ws, 2, 1);
    return ws;
}

/* Drop-down list on rows 3.. of column col. */
static void table_list(book_writer *w, lxw_worksheet *ws, const keyset *cols, const char *key,
                       const char *const *values)
{
    for (size_t i = 0; i < cols->n; i++)
        if (strcmp(cols->keys[i], key) == 0) {
            lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST,
                                      .value_list = (char **)values};
            keep_err(w, worksheet_data_validation_range(ws, 2, (lxw_col_t)i, RF_XLSX_MAX_ROW - 1,
                                                        (lxw_col_t)i, &dv));
        }
}

static void table_row(book_writer *w, lxw_worksheet *ws, sheet_id s, const keyset *cols,
                      lxw_row_t r, const cJSON *obj, const char *id_key, const char *id)
{
    for (size_t i = 0; i < cols->n; i++) {
        const char *key = cols->keys[i];
        const field *f = find_field(s, key);
        field_kind k = f ? f->kind : guess_kind(key);
        if (id_key && strcmp(key, id_key) == 0) {
            keep_err(w, worksheet_write_string(ws, r, (lxw_col_t)i, id, w->text));
            continue;
        }
        rf_path p = {0};
        rf_error why = {0};
        if (!rf_path_parse(key, strlen(key), &p, &why))
            continue;
        const cJSON *n = obj;
        for (size_t j = 0; j < p.n && n; j++)
            n = p.segs[j].key ? cJSON_GetObjectItemCaseSensitive(n, p.segs[j].key)
                              : cJSON_GetArrayItem(n, (int)p.segs[j].index);
        rf_path_free(&p);
        if (n && !cJSON_IsNull(n))
            write_value(w, ws, r, (lxw_col_t)i, n, k);
    }
}

static const char *const SITE_TYPE_IDS[] = {"urban_park", "township", "central_village",
                                            "dispersed", NULL};

static bool write_tables(book_writer *w, const cJSON *tree)
{
    const cJSON *sources = tree ? cJSON_GetObjectItemCaseSensitive(tree, "sources") : NULL;
    const cJSON *sites = tree ? cJSON_GetObjectItemCaseSensitive(tree, "sites") : NULL;
    const char **ids = NULL;
    if (w->o->n_source_ids) {
        ids = calloc(w->o->n_source_ids + 1, sizeof *ids);
        if (!ids)
            return false;
        for (size_t i = 0; i < w->o->n_source_ids; i++)
            ids[i] = w->o->source_ids[i];
    }
    /* sources */
    keyset cols = {0};
    for (size_t i = 0; i < N(SOURCES); i++)
        keyset_add(&cols, SOURCES[i].key);
    for (const cJSON *s = sources ? sources->child : NULL; s; s = s->next) {
        leaves L = {0};
        collect(&L, s, "", NULL);
        for (size_t i = 0; i < L.n; i++)
            keyset_add(&cols, L.v[i].path);
        free_leaves(&L);
    }
    lxw_worksheet *ws = table_head(w, SHEET_SOURCES, &cols);
    if (ids)
        table_list(w, ws, &cols, "id", ids);
    lxw_row_t r = 2;
    if (tree) {
        for (const cJSON *s = sources ? sources->child : NULL; s; s = s->next)
            table_row(w, ws, SHEET_SOURCES, &cols, r++, s, "id", s->string);
    } else {
        for (size_t i = 0; i < w->o->n_source_ids; i++)
            keep_err(w, worksheet_write_string(ws, r++, 0, w->o->source_ids[i], w->text));
    }
    keyset_free(&cols);
    /* sites */
    keyset sc = {0};
    static const char *const skip_reg[] = {"registered", NULL};
    for (size_t i = 0; i < N(SITES); i++)
        keyset_add(&sc, SITES[i].key);
    for (const cJSON *s = sites ? sites->child : NULL; s; s = s->next) {
        leaves L = {0};
        collect(&L, s, "", skip_reg);
        for (size_t i = 0; i < L.n; i++)
            keyset_add(&sc, L.v[i].path);
        free_leaves(&L);
        const cJSON *reg = cJSON_GetObjectItemCaseSensitive(s, "registered");
        for (const cJSON *m = reg ? reg->child : NULL; m; m = m->next)
            if (strcmp(m->string, "households_by_size") != 0) {
                leaves R = {0};
                char p[300];
                rf_json_path_join(p, sizeof p, "registered", m->string, 0);
                if (cJSON_IsObject(m) || cJSON_IsArray(m))
                    collect(&R, m, p, NULL);
                else
                    add_leaf(&R, p, m);
                for (size_t i = 0; i < R.n; i++)
                    keyset_add(&sc, R.v[i].path);
                free_leaves(&R);
            }
    }
    ws = table_head(w, SHEET_SITES, &sc);
    table_list(w, ws, &sc, "type", SITE_TYPE_IDS);
    r = 2;
    for (const cJSON *s = sites ? sites->child : NULL; s; s = s->next)
        table_row(w, ws, SHEET_SITES, &sc, r++, s, NULL, NULL);
    keyset_free(&sc);
    /* households */
    keyset hc = {0};
    for (size_t i = 0; i < N(HOUSEHOLDS); i++)
        keyset_add(&hc, HOUSEHOLDS[i].key);
    ws = table_head(w, SHEET_HOUSEHOLDS, &hc);
    r = 2;
    for (const cJSON *s = sites ? sites->child : NULL; s; s = s->next) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(s, "registered"), "households_by_size");
        for (const cJSON *h = by ? by->child : NULL; h; h = h->next, r++) {
            if (cJSON_IsString(id))
                keep_err(w, worksheet_write_string(ws, r, 0, id->valuestring, w->text));
            char *end;
            long size = strtol(h->string, &end, 10);
            if (*end || end == h->string)
                keep_err(w, worksheet_write_string(ws, r, 1, h->string, NULL));
            else
                keep_err(w, worksheet_write_number(ws, r, 1, (double)size, w->count));
            write_value(w, ws, r, 2, h, K_COUNT);
        }
    }
    keyset_free(&hc);
    free(ids);
    return true;
}

rf_status rf_book_write(const cJSON *tree, rf_json_ctx *ctx, const char *path,
                        const rf_book_options *o, rf_error *err)
{
    static const rf_book_options none = {0};
    if (!o)
        o = &none;
    static const char *const elsewhere[] = {"sources",       "sites",     "progress",
                                            "site_progress", "follow_up", "assert",
                                            "extends",       "includes",  NULL};
    leaves general = {0}, progress = {0}, checks = {0};
    if (tree) {
        collect(&general, tree, "", elsewhere);
        for (const cJSON *c = tree->child; c; c = c->next) {
            sheet_id s = kv_sheet_of(c->string);
            if (s == SHEET_GENERAL || cJSON_IsNull(c))
                continue;
            leaves *L = s == SHEET_PROGRESS ? &progress : &checks;
            if (cJSON_IsObject(c) || cJSON_IsArray(c))
                collect(L, c, c->string, NULL);
            else
                add_leaf(L, c->string, c);
        }
    }
    rf_status st = RF_OK;
    if (general.oom || progress.oom || checks.oom) {
        st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "out of memory");
        goto out;
    }
    lxw_workbook_options wo = {0};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    if (!wb) {
        st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write the workbook");
        goto out;
    }
    book_writer w = {.wb = wb, .ctx = ctx, .o = o};
    w.header = workbook_add_format(wb);
    format_set_bold(w.header);
    format_set_bg_color(w.header, 0xDDEBF7);
    format_set_text_wrap(w.header);
    w.key = workbook_add_format(wb);
    format_set_font_color(w.key, 0x808080);
    format_set_italic(w.key);
    w.note = workbook_add_format(wb);
    format_set_font_color(w.note, 0x606060);
    w.money = workbook_add_format(wb);
    format_set_num_format(w.money, "#,##0.00");
    w.area = workbook_add_format(wb);
    format_set_num_format(w.area, "0.00");
    w.count = workbook_add_format(wb);
    format_set_num_format(w.count, "#,##0");
    w.text = workbook_add_format(wb);
    format_set_num_format(w.text, "@");
    write_kv(&w, SHEET_GENERAL, tree ? &general : NULL, o->from);
    write_tables(&w, tree);
    write_kv(&w, SHEET_PROGRESS, tree ? &progress : NULL, NULL);
    write_kv(&w, SHEET_CHECKS, tree ? &checks : NULL, NULL);
    lxw_error e = workbook_close(wb);
    if (w.err != LXW_NO_ERROR || e != LXW_NO_ERROR)
        st = rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL, "cannot write the workbook: %s",
                          lxw_strerror(w.err != LXW_NO_ERROR ? w.err : e));
out:
    free_leaves(&general);
    free_leaves(&progress);
    free_leaves(&checks);
    return st;
}

#else /* !RF_HAVE_XLSXWRITER */

rf_status rf_book_write(const cJSON *tree, rf_json_ctx *ctx, const char *path,
                        const rf_book_options *o, rf_error *err)
{
    (void)tree, (void)ctx, (void)o;
    return rf_error_set(err, RF_ERR_OUTPUT, path, 0, 0, NULL,
                        "this relocfund was built without libxlsxwriter, so it cannot write "
                        "XLSX; install libxlsxwriter-dev and rebuild");
}

#endif
