package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A directory whose files change all the time is rescanned on events, but not for every change. */
class LockWatcherEventGapTest {

    @TempDir
    Path dir;

    /** Start and end (System.nanoTime) of every scan, in order. */
    private final List<long[]> scans = new ArrayList<>();

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void eventsBringScansButNoSoonerThanTheGapAfterThePreviousScan() throws Exception {
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        // Polling every 30 s: within this test every scan after the first is asked for by an event.
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofSeconds(30))
                .scanFunction(d -> {
                    long start = System.nanoTime();
                    DirectoryScan s = scanner.scan(d);
                    synchronized (scans) {
                        scans.add(new long[] {start, System.nanoTime()});
                    }
                    return s;
                }).build()) {
            w.watch(dir);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (scanCount() == 0) {
                assertTrue(System.nanoTime() < deadline, "no first scan within 20 s");
                Thread.sleep(10);
            }
            WatchMode mode = w.directories().get(0).mode();
            assertTrue(mode == WatchMode.EVENTS_AND_POLLING, "a local temporary directory gets file events: " + mode);

            // Two seconds of a file changing every 5 ms: about 400 events.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            Path busy = dir.resolve("busy.lck");
            for (int i = 0; System.nanoTime() < end; i++) {
                Files.writeString(busy, "touch " + i);
                Thread.sleep(5);
            }
            while (scanCount() < 3) {
                assertTrue(System.nanoTime() < deadline, "events brought only " + scanCount() + " scans");
                Thread.sleep(10);
            }
        }
        synchronized (scans) {
            for (int i = 1; i < scans.size(); i++) {
                long gap = scans.get(i)[0] - scans.get(i - 1)[1];
                assertTrue(gap >= LockWatcher.MIN_EVENT_RESCAN_GAP.toNanos(),
                        "scan " + i + " started " + gap / 1_000_000.0 + " ms after the previous one ended");
            }
            // 2 s of changes with at least 100 ms between scans: at most about 20 scans, not hundreds.
            assertTrue(scans.size() <= 25, scans.size() + " scans for 2 s of changes");
        }
    }

    private int scanCount() {
        synchronized (scans) {
            return scans.size();
        }
    }
}
