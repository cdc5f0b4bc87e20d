/* rf_json: JSON files read with cJSON, with the source location of every node. */
#ifndef RF_JSON_H
#define RF_JSON_H

#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rf_error.h"

/* Deepest nesting of arrays and objects a file may have. */
#define RF_JSON_MAX_DEPTH 512

/* Where a node came from.  line and column are 1-based (column counts
 * characters, not bytes); 0 means unknown (a value given with --set).
 * key_line/key_column locate the member name when the node is an object
 * member (0 otherwise).  text/len is the raw text of a number exactly as
 * written ("8518.125e4"), so that money can be parsed without a double;
 * NULL for other types.  Every pointer is owned by the context. */
typedef struct {
    const char *file;
    int line;
    int column;
    int key_line;
    int key_column;
    const char *text;
    size_t len;
    /* What the value is called where it was read, used in messages instead
     * of its JSON path ("住房单价 (housing_per_m2)" for a workbook cell);
     * NULL for JSON text. */
    const char *label;
} rf_json_loc;

/* Owns the texts of every file read, the interned file names and a table
 * from cJSON node to location.  Trees are owned by the caller but must be
 * freed with rf_json_delete() (or moved between trees) while the context
 * lives, so that no stale entry outlives its node. */
typedef struct rf_json_ctx rf_json_ctx;

rf_json_ctx *rf_json_ctx_new(void);
void rf_json_ctx_free(rf_json_ctx *ctx);

/* The largest scenario or policy file read: 256 MiB. */
#define RF_JSON_MAX_FILE (256 << 20)

/* The memory of a parsed document is bounded by a small multiple of its
 * size: a file may hold at most one value (number, string, object, ...) per
 * RF_JSON_BYTES_PER_VALUE bytes, plus RF_JSON_VALUES_EXTRA; more is an error
 * located at the first value over (every file relocfund writes or ships
 * has over 19 bytes a value).  A value takes some 150 bytes parsed. */
#define RF_JSON_BYTES_PER_VALUE 8
#define RF_JSON_VALUES_EXTRA 4096

/* Reads and parses the file at path (named in messages exactly as given).
 * Only regular files are read (a device or pipe is an error, not a wait).
 * Rejects a directory, an unreadable or empty file, a byte order mark,
 * invalid UTF-8, NUL bytes, invalid JSON (with line:column), duplicate
 * keys, numbers out of range, nesting deeper than RF_JSON_MAX_DEPTH and
 * more values than the budget above.
 * Returns the root, or NULL after adding errors to diags. */
cJSON *rf_json_read_file(rf_json_ctx *ctx, const char *path, rf_diags *diags);

/* The same checks on text[0..len) (copied), named file in messages. */
cJSON *rf_json_parse(rf_json_ctx *ctx, const char *file, const char *text, size_t len,
                     rf_diags *diags);

/* The location of node, or NULL when none was recorded. */
const rf_json_loc *rf_json_loc_of(const rf_json_ctx *ctx, const cJSON *node);

/* Gives node and every node below it the file, line and column given
 * (keeping number texts and key positions).  Returns false when out of
 * memory. */
bool rf_json_relocate(rf_json_ctx *ctx, const cJSON *node, const char *file, int line, int column);

/* Records a location for a node the caller created (file interned, text
 * copied).  Returns false when out of memory. */
bool rf_json_set_loc(rf_json_ctx *ctx, const cJSON *node, const char *file, int line, int column,
                     const char *text, size_t len);

/* Gives node's recorded location the label (copied); false when node has
 * no location or out of memory. */
bool rf_json_set_label(rf_json_ctx *ctx, const cJSON *node, const char *label);

/* Writes node as JSON text indented by two spaces a level, members in
 * their order, each number as the text it was read from when one was kept
 * (so amounts stay exact), strings escaped as rf_json_string does; ends
 * with a newline at the top level. */
void rf_json_print(const rf_json_ctx *ctx, const cJSON *node, FILE *out);

/* A view of node (a tree of from) for a tree of to: a node of its own,
 * located as node is, that reads as node does (type, value, name,
 * members), its members shared with node's tree read-only; to asks from
 * for the locations of the shared nodes (number texts, labels and file
 * names stay from's strings).  Before a view is changed (a member detached,
 * added or replaced), rf_json_own() gives it members of its own, each a
 * view of the one it stands for; whatever rf_json_delete() or the
 * functions of rf_patch.h do to a view, node's tree stays as it is.  from
 * must outlive to, and node's tree the view, unchanged while it lives.
 * NULL when out of memory. */
cJSON *rf_json_share(rf_json_ctx *to, const rf_json_ctx *from, const cJSON *node);

/* Gives a view of an object or an array members of its own, each a view
 * of a shared one (located in ctx), so that node may be changed; does
 * nothing to any other node.  Call it on every node of a tree that may be
 * a view before changing its members.  Returns false when out of memory
 * (node is then as it was). */
bool rf_json_own(rf_json_ctx *ctx, cJSON *node);

/* Forgets the locations of node and its descendants, then deletes it
 * (a view without the nodes it shares). */
void rf_json_delete(rf_json_ctx *ctx, cJSON *node);

/* Appends the JSON path of member key (or index when key is NULL) to the
 * path prefix: "a" + "b" -> "a.b", "a" + [3] -> "a[3]", and keys that are
 * not plain words are quoted: "a" + "x.y" -> "a[\"x.y\"]".  Writes into buf
 * (truncated to size) and returns buf. */
char *rf_json_path_join(char *buf, size_t size, const char *prefix, const char *key, size_t index);

#endif
