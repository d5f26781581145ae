package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Change events on a local directory (events + polling) versus polling only, and the default poll interval. */
class LockWatcherModesTest {

    /** Far longer than any event may take: an event arriving within {@link #QUICK} cannot come from a poll. */
    private static final Duration LONG_POLL = Duration.ofSeconds(30);
    private static final Duration QUICK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static LockEvent within(BlockingQueue<LockEvent> q, Duration limit, LockEvent.Kind kind, Path lock)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            LockEvent e = left > 0 ? q.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + kind + " of " + lock + " within " + limit + " (poll interval "
                        + LONG_POLL + "): change events did not arrive");
            }
            if (e.kind() == kind && lock.equals(e.lock())) {
                return e;
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLocalDirectoryRunsWithEventsAndReportsAcquireAndReleaseLongBeforeTheNextPoll() throws Exception {
        Path lock = dir.resolve("db.lck");
        LockScanner scanner = LockScanner.builder().build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(LONG_POLL).build()) {
            w.subscribe(q::add);
            w.watch(dir);
            Poll.until(Duration.ofSeconds(15), () -> w.latest().containsKey(dir), "the first scan");
            assertEquals(WatchMode.EVENTS_AND_POLLING, w.directories().get(0).mode());

            long t0 = System.nanoTime();
            HeldLock held = LockFile.of(lock).lock(Duration.ZERO);
            within(q, QUICK, LockEvent.Kind.ACQUIRED, lock);
            held.close();
            within(q, QUICK, LockEvent.Kind.RELEASED, lock);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.compareTo(LONG_POLL.dividedBy(3)) < 0, "both events came from change events: " + took);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withoutTheWatchServiceTheDirectoryIsPollingOnlyAndAChangeWaitsForThePoll() throws Exception {
        Path lock = dir.resolve("db.lck");
        LockScanner scanner = LockScanner.builder().build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(LONG_POLL).useWatchService(false).build()) {
            w.subscribe(q::add);
            w.watch(dir);
            Poll.until(Duration.ofSeconds(15), () -> w.latest().containsKey(dir), "the first scan");
            assertEquals(WatchMode.POLLING_ONLY, w.directories().get(0).mode());
            try (HeldLock held = LockFile.of(lock).lock(Duration.ZERO)) {
                // The control for the test above: without events nothing is seen before the next poll.
                assertEquals(null, q.poll(2, TimeUnit.SECONDS));
                w.rescanNow();
                within(q, QUICK, LockEvent.Kind.ACQUIRED, lock);
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theDefaultPollIntervalIsOneSecond() throws Exception {
        LockScanner scanner = LockScanner.builder().build();
        List<Long> scanStarts = new CopyOnWriteArrayList<>();
        try (LockWatcher w = LockWatcher.builder(scanner).useWatchService(false).scanFunction(d -> {
            scanStarts.add(System.nanoTime());
            return scanner.scan(d);
        }).build()) {
            assertEquals(Duration.ofSeconds(1), w.pollInterval());
            w.watch(dir);
            Poll.until(Duration.ofSeconds(30), () -> scanStarts.size() >= 4, "four scans");
        }
        for (int i = 1; i < 4; i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(scanStarts.get(i) - scanStarts.get(i - 1));
            // At least the interval (minus timer slack); under a loaded CI machine a scan may start late.
            assertTrue(gapMs >= 950 && gapMs < 5000, "scan " + i + " came " + gapMs + " ms after the one before");
        }
    }
}
