/* fuzz_roster: libFuzzer target for the streaming roster (CSV) reader. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rf_error.h"
#include "rf_roster.h"

static char input_path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!input_path[0]) {
        strcpy(input_path, "/tmp/rf-fuzz-roster-XXXXXX");
        int fd = mkstemp(input_path);
        if (fd < 0)
            abort();
        close(fd);
    }
    FILE *f = fopen(input_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();

    rf_error err = {0};
    rf_roster *r = rf_roster_open(input_path, &(rf_roster_options){.name = "roster.csv"}, &err);
    if (!r) {
        if (!err.message[0])
            abort(); /* a refusal always says why */
        return 0;
    }
    int64_t good[8];
    size_t n_good = 0;
    int64_t last_row = 0;
    for (;;) {
        rf_household h;
        rf_error e = {0};
        rf_roster_result res = rf_roster_next(r, &h, &e);
        if (res == RF_ROSTER_END || res == RF_ROSTER_FAIL)
            break;
        if (res == RF_ROSTER_BAD_ROW) {
            if (!e.message[0])
                abort();
            continue;
        }
        /* Rows come in order, with sane fields. */
        if (h.row <= last_row || h.line < 1 || h.size < 1 || h.size > 99 ||
            h.household_id_len > RF_ROSTER_MAX_ID || h.site_id_len > RF_ROSTER_MAX_ID)
            abort();
        last_row = h.row;
        if (n_good < 8)
            good[n_good++] = h.row;
    }
    /* Re-reading an earlier good row's id must work. */
    for (size_t i = 0; i < n_good; i++) {
        const char *id;
        size_t len;
        rf_error e = {0};
        if (!rf_roster_id_at(r, good[i], &id, &len, &e))
            abort();
    }
    rf_roster_free(r);
    return 0;
}
