#!/usr/bin/env bash
# Smoke-tests the packaged Lockwatch from the artifacts alone (no Maven, no target/classes):
#
#   jpackage/smoke-test.sh [IMAGE_DIR [DEB]]
#
#   IMAGE_DIR  the app image (default: jpackage/target/image/lockwatch)
#   DEB        the Debian package (default: jpackage/target/lockwatch_*.deb)
#
# Checks, in order (each prints "ok - ..."; the first failure prints "FAIL: ..." and exits 1):
#   1. the image's launchers only reference jars inside the image ($APPDIR), nothing of the build tree
#   2. lockctl --version; both launchers start with -Xshare:on (their CDS archives are usable)
#   3. a real process holds a lock (the image's own `lockctl hold`, and a Python flufl.lock holder if
#      /usr/bin/python3 has flufl.lock): `lockctl ls --json DIR` shows its claim, host and pid
#   4. lock-inspector --smoke-test PNG under xvfb-run -a (or on $DISPLAY): exits 0 and writes a PNG of
#      the main window on the demo workspace (PNG signature, at least 900x560, not trivially small)
#   5. the .deb: Depends declares libgtk-3-0 and libgl1; dpkg -i, lockctl on the PATH (/usr/bin/lockctl)
#      runs --version, the menu entry is installed and its Icon= file exists, postinst made the CDS
#      archive for /opt/lockwatch; dpkg -r removes all of it
#
# Environment: SMOKE_SKIP_GUI=1, SMOKE_SKIP_DEB=1 skip steps 4 and 5 (reported as "skip").
# Step 5 needs root (dpkg) and the package's dependencies installed (listed if missing).
# Needs: bash, coreutils, grep, /usr/bin/python3 (to read the JSON), xvfb-run (xvfb xauth libgtk-3-0 libgl1 libgl1-mesa-dri fontconfig
# fonts-dejavu-core libxtst6), dpkg.
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${1:-$here/target/image/lockwatch}"
deb="${2:-}"
if [ -z "$deb" ]; then
    deb="$(ls "$here"/target/lockwatch_*.deb 2>/dev/null | head -1 || true)"
fi

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok - %s\n' "$*"; }
skip() { printf 'skip - %s\n' "$*"; }

[ -d "$image" ] || fail "no app image at $image (build it: jpackage/build.sh)"
image="$(cd -P "$image" && pwd)"
lockctl="$image/bin/lockctl"
inspector="$image/bin/lock-inspector"
[ -x "$lockctl" ] || fail "$lockctl missing or not executable"
[ -x "$inspector" ] || fail "$inspector missing or not executable"

work="$(mktemp -d "${TMPDIR:-/tmp}/lockwatch-smoke.XXXXXX")"
holders=()
installed_by_us=""
cleanup() {
    local pid
    for pid in "${holders[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${holders[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "$installed_by_us" ]; then
        echo "cleaning up: dpkg --purge lockwatch" >&2
        dpkg --purge lockwatch >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A clean environment: a fresh writable HOME (JavaFX unpacks natives to ~/.openjfx), no JAVA_HOME,
# no JVM option variables; the launchers use the image's own runtime and class path.
home="$work/home"
mkdir -p "$home"
run() { env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 ${DISPLAY:+DISPLAY="$DISPLAY"} "$@"; }

# --- 1. the image is self-contained ------------------------------------------------------------------
for cfg in "$image/lib/app/lockctl.cfg" "$image/lib/app/lock-inspector.cfg"; do
    [ -f "$cfg" ] || fail "$cfg missing"
    bad="$(grep -E '^app\.(classpath|mainjar)=' "$cfg" | grep -v '=\$APPDIR/' || true)"
    [ -z "$bad" ] || fail "$(basename "$cfg") references files outside the image: $bad"
    while IFS= read -r entry; do
        [ -f "$image/lib/app/${entry#*=\$APPDIR/}" ] || fail "$(basename "$cfg"): $entry is not in the image"
    done < <(grep -E '^app\.classpath=' "$cfg")
done
[ -f "$image/lib/runtime/lib/server/libjvm.so" ] || fail "the image has no bundled runtime"
ok "launchers use only the image's runtime and the jars in lib/app"

# --- 2. lockctl --version, CDS ---------------------------------------------------------------------------
out="$(run "$lockctl" --version 2>"$work/err")" || fail "lockctl --version exited $?: $(cat "$work/err")"
[[ "$out" == lockctl\ * ]] || fail "lockctl --version printed '$out'"
ok "lockctl --version: $out"
for l in lockctl lock-inspector; do
    if [ -f "$image/lib/app/$l.jsa" ]; then
        arg=--version; [ "$l" = lock-inspector ] && arg=--help
        run _JAVA_OPTIONS=-Xshare:on "$image/bin/$l" "$arg" >/dev/null 2>"$work/err" \
            || fail "$l does not start with -Xshare:on (CDS archive unusable; run $image/lib/lockwatch-cds.sh): $(cat "$work/err")"
        ok "$l maps its CDS archive (-Xshare:on)"
    else
        fail "$image/lib/app/$l.jsa missing: $l would start without its CDS archive"
    fi
done

# --- 3. a lock held by a real process shows in ls --json ----------------------------------------------
locks="$work/locks"
mkdir -p "$locks"
wait_for_line() { # FILE PID SECONDS: waits until FILE has a line, fails if PID ends first
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        [ -s "$1" ] && grep -q . "$1" && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
check_listed() { # NAME CLAIM PID: ls --json shows the lock of CLAIM held, with that claim and pid
    local json claim_pid lock problem
    json="$(run "$lockctl" ls --json "$locks" 2>"$work/err")" || fail "lockctl ls --json exited $?: $(cat "$work/err")"
    printf '%s\n' "$json" >"$work/ls-$1.json"
    claim_pid="$(printf '%s' "$2" | cut -d'|' -f3)"
    [ "$claim_pid" = "$3" ] || fail "$1: the claim names pid $claim_pid, the holder is pid $3"
    lock="${2%%|*}"   # a claim file is named LOCK|HOST|PID|RANDOM
    # The lock's own entry, not any entry: its state, claim and pid.
    problem="$(/usr/bin/python3 -c '
import json, sys
scan = json.loads(sys.argv[1])
lock, claim, pid = sys.argv[2], sys.argv[3], int(sys.argv[4])
# {"directories": [SCAN, ...]}, each SCAN with its "locks"
locks = [l for d in scan["directories"] for l in d["locks"]]
mine = [l for l in locks if l.get("path") == lock]
if len(mine) != 1:
    print("%d entries for %s (locks: %s)" % (len(mine), lock, [l.get("path") for l in locks]))
elif mine[0].get("state") != "held":
    print("state %r, not \"held\": %s" % (mine[0].get("state"), mine[0].get("explanation")))
elif mine[0].get("claim") != claim:
    print("claim %r, expected %r" % (mine[0].get("claim"), claim))
elif mine[0].get("pid") != pid:
    print("pid %r, expected %d" % (mine[0].get("pid"), pid))
' "$json" "$lock" "$2" "$3" 2>&1)" || fail "$1: cannot read the ls --json output: $problem"
    [ -z "$problem" ] || fail "$1: lockctl ls --json, lock $lock: $problem; output: $json"
}

listed_holder() { # NAME OUT_PREFIX PID -> prints the claim the holder printed, once ls --json shows it held
    wait_for_line "$2.out" "$3" 30 || fail "$1 printed no claim: $(cat "$2.err")"
    local c
    c="$(head -1 "$2.out")"
    check_listed "$1" "$c" "$3"
    printf '%s\n' "$c"
}

# exec: $! is then the holder itself (the jpackage launcher runs the JVM in its own process)
(exec env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 "$lockctl" hold --lifetime 30s --for 120s "$locks/java.lck" \
    >"$work/hold.out" 2>"$work/hold.err") &
holders+=("$!")
holder=$!
claim="$(listed_holder "lockctl hold" "$work/hold" "$holder")"
ok "lockctl ls --json shows the lock held by lockctl hold (pid $holder, claim $claim)"

if /usr/bin/python3 -c 'import flufl.lock' 2>/dev/null; then
    # Holds for at most 120 s; SIGTERM (the clean-up's kill) unlocks and exits. No helper process.
    /usr/bin/python3 -c '
import signal, sys, time
from flufl.lock import Lock
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
lock = Lock(sys.argv[1], lifetime=30)
lock.lock()
try:
    print(lock._claimfile, flush=True)
    time.sleep(120)
finally:
    lock.unlock()
' "$locks/python.lck" >"$work/py.out" 2>"$work/py.err" </dev/null &
    holders+=("$!")
    pyholder=$!
    listed_holder "flufl.lock" "$work/py" "$pyholder" >/dev/null
    ok "lockctl ls --json shows the lock held by Python flufl.lock (pid $pyholder)"
else
    skip "no flufl.lock for /usr/bin/python3: only the lockctl holder"
fi

# --- 4. the GUI starts and renders the demo workspace ---------------------------------------------------
png_info() { # PNG -> "W H" from the IHDR chunk
    od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}
if [ "${SMOKE_SKIP_GUI:-}" = 1 ]; then
    skip "lock-inspector --smoke-test (SMOKE_SKIP_GUI=1)"
else
    png="$work/smoke.png"
    if [ -n "${DISPLAY:-}" ]; then
        gui=(timeout 120 "$inspector" --smoke-test "$png")
    else
        command -v xvfb-run >/dev/null || fail "no DISPLAY and no xvfb-run (apt-get install xvfb xauth)"
        gui=(timeout 120 xvfb-run -a "$inspector" --smoke-test "$png")
    fi
    start=$(date +%s%N)
    rc=0
    run "${gui[@]}" >"$work/gui.out" 2>"$work/gui.err" || rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$rc" = 0 ] || fail "lock-inspector --smoke-test exited $rc; stderr:
$(tail -30 "$work/gui.err")"
    if grep -E 'InaccessibleObjectException|Exception in thread|SEVERE' "$work/gui.err" >&2; then
        fail "lock-inspector --smoke-test logged errors (above)"
    fi
    [ -s "$png" ] || fail "lock-inspector --smoke-test wrote no PNG at $png"
    [ "$(od -An -tx1 -N8 "$png" | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
    read -r w h <<<"$(png_info "$png")"
    size=$(stat -c %s "$png")
    { [ "$w" -ge 900 ] && [ "$h" -ge 560 ]; } || fail "the smoke-test PNG is ${w}x${h}, expected the main window (>= 900x560)"
    [ "$size" -ge 20000 ] || fail "the smoke-test PNG is only $size bytes: an empty window?"
    if [ -n "${SMOKE_PNG_OUT:-}" ]; then cp "$png" "$SMOKE_PNG_OUT"; fi
    ok "lock-inspector --smoke-test: exit 0 in ${ms} ms, ${w}x${h} PNG of $size bytes"
fi

# --- 5. the .deb -------------------------------------------------------------------------------------------
if [ "${SMOKE_SKIP_DEB:-}" = 1 ]; then
    skip "the .deb (SMOKE_SKIP_DEB=1)"
else
    [ -n "$deb" ] && [ -f "$deb" ] || fail "no .deb (expected jpackage/target/lockwatch_*.deb; or SMOKE_SKIP_DEB=1)"
    [ "$(id -u)" = 0 ] || fail "installing the .deb needs root (or SMOKE_SKIP_DEB=1)"
    command -v dpkg >/dev/null || fail "no dpkg"
    state="$(dpkg-query -W -f '${db:Status-Status}' lockwatch 2>/dev/null || true)"
    case "$state" in
        ''|not-installed|config-files) ;;
        *) fail "lockwatch is already on this system ($state): remove it first (dpkg --purge lockwatch)" ;;
    esac
    [ "$(dpkg-deb -f "$deb" Package)" = lockwatch ] || fail "$deb is not the lockwatch package"
    depends="$(dpkg-deb -f "$deb" Depends)"
    for dep in libgtk-3-0 libgl1; do   # the JavaFX natives live in jars: jpackage cannot find these itself
        # package names of the comma-separated list, without version constraints or alternatives
        tr ',|' '\n\n' <<<"$depends" | sed -E 's/\(.*\)//; s/^ +//; s/ +$//' | grep -qxF "$dep" \
            || fail "the .deb does not depend on $dep: Depends: $depends"
    done
    ok "the .deb depends on libgtk-3-0 and libgl1 (Depends: $depends)"
    missing=()
    for dep in $(dpkg-deb -f "$deb" Depends | tr ',' ' '); do
        dpkg -s "$dep" >/dev/null 2>&1 || missing+=("$dep")
    done
    [ ${#missing[@]} = 0 ] || fail "the .deb's dependencies are not installed: ${missing[*]} (apt-get install ${missing[*]})"
    installed_by_us=1
    dpkg -i "$deb" >"$work/dpkg.out" 2>&1 || fail "dpkg -i failed: $(cat "$work/dpkg.out")"
    [ "$(dpkg-query -W -f '${Status}' lockwatch)" = "install ok installed" ] || fail "lockwatch is not configured after dpkg -i"
    (cd / && run sh -c 'command -v lockctl') >"$work/which" || fail "lockctl is not on the PATH after dpkg -i"
    [ "$(cat "$work/which")" = /usr/bin/lockctl ] || fail "lockctl on the PATH is $(cat "$work/which"), expected /usr/bin/lockctl"
    out="$(cd / && run lockctl --version 2>"$work/err")" || fail "installed lockctl --version failed: $(cat "$work/err")"
    [[ "$out" == lockctl\ * ]] || fail "installed lockctl --version printed '$out'"
    ok "dpkg -i: /usr/bin/lockctl --version: $out"
    for l in lockctl lock-inspector; do
        [ -s "/opt/lockwatch/lib/app/$l.jsa" ] || fail "postinst made no CDS archive /opt/lockwatch/lib/app/$l.jsa"
    done
    (cd / && run _JAVA_OPTIONS=-Xshare:on lockctl --version >/dev/null 2>"$work/err") \
        || fail "installed lockctl does not map its CDS archive: $(cat "$work/err")"
    ok "postinst made the CDS archives for /opt/lockwatch (-Xshare:on works)"
    [ -x /opt/lockwatch/bin/lock-inspector ] || fail "/opt/lockwatch/bin/lock-inspector missing"
    desktop="$(ls /usr/share/applications/*lock-inspector*.desktop 2>/dev/null | head -1 || true)"
    [ -n "$desktop" ] || fail "no menu entry for lock-inspector under /usr/share/applications"
    grep -q '^Exec=/opt/lockwatch/bin/lock-inspector' "$desktop" || fail "$desktop does not start /opt/lockwatch/bin/lock-inspector"
    icon="$(sed -n 's/^Icon=//p' "$desktop" | head -1)"
    [ -n "$icon" ] || fail "$desktop has no Icon="
    case "$icon" in
        /*) [ -s "$icon" ] || fail "$desktop: Icon=$icon does not exist" ;;
        *) fail "$desktop: Icon=$icon is a theme name, expected the path of the installed icon" ;;
    esac
    ok "menu entry $desktop, icon $icon"
    dpkg -r lockwatch >"$work/dpkg.out" 2>&1 || fail "dpkg -r failed: $(cat "$work/dpkg.out")"
    installed_by_us=""
    state="$(dpkg-query -W -f '${db:Status-Status}' lockwatch 2>/dev/null || true)"
    case "$state" in
        ''|not-installed|config-files) ;;
        *) fail "lockwatch is still installed after dpkg -r ($state)" ;;
    esac
    [ ! -e /usr/bin/lockctl ] && [ ! -L /usr/bin/lockctl ] || fail "/usr/bin/lockctl is still there after dpkg -r"
    [ ! -e /opt/lockwatch ] || fail "/opt/lockwatch is still there after dpkg -r: $(find /opt/lockwatch | head)"
    [ -z "$(ls /usr/share/applications/*lock-inspector*.desktop 2>/dev/null)" ] || fail "the menu entry is still there after dpkg -r"
    dpkg --purge lockwatch >/dev/null 2>&1 || true
    ok "dpkg -r: lockctl, /opt/lockwatch and the menu entry are gone"
fi

echo "smoke test passed"
