package io.github.lockwatch.bench;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.LockTimeoutException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One contending process of the hand-off benchmark: the Java twin of {@code bench/python/flufl_contend.py},
 * with the same options and the same JSON document (impl {@code "lockwatch"}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.github.lockwatch.bench.Contend LOCK --duration S --hold-ms MS \
 *     --out FILE [--start-at EPOCH_SECONDS_FLOAT] [--lifetime S] [--warmup-cycles N]
 * </pre>
 *
 * <p>The lock object is built up front. Before {@code --start-at}, {@code --warmup-cycles} (default 200)
 * uncontended cycles on a private lock file {@code LOCK.warm-PID} warm the JIT, so a long-running
 * service is what is measured, not the interpreter. Then, until start + S seconds (monotonic clock):
 * {@code t0; lock(deadline - t0); wait = now - t0; hold MS (parked, not spinning); release}. A lock that
 * times out at the deadline is a censored wait, not an acquisition. The lock's own timeout makes the
 * process end at the deadline, so {@code late_acquisition} is false unless an acquisition lands in the
 * last instant.
 */
public final class Contend {
    private static final String USAGE = "Contend LOCK --duration S --hold-ms MS --out FILE"
            + " [--start-at EPOCH_SECONDS] [--lifetime S] [--warmup-cycles N]";

    private Contend() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, USAGE);
        if (a.positional.size() != 1) {
            Args.die(USAGE, "need exactly one LOCK path");
        }
        Path lockPath = Path.of(a.positional.get(0)).toAbsolutePath();
        double duration = a.num("duration", null, USAGE);
        double holdMs = a.num("hold-ms", null, USAGE);
        String out = a.get("out", null);
        if (out == null) {
            Args.die(USAGE, "--out is required");
        }
        String startAtText = a.get("start-at", null);
        Double startAt = startAtText == null ? null : Double.valueOf(startAtText);
        double lifetime = a.num("lifetime", 15.0, USAGE);
        int warmupCycles = (int) a.num("warmup-cycles", 200.0, USAGE);
        if (duration <= 0 || holdMs < 0) {
            Args.die(USAGE, "need --duration > 0 and --hold-ms >= 0");
        }

        Duration life = Duration.ofMillis((long) (lifetime * 1000));
        LockFile lock = LockFile.builder(lockPath).lifetime(life).build();
        List<String> errors = new ArrayList<>();
        if (warmupCycles > 0) {
            Path warm = lockPath.resolveSibling(lockPath.getFileName() + ".warm-" + ProcessHandle.current().pid());
            LockFile w = LockFile.builder(warm).lifetime(life).build();
            for (int i = 0; i < warmupCycles; i++) {
                try (HeldLock h = w.lock()) {
                    // warm-up
                }
            }
        }

        Long lateness = null;
        if (startAt != null) {
            lateness = sleepUntilEpoch(startAt);
        }
        long startEpochNs = epochNs();
        long holdNs = (long) (holdMs * 1e6);
        long tStart = System.nanoTime();
        long deadline = tStart + (long) (duration * 1e9);
        long[] waits = new long[1024];
        long[] holds = new long[1024];
        long[] acquiredAt = new long[1024];
        int n = 0;
        List<Long> censored = new ArrayList<>();
        boolean late = false;
        try {
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= deadline) {
                    break;
                }
                HeldLock held;
                try {
                    held = lock.lock(Duration.ofNanos(deadline - t0));
                } catch (LockTimeoutException e) {
                    censored.add(System.nanoTime() - t0);
                    break;
                }
                long t1 = System.nanoTime();
                late = t1 > deadline;
                long end = t1 + holdNs;
                for (long r; (r = end - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(r);
                }
                long t2 = System.nanoTime();
                held.close();
                if (n == waits.length) {
                    waits = java.util.Arrays.copyOf(waits, n * 2);
                    holds = java.util.Arrays.copyOf(holds, n * 2);
                    acquiredAt = java.util.Arrays.copyOf(acquiredAt, n * 2);
                }
                waits[n] = t1 - t0;
                holds[n] = t2 - t1;
                acquiredAt[n] = t1 - tStart;
                n++;
            }
        } catch (Exception e) {
            errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            System.err.print(sw);
            try {
                lock.unlockIfHeld();
            } catch (IOException ignored) {
                // best effort
            }
        }
        long elapsed = System.nanoTime() - tStart;

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("impl", "lockwatch");
        doc.put("version", version());
        doc.put("java", System.getProperty("java.version"));
        doc.put("pid", ProcessHandle.current().pid());
        doc.put("lock", lockPath.toString());
        doc.put("hold_ms", holdMs);
        doc.put("hold_mode", "sleep");
        doc.put("duration_s", duration);
        doc.put("start_at", startAt);
        doc.put("start_lateness_ns", lateness);
        doc.put("start_epoch_ns", startEpochNs);
        doc.put("elapsed_ns", elapsed);
        doc.put("acquisitions", n);
        doc.put("late_acquisition", late);
        doc.put("waits_ns", java.util.Arrays.copyOf(waits, n));
        doc.put("holds_ns", java.util.Arrays.copyOf(holds, n));
        doc.put("acquired_at_ns", java.util.Arrays.copyOf(acquiredAt, n));
        doc.put("censored_waits_ns", censored);
        doc.put("errors", errors);
        String text = io.github.lockwatch.inspect.Json.write(doc) + "\n";
        if (out.equals("-")) {
            System.out.print(text);
            System.out.flush();
        } else {
            Path tmp = Path.of(out + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, Path.of(out), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.exit(errors.isEmpty() ? 0 : 1);
    }

    static String version() {
        String v = LockFile.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    static long epochNs() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Sleeps until the epoch instant, coarse then a short spin; returns the lateness in ns (>= 0). */
    static long sleepUntilEpoch(double startAt) throws InterruptedException {
        long target = (long) (startAt * 1e9);
        while (true) {
            long remaining = target - epochNs();
            if (remaining <= 2_000_000) {
                break;
            }
            Thread.sleep((remaining - 2_000_000) / 1_000_000, (int) ((remaining - 2_000_000) % 1_000_000));
        }
        while (epochNs() < target) {
            Thread.onSpinWait();
        }
        return Math.max(0, epochNs() - target);
    }
}
