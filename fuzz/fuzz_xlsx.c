/* fuzz_xlsx: libFuzzer target for the XLSX reader (rf_xlsx) and the
 * scenario-workbook reader over it (rf_book). */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_book.h"
#include "rf_error.h"
#include "rf_xlsx.h"

static char xlsx_path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!xlsx_path[0]) {
        strcpy(xlsx_path, "/tmp/rf-fuzz-xlsx-XXXXXX.xlsx");
        int fd = mkstemps(xlsx_path, 5);
        if (fd < 0)
            abort();
        close(fd);
    }
    FILE *f = fopen(xlsx_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();

    rf_error err = {0};
    rf_xlsx_options small = {.max_sheet = 16 << 20, .max_strings = 16 << 20, .max_meta = 4 << 20};
    rf_xlsx *wb = rf_xlsx_open(xlsx_path, "book.xlsx", &small, &err);
    if (!wb) {
        if (!err.message[0] || err.status != RF_ERR_INPUT)
            abort(); /* a refusal always says why */
    } else {
        for (size_t s = 0; s < rf_xlsx_sheet_count(wb); s++) {
            rf_xlsx_rows *rs = rf_xlsx_rows_open(wb, s, &err);
            if (!rs) {
                if (!err.message[0])
                    abort();
                continue;
            }
            rf_xlsx_row row;
            rf_xlsx_result r;
            uint32_t last_row = 0;
            while ((r = rf_xlsx_next_row(rs, &row, &err)) == RF_XLSX_ROW) {
                /* Rows in order, cells in column order within Excel's limits. */
                if (row.row <= last_row || row.row > RF_XLSX_MAX_ROW || row.n_cells == 0)
                    abort();
                last_row = row.row;
                uint32_t last_col = 0;
                for (size_t i = 0; i < row.n_cells; i++) {
                    const rf_xlsx_cell *c = &row.cells[i];
                    char ref[12];
                    if (c->row != row.row || c->col <= last_col || c->col > RF_XLSX_MAX_COL ||
                        strcmp(c->ref, rf_xlsx_ref(ref, c->row, c->col)) != 0 ||
                        strlen(c->text) != c->len || !c->formula_text)
                        abort();
                    last_col = c->col;
                }
            }
            if (r == RF_XLSX_FAIL && !err.message[0])
                abort();
            rf_xlsx_rows_free(rs);
        }
        rf_xlsx_free(wb);
    }
    /* The same bytes as a scenario workbook: a tree or located errors. */
    rf_json_ctx *ctx = rf_json_ctx_new();
    rf_diags d = {0};
    cJSON *tree = rf_book_read(ctx, xlsx_path, &d);
    if (!tree && d.errors == 0)
        abort();
    rf_json_delete(ctx, tree);
    rf_json_ctx_free(ctx);
    rf_diags_free(&d);
    return 0;
}
