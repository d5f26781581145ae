package io.github.lockwatch.lock.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/** Polls with a deadline instead of sleeping and hoping. */
public final class Poll {

    public interface Condition {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    /** Waits until {@code condition} holds, checking every 20 ms; fails with {@code what} at the deadline. */
    public static void until(Duration timeout, Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Sleeps until the wall clock passes {@code instant} (for protocol deadlines, which are wall-clock). */
    public static void untilWallClock(java.time.Instant instant) throws InterruptedException {
        long ms;
        while ((ms = Duration.between(java.time.Instant.now(), instant).toMillis()) > 0) {
            Thread.sleep(Math.min(ms, 200));
        }
    }
}
