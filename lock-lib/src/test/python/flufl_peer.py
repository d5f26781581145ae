#!/usr/bin/python3
"""A real flufl.lock peer for Lockwatch's Java integration tests.

Run it with /usr/bin/python3 (Debian's python3-flufl.lock, 5.0.1, Python 3.11; stdlib +
flufl.lock only). LOCK should be an absolute path: flufl writes it into the claim file.

Protocol for a Java caller
--------------------------
Every message is ONE line of JSON on stdout, flushed at once; read stdout line by line.
Diagnostics go to stderr. Exit codes: 0 ok, 75 timeout (EX_TEMPFAIL), 1 failure
(see the last JSON line), 2 bad command line (argparse).
Durations are seconds (floats allowed); "expiration" is the lock inode's mtime in epoch
seconds (flufl sets it to floor(now + lifetime)).

hold LOCK [--lifetime S] [--timeout S] [--no-release]
    Acquire (blocking; --timeout bounds the wait), then print
      {"event":"acquired","claim":CLAIMPATH,"host":H,"pid":P,"expiration":E}
    and wait for commands on stdin, one per line:
      release   -> unlock, print {"event":"released"}, exit 0
      refresh   -> lock.refresh() (re-touch: new expiration), print
                   {"event":"refreshed","expiration":E}
    EOF on stdin counts as "release". With --no-release, "release"/EOF print
    {"event":"abandoned"} and exit 0 WITHOUT unlocking: lock file and claim file stay
    on disk for a breaker. If the lock was broken/stolen meanwhile, unlock fails:
    {"event":"not_held","error":...}, exit 1.
    On timeout: {"event":"timeout"}, exit 75.

inspect LOCK [--lifetime S]
    Looks without touching anything (no is_locked, no refresh; the Lock object is made
    but never locked, so it creates no files):
      {"state": flufl LockState name, "details": [host, pid, lockfile] or null,
       "expiration": E or null, "is_locked_no_refresh": bool, "nlink": N or null,
       "content": raw lock file text or null}
    "state" is flufl's view from THIS process (different pid, this host's getfqdn()).
    "is_locked_no_refresh" is for a fresh Lock object, so it is true only if the file
    happened to name this object's new claim: in practice always false.

try LOCK --timeout S [--lifetime S]
    Try to acquire within S: {"event":"acquired",...} (as hold), unlock at once,
    {"event":"released"}, exit 0; or {"event":"timeout","waited":SECONDS}, exit 75.
    flufl quirk: the timeout is checked BEFORE the break, so to break an expired lock
    S must outlast the holder's expiration + 10 s slop + up to 2 s of sleep.

contend LOCK --iterations N --counter FILE --marker FILE [--lifetime S] [--hold-ms MS]
    N times: lock() (no timeout); create MARKER with O_CREAT|O_EXCL (already there =
    an overlap: another process is inside the critical section; counted); read the
    integer in COUNTER (missing/empty = 0); sleep MS; write counter+1; remove MARKER
    (only if we created it); unlock. Finally print
      {"event":"done","iterations":N,"overlaps":K,"lost":L}
    and exit 0, or 1 if K > 0 or L > 0 (L = unlocks that failed because the lock had
    been broken under us, e.g. MS longer than lifetime + slop).
    The counter is written to "COUNTER.tmp.PID" in the same directory and renamed over
    COUNTER with os.replace: readers never see a truncated or half-written file, so a
    mutual-exclusion failure shows up as a lost update (final COUNTER < total
    iterations of all peers) rather than as a crash on an empty file. Java peers
    sharing the counter must read/write it the same way (decimal text, no newline
    required; whitespace is stripped when reading).
"""

import argparse
import json
import os
import sys
import time
from datetime import timedelta

from flufl.lock import Lock, NotLockedError, TimeOutError

EX_TEMPFAIL = 75


def emit(**fields):
    """Print one JSON line and flush, so a piped Java reader sees it at once."""
    sys.stdout.write(json.dumps(fields, separators=(',', ':')) + '\n')
    sys.stdout.flush()


def make_lock(path, lifetime):
    if lifetime is None:
        return Lock(path)
    return Lock(path, lifetime=timedelta(seconds=lifetime))


def mtime_or_none(path):
    try:
        return os.stat(path).st_mtime
    except FileNotFoundError:
        return None


def acquired_event(lock):
    emit(event='acquired', claim=lock._claimfile, host=lock.hostname,
         pid=os.getpid(), expiration=mtime_or_none(lock._claimfile))


def cmd_hold(args):
    lock = make_lock(args.lock, args.lifetime)
    timeout = None if args.timeout is None else timedelta(seconds=args.timeout)
    try:
        lock.lock(timeout=timeout)
    except TimeOutError:
        emit(event='timeout')
        return EX_TEMPFAIL
    acquired_event(lock)
    for line in sys.stdin:
        command = line.strip()
        if command == 'release':
            break
        if command == 'refresh':
            try:
                lock.refresh()
            except NotLockedError as error:
                emit(event='not_held', error=str(error))
                return 1
            emit(event='refreshed', expiration=mtime_or_none(lock._claimfile))
        elif command:
            print('flufl_peer: ignoring unknown command %r' % command, file=sys.stderr)
    if args.no_release:
        emit(event='abandoned')
        return 0
    try:
        lock.unlock()
    except NotLockedError as error:
        emit(event='not_held', error=str(error))
        return 1
    emit(event='released')
    return 0


def cmd_inspect(args):
    lock = make_lock(args.lock, args.lifetime)
    try:
        details = list(lock.details)
    except (NotLockedError, ValueError):  # 5.0.1: a non-integer pid raises ValueError
        details = None
    try:
        st = os.stat(args.lock)
        expiration, nlink = st.st_mtime, st.st_nlink
    except FileNotFoundError:
        expiration = nlink = None
    try:
        with open(args.lock, encoding='utf-8', errors='replace') as fp:
            content = fp.read()
    except FileNotFoundError:
        content = None
    emit(state=lock.state.name, details=details, expiration=expiration,
         is_locked_no_refresh=lock._is_locked_no_refresh(), nlink=nlink,
         content=content)
    return 0


def cmd_try(args):
    lock = make_lock(args.lock, args.lifetime)
    start = time.monotonic()
    try:
        lock.lock(timeout=timedelta(seconds=args.timeout))
    except TimeOutError:
        emit(event='timeout', waited=round(time.monotonic() - start, 3))
        return EX_TEMPFAIL
    acquired_event(lock)
    lock.unlock()
    emit(event='released')
    return 0


def read_counter(path):
    try:
        with open(path) as fp:
            text = fp.read().strip()
    except FileNotFoundError:
        return 0
    return int(text) if text else 0


def write_counter(path, value):
    tmp = '%s.tmp.%d' % (path, os.getpid())
    with open(tmp, 'w') as fp:
        fp.write(str(value))
    os.replace(tmp, path)


def cmd_contend(args):
    lock = make_lock(args.lock, args.lifetime)
    overlaps = lost = 0
    for _ in range(args.iterations):
        lock.lock()
        try:
            fd = os.open(args.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            os.close(fd)
            ours = True
        except FileExistsError:
            overlaps += 1
            ours = False
        value = read_counter(args.counter)
        if args.hold_ms:
            time.sleep(args.hold_ms / 1000.0)
        write_counter(args.counter, value + 1)
        if ours:
            try:
                os.unlink(args.marker)
            except FileNotFoundError:
                pass
        try:
            lock.unlock()
        except NotLockedError:
            lost += 1
            lock.unlock(unconditionally=True)  # drop our claim file
    emit(event='done', iterations=args.iterations, overlaps=overlaps, lost=lost)
    return 1 if overlaps or lost else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description='flufl.lock peer for Lockwatch tests '
                                     '(see the module docstring for the protocol)')
    sub = parser.add_subparsers(dest='command', required=True)

    p = sub.add_parser('hold', help='acquire, wait for "release"/EOF on stdin, unlock')
    p.add_argument('lock')
    p.add_argument('--lifetime', type=float)
    p.add_argument('--timeout', type=float)
    p.add_argument('--no-release', action='store_true')
    p.set_defaults(func=cmd_hold)

    p = sub.add_parser('inspect', help='report the lock without touching it')
    p.add_argument('lock')
    p.add_argument('--lifetime', type=float)
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser('try', help='acquire within --timeout, then unlock')
    p.add_argument('lock')
    p.add_argument('--timeout', type=float, required=True)
    p.add_argument('--lifetime', type=float)
    p.set_defaults(func=cmd_try)

    p = sub.add_parser('contend', help='lock N times around a checked counter update')
    p.add_argument('lock')
    p.add_argument('--iterations', type=int, required=True)
    p.add_argument('--counter', required=True)
    p.add_argument('--marker', required=True)
    p.add_argument('--lifetime', type=float)
    p.add_argument('--hold-ms', type=float, default=0)
    p.set_defaults(func=cmd_contend)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as error:  # report, don't just die: the caller reads JSON
        emit(event='error', type=type(error).__name__, error=str(error))
        raise


if __name__ == '__main__':
    sys.exit(main())
