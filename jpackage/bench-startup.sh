#!/usr/bin/env bash
# Start-up numbers of the packaged app (not a test; the results go to jpackage/README.md):
#
#   jpackage/bench-startup.sh [IMAGE_DIR]      (default: jpackage/target/image/lockwatch)
#
# 1. `lockctl ls DIR` on 100 locks (bench/floor/make_locks.py), hyperfine: with the image's AppCDS
#    archive, with only the JDK's default archive, and with CDS off.
# 2. lock-inspector: time from exec to its window being mapped (xwininfo polling under Xvfb), N runs,
#    with and without the AppCDS archive; and the --smoke-test wall time (start, demo workspace filled,
#    rendered to PNG, exit).
# 3. sizes: du -sh of the image and its parts, the .deb.
# Needs hyperfine, xvfb-run, xwininfo (x11-utils), /usr/bin/python3.
set -euo pipefail
here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$(cd -P "${1:-$here/target/image/lockwatch}" && pwd)"
runs="${RUNS:-10}"
work="$(mktemp -d "${TMPDIR:-/tmp}/lockwatch-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$here/../bench/floor/make_locks.py" "$work/locks" 100 >/dev/null
base="$image/lib/runtime/lib/server/classes.jsa"
hyperfine -N -w 3 -r "${RUNS_CLI:-30}" --export-json "$work/cli.json" \
    -n "AppCDS (as shipped)" "$image/bin/lockctl ls $work/locks" \
    -n "default JDK archive only" "env _JAVA_OPTIONS=-XX:SharedArchiveFile=$base $image/bin/lockctl ls $work/locks" \
    -n "CDS off" "env _JAVA_OPTIONS=-Xshare:off $image/bin/lockctl ls $work/locks" \
    >"$work/cli.txt" 2>&1 || { cat "$work/cli.txt"; exit 1; }
/usr/bin/python3 - "$work/cli.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"lockctl ls (100 locks), {r['command']}: median {r['median']:.3f} s, "
          f"mean {r['mean']:.3f} s, min {r['min']:.3f} s, max {r['max']:.3f} s, {len(r['times'])} runs")
EOF

first_frame() { # prints ms from exec to the inspector's window being viewable
    xvfb-run -a sh -c '
        start=$(date +%s%N)
        "$1" --demo >/dev/null 2>&1 &
        pid=$!
        while :; do
            if xwininfo -name "Lockwatch inspector" 2>/dev/null | grep -q "IsViewable"; then
                echo $(( ($(date +%s%N) - start) / 1000000 )); break
            fi
            kill -0 $pid 2>/dev/null || { echo failed; break; }
            sleep 0.01
        done
        kill $pid; wait $pid 2>/dev/null || true' sh "$1"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for mode in "AppCDS (as shipped)" "default JDK archive only"; do
    : >"$work/ff"
    for _ in $(seq "$runs"); do
        if [ "$mode" = "AppCDS (as shipped)" ]; then first_frame "$image/bin/lock-inspector" >>"$work/ff"
        else _JAVA_OPTIONS="-XX:SharedArchiveFile=$base" first_frame "$image/bin/lock-inspector" >>"$work/ff"; fi
    done
    echo "lock-inspector first frame (window viewable), $mode: median $(median <"$work/ff") ms of $runs runs: $(tr '\n' ' ' <"$work/ff")"
done
: >"$work/st"
for _ in $(seq 3); do
    s=$(date +%s%N)
    xvfb-run -a "$image/bin/lock-inspector" --smoke-test "$work/s.png" >/dev/null 2>&1
    echo $(( ($(date +%s%N) - s) / 1000000 )) >>"$work/st"
done
echo "lock-inspector --smoke-test wall time (incl. xvfb-run start, demo workspace, PNG): median $(median <"$work/st") ms of 3: $(tr '\n' ' ' <"$work/st")"

echo "== sizes"
for d in "$image" "$image/lib/runtime" "$image/lib/app"; do du -sh "$d"; done
du -ch "$image"/lib/app/*.jsa | tail -1 | sed 's/total/AppCDS archives/'
ls "$here"/target/lockwatch_*.deb >/dev/null 2>&1 && du -h "$here"/target/lockwatch_*.deb
