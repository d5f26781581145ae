#!/usr/bin/python3
"""One contending process of the flufl.lock hand-off benchmark.

Usage:
  /usr/bin/python3 bench/python/flufl_contend.py LOCK --duration S --hold-ms MS \
      --out FILE [--start-at EPOCH_SECONDS_FLOAT] [--lifetime S]

The runner starts K of these on the same LOCK (absolute path recommended:
flufl writes the path into the claim file). Each process:
  * builds Lock(LOCK, lifetime=timedelta(seconds=15)) up front (so the
    getfqdn() in the constructor is not timed),
  * sleeps until --start-at (time.time() epoch seconds; coarse sleep, then a
    short spin for the last 2 ms) so all processes start together,
  * then, until the deadline (start + S seconds, perf_counter clock):
        t0 = now; lock(timeout=deadline - now); wait_ns = now - t0
        hold: time.sleep(MS / 1000)      -- SLEEP, not busy-wait; actual hold
                                            (lock() return -> before unlock())
                                            is recorded in holds_ns
        unlock()
    A lock() that runs into the deadline raises flufl's TimeOutError; that
    wait is not an acquisition and is reported in censored_waits_ns instead
    (a starved process shows acquisitions 0 and a long censored wait).
    flufl's timeout is checked only after a failed link() and before its
    0.01-2.01 s random sleep, so a process can end up to ~2 s after the
    deadline, and its last lock() can even SUCCEED after the deadline (it is
    then counted as an acquisition, with late_acquisition true); elapsed_ns
    tells the real span.

FILE receives ONE JSON document (written to FILE.tmp, then renamed; "-" means
stdout):
  {"impl":"flufl.lock","version":"5.0.1","pid":P,"lock":"...",
   "hold_ms":MS,"hold_mode":"sleep","duration_s":S,
   "start_at":EPOCH|null,"start_lateness_ns":N|null,
   "start_epoch_ns":..,"elapsed_ns":..,  (start = after the start-at wait)
   "acquisitions":N,"late_acquisition":bool,
   "waits_ns":[...],"holds_ns":[...],"acquired_at_ns":[...],
   "censored_waits_ns":[...],"errors":[...]}
waits_ns[i], holds_ns[i] and acquired_at_ns[i] belong to acquisition i, in order;
acquired_at_ns[i] is when lock() returned, in ns after start_epoch_ns (so the
runner can merge the K processes' acquisitions into one sequence and count how
often the lock passed to another process).
Exit status 0 unless an unexpected exception occurred (then it is listed in
"errors", the document is still written, and the exit status is 1).
"""
import argparse
import json
import os
import sys
import time
from datetime import timedelta

import flufl.lock
from flufl.lock import Lock, TimeOutError


def sleep_until_epoch(start_at):
    """Sleep until time.time() >= start_at; return lateness in ns (>= 0)."""
    while True:
        remaining = start_at - time.time()
        if remaining <= 0.002:
            break
        time.sleep(remaining - 0.002)
    while time.time() < start_at:
        pass
    return int((time.time() - start_at) * 1e9)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("lock")
    ap.add_argument("--duration", type=float, required=True, help="seconds")
    ap.add_argument("--hold-ms", type=float, required=True)
    ap.add_argument("--out", required=True, help='output file, or "-" for stdout')
    ap.add_argument("--start-at", type=float, default=None,
                    help="epoch seconds (float) to begin at")
    ap.add_argument("--lifetime", type=float, default=15.0,
                    help="lock lifetime in seconds (default 15)")
    args = ap.parse_args()
    if args.duration <= 0 or args.hold_ms < 0:
        ap.error("need --duration > 0 and --hold-ms >= 0")

    lock = Lock(args.lock, lifetime=timedelta(seconds=args.lifetime))
    hold_s = args.hold_ms / 1000.0
    waits, holds, acquired_at, censored, errors = [], [], [], [], []
    late = False

    lateness = None
    if args.start_at is not None:
        lateness = sleep_until_epoch(args.start_at)
    start_epoch_ns = time.time_ns()
    now = time.perf_counter_ns
    t_start = now()
    deadline = t_start + int(args.duration * 1e9)
    try:
        while True:
            t0 = now()
            if t0 >= deadline:
                break
            try:
                lock.lock(timeout=timedelta(microseconds=(deadline - t0) / 1000))
            except TimeOutError:
                censored.append(now() - t0)
                break
            t1 = now()
            late = t1 > deadline
            time.sleep(hold_s)
            t2 = now()
            lock.unlock()
            waits.append(t1 - t0)
            holds.append(t2 - t1)
            acquired_at.append(t1 - t_start)
    except Exception as e:  # record, still write the document
        errors.append(f"{type(e).__name__}: {e}")
        try:
            lock.unlock(unconditionally=True)
        except Exception:
            pass
    elapsed = now() - t_start

    doc = {
        "impl": "flufl.lock",
        "version": flufl.lock.__version__,
        "pid": os.getpid(),
        "lock": args.lock,
        "hold_ms": args.hold_ms,
        "hold_mode": "sleep",
        "duration_s": args.duration,
        "start_at": args.start_at,
        "start_lateness_ns": lateness,
        "start_epoch_ns": start_epoch_ns,
        "elapsed_ns": elapsed,
        "acquisitions": len(waits),
        "late_acquisition": late,
        "waits_ns": waits,
        "holds_ns": holds,
        "acquired_at_ns": acquired_at,
        "censored_waits_ns": censored,
        "errors": errors,
    }
    text = json.dumps(doc, separators=(",", ":")) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, args.out)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
