#!/usr/bin/python3
"""In-process timing loop of an uncontended flufl.lock acquire + release.

Usage: /usr/bin/python3 bench/python/flufl_cycle.py DIR ITERATIONS [WARMUP]

Lock path is DIR/bench.lck (DIR made absolute), one
Lock(path, lifetime=timedelta(seconds=15)) object reused for every cycle;
a cycle is lock() then unlock(). WARMUP (default 200) untimed cycles first.
Timing: one time.perf_counter_ns() read per cycle boundary.

Prints one JSON line on stdout:
  {"impl":"flufl.lock","version":"5.0.1","python":"3.11.2","dir":"...",
   "iterations":N,"warmup":W,"ns_per_cycle":X,"p50_ns":..,"p99_ns":..,
   "min_ns":..,"max_ns":..}
ns_per_cycle = total timed loop / N; percentiles are nearest-rank over the
per-cycle durations (same definition as bench/floor/cycle.c).
"""
import json
import math
import os
import platform
import sys
from datetime import timedelta
from time import perf_counter_ns

import flufl.lock
from flufl.lock import Lock


def pct(sorted_vals, p):
    """Nearest-rank percentile of a sorted list."""
    n = len(sorted_vals)
    rank = min(max(math.ceil(p / 100.0 * n), 1), n)
    return sorted_vals[rank - 1]


def main(argv):
    if len(argv) not in (3, 4):
        print("usage: flufl_cycle.py DIR ITERATIONS [WARMUP]", file=sys.stderr)
        return 2
    d = os.path.realpath(argv[1])
    try:
        iterations = int(argv[2])
        warmup = int(argv[3]) if len(argv) == 4 else 200
    except ValueError:
        print("ITERATIONS and WARMUP must be integers", file=sys.stderr)
        return 2
    if iterations < 1 or warmup < 0:
        print("need ITERATIONS >= 1 and WARMUP >= 0", file=sys.stderr)
        return 2
    if not os.path.isdir(d):
        print(f"flufl_cycle: not a directory: {d}", file=sys.stderr)
        return 1

    lock = Lock(os.path.join(d, "bench.lck"), lifetime=timedelta(seconds=15))
    for _ in range(warmup):
        lock.lock()
        lock.unlock()

    stamps = [0] * (iterations + 1)
    acquire, release = lock.lock, lock.unlock
    for i in range(iterations):
        stamps[i] = perf_counter_ns()
        acquire()
        release()
    stamps[iterations] = perf_counter_ns()

    durs = sorted(stamps[i + 1] - stamps[i] for i in range(iterations))
    out = {
        "impl": "flufl.lock",
        "version": flufl.lock.__version__,
        "python": platform.python_version(),
        "dir": d,
        "iterations": iterations,
        "warmup": warmup,
        "ns_per_cycle": round((stamps[iterations] - stamps[0]) / iterations, 1),
        "p50_ns": pct(durs, 50),
        "p99_ns": pct(durs, 99),
        "min_ns": durs[0],
        "max_ns": durs[-1],
    }
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
