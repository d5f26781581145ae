package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountdownTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00.400Z");

    @Test
    void futureExpiryCountsDownInWholeSeconds() {
        assertEquals("in 42 s", Countdown.expiresIn(Instant.parse("2026-01-01T12:00:42Z"), NOW));
        assertEquals("in 0 s", Countdown.expiresIn(Instant.parse("2026-01-01T12:00:00Z"), NOW));
        assertEquals("in 3 min 05 s", Countdown.expiresIn(Instant.parse("2026-01-01T12:03:05Z"), NOW));
        assertEquals("in 2 h 04 min", Countdown.expiresIn(Instant.parse("2026-01-01T14:04:59Z"), NOW));
    }

    @Test
    void pastExpirySaysHowLongAgo() {
        assertEquals("expired 12 s ago", Countdown.expiresIn(Instant.parse("2026-01-01T11:59:48Z"), NOW));
        assertEquals("expired 12 min ago", Countdown.expiresIn(Instant.parse("2026-01-01T11:48:00Z"), NOW));
    }

    @Test
    void missingExpiryIsADash() {
        assertEquals("—", Countdown.expiresIn(null, NOW));
    }

    @Test
    void corruptAndInconsistentLocksHaveNoExpiryToCountDownTo() {
        Instant mtime = Instant.parse("2026-01-01T11:59:36Z");
        for (io.github.lockwatch.inspect.LockStatus s : io.github.lockwatch.inspect.LockStatus.values()) {
            io.github.lockwatch.inspect.LockSnapshot snap = TestSnapshots.snapshot(java.nio.file.Path.of("/d/x.lck"), s, "h", 1, mtime);
            boolean none = s == io.github.lockwatch.inspect.LockStatus.CORRUPT || s == io.github.lockwatch.inspect.LockStatus.INCONSISTENT;
            assertEquals(none ? null : mtime, Countdown.shownExpiry(snap), s.toString());
            assertEquals(none ? "—" : "expired 24 s ago", Countdown.expiresIn(Countdown.shownExpiry(snap), NOW), s.toString());
        }
    }

    @Test
    void theEnginesSpansAndUtcTimesReadLikeTheAppsOwn() {
        assertEquals("held by host a pid 1, expires in 41 s", Countdown.humane("held by host a pid 1, expires in 41s"));
        assertEquals("expired 3 min 04 s ago, 2 h 05 min, 1 d 3 h, 950 ms",
                Countdown.humane("expired 3m 4s ago, 2h 5m, 1d 3h, 950ms"));
        assertEquals("expired 3 min 04 s ago, 2 h 05 min, 1 d 3 h, 950 ms",
                Countdown.humane("expired 3m04s ago, 2h05m, 1d03h, 950ms"), "the engine's current format");
        String local = Countdown.dateTime(Instant.parse("2026-12-03T18:20:13.790Z"));
        assertEquals("alive: pid 7928 is running on this host (started " + local + ")",
                Countdown.humane("alive: pid 7928 is running on this host (started 2026-12-03T18:20:13.790Z)"));
        assertEquals("claim 1a2b3c4d5e on host x12s", Countdown.humane("claim 1a2b3c4d5e on host x12s"), "words are left alone");
    }

    @Test
    void statusMessagesShowFileNamesNotWholePaths() {
        assertEquals("cache-warmup.lck: broke the lock (held by a pid 1)",
                Countdown.shortPaths("/tmp/lockwatch-demo-4007/cache-warmup.lck: broke the lock (held by a pid 1)"));
        assertEquals("Watching locks", Countdown.shortPaths("Watching /srv/share/locks"));
        assertEquals("Removed 1 orphan claim(s) in locks", Countdown.shortPaths("Removed 1 orphan claim(s) in /srv/locks/"));
        assertEquals("2 broken, 1 refused", Countdown.shortPaths("2 broken, 1 refused"));
    }

    @Test
    void theDefaultWindowIsClampedToTheScreen() {
        assertEquals(List.of(1360.0, 820.0), List.of(InspectorApp.windowSize(1920, 1160)[0], InspectorApp.windowSize(1920, 1160)[1]));
        double[] small = InspectorApp.windowSize(1280, 720);
        assertEquals(1228.0, small[0]);
        assertEquals(662.0, small[1]);
    }
}
