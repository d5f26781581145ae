package io.github.lockwatch.bench;

import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.LockTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU of an idle waiter: waits {@code --seconds} on a lock that someone else holds the whole time, and
 * reports the process's CPU (utime + stime from {@code /proc/self/stat}, all threads: JIT, GC and the
 * library's own) over the wait, as a percentage of one core.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.github.lockwatch.bench.IdleWaiter LOCK [--seconds S]
 * </pre>
 * One JSON line on stdout. Exit 1 if the lock was acquired (then it was not held: the run is invalid).
 */
public final class IdleWaiter {
    private static final String USAGE = "IdleWaiter LOCK [--seconds S]";

    private IdleWaiter() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, USAGE);
        if (a.positional.size() != 1) {
            Args.die(USAGE, "need exactly one LOCK path");
        }
        Path lockPath = Path.of(a.positional.get(0)).toAbsolutePath();
        double seconds = a.num("seconds", 10.0, USAGE);
        LockFile lock = LockFile.builder(lockPath).build();
        long ticksPerSecond = 100; // USER_HZ; Linux reports /proc times in these on every common build
        long c0 = cpuTicks();
        long t0 = System.nanoTime();
        boolean acquired = false;
        try {
            lock.lock(Duration.ofMillis((long) (seconds * 1000))).close();
            acquired = true;
        } catch (LockTimeoutException expected) {
            // the point: it waited the whole time
        }
        long wall = System.nanoTime() - t0;
        long c1 = cpuTicks();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("impl", "lockwatch");
        doc.put("pid", ProcessHandle.current().pid());
        doc.put("lock", lockPath.toString());
        doc.put("wall_ns", wall);
        doc.put("cpu_ticks", c1 - c0);
        doc.put("ticks_per_s", ticksPerSecond);
        doc.put("cpu_pct_of_core", 100.0 * (c1 - c0) / ticksPerSecond / (wall / 1e9));
        doc.put("acquired", acquired);
        System.out.println(io.github.lockwatch.inspect.Json.write(doc));
        System.exit(acquired ? 1 : 0);
    }

    /** utime + stime (fields 14 and 15) of this process, in clock ticks. */
    static long cpuTicks() throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state); utime is field 14 -> f[11], stime field 15 -> f[12]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
