/* rf_error: error values and diagnostics shared by every relocfund module. */
#ifndef RF_ERROR_H
#define RF_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Status of a library call.  The numeric values are the CLI exit codes. */
typedef enum {
    RF_OK = 0,
    RF_ERR_PLAN = 1,   /* solved, but the plan has a gap or a violation */
    RF_ERR_INPUT = 2,  /* usage or input error */
    RF_ERR_SOLVER = 3, /* solver or internal failure */
    RF_ERR_OUTPUT = 4  /* output could not be written */
} rf_status;

typedef enum { RF_SEV_ERROR, RF_SEV_WARNING, RF_SEV_NOTE } rf_severity;

/* Messages in two languages.  The library raises every message in English
 * (for logs, scripts and tests) and, at the same point and from the same
 * arguments, in Chinese: the catalog (rf_msg_zh.c, one entry per English
 * format string) gives the Chinese format; a message the catalog lacks is
 * Chinese in its English words.  No language is chosen here: the CLI picks
 * message or message_zh when it prints. */

/* One problem found in an input, located as precisely as the input allows.
 * line and column are 1-based; 0 means unknown.  path is a JSON path such as
 * "sites[3].households" or a CSV location such as "row 12, column size"; it
 * may be empty.  message_zh is message in Chinese (the same location words).
 * Every string is owned by the diagnostic. */
typedef struct {
    rf_severity severity;
    char *file;
    int line;
    int column;
    char *path;
    char *message;
    char *message_zh;
} rf_diag;

/* A growable list of diagnostics.  Zero-initialise, then rf_diags_free(). */
typedef struct {
    rf_diag *items;
    size_t count;
    size_t capacity;
    size_t errors;   /* how many items have RF_SEV_ERROR */
    size_t warnings; /* how many items have RF_SEV_WARNING */
} rf_diags;

/* Appends a diagnostic; the strings are copied (NULL is stored as "").
 * The message is printf-formatted, in English and in Chinese (the
 * catalog's format of fmt, with the same arguments).  Out of memory is
 * recorded by setting errors without storing the item. */
void rf_diags_add(rf_diags *d, rf_severity sev, const char *file, int line, int column,
                  const char *path, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* rf_diags_add of a message already formatted in both languages (message_zh
 * NULL: message). */
void rf_diags_add_text(rf_diags *d, rf_severity sev, const char *file, int line, int column,
                       const char *path, const char *message, const char *message_zh);

/* Appends a copy of the diagnostic x (of another list). */
void rf_diags_add_diag(rf_diags *d, const rf_diag *x);

/* Sorts by file, line, column (stable), so reports read top to bottom. */
void rf_diags_sort(rf_diags *d);

void rf_diags_free(rf_diags *d);

/* A set of distinct diagnostics (equal severity, location and message), so
 * that each is reported once: a hash set, linear in their number (keyed,
 * so messages quoting crafted text cannot make it quadratic).
 * Zero-initialise, then rf_diag_set_free. */
typedef struct {
    rf_diags seen;
    size_t *slots; /* index + 1, 0 for empty */
    size_t n_slots;
    uint64_t key[2]; /* of the slots' hash (rf_hash), drawn when the first slots are */
    size_t probes;   /* occupied slots rf_diag_set_add looked at: the work done */
} rf_diag_set;

/* Adds a copy of d unless an equal diagnostic is in the set; returns true
 * when it was new.  Out of memory: treated as new. */
bool rf_diag_set_add(rf_diag_set *set, const rf_diag *d);
void rf_diag_set_free(rf_diag_set *set);

/* Keeps the first of each group of equal diagnostics in d (order kept,
 * counts recounted): files that several inputs share report a problem
 * once. */
void rf_diags_dedupe(rf_diags *d);

/* A single error returned by a call that stops at its first problem. */
typedef struct {
    rf_status status;
    char file[512];
    int line;
    int column;
    char path[256];
    char message[768];
    char message_zh[1024]; /* message in Chinese */
} rf_error;

/* Fills err (which may be NULL) and returns status; the message in both
 * languages, as rf_diags_add. */
rf_status rf_error_set(rf_error *err, rf_status status, const char *file, int line, int column,
                       const char *path, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* rf_error_set of a message already formatted in both languages
 * (message_zh NULL: message). */
rf_status rf_error_set_text(rf_error *err, rf_status status, const char *file, int line, int column,
                            const char *path, const char *message, const char *message_zh);

/* Formats fmt with ap into en (English) and zh (Chinese), each truncated to
 * its size: for helpers that keep a message before it becomes a diagnostic
 * or an error. */
void rf_msg_vformat(char *en, size_t en_size, char *zh, size_t zh_size, const char *fmt,
                    va_list ap);
void rf_msg_format(char *en, size_t en_size, char *zh, size_t zh_size, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Formats fmt into en with the argument list EN and into zh with ZH (each
 * in parentheses, of fmt's types): for a message whose arguments differ by
 * language, such as the name of a figure or another message it quotes.
 * EN is evaluated first, so ZH may name buffers EN filled. */
#define RF_MSG_ARGS_(...) __VA_ARGS__
#define RF_MSG_BOTH(en, en_size, zh, zh_size, fmt, EN, ZH)                                         \
    do {                                                                                           \
        char rf_msg_scratch_[2048];                                                                \
        rf_msg_format(en, en_size, rf_msg_scratch_, sizeof rf_msg_scratch_, fmt,                   \
                      RF_MSG_ARGS_ EN);                                                            \
        rf_msg_format(rf_msg_scratch_, sizeof rf_msg_scratch_, zh, zh_size, fmt,                   \
                      RF_MSG_ARGS_ ZH);                                                            \
    } while (0)

/* ---- the catalog (rf_msg_zh.c) ---- */

/* The Chinese format of the English format string en, or NULL when the
 * catalog has none.  Its conversions are en's, in the same order. */
const char *rf_msg_zh(const char *en);

/* The Chinese of a message that takes no arguments (a phrase such as "an
 * object"): the catalog's, else text itself. */
const char *rf_msg_text_zh(const char *text);

/* Entry i of the catalog (in the order of the table), for tests; false past
 * the end. */
bool rf_msg_entry(size_t i, const char **en, const char **zh);

/* Whether formats a and b take the same arguments: the same conversions
 * (with their length modifiers and '*'), in the same order. */
bool rf_msg_same_arguments(const char *a, const char *b);

/* Copies the first error of d into err; returns RF_ERR_INPUT (or RF_OK when d
 * holds no error). */
rf_status rf_error_from_diags(rf_error *err, const rf_diags *d);

/* Formats "FILE:LINE:COLUMN: PATH: MESSAGE" (parts that are unknown are left
 * out) into buf; returns buf.  A FILE that is a command-line option (it
 * starts with "--", as "--set") is followed by the path it was given:
 * "--set PATH: MESSAGE". */
char *rf_format_location(char *buf, size_t size, const char *file, int line, int column,
                         const char *path, const char *message);

#endif
