/*
 * cycle.c - syscall floor of one uncontended flufl.lock acquire+release cycle.
 *
 * Usage: cycle DIR ITERATIONS [WARMUP [MODE]]
 *   DIR         directory to put the lock in (made absolute with realpath)
 *   ITERATIONS  timed cycles (>= 1)
 *   WARMUP      untimed cycles first (default 1000)
 *   MODE        "floor" (default) or "flufl5"
 *
 * MODE floor: exactly these system calls per cycle, no other logic
 * (lock = DIR/bench.lck, claim = DIR/bench.lck|<hostname>|<pid>|<random>):
 *   open(claim, O_WRONLY|O_CREAT|O_TRUNC, 0644); write(claim path bytes); close
 *   utimensat(claim, now+15 s)          (touch, whole seconds, atime=mtime)
 *   link(claim, lockfile)               (acquire)
 *   stat(lockfile)                      (ownership check: nlink)
 *   utimensat(claim, now+15 s)          (touch)
 *   unlink(lockfile)                    (release)
 *   unlink(claim)
 * ("now" is clock_gettime(CLOCK_REALTIME), a vDSO call, before each touch.)
 *
 * MODE flufl5: the sequence flufl.lock 5.0.1 actually issues in lock()+unlock()
 * on an uncontended lock: write claim, touch, link, touch (after link),
 * then unlock(): is_locked = touch + stat(lockfile) + open/read/close(lockfile),
 * unlink(lockfile), unlink(claim).
 *
 * Every syscall result is checked; on failure a message goes to stderr and the
 * program exits 1 (after a best-effort removal of its own files).
 *
 * Output: one JSON line on stdout:
 *  {"impl":"syscall-floor","mode":"floor","dir":"...","iterations":N,"warmup":W,
 *   "ns_per_cycle":X,"p50_ns":..,"p99_ns":..,"min_ns":..,"max_ns":..}
 * ns_per_cycle = (end of last timed cycle - start of first) / N; percentiles are
 * nearest-rank over the per-cycle durations (one CLOCK_MONOTONIC read per cycle
 * boundary).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static char lockfile[PATH_MAX];
static char claim[PATH_MAX + 128];
static size_t claim_len;
static int mode_flufl5;
static int held;        /* lockfile is our link (only then does cleanup remove it) */

static void cleanup(void) {
    if (held) unlink(lockfile);
    unlink(claim);
}

static void die(const char *what, const char *path) {
    int e = errno;
    fprintf(stderr, "cycle: %s(%s) failed: %s\n", what, path, strerror(e));
    cleanup();
    exit(1);
}

static inline void touch(void) {
    struct timespec now, ts[2];
    if (clock_gettime(CLOCK_REALTIME, &now) != 0) die("clock_gettime", "CLOCK_REALTIME");
    ts[0].tv_sec = now.tv_sec + 15;
    ts[0].tv_nsec = 0;
    ts[1] = ts[0];
    if (utimensat(AT_FDCWD, claim, ts, 0) != 0) die("utimensat", claim);
}

static inline void one_cycle(void) {
    int fd = open(claim, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open", claim);
    ssize_t w = write(fd, claim, claim_len);
    if (w < 0) die("write", claim);
    if ((size_t)w != claim_len) { errno = EIO; die("write (short)", claim); }
    if (close(fd) != 0) die("close", claim);
    touch();
    if (link(claim, lockfile) != 0) die("link", lockfile);
    held = 1;
    if (mode_flufl5) touch();
    struct stat st;
    if (mode_flufl5) {
        touch();
        if (stat(lockfile, &st) != 0) die("stat", lockfile);
        char buf[PATH_MAX + 128];
        int rfd = open(lockfile, O_RDONLY);
        if (rfd < 0) die("open", lockfile);
        if (read(rfd, buf, sizeof buf) < 0) die("read", lockfile);
        if (close(rfd) != 0) die("close", lockfile);
    } else {
        if (stat(lockfile, &st) != 0) die("stat", lockfile);
        touch();
    }
    if (unlink(lockfile) != 0) die("unlink", lockfile);
    held = 0;
    if (unlink(claim) != 0) die("unlink", claim);
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s DIR ITERATIONS [WARMUP [floor|flufl5]]\n", argv[0]);
        return 2;
    }
    long iterations = parse_count("ITERATIONS", argv[2], 1);
    long warmup = argc >= 4 ? parse_count("WARMUP", argv[3], 0) : 1000;
    const char *mode = "floor";
    if (argc == 5) {
        if (strcmp(argv[4], "flufl5") == 0) { mode_flufl5 = 1; mode = "flufl5"; }
        else if (strcmp(argv[4], "floor") != 0) {
            fprintf(stderr, "cycle: unknown MODE '%s' (floor|flufl5)\n", argv[4]);
            return 2;
        }
    }

    char dir[PATH_MAX];
    if (realpath(argv[1], dir) == NULL) {
        fprintf(stderr, "cycle: realpath(%s) failed: %s\n", argv[1], strerror(errno));
        return 1;
    }
    char host[256];
    if (gethostname(host, sizeof host) != 0) {
        fprintf(stderr, "cycle: gethostname failed: %s\n", strerror(errno));
        return 1;
    }
    host[sizeof host - 1] = '\0';
    uint64_t rnd;
    if (getrandom(&rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
        fprintf(stderr, "cycle: getrandom failed: %s\n", strerror(errno));
        return 1;
    }
    rnd &= 0x7fffffffffffffffULL;   /* 0..2^63-1, like flufl */
    int n = snprintf(lockfile, sizeof lockfile, "%s/bench.lck", dir);
    if (n < 0 || (size_t)n >= sizeof lockfile) { fprintf(stderr, "cycle: path too long\n"); return 1; }
    n = snprintf(claim, sizeof claim, "%s|%s|%ld|%llu", lockfile, host, (long)getpid(),
                 (unsigned long long)rnd);
    if (n < 0 || (size_t)n >= sizeof claim) { fprintf(stderr, "cycle: path too long\n"); return 1; }
    claim_len = (size_t)n;

    int64_t *t = malloc(sizeof(int64_t) * (size_t)(iterations + 1));
    if (t == NULL) { fprintf(stderr, "cycle: out of memory\n"); return 1; }

    for (long i = 0; i < warmup; i++) one_cycle();
    for (long i = 0; i < iterations; i++) {
        t[i] = mono_ns();
        one_cycle();
    }
    t[iterations] = mono_ns();

    int64_t total = t[iterations] - t[0];
    for (long i = 0; i < iterations; i++) t[i] = t[i + 1] - t[i];   /* durations */
    qsort(t, (size_t)iterations, sizeof(int64_t), cmp_i64);

    printf("{\"impl\":\"syscall-floor\",\"mode\":\"%s\",\"dir\":", mode);
    json_str(stdout, dir);
    printf(",\"iterations\":%ld,\"warmup\":%ld,\"ns_per_cycle\":%.1f,\"p50_ns\":%lld,"
           "\"p99_ns\":%lld,\"min_ns\":%lld,\"max_ns\":%lld}\n",
           iterations, warmup, (double)total / (double)iterations,
           (long long)pct_sorted(t, (size_t)iterations, 50.0),
           (long long)pct_sorted(t, (size_t)iterations, 99.0),
           (long long)t[0], (long long)t[iterations - 1]);
    free(t);
    if (fflush(stdout) != 0) { perror("cycle: stdout"); return 1; }
    return 0;
}
