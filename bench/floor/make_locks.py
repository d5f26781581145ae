#!/usr/bin/python3
"""Create COUNT held-looking flufl.lock locks in DIR for scan benchmarks.

Usage: /usr/bin/python3 bench/floor/make_locks.py DIR COUNT

For each i in 0..COUNT-1 (DIR made absolute, created if missing):
  claim  = DIR/lock-i.lck|benchhost|<this pid>|<random 0..2^63-1>
  content of claim = the claim path itself (no newline)
  os.link(claim, DIR/lock-i.lck)                  -> nlink 2, same inode
  os.utime(claim, (now+3600, now+3600))           whole seconds, not expired
So DIR gets 2*COUNT entries. Idempotent: an i whose lock-i.lck already exists
is skipped (nothing rewritten), so re-running on a finished dir is a no-op;
run it on an empty (or new) dir for a clean data set.

Prints one JSON line: {"dir":"...","count":C,"created":N,"skipped":M,"entries":E}
(entries = directory entries afterwards).
"""
import json
import os
import random
import sys
import time


def main(argv):
    if len(argv) != 3:
        print("usage: make_locks.py DIR COUNT", file=sys.stderr)
        return 2
    d = os.path.realpath(argv[1])
    try:
        count = int(argv[2])
    except ValueError:
        count = -1
    if count < 0:
        print("COUNT must be an integer >= 0", file=sys.stderr)
        return 2
    os.makedirs(d, exist_ok=True)
    pid = os.getpid()
    t = int(time.time()) + 3600
    times = (t, t)
    rnd = random.SystemRandom()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    created = skipped = 0
    for i in range(count):
        lockfile = f"{d}/lock-{i}.lck"
        if os.path.lexists(lockfile):
            skipped += 1
            continue
        claim = f"{lockfile}|benchhost|{pid}|{rnd.randrange(2**63)}"
        fd = os.open(claim, flags, 0o644)
        try:
            os.write(fd, claim.encode())
        finally:
            os.close(fd)
        os.link(claim, lockfile)
        os.utime(claim, times)
        created += 1
    print(json.dumps({"dir": d, "count": count, "created": created, "skipped": skipped,
                      "entries": len(os.listdir(d))}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
