/*
 * scan.c - floor of scanning a lock directory.
 *
 * Usage: scan DIR [REPEATS]      (REPEATS default 5, >= 1)
 *
 * One pass: opendir(DIR); for each readdir entry except "." and "..":
 * fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW) (= lstat), and if it is a regular
 * file: openat(dirfd, name, O_RDONLY) + one read() of up to 4096 bytes + close.
 * closedir. Names are resolved relative to the directory fd (the *at calls),
 * which is the cheapest form; a path-based lstat/open would add path walking.
 * The pass is repeated REPEATS times (fresh opendir each time, caches warm after
 * the first) and the best wall time (CLOCK_MONOTONIC) is reported.
 *
 * Output: one JSON line on stdout:
 *  {"impl":"scan-floor","dir":"...","entries":N,"regular_files":R,"repeats":K,
 *   "ms":best_ms,"ns_per_entry":best_ns/N,"worst_ms":..}
 * Every syscall is checked; failure -> message on stderr, exit 1. An entry that
 * vanishes between readdir and lstat/open (ENOENT) is also treated as failure,
 * since the benchmark directory is supposed to be quiescent.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void die(const char *what, const char *name) {
    fprintf(stderr, "scan: %s(%s) failed: %s\n", what, name, strerror(errno));
    exit(1);
}

static char buf[4096];

/* One pass; returns entry count, stores regular-file count. */
static long one_pass(const char *dir, long *regular) {
    DIR *d = opendir(dir);
    if (d == NULL) die("opendir", dir);
    int dfd = dirfd(d);
    if (dfd < 0) die("dirfd", dir);
    long entries = 0, reg = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (e == NULL) {
            if (errno != 0) die("readdir", dir);
            break;
        }
        const char *nm = e->d_name;
        if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0'))) continue;
        entries++;
        struct stat st;
        if (fstatat(dfd, nm, &st, AT_SYMLINK_NOFOLLOW) != 0) die("lstat", nm);
        if (S_ISREG(st.st_mode)) {
            reg++;
            int fd = openat(dfd, nm, O_RDONLY | O_CLOEXEC);
            if (fd < 0) die("open", nm);
            if (read(fd, buf, sizeof buf) < 0) die("read", nm);
            if (close(fd) != 0) die("close", nm);
        }
    }
    if (closedir(d) != 0) die("closedir", dir);
    *regular = reg;
    return entries;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s DIR [REPEATS]\n", argv[0]);
        return 2;
    }
    long repeats = argc == 3 ? parse_count("REPEATS", argv[2], 1) : 5;
    char dir[PATH_MAX];
    if (realpath(argv[1], dir) == NULL) die("realpath", argv[1]);

    int64_t best = INT64_MAX, worst = 0;
    long entries = -1, regular = 0;
    for (long r = 0; r < repeats; r++) {
        long reg;
        int64_t t0 = mono_ns();
        long n = one_pass(dir, &reg);
        int64_t dt = mono_ns() - t0;
        if (entries >= 0 && (n != entries || reg != regular)) {
            fprintf(stderr, "scan: directory changed during benchmark (%ld/%ld entries, "
                    "%ld/%ld regular)\n", entries, n, regular, reg);
            return 1;
        }
        entries = n;
        regular = reg;
        if (dt < best) best = dt;
        if (dt > worst) worst = dt;
    }

    printf("{\"impl\":\"scan-floor\",\"dir\":");
    json_str(stdout, dir);
    printf(",\"entries\":%ld,\"regular_files\":%ld,\"repeats\":%ld,\"ms\":%.3f,"
           "\"ns_per_entry\":%.1f,\"worst_ms\":%.3f}\n",
           entries, regular, repeats, (double)best / 1e6,
           entries > 0 ? (double)best / (double)entries : 0.0, (double)worst / 1e6);
    if (fflush(stdout) != 0) { perror("scan: stdout"); return 1; }
    return 0;
}
