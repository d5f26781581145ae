#!/usr/bin/python3
"""Lockwatch benchmark runner: runs every benchmark, prints one table, writes the report and plots.

Called by bench/run (which builds and mounts first); run it directly only with the same options:

  /usr/bin/python3 bench/runner.py --tmpfs DIR --ext4 DIR [--smoke] [--report FILE] [--plots DIR]
                                  [--only cycle,contend,scan,cli,gui]

Every benchmark's numbers go to bench/target/bench-results/results.json as well. Timings never decide
the exit status: it is 1 only if a benchmark crashed (a program failed, output missing or unparsable).
"""
import argparse
import datetime
import glob
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
JAR = os.path.join(BENCH, "target", "benchmarks.jar")
FLOOR = os.path.join(BENCH, "floor", "build")
PY = "/usr/bin/python3"
JAVA = shutil.which("java") or "java"
LOCKCTL_JAR = os.path.join(ROOT, "lock-cli", "target", "lockctl.jar")

# ---------------------------------------------------------------- configuration per mode
FULL = dict(
    cycle_rounds=3,                  # interleaved rounds of floor / flufl / ours per filesystem
    floor_iters=100_000, floor_warm=2_000,
    flufl_iters=20_000, flufl_warm=500,
    jmh=["-f", "1", "-wi", "5", "-w", "1s", "-i", "5", "-r", "1s"],
    contend_duration=10.0, hold_ms=1.0,
    ours_runs={2: 1, 4: 3, 8: 1},
    flufl_runs={2: 1, 4: 5, 8: 1},
    idle_s=10.0,
    scan_counts=[100, 1_000, 10_000, 50_000], scan_repeats=10, scan_warmup_ms=2000, floor_repeats=10,
    cli_runs=20, cli_warmup=3, cli_locks=100,
    gui_rows=10_000, gui_seconds=10, gui_churn=100,
)
SMOKE = dict(
    cycle_rounds=1,
    floor_iters=2_000, floor_warm=100,
    flufl_iters=500, flufl_warm=50,
    jmh=["-f", "1", "-wi", "1", "-w", "200ms", "-i", "1", "-r", "200ms"],
    contend_duration=1.0, hold_ms=1.0,
    ours_runs={2: 1}, flufl_runs={2: 1},
    idle_s=1.0,
    scan_counts=[100, 1_000], scan_repeats=2, scan_warmup_ms=100, floor_repeats=2,
    cli_runs=3, cli_warmup=1, cli_locks=100,
    gui_rows=100, gui_seconds=1, gui_churn=10,
)

# The targets (issue 7).
T_CYCLE_RATIO = 1.5        # ours / floor
T_VS_FLUFL = 2.0           # flufl / ours
T_RATE_FRACTION = 0.80     # of 1 / (hold + cycle)
T_RATE_VS_FLUFL = 10.0
T_MAX_WAIT_MS = 100.0
T_SHARE = (0.5, 2.0)
T_IDLE_CPU = 5.0           # % of a core
T_SCAN_RATIO = 2.0         # ours / floor at 10,000 locks
T_LINEAR = 1.5             # per-lock cost at 50,000 / at 10,000 (and at 1,000) at most this
T_GUI_P99_MS = 16.0
T_GUI_RSS_MB = 400.0

crashes = []   # (section, message)
notes = []     # free text for the report


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def run(cmd, timeout=900, **kw):
    """Run a command, return stdout; raise on a non-zero exit (a crash)."""
    log("$", " ".join(cmd))
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {p.stderr.strip()[-2000:]}")
    return p.stdout


def json_lines(text):
    return [json.loads(l) for l in text.splitlines() if l.strip().startswith("{")]


def pct(vals, p):
    """Nearest-rank percentile (same definition as the C and Python baselines)."""
    if not vals:
        return float("nan")
    s = sorted(vals)
    rank = min(max(math.ceil(p / 100.0 * len(s)), 1), len(s))
    return s[rank - 1]


def section(name, fn, results, *a):
    t0 = time.monotonic()
    try:
        results[name] = fn(*a)
    except Exception as e:  # a crash: recorded, the other sections still run
        traceback.print_exc()
        msg = f"{type(e).__name__}: {e}"
        msg = msg if len(msg) <= 300 else msg[:140] + " ... " + msg[-140:]
        crashes.append((name, msg))
        results[name] = {"error": msg}
    results.setdefault("_section_s", {})[name] = round(time.monotonic() - t0, 1)


def fresh_dir(parent, name):
    d = os.path.join(parent, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


# ---------------------------------------------------------------- 1. uncontended cycle
def bench_cycle(cfg, fss, work):
    out = {}
    for fs, base in fss.items():
        rounds = {"floor": [], "flufl": [], "ours": []}
        for r in range(cfg["cycle_rounds"]):
            d = fresh_dir(base, f"cycle-{r}")
            f = json_lines(run([os.path.join(FLOOR, "cycle"), d, str(cfg["floor_iters"]),
                                str(cfg["floor_warm"])]))[0]
            rounds["floor"].append(f)
            p = json_lines(run([PY, os.path.join(BENCH, "python", "flufl_cycle.py"), d,
                                str(cfg["flufl_iters"]), str(cfg["flufl_warm"])]))[0]
            rounds["flufl"].append(p)
            rf = os.path.join(work, f"jmh-cycle-{fs}-{r}.json")
            run([JAVA, "-jar", JAR, "CycleBench", "-p", f"dir={d}", *cfg["jmh"], "-rf", "json", "-rff", rf],
                timeout=600)
            with open(rf) as fh:
                j = json.load(fh)[0]
            m = j["primaryMetric"]
            rounds["ours"].append({"us": m["score"], "err_us": m.get("scoreError"),
                                   "iterations_us": [x for it in m["rawData"] for x in it]})
            shutil.rmtree(d, ignore_errors=True)
        floor_us = statistics.median(x["ns_per_cycle"] / 1000 for x in rounds["floor"])
        flufl_us = statistics.median(x["ns_per_cycle"] / 1000 for x in rounds["flufl"])
        ours_us = statistics.median(x["us"] for x in rounds["ours"])
        out[fs] = {
            "floor_us": floor_us, "flufl_us": flufl_us, "ours_us": ours_us,
            "floor_p50_us": statistics.median(x["p50_ns"] / 1000 for x in rounds["floor"]),
            "flufl_p50_us": statistics.median(x["p50_ns"] / 1000 for x in rounds["flufl"]),
            "ours_over_floor": ours_us / floor_us, "flufl_over_floor": flufl_us / floor_us,
            "flufl_over_ours": flufl_us / ours_us, "rounds": rounds,
        }
        log(f"cycle {fs}: floor {floor_us:.1f} us, flufl {flufl_us:.1f} us, ours {ours_us:.1f} us")
    return out


def cycle_profile(fss, work, smoke):
    """strace -c of our cycle loop vs the C floor: syscalls per cycle (a profile hint, not a timing)."""
    if shutil.which("strace") is None:
        return {"error": "strace not installed"}
    base = fss.get("tmpfs") or next(iter(fss.values()))
    res = {}
    d = fresh_dir(base, "profile")
    secs = "1s" if smoke else "2s"
    for name, cmd in (
            ("floor", [os.path.join(FLOOR, "cycle"), d, "20000", "0"]),
            ("ours", [JAVA, "-jar", JAR, "CycleBench", "-p", f"dir={d}", "-f", "0", "-wi", "0", "-i", "1",
                      "-r", secs])):
        tf = os.path.join(work, f"strace-{name}.txt")
        run(["strace", "-f", "-c", "-o", tf, *cmd], timeout=300)
        counts = {}
        with open(tf) as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
                    try:
                        counts[parts[-1]] = int(parts[3])
                    except ValueError:
                        pass
        links = counts.get("link", 0) or counts.get("linkat", 0)
        if links:
            per = {k: round(v / links, 2) for k, v in counts.items() if v / links >= 0.5}
            res[name] = {"cycles": links, "per_cycle": dict(sorted(per.items(), key=lambda kv: -kv[1]))}
    shutil.rmtree(d, ignore_errors=True)
    fs_calls = {"open", "openat", "close", "write", "read", "link", "linkat", "unlink", "unlinkat", "stat",
                "statx", "newfstatat", "lstat", "fstat", "utimensat", "futimens"}
    for v in res.values():
        v["fs_syscalls_per_cycle"] = round(sum(n for k, n in v["per_cycle"].items() if k in fs_calls), 1)
    return res


# ---------------------------------------------------------------- 2. hand-off under contention
def contend_once(impl, k, base, cfg, tag):
    d = fresh_dir(base, f"contend-{impl}-{k}-{tag}")
    lock = os.path.join(d, "handoff.lck")
    allowance = (1.5 + 0.5 * k) if impl == "ours" else (1.0 + 0.2 * k)
    start_at = time.time() + allowance
    procs, outs = [], []
    for i in range(k):
        o = os.path.join(d, f"out-{i}.json")
        outs.append(o)
        if impl == "ours":
            cmd = [JAVA, "-XX:+UseSerialGC", "-Xshare:auto", "-cp", JAR, "io.github.lockwatch.bench.Contend", lock]
        else:
            cmd = [PY, os.path.join(BENCH, "python", "flufl_contend.py"), lock]
        cmd += ["--duration", str(cfg["contend_duration"]), "--hold-ms", str(cfg["hold_ms"]),
                "--out", o, "--start-at", f"{start_at:.6f}"]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    errs = []
    for p in procs:
        _, err = p.communicate(timeout=cfg["contend_duration"] + 120)
        if p.returncode != 0:
            errs.append(f"exit {p.returncode}: {err.strip()[-500:]}")
    if errs:
        raise RuntimeError(f"{impl} K={k}: " + "; ".join(errs))
    docs = []
    for o in outs:
        with open(o) as fh:
            docs.append(json.load(fh))
    shutil.rmtree(d, ignore_errors=True)
    return summarize_contention(docs, k, cfg)


def summarize_contention(docs, k, cfg):
    dur = cfg["contend_duration"]
    waits, holds, per = [], [], []
    censored = []
    sequence = []          # (epoch ns of the acquisition, process index)
    late = 0
    for i, doc in enumerate(docs):
        n = doc["acquisitions"] - (1 if doc["late_acquisition"] else 0)
        late += 1 if doc["late_acquisition"] else 0
        per.append(n)
        waits += doc["waits_ns"][:n]
        holds += doc["holds_ns"][:n]
        censored += doc["censored_waits_ns"]
        sequence += [(doc["start_epoch_ns"] + t, i) for t in doc["acquired_at_ns"][:n]]
    sequence.sort()
    # A hand-off is an acquisition by another process than the one before: how often the lock
    # really passed between the contenders (a process re-taking its own lock is not one).
    handoffs = sum(1 for a, b in zip(sequence, sequence[1:]) if a[1] != b[1])
    total = sum(per)
    shares = [k * n / total if total else 0.0 for n in per]
    lateness = [doc["start_lateness_ns"] or 0 for doc in docs]
    return {
        "k": k, "acquisitions": total, "rate_per_s": total / dur, "handoffs_per_s": handoffs / dur,
        "per_process": per, "share_vs_fair_min": min(shares), "share_vs_fair_max": max(shares),
        "wait_p50_ms": pct(waits, 50) / 1e6, "wait_p99_ms": pct(waits, 99) / 1e6,
        "wait_max_ms": max(waits) / 1e6 if waits else float("nan"),
        "censored_max_ms": max(censored) / 1e6 if censored else 0.0,
        "hold_mean_ms": statistics.mean(holds) / 1e6 if holds else float("nan"),
        "late_acquisitions_dropped": late, "start_lateness_max_ms": max(lateness) / 1e6,
        "waits_ns": waits,
    }


def bench_contend(cfg, fss, cycle_res):
    fs = "ext4" if "ext4" in fss else next(iter(fss))
    base = fss[fs]
    out = {"fs": fs, "duration_s": cfg["contend_duration"], "hold_ms": cfg["hold_ms"], "ours": {}, "flufl": {}}
    for impl, runs in (("ours", cfg["ours_runs"]), ("flufl", cfg["flufl_runs"])):
        for k, n in runs.items():
            results = [contend_once(impl, k, base, cfg, str(i)) for i in range(n)]
            for r in results:
                log(f"contend {impl} K={k}: {r['rate_per_s']:.0f}/s, max wait {r['wait_max_ms']:.1f} ms, "
                    f"shares {r['share_vs_fair_min']:.2f}-{r['share_vs_fair_max']:.2f}")
            results.sort(key=lambda r: r["rate_per_s"])
            med = results[len(results) // 2]          # the median run by aggregate rate
            med = dict(med)
            med["runs"] = n
            med["rates_all_runs"] = [round(r["rate_per_s"], 1) for r in results]
            med["handoffs_median_per_s"] = statistics.median(r["handoffs_per_s"] for r in results)
            out[impl][k] = med
    try:
        cyc_us = cycle_res[fs]["floor_us"]     # the ideal any lock could reach: holds + the syscall floor
    except (KeyError, TypeError):
        cyc_us = 10.0
    for impl in ("ours", "flufl"):
        for k, r in out[impl].items():
            r["ideal_rate_per_s"] = 1000.0 / (r["hold_mean_ms"] + cyc_us / 1000.0)
            r["rate_fraction_of_ideal"] = r["rate_per_s"] / r["ideal_rate_per_s"]
    return out


def bench_idle(cfg, fss):
    """Idle waiters (ours and flufl) blocked on a lock that flufl holds in this process."""
    sys.path.insert(0, os.path.join(BENCH, "python"))
    from datetime import timedelta
    from flufl.lock import Lock
    fs = "ext4" if "ext4" in fss else next(iter(fss))
    d = fresh_dir(fss[fs], "idle")
    path = os.path.join(d, "idle.lck")
    holder = Lock(path, lifetime=timedelta(seconds=cfg["idle_s"] + 60))
    holder.lock()
    try:
        secs = cfg["idle_s"]
        flufl_code = (
            "import json,sys,time\n"
            "from datetime import timedelta\n"
            "from flufl.lock import Lock, TimeOutError\n"
            "def t():\n"
            "    s=open('/proc/self/stat').read(); f=s[s.rindex(')')+2:].split()\n"
            "    return int(f[11])+int(f[12])\n"
            "l=Lock(sys.argv[1]); c0=t(); w0=time.monotonic(); acq=False\n"
            "try:\n"
            "    l.lock(timeout=timedelta(seconds=float(sys.argv[2]))); acq=True; l.unlock()\n"
            "except TimeOutError: pass\n"
            "w=time.monotonic()-w0; c=t()-c0\n"
            "print(json.dumps({'impl':'flufl.lock','cpu_ticks':c,'wall_ns':int(w*1e9),"
            "'cpu_pct_of_core':100.0*c/100/w,'acquired':acq}))\n"
            "sys.exit(1 if acq else 0)\n")
        pj = subprocess.Popen([JAVA, "-cp", JAR, "io.github.lockwatch.bench.IdleWaiter", path, "--seconds",
                               str(secs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        pp = subprocess.Popen([PY, "-c", flufl_code, path, str(secs)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        res = {}
        for name, p in (("ours", pj), ("flufl", pp)):
            o, e = p.communicate(timeout=secs + 120)
            if p.returncode != 0:
                raise RuntimeError(f"idle waiter {name} exited {p.returncode}: {e.strip()[-500:]} {o}")
            res[name] = json_lines(o)[0]
        log(f"idle waiter CPU: ours {res['ours']['cpu_pct_of_core']:.2f}%, "
            f"flufl {res['flufl']['cpu_pct_of_core']:.2f}% of a core")
        res["fs"] = fs
        res["seconds"] = secs
        return res
    finally:
        holder.unlock()
        shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------- 3. scan cost growth
def bench_scan(cfg, fss):
    fs = "ext4" if "ext4" in fss else next(iter(fss))
    dirs = {}
    for n in cfg["scan_counts"]:
        d = fresh_dir(fss[fs], f"scan-{n}")
        made = json_lines(run([PY, os.path.join(BENCH, "floor", "make_locks.py"), d, str(n)], timeout=900))[0]
        if made["entries"] != 2 * n:
            raise RuntimeError(f"make_locks made {made['entries']} entries in {d}, expected {2 * n}")
        dirs[n] = d
    # Drop nothing from the caches: both sides scan warm (the files were just written).
    floor = {}
    for n, d in dirs.items():
        floor[n] = json_lines(run([os.path.join(FLOOR, "scan"), d, str(cfg["floor_repeats"])]))[0]
    ours_lines = json_lines(run([JAVA, "-Xmx2g", "-cp", JAR, "io.github.lockwatch.bench.ScanBench",
                                 "--repeats", str(cfg["scan_repeats"]), "--warmup-ms", str(cfg["scan_warmup_ms"]),
                                 *dirs.values()], timeout=900))
    ours = {n: l for n, l in zip(dirs, ours_lines)}
    # floor again, after ours, and keep the better of the two floor runs (the machine is shared)
    for n, d in dirs.items():
        again = json_lines(run([os.path.join(FLOOR, "scan"), d, str(cfg["floor_repeats"])]))[0]
        if again["ms"] < floor[n]["ms"]:
            floor[n] = again
    rows = {}
    for n in dirs:
        o, f = ours[n], floor[n]
        if o["locks"] != n:
            raise RuntimeError(f"scan of {dirs[n]} found {o['locks']} locks, expected {n}")
        rows[n] = {
            "locks": n, "ours_ms": o["ms"], "ours_median_ms": o["median_ms"], "floor_ms": f["ms"],
            "ratio": o["ms"] / f["ms"] if f["ms"] else float("nan"),
            "ours_us_per_lock": o["ms"] * 1000 / n, "floor_us_per_lock": f["ms"] * 1000 / n,
            "retained_bytes": o["retained_bytes"], "retained_bytes_per_lock": o["retained_bytes"] / n,
            "alloc_bytes": o.get("alloc_bytes"), "rescan_ms": o.get("rescan_ms"),
            "rescan_median_ms": o.get("rescan_median_ms"), "rescan_alloc_bytes": o.get("rescan_alloc_bytes"),
        }
        log(f"scan {n}: ours {o['ms']:.2f} ms, floor {f['ms']:.2f} ms, retained {o['retained_bytes'] / 1e6:.1f} MB")
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
    res = {"fs": fs, "rows": rows}
    ns = sorted(rows)
    if len(ns) >= 2:
        big, ref = ns[-1], (10_000 if 10_000 in rows and ns[-1] != 10_000 else ns[-2])
        res["growth_ratio"] = rows[big]["ours_us_per_lock"] / rows[ref]["ours_us_per_lock"]
        res["growth_from"], res["growth_to"] = ref, big
        # least-squares slope of ms against n, and how well a line fits
        xs, ys = [float(n) for n in ns], [rows[n]["ours_ms"] for n in ns]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
        ss_res = sum((y - (my + slope * (x - mx))) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
        res["fit_us_per_lock"] = slope * 1000
        res["fit_r2"] = 1 - ss_res / ss_tot
    return res


# ---------------------------------------------------------------- 4. CLI start-up
def find_image_launcher():
    env = os.environ.get("LOCKCTL_IMAGE")
    if env:
        return env if os.access(env, os.X_OK) else None
    cands = sorted(glob.glob(os.path.join(ROOT, "jpackage", "target", "**", "bin", "lockctl"), recursive=True),
                   key=lambda p: (0 if "/image/" in p else 1, p))
    for c in cands:
        if os.access(c, os.X_OK) and os.path.isfile(c):
            return c
    return None


def bench_cli(cfg, fss):
    fs = "ext4" if "ext4" in fss else next(iter(fss))
    d = fresh_dir(fss[fs], "cli")
    run([PY, os.path.join(BENCH, "floor", "make_locks.py"), d, str(cfg["cli_locks"])])
    cmds = {"ls -l": ["ls", "-l", d]}
    image = find_image_launcher()
    res = {"fs": fs, "locks": cfg["cli_locks"], "image": image}
    if image:
        cmds["lockctl ls (image)"] = [image, "ls", "--color=never", d]
    else:
        res["image_note"] = "not measured: app image not built (no jpackage/target/**/bin/lockctl)"
    if os.path.isfile(LOCKCTL_JAR):
        cmds["lockctl ls (java -jar lockctl.jar)"] = [JAVA, "-jar", LOCKCTL_JAR, "ls", "--color=never", d]
    # each must work before it is timed (a failing command is a crash, not a fast one)
    for name, c in cmds.items():
        run(c)
    times = {}
    if shutil.which("hyperfine"):
        hf = os.path.join(tempfile.mkdtemp(), "hf.json")
        args = ["hyperfine", "-N", "--style", "none", "--warmup", str(cfg["cli_warmup"]), "--runs",
                str(cfg["cli_runs"]), "--export-json", hf]
        names = list(cmds)
        for name in names:
            args += ["-n", name, " ".join(q(x) for x in cmds[name])]
        run(args, timeout=900)
        with open(hf) as fh:
            for name, r in zip(names, json.load(fh)["results"]):
                times[name] = {"mean_ms": r["mean"] * 1000, "median_ms": r["median"] * 1000,
                               "min_ms": r["min"] * 1000, "stddev_ms": (r["stddev"] or 0) * 1000}
        res["tool"] = "hyperfine"
    else:
        res["tool"] = "own loop (hyperfine not installed)"
        for name, c in cmds.items():
            for _ in range(cfg["cli_warmup"]):
                subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
            ts = []
            for _ in range(cfg["cli_runs"]):
                t0 = time.perf_counter()
                subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
                ts.append((time.perf_counter() - t0) * 1000)
            times[name] = {"mean_ms": statistics.mean(ts), "median_ms": statistics.median(ts), "min_ms": min(ts),
                           "stddev_ms": statistics.pstdev(ts)}
    res["times"] = times
    base = times["ls -l"]["median_ms"]
    for name, t in times.items():
        t["over_ls"] = t["median_ms"] / base
        log(f"cli {name}: median {t['median_ms']:.1f} ms ({t['over_ls']:.1f}x ls -l)")
    shutil.rmtree(d, ignore_errors=True)
    return res


def q(s):
    return s if all(c.isalnum() or c in "/-_.=,:" for c in s) else "'" + s.replace("'", "'\\''") + "'"


# ---------------------------------------------------------------- 5. GUI under load
def bench_gui(cfg, fss):
    cp_file = os.path.join(BENCH, "target", "gui-classpath.txt")
    gui_classes = os.path.join(BENCH, "target", "gui-classes")
    if not (os.path.isfile(cp_file) and os.path.isdir(gui_classes)):
        return {"skipped": "the GUI bench was not built (inspector-app did not compile; "
                           "see bench/target/gui-build.log)"}
    with open(cp_file) as fh:
        cp = gui_classes + ":" + fh.read().strip()
    fs = "tmpfs" if "tmpfs" in fss else next(iter(fss))
    d = fresh_dir(fss[fs], "gui")
    run([PY, os.path.join(BENCH, "floor", "make_locks.py"), d, str(cfg["gui_rows"])], timeout=600)
    # The JVM options the app itself runs with (inspector-app's inspector.jvmOptions, the jpackage launcher).
    out = run([JAVA, "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
               "-Dheadless.geometry=1920x1200-32", "-cp", cp, "io.github.lockwatch.bench.gui.GuiLoad", d,
               "--rows", str(cfg["gui_rows"]), "--seconds", str(cfg["gui_seconds"]),
               "--view", "full", "--churn", str(cfg["gui_churn"])], timeout=240)
    shutil.rmtree(d, ignore_errors=True)
    return json_lines(out)[-1]


# ---------------------------------------------------------------- report
def machine_info():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    jv = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "jdk": jv[1].strip() if len(jv) > 1 else (jv[0] if jv else "?"),
            "python": platform.python_version(), "date": datetime.datetime.now().astimezone().isoformat(
                timespec="seconds")}


def load_sample():
    with open("/proc/loadavg") as fh:
        return float(fh.read().split()[0])


def fmt(x, nd=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.{nd}f}"


def met(ok):
    return "met" if ok else "**not met**"


def build_rows(R):
    """The one table: (benchmark, ours, baseline, ratio, target, verdict)."""
    rows = []
    c = R.get("cycle", {})
    for fs in ("tmpfs", "ext4"):
        x = c.get(fs)
        if not isinstance(x, dict) or "ours_us" not in x:
            continue
        rows.append((f"cycle {fs} (µs)", fmt(x["ours_us"]), f"floor {fmt(x['floor_us'])}",
                     f"{x['ours_over_floor']:.2f}× floor", f"≤ {T_CYCLE_RATIO}× floor",
                     met(x["ours_over_floor"] <= T_CYCLE_RATIO)))
        rows.append((f"cycle {fs} vs flufl", fmt(x["ours_us"]), f"flufl {fmt(x['flufl_us'])}",
                     f"flufl {x['flufl_over_ours']:.2f}× ours", f"≥ {T_VS_FLUFL}× faster",
                     met(x["flufl_over_ours"] >= T_VS_FLUFL)))
    h = R.get("contend", {})
    if isinstance(h, dict) and "ours" in h:
        for k in sorted(set(h["ours"]) | set(h["flufl"])):
            o, f = h["ours"].get(k), h["flufl"].get(k)
            if o:
                base = f"flufl {fmt(f['rate_per_s'], 0)}" if f else "flufl n/a"
                ratio = f"{o['rate_per_s'] / f['rate_per_s']:.1f}× flufl" if f and f["rate_per_s"] else "n/a"
                tgt, verdict = "", ""
                if k == 4:
                    tgt = f"≥ {int(T_RATE_FRACTION * 100)}% ideal"
                    verdict = met(o["rate_fraction_of_ideal"] >= T_RATE_FRACTION)
                rows.append((f"hand-off K={k} acq/s", fmt(o["rate_per_s"], 0), base,
                             f"{ratio}; {o['rate_fraction_of_ideal'] * 100:.0f}% of ideal", tgt, verdict))
                if k == 4 and f:
                    # The slowest process's rate is where a starving baseline shows.
                    slow_o = o["share_vs_fair_min"] * o["rate_per_s"] / k
                    slow_f = f["share_vs_fair_min"] * f["rate_per_s"] / k
                    rows.append((f"hand-off K={k} vs flufl acq/s", fmt(o["rate_per_s"], 0),
                                 f"flufl {fmt(f['rate_per_s'], 0)}",
                                 f"{ratio}; slowest process: ours {fmt(slow_o, 0)}/s, flufl {fmt(slow_f, 0)}/s",
                                 f"≥ {int(T_RATE_VS_FLUFL)}× flufl",
                                 met(o["rate_per_s"] >= T_RATE_VS_FLUFL * f["rate_per_s"])
                                 + (" on the total, which flufl gets from one process starving the others (§2); "
                                    f"hand-offs to another process, medians of the runs: ours "
                                    f"{fmt(o['handoffs_median_per_s'], 0)}/s, flufl {fmt(f['handoffs_median_per_s'], 1)}/s")
                                 * (o["rate_per_s"] < T_RATE_VS_FLUFL * f["rate_per_s"])))
                if f:
                    ho, hf = o["handoffs_median_per_s"], f["handoffs_median_per_s"]
                    rows.append((f"hand-off K={k} hand-offs/s (to another process)", fmt(ho, 0), f"flufl {fmt(hf, 1)}",
                                 f"{ho / hf:.0f}× flufl" if hf else "flufl never handed off", "", ""))
                mx = max(o["wait_max_ms"], o["censored_max_ms"])
                rows.append((f"hand-off K={k} wait p50/p99/max (ms)",
                             f"{fmt(o['wait_p50_ms'], 2)}/{fmt(o['wait_p99_ms'], 1)}/{fmt(mx, 1)}",
                             (f"flufl {fmt(f['wait_p50_ms'], 0)}/{fmt(f['wait_p99_ms'], 0)}/"
                              f"{fmt(max(f['wait_max_ms'], f['censored_max_ms']), 0)}") if f else "",
                             "", f"max ≤ {int(T_MAX_WAIT_MS)} ms" if k == 4 else "",
                             met(mx <= T_MAX_WAIT_MS) if k == 4 else ""))
                rows.append((f"hand-off K={k} share/fair (min–max)",
                             f"{o['share_vs_fair_min']:.2f}–{o['share_vs_fair_max']:.2f}",
                             f"flufl {f['share_vs_fair_min']:.2f}–{f['share_vs_fair_max']:.2f}" if f else "", "",
                             "0.5–2×" if k == 4 else "",
                             met(T_SHARE[0] <= o["share_vs_fair_min"] and o["share_vs_fair_max"] <= T_SHARE[1])
                             if k == 4 else ""))
    i = R.get("idle", {})
    if isinstance(i, dict) and "ours" in i:
        rows.append(("idle waiter CPU (% of a core)", fmt(i["ours"]["cpu_pct_of_core"], 2),
                     f"flufl {fmt(i['flufl']['cpu_pct_of_core'], 2)}", "", f"< {T_IDLE_CPU:.0f}%",
                     met(i["ours"]["cpu_pct_of_core"] < T_IDLE_CPU)))
    s = R.get("scan", {})
    if isinstance(s, dict) and "rows" in s:
        for n, x in sorted(s["rows"].items(), key=lambda kv: int(kv[0])):
            n = int(n)
            rows.append((f"scan {n:,} locks (ms)", fmt(x["ours_ms"], 2), f"floor {fmt(x['floor_ms'], 2)}",
                         f"{x['ratio']:.2f}× floor", f"≤ {T_SCAN_RATIO}× floor" if n == 10_000 else "",
                         met(x["ratio"] <= T_SCAN_RATIO) if n == 10_000 else ""))
        if "growth_ratio" in s:
            rows.append((f"scan per-lock cost {s['growth_to']:,} / {s['growth_from']:,}",
                         f"{s['growth_ratio']:.2f}", "", f"fit {fmt(s['fit_us_per_lock'], 2)} µs/lock, "
                         f"R² {s['fit_r2']:.3f}", f"linear (≤ {T_LINEAR})",
                         met(s["growth_ratio"] <= T_LINEAR)))
        big = max(s["rows"], key=lambda n: int(n))
        ten = next((x for n, x in s["rows"].items() if int(n) == 10_000), None)
        if ten and ten.get("rescan_ms") is not None:
            rows.append(("rescan of 10,000 unchanged locks (ms)", fmt(ten["rescan_ms"], 2),
                         f"full scan {fmt(ten['ours_ms'], 2)}", f"{ten['rescan_ms'] / ten['ours_ms']:.2f}× full", "", ""))
            rows.append(("allocated per rescan of 10,000 unchanged locks",
                         f"{ten['rescan_alloc_bytes'] / 1e6:.1f} MB", f"full scan {ten['alloc_bytes'] / 1e6:.1f} MB",
                         f"{ten['rescan_alloc_bytes'] / ten['alloc_bytes']:.2f}× full", "", ""))
        rows.append((f"engine heap held by a {int(big):,}-lock scan", f"{s['rows'][big]['retained_bytes'] / 1e6:.1f} MB",
                     "", f"{s['rows'][big]['retained_bytes_per_lock']:.0f} B/lock", "", ""))
    cl = R.get("cli", {})
    if isinstance(cl, dict) and "times" in cl:
        for name, t in cl["times"].items():
            if name == "ls -l":
                continue
            rows.append((f"{name}, {cl['locks']} locks (ms)", fmt(t["median_ms"]), f"ls -l {fmt(cl['times']['ls -l']['median_ms'])}",
                         f"{t['over_ls']:.0f}× ls -l", "", ""))
        if cl.get("image_note"):
            rows.append(("lockctl ls (image)", "not measured", "", cl["image_note"], "", ""))
    g = R.get("gui", {})
    if isinstance(g, dict):
        if "pulse_p99_ms" in g:
            rows.append((f"GUI pulse, {g['rows']:,} rows ticking p50/p99 (ms)",
                         f"{fmt(g['pulse_p50_ms'], 1)}/{fmt(g['pulse_p99_ms'], 1)}", "", "",
                         f"p99 ≤ {T_GUI_P99_MS:.0f} ms", met(g["pulse_p99_ms"] <= T_GUI_P99_MS)))
            if "interval_p99_ms" in g:
                rows.append(("GUI frame interval p50/p99/max (ms)",
                             f"{fmt(g['interval_p50_ms'], 1)}/{fmt(g['interval_p99_ms'], 1)}/{fmt(g['interval_max_ms'], 0)}",
                             "", f"{g.get('gc_count', 0)} GCs, {g.get('gc_ms', 0)} ms in GC", "", ""))
            rows.append(("GUI resident memory (MB)", fmt(g["rss_mb"], 0), "", "", f"≤ {T_GUI_RSS_MB:.0f} MB",
                         met(g["rss_mb"] <= T_GUI_RSS_MB)))
        else:
            rows.append(("GUI under load", "not measured", "", g.get("skipped") or g.get("error", ""), "", ""))
    return rows


def text_table(rows):
    hdr = ("benchmark", "ours", "baseline", "ratio", "target", "verdict")
    allr = [hdr] + [tuple(str(c).replace("**", "") for c in r) for r in rows]
    w = [max(len(r[i]) for r in allr) for i in range(len(hdr))]
    lines = ["  ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip() for r in allr]
    lines.insert(1, "  ".join("-" * x for x in w))
    return "\n".join(lines)


def md_table(rows):
    out = ["| benchmark | ours | baseline | ratio | target | verdict |", "|---|---|---|---|---|---|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def plots(R, plot_dir, prefix):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        notes.append("Plots not drawn: matplotlib is not installed (apt-get install -y python3-matplotlib).")
        return []
    made = []
    s = R.get("scan", {})
    if isinstance(s, dict) and "rows" in s:
        ns = sorted(int(n) for n in s["rows"])
        rows = {int(k): v for k, v in s["rows"].items()}
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
        a1.loglog(ns, [rows[n]["ours_ms"] for n in ns], "o-", label="LockScanner.scan (best of N)")
        a1.loglog(ns, [rows[n]["floor_ms"] for n in ns], "s--", label="C floor (lstat+open+read)")
        a1.set_xlabel("locks in the directory (2 entries each)")
        a1.set_ylabel("scan time, ms")
        a1.set_title("Scan time")
        a1.grid(True, which="both", alpha=0.3)
        a1.legend()
        a2.semilogx(ns, [rows[n]["ours_us_per_lock"] for n in ns], "o-", label="LockScanner.scan")
        a2.semilogx(ns, [rows[n]["floor_us_per_lock"] for n in ns], "s--", label="C floor")
        a2.set_xlabel("locks in the directory")
        a2.set_ylabel("µs per lock")
        a2.set_ylim(bottom=0)
        a2.set_title("Per-lock cost (flat = linear growth)")
        a2.grid(True, which="both", alpha=0.3)
        a2.legend()
        fig.suptitle(f"Scan cost vs lock count ({s['fs']}, warm cache)")
        fig.tight_layout()
        p = os.path.join(plot_dir, f"{prefix}scan.png")
        fig.savefig(p, dpi=110)
        plt.close(fig)
        made.append(p)
    h = R.get("contend", {})
    if isinstance(h, dict) and "ours" in h:
        fig, ax = plt.subplots(figsize=(8, 4.5))
        styles = {"ours": "-", "flufl": "--"}
        for impl, label in (("ours", "lockwatch"), ("flufl", "flufl.lock 5.0.1")):
            for k, r in sorted(h[impl].items()):
                w = sorted(x / 1e6 for x in r["waits_ns"])
                if not w:
                    continue
                ys = [(i + 1) / len(w) for i in range(len(w))]
                ax.step([max(x, 1e-3) for x in w], ys, styles[impl], where="post",
                        label=f"{label}, K={k} ({r['acquisitions']} acq)")
        ax.set_xscale("log")
        ax.set_xlabel("wait for the lock, ms (log)")
        ax.set_ylabel("fraction of acquisitions")
        ax.axvline(T_MAX_WAIT_MS, color="grey", lw=0.8, ls=":")
        ax.text(T_MAX_WAIT_MS, 0.5, " 100 ms target (max wait, K=4)", color="grey", fontsize=8)
        ax.set_title(f"Hand-off wait distribution (CDF), hold {h['hold_ms']} ms, {h['duration_s']:.0f} s, {h['fs']}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        p = os.path.join(plot_dir, f"{prefix}handoff.png")
        fig.savefig(p, dpi=110)
        plt.close(fig)
        made.append(p)
    return made


def write_report(R, rows, path, plot_paths, mode, elapsed):
    m = R["machine"]
    L = []
    L.append("# Benchmarks")
    L.append("")
    L.append(f"Generated by `bench/run{' --smoke' if mode == 'smoke' else ''}` on {m['date']}; "
             f"the whole run took {elapsed / 60:.1f} min. "
             + ("**Smoke mode: tiny runs, the numbers mean nothing.** " if mode == "smoke" else "")
             + "Nothing here is asserted in CI; CI runs `bench/run --smoke` only to keep the benchmarks working.")
    L.append("")
    L.append("## Machine")
    L.append("")
    ld = R["load"]
    L.append(f"- {m['nproc']} cores, {m['cpu']}; kernel {m['kernel']}; {m['jdk']}; Python {m['python']}")
    before = ld["samples"][0]
    L.append(f"- Load average (1 min): {before:.1f} before the run — "
             + ("the machine was busy with other work: treat every number as noisy"
                if before > 0.5 * m["nproc"] else "a quiet machine")
             + f"; during the run (our own processes included, e.g. 8 contenders on {m['nproc']} cores) "
             f"min {ld['min']:.1f}, median {ld['median']:.1f}, max {ld['max']:.1f}.")
    L.append(f"- Filesystems: tmpfs and ext4 (a loop-mounted image), both mounted by the runner: "
             + ", ".join(f"{k} = `{v}`" for k, v in R["dirs"].items()))
    L.append("")
    L.append("## Results")
    L.append("")
    L.append(md_table(rows))
    L.append("")
    for p in plot_paths:
        rel = os.path.relpath(p, os.path.dirname(os.path.abspath(path)))
        L.append(f"![{os.path.basename(p)}]({rel})")
        L.append("")
    # details
    c = R.get("cycle", {})
    L.append("## 1. Uncontended cycle")
    L.append("")
    if "error" in c:
        L.append(f"Crashed: {c['error']}")
    else:
        L.append("One process, one lock, acquire + release, nobody else around. Ours: JMH (`CycleBench`, "
                 "AverageTime, " + " ".join(R["config"]["jmh"]) + "); flufl.lock 5.0.1: `bench/python/flufl_cycle.py` "
                 "(in-process loop); floor: `bench/floor/cycle` (exactly the protocol's 9 system calls). "
                 f"{R['config']['cycle_rounds']} interleaved rounds of the three per filesystem; medians of the rounds.")
        L.append("")
        L.append("| fs | floor µs (p50) | flufl µs (p50) | ours µs | ours/floor | flufl/ours |")
        L.append("|---|---|---|---|---|---|")
        for fs, x in c.items():
            if isinstance(x, dict) and "ours_us" in x:
                L.append(f"| {fs} | {x['floor_us']:.1f} ({x['floor_p50_us']:.1f}) | {x['flufl_us']:.1f} "
                         f"({x['flufl_p50_us']:.1f}) | {x['ours_us']:.1f} | {x['ours_over_floor']:.2f} | "
                         f"{x['flufl_over_ours']:.2f} |")
        L.append("")
        L.append("Means include the machine's noise (a cycle that is descheduled counts); the p50s show the "
                 "undisturbed cost of the baselines. JMH reports a mean only.")
        pr = R.get("profile", {})
        if isinstance(pr, dict) and "ours" in pr and "floor" in pr:
            L.append("")
            L.append(f"Profile hint (`strace -f -c` over a loop, counts per cycle): the floor makes "
                     f"{pr['floor']['fs_syscalls_per_cycle']} filesystem calls per cycle, ours "
                     f"{pr['ours']['fs_syscalls_per_cycle']}: ours "
                     + ", ".join(f"{k} {v}" for k, v in pr["ours"]["per_cycle"].items())
                     + "; floor " + ", ".join(f"{k} {v}" for k, v in pr["floor"]["per_cycle"].items()) + ".")
    L.append("")
    h = R.get("contend", {})
    L.append("## 2. Hand-off under contention")
    L.append("")
    if "error" in h:
        L.append(f"Crashed: {h['error']}")
    elif "ours" in h:
        L.append(f"K processes loop acquire → hold {h['hold_ms']} ms (sleeping) → release on one lock on {h['fs']} "
                 f"for {h['duration_s']:.0f} s, started together (`--start-at`). Ours: `io.github.lockwatch.bench.Contend` "
                 "(JIT warmed by 200 private cycles before the start); flufl: `bench/python/flufl_contend.py`. "
                 "Runs per K — ours: " + ", ".join(f"K={k}: {v}" for k, v in R["config"]["ours_runs"].items())
                 + "; flufl: " + ", ".join(f"K={k}: {v}" for k, v in R["config"]["flufl_runs"].items())
                 + " (flufl's random 0.01–2.01 s sleeps make one run a coin toss, so K=4 takes the median of 5; "
                 "K=2 and K=8 are single runs to save time). The row shown is the median run by aggregate rate. "
                 "Ideal rate = 1 / (mean actual hold + our uncontended cycle). An acquisition after the deadline is "
                 "dropped; a wait cut off by the deadline is 'censored' and counted in max.")
        L.append("")
        L.append("| impl | K | runs (rates) | acq/s | % ideal | hand-offs/s | wait p50 ms | p99 ms | max ms | share/fair min–max | per process |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for impl in ("ours", "flufl"):
            for k, r in sorted(h[impl].items()):
                L.append(f"| {impl} | {k} | {r['runs']} ({', '.join(str(x) for x in r['rates_all_runs'])}) | "
                         f"{r['rate_per_s']:.0f} | {r['rate_fraction_of_ideal'] * 100:.0f}% | {r['handoffs_per_s']:.1f} | "
                         f"{r['wait_p50_ms']:.2f} | "
                         f"{r['wait_p99_ms']:.1f} | {max(r['wait_max_ms'], r['censored_max_ms']):.1f} | "
                         f"{r['share_vs_fair_min']:.2f}–{r['share_vs_fair_max']:.2f} | "
                         f"{' '.join(str(x) for x in r['per_process'])} |")
        L.append("")
        L.append("Reading flufl's rate: its aggregate is high because one process re-acquires at once while the "
                 "others sleep 0.01–2.01 s and mostly starve (see the per-process column and its maximum wait), so "
                 "the issue's \"≥ 10× flufl's rate\" cannot hold against a starving baseline; the fair measure "
                 "is the fraction of the ideal rate together with every process's share. *Hand-offs/s* counts the "
                 "acquisitions made by another process than the one before (the K processes' acquisitions merged "
                 "in time order): how often the lock really passed from a releaser to a waiter.")
    i = R.get("idle", {})
    L.append("")
    if "ours" in i:
        L.append(f"Idle waiter: one Java and one flufl waiter blocked {i['seconds']:.0f} s on a lock held by the runner "
                 f"({i['fs']}); CPU = utime+stime from /proc/<pid>/stat over the wait (all threads), as % of one core: "
                 f"ours {i['ours']['cpu_pct_of_core']:.2f}% ({i['ours']['cpu_ticks']} ticks), "
                 f"flufl {i['flufl']['cpu_pct_of_core']:.2f}% ({i['flufl']['cpu_ticks']} ticks). Resolution: 1 tick = 10 ms.")
    elif "error" in i:
        L.append(f"Idle waiter crashed: {i['error']}")
    L.append("")
    s = R.get("scan", {})
    L.append("## 3. Scan cost growth")
    L.append("")
    if "error" in s:
        L.append(f"Crashed: {s['error']}")
    elif "rows" in s:
        L.append(f"Directories made by `bench/floor/make_locks.py` on {s['fs']} (each lock = a lock file + its claim, "
                 "held-looking, host `benchhost`, so no process probing). Ours: `LockScanner.create().scan(dir)` in "
                 f"`io.github.lockwatch.bench.ScanBench` (warm-up ≥ {R['config']['scan_warmup_ms']} ms, best of "
                 f"{R['config']['scan_repeats']}); floor: `bench/floor/scan` (readdir + lstat + open + read + close, "
                 "best of its repeats, run before and after ours, better kept). Warm page cache on both sides. "
                 "Heap = heap used after full GCs with one scan result held minus without it. Rescan = "
                 "`scan(dir, previous)` of the unchanged directory, each after the last, as the watcher rescans "
                 "(contents of unchanged locks are not read again; every entry is still lstat'ed). Allocated = "
                 "bytes the scanning thread allocated during one scan (median).")
        L.append("")
        L.append("| locks | ours ms (best / median) | floor ms | ours/floor | ours µs/lock | floor µs/lock | heap held "
                 "| rescan ms (best / median) | allocated: scan / rescan |")
        L.append("|---|---|---|---|---|---|---|---|---|")
        for n, x in sorted(s["rows"].items(), key=lambda kv: int(kv[0])):
            rescan = (f"{x['rescan_ms']:.2f} / {x['rescan_median_ms']:.2f}" if x.get("rescan_ms") is not None
                      else "n/a")
            alloc = (f"{x['alloc_bytes'] / 1e6:.1f} / {x['rescan_alloc_bytes'] / 1e6:.1f} MB"
                     if x.get("rescan_alloc_bytes") is not None else "n/a")
            L.append(f"| {int(n):,} | {x['ours_ms']:.2f} / {x['ours_median_ms']:.2f} | {x['floor_ms']:.2f} | "
                     f"{x['ratio']:.2f} | {x['ours_us_per_lock']:.2f} | {x['floor_us_per_lock']:.2f} | "
                     f"{x['retained_bytes'] / 1e6:.1f} MB ({x['retained_bytes_per_lock']:.0f} B/lock) | "
                     f"{rescan} | {alloc} |")
        if "growth_ratio" in s:
            L.append("")
            L.append(f"Linearity: per-lock cost at {s['growth_to']:,} is {s['growth_ratio']:.2f}× that at "
                     f"{s['growth_from']:,}; least-squares line {s['fit_us_per_lock']:.2f} µs/lock, R² {s['fit_r2']:.4f}.")
    L.append("")
    cl = R.get("cli", {})
    L.append("## 4. CLI start-up")
    L.append("")
    if "error" in cl:
        L.append(f"Crashed: {cl['error']}")
    elif "times" in cl:
        L.append(f"`lockctl ls DIR` on {cl['locks']} locks ({cl['fs']}) vs `ls -l DIR`, timed with {cl['tool']} "
                 f"({R['config']['cli_runs']} runs after {R['config']['cli_warmup']} warm-ups, no shell).")
        if cl.get("image"):
            L.append(f"Packaged image launcher: `{os.path.relpath(cl['image'], ROOT)}`.")
        else:
            L.append(f"**{cl['image_note']}** — only the shaded jar (`java -jar lock-cli/target/lockctl.jar`) was "
                     "measured, which is not what users run.")
        L.append("")
        L.append("| command | median ms | mean ± sd ms | min ms | × ls -l |")
        L.append("|---|---|---|---|---|")
        for name, t in cl["times"].items():
            L.append(f"| {name} | {t['median_ms']:.1f} | {t['mean_ms']:.1f} ± {t['stddev_ms']:.1f} | "
                     f"{t['min_ms']:.1f} | {t['over_ls']:.1f} |")
    L.append("")
    g = R.get("gui", {})
    L.append("## 5. GUI under load")
    L.append("")
    if "pulse_p99_ms" in g:
        L.append(f"{g['rows']:,} rows ticking for {g['seconds']} s, headless (Monocle), "
                 + ("the whole main window" if g.get("view") == "full" else "the lock table alone")
                 + f", {g.get('churn_per_s', 0)} locks refreshed per second by a churn thread "
                 f"({g.get('refreshed', 0)} in all) so rescans bring changes: pulse p50 "
                 f"{g['pulse_p50_ms']:.1f} ms, p99 {g['pulse_p99_ms']:.1f} ms, max {g['pulse_max_ms']:.1f} ms; "
                 f"frame interval p50 {g['interval_p50_ms']:.1f} ms, p99 {g['interval_p99_ms']:.1f} ms, max "
                 f"{g['interval_max_ms']:.0f} ms; {g.get('gc_count', 0)} collections, {g.get('gc_ms', 0)} ms in GC; "
                 f"resident memory {g['rss_mb']:.0f} MB. " + g.get("how", "")
                 + ". A frame interval above 16.7 ms is a frame the FX thread missed (a long task, a GC pause, or "
                 "the machine's other processes).")
    else:
        L.append("Not measured: " + (g.get("skipped") or g.get("error") or "not run") + ".")
    L.append("")
    L.append("## Notes")
    L.append("")
    for n in notes:
        L.append(f"- {n}")
    if crashes:
        L.append("")
        L.append("## Crashes")
        L.append("")
        for name, msg in crashes:
            L.append(f"- {name}: {msg}")
    L.append("")
    L.append(f"Raw numbers: `bench/target/bench-results/results.json` of the run (not committed). "
             f"Section times: " + ", ".join(f"{k} {v:.0f} s" for k, v in R["_section_s"].items()) + ".")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as fh:
        fh.write("\n".join(L) + "\n")


def main():
    ap = argparse.ArgumentParser(description="Lockwatch benchmark runner (use bench/run)")
    ap.add_argument("--tmpfs", required=True)
    ap.add_argument("--ext4", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--report", default=None)
    ap.add_argument("--plots", default=None)
    ap.add_argument("--only", default="cycle,contend,scan,cli,gui")
    args = ap.parse_args()
    t_start = time.monotonic()
    cfg = SMOKE if args.smoke else FULL
    mode = "smoke" if args.smoke else "full"
    work = os.path.join(BENCH, "target", "bench-results")
    os.makedirs(work, exist_ok=True)
    if args.report is None:
        args.report = os.path.join(work, "benchmarks.md") if args.smoke else os.path.join(ROOT, "docs", "benchmarks.md")
    if args.plots is None:
        args.plots = os.path.dirname(os.path.abspath(args.report))
    fss = {"tmpfs": os.path.abspath(args.tmpfs), "ext4": os.path.abspath(args.ext4)}
    only = set(args.only.split(","))
    R = {"mode": mode, "dirs": fss, "config": {k: (v if not isinstance(v, dict) else {str(a): b for a, b in v.items()})
                                               for k, v in cfg.items()}}
    R["machine"] = machine_info()
    loads = [load_sample()]
    log(f"mode {mode}; machine {R['machine']}; load {loads[0]}")
    if "cycle" in only:
        section("cycle", bench_cycle, R, cfg, fss, work)
        section("profile", cycle_profile, R, fss, work, args.smoke)
        loads.append(load_sample())
    if "contend" in only:
        section("contend", bench_contend, R, cfg, fss, R.get("cycle"))
        loads.append(load_sample())
        section("idle", bench_idle, R, cfg, fss)
        loads.append(load_sample())
    if "scan" in only:
        section("scan", bench_scan, R, cfg, fss)
        loads.append(load_sample())
    if "cli" in only:
        section("cli", bench_cli, R, cfg, fss)
        loads.append(load_sample())
    if "gui" in only:
        section("gui", bench_gui, R, cfg, fss)
        loads.append(load_sample())
    R["load"] = {"samples": loads, "min": min(loads), "max": max(loads), "median": statistics.median(loads)}
    notes.append(f"The machine has {R['machine']['nproc']} cores. With K=8 processes on them, a runnable process "
                 "waits for a CPU as well as for the lock.")
    rows = build_rows(R)
    prefix = "bench-" if not args.smoke else "bench-smoke-"
    plot_paths = plots(R, args.plots, prefix)
    elapsed = time.monotonic() - t_start
    write_report(R, rows, args.report, plot_paths, mode, elapsed)
    slim = json.loads(json.dumps(R, default=str))
    with open(os.path.join(work, "results.json"), "w") as fh:
        json.dump(slim, fh, indent=1)
    print()
    print(f"Lockwatch benchmarks ({mode}, {elapsed:.0f} s, load avg {R['load']['median']:.1f} on "
          f"{R['machine']['nproc']} cores)")
    print(text_table(rows))
    print()
    print(f"report: {os.path.relpath(args.report, ROOT)}; plots: "
          + (", ".join(os.path.relpath(p, ROOT) for p in plot_paths) or "none"))
    if crashes:
        print("CRASHED: " + "; ".join(f"{n}: {m}" for n, m in crashes))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
