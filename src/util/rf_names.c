/* rf_names: identifiers and bilingual labels of the domain enums. */
#include "rf_names.h"

#include <string.h>

typedef struct {
    const char *id;
    const char *zh;
    const char *en;
} name_row;

static const name_row USES[RF_USE_COUNT] = {
    {"housing", "住房建设", "housing"},
    {"decoration", "简单装修", "decoration"},
    {"infrastructure", "基础设施", "infrastructure"},
    {"public_services", "公共服务设施", "public services"},
    {"land", "征地", "land acquisition"},
    {"demolition", "旧房拆除", "demolition"},
    {"employment_base", "就业基地", "employment base"},
    {"industry", "产业发展", "industry development"},
};

static const name_row CATEGORIES[RF_CAT_COUNT] = {
    {"registered", "建档立卡贫困人口", "registered poor"},
    {"synchronous", "同步搬迁人口", "synchronous"},
};

static const name_row SITE_TYPES[RF_SITE_TYPE_COUNT] = {
    {"urban_park", "进城进园安置点", "town or industrial park site"},
    {"township", "乡镇圩镇安置点", "township site"},
    {"central_village", "中心村安置点", "central village site"},
    {"dispersed", "分散安置", "dispersed resettlement"},
};

static const name_row LEVELS[RF_LEVEL_COUNT] = {
    {"unfunded_gap", "资金缺口最小", "least unfunded gap"},
    {"cap_excess", "超出自筹上限最少", "least self-funding over the cap"},
    {"registered_self_funding", "建档立卡户自筹最少", "least registered self-funding"},
    {"synchronous_self_funding", "同步搬迁户自筹最少", "least synchronous self-funding"},
    {"integrated_agri", "整合涉农资金最少", "least integrated agricultural funds"},
    {"loans", "贷款最少", "least loans"},
    {"employment_base", "就业基地足额", "employment bases funded to need"},
    {"even_self_funding", "户均自筹均衡", "even self-funding across household sizes"},
    {"site_entitlement", "资金留在本安置点", "each site keeps its own pool"},
};

static bool find(const name_row *rows, int n, const char *id, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].id, id) == 0) {
            *out = i;
            return true;
        }
    return false;
}

#define NAME_FUNCS(type, prefix, rows, count)                                                      \
    const char *prefix##_id(type v)                                                                \
    {                                                                                              \
        return (int)v >= 0 && (int)v < (count) ? rows[v].id : "?";                                 \
    }                                                                                              \
    const char *prefix##_label(type v, bool chinese)                                               \
    {                                                                                              \
        if ((int)v < 0 || (int)v >= (count))                                                       \
            return "?";                                                                            \
        return chinese ? rows[v].zh : rows[v].en;                                                  \
    }                                                                                              \
    bool prefix##_parse(const char *id, type *out)                                                 \
    {                                                                                              \
        int i;                                                                                     \
        if (!id || !find(rows, (count), id, &i))                                                   \
            return false;                                                                          \
        *out = (type)i;                                                                            \
        return true;                                                                               \
    }

NAME_FUNCS(rf_use, rf_use, USES, RF_USE_COUNT)
NAME_FUNCS(rf_category, rf_category, CATEGORIES, RF_CAT_COUNT)
NAME_FUNCS(rf_site_type, rf_site_type, SITE_TYPES, RF_SITE_TYPE_COUNT)
NAME_FUNCS(rf_level, rf_level, LEVELS, RF_LEVEL_COUNT)

const char *rf_label_pick(const rf_label *l, const char *fallback, bool chinese)
{
    const char *s = chinese ? l->zh : l->en;
    if (!s || !*s)
        s = chinese ? l->en : l->zh;
    return s && *s ? s : fallback;
}
