package io.github.lockwatch.bench;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.LockScanner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scan cost of the engine: {@link LockScanner#scan(Path)} of each directory, the Java side of
 * {@code bench/floor/scan.c}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.github.lockwatch.bench.ScanBench [--repeats N] [--warmup-ms MS] DIR...
 * </pre>
 *
 * <p>Per directory: untimed warm-up scans for at least {@code --warmup-ms} (default 2000) and at least 2
 * scans, then {@code --repeats} (default 10) timed scans (wall clock around {@code scan}); best, median
 * and worst are reported, as the C floor reports its best. Then {@code --repeats} more scans measure the
 * bytes one scan allocates (the scanning thread's allocation counter; the median). Then {@code --repeats}
 * rescans as a watcher makes them, {@link LockScanner#scan(Path, DirectoryScan)} each after the last, of
 * the unchanged directory, starting once {@link LockScanner#TIMESTAMP_GRANULARITY} has passed since its
 * newest ctime (it waits for that): best and median time and median bytes allocated. Then the heap: full GCs, heap used without a
 * scan result; one scan held; full GCs, heap used again; the difference is what the result retains.
 * One JSON line per directory on stdout.
 */
public final class ScanBench {
    private static final String USAGE = "ScanBench [--repeats N] [--warmup-ms MS] DIR...";

    private ScanBench() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, USAGE);
        int repeats = (int) a.num("repeats", 10.0, USAGE);
        long warmupNs = (long) (a.num("warmup-ms", 2000.0, USAGE) * 1e6);
        if (a.positional.isEmpty() || repeats < 1) {
            Args.die(USAGE, "need at least one DIR and --repeats >= 1");
        }
        LockScanner scanner = LockScanner.create();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String d : a.positional) {
            Path dir = Path.of(d).toAbsolutePath();
            long w0 = System.nanoTime();
            int warm = 0;
            DirectoryScan last = null;
            while (warm < 2 || System.nanoTime() - w0 < warmupNs) {
                last = scanner.scan(dir);
                warm++;
            }
            int locks = last.locks().size();
            int orphans = last.orphans().size();
            int problems = last.problems().size();
            last = null;
            long[] t = new long[repeats];
            for (int i = 0; i < repeats; i++) {
                long s = System.nanoTime();
                DirectoryScan r = scanner.scan(dir);
                t[i] = System.nanoTime() - s;
                Reference.reachabilityFence(r);
            }
            Arrays.sort(t);
            long[] alloc = new long[repeats];
            for (int i = 0; i < repeats; i++) {
                long b0 = threads.getCurrentThreadAllocatedBytes();
                DirectoryScan r = scanner.scan(dir);
                alloc[i] = threads.getCurrentThreadAllocatedBytes() - b0;
                Reference.reachabilityFence(r);
            }
            Arrays.sort(alloc);
            // Rescans as a watcher does them: each after the previous one, of a directory that did not change,
            // from a first scan made once the timestamp granularity has passed since the last change (sooner,
            // a rescan reads everything again, as it must).
            waitUntil(newestCtime(dir).plus(LockScanner.TIMESTAMP_GRANULARITY).plusMillis(50));
            DirectoryScan prev = scanner.scan(dir);
            for (int i = 0; i < 2; i++) {
                prev = scanner.scan(dir, prev);
            }
            long[] rt = new long[repeats];
            long[] ralloc = new long[repeats];
            for (int i = 0; i < repeats; i++) {
                long b0 = threads.getCurrentThreadAllocatedBytes();
                long s = System.nanoTime();
                prev = scanner.scan(dir, prev);
                rt[i] = System.nanoTime() - s;
                ralloc[i] = threads.getCurrentThreadAllocatedBytes() - b0;
            }
            prev = null;
            Arrays.sort(rt);
            Arrays.sort(ralloc);
            long before = usedAfterGc(mem);
            DirectoryScan held = scanner.scan(dir);
            long after = usedAfterGc(mem);
            Reference.reachabilityFence(held);
            int waiters = held.locks().stream().mapToInt(l -> l.waiters().size()).sum();

            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("impl", "lockwatch-scan");
            doc.put("dir", dir.toString());
            doc.put("locks", locks);
            doc.put("orphans", orphans);
            doc.put("waiters", waiters);
            doc.put("problems", problems);
            doc.put("warmup_scans", warm);
            doc.put("repeats", repeats);
            doc.put("ms", t[0] / 1e6);
            doc.put("median_ms", t[repeats / 2] / 1e6);
            doc.put("worst_ms", t[repeats - 1] / 1e6);
            doc.put("ns_per_lock", locks > 0 ? (double) t[0] / locks : 0.0);
            doc.put("alloc_bytes", alloc[repeats / 2]);
            doc.put("rescan_ms", rt[0] / 1e6);
            doc.put("rescan_median_ms", rt[repeats / 2] / 1e6);
            doc.put("rescan_alloc_bytes", ralloc[repeats / 2]);
            doc.put("retained_bytes", after - before);
            doc.put("heap_used_bytes", after);
            System.out.println(io.github.lockwatch.inspect.Json.write(doc));
            System.out.flush();
        }
    }

    private static Instant newestCtime(Path dir) throws IOException {
        Instant newest = Instant.EPOCH;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Instant c = ((FileTime) Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
                newest = c.isAfter(newest) ? c : newest;
            }
        }
        return newest;
    }

    private static void waitUntil(Instant t) throws InterruptedException {
        long ms;
        while ((ms = Duration.between(Instant.now(), t).toMillis()) > 0) {
            Thread.sleep(ms);
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
