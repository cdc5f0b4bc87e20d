/* rf_file: opening input files without blocking, and the run's inputs. */
#include "rf_file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The inputs of the run: (device, inode) pairs, a small growable list (a
 * run reads at most a few thousand files; an output is checked once). */
typedef struct {
    dev_t dev;
    ino_t ino;
} file_id;

static pthread_mutex_t inputs_lock = PTHREAD_MUTEX_INITIALIZER;
static file_id *inputs;
static size_t n_inputs, cap_inputs;
static size_t n_opened;

size_t rf_file_opened(void)
{
    pthread_mutex_lock(&inputs_lock);
    size_t n = n_opened;
    pthread_mutex_unlock(&inputs_lock);
    return n;
}

void rf_file_note_input(dev_t dev, ino_t ino)
{
    pthread_mutex_lock(&inputs_lock);
    bool known = false;
    for (size_t i = n_inputs; i-- > 0 && !known;)
        known = inputs[i].dev == dev && inputs[i].ino == ino;
    if (!known && n_inputs == cap_inputs) {
        size_t cap = cap_inputs ? cap_inputs * 2 : 64;
        file_id *v = realloc(inputs, cap * sizeof *v);
        if (v) {
            inputs = v;
            cap_inputs = cap;
        }
    }
    if (!known && n_inputs < cap_inputs)
        inputs[n_inputs++] = (file_id){dev, ino};
    pthread_mutex_unlock(&inputs_lock);
}

bool rf_file_is_input(dev_t dev, ino_t ino)
{
    pthread_mutex_lock(&inputs_lock);
    bool found = false;
    for (size_t i = 0; i < n_inputs && !found; i++)
        found = inputs[i].dev == dev && inputs[i].ino == ino;
    pthread_mutex_unlock(&inputs_lock);
    return found;
}

int rf_file_open(const char *path, const char *expected, struct stat *st, rf_error *err)
{
    struct stat own;
    if (!st)
        st = &own;
    pthread_mutex_lock(&inputs_lock);
    n_opened++;
    pthread_mutex_unlock(&inputs_lock);
    /* O_NONBLOCK: opening a FIFO that has no writer returns at once instead
     * of waiting for one; the type is checked before anything is read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st->st_mode)) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "is a directory; expected %s", expected);
        close(fd);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL,
                     "is not a regular file (a device, pipe or socket); expected %s", expected);
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    rf_file_note_input(st->st_dev, st->st_ino);
    return fd;
}

char *rf_file_read(const char *path, const char *expected, size_t max_bytes, size_t *len,
                   struct stat *st, rf_error *err)
{
    struct stat own;
    if (!st)
        st = &own;
    int fd = rf_file_open(path, expected, st, err);
    if (fd < 0)
        return NULL;
    if ((uintmax_t)st->st_size > max_bytes) {
        rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL,
                     "is %lld bytes; %s may have at most %zu MiB", (long long)st->st_size, expected,
                     max_bytes >> 20);
        close(fd);
        return NULL;
    }
    /* The size may change while it is read: read to the end, never past the
     * cap. */
    size_t cap = (size_t)st->st_size + 1, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            if (n > max_bytes) {
                rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL,
                             "grew past %zu MiB while it was read; %s may have at most that",
                             max_bytes >> 20, expected);
                free(buf);
                close(fd);
                return NULL;
            }
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rf_error_set(err, RF_ERR_INPUT, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (!buf) {
        rf_error_set(err, RF_ERR_SOLVER, path, 0, 0, NULL, "cannot read: out of memory");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
