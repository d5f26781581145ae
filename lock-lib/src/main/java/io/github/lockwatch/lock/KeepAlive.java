package io.github.lockwatch.lock;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When kept-alive locks are refreshed. Each tick is scheduled once, a third of the lifetime after the
 * previous one, so that the period follows the lifetime when a refresh changes it.
 */
final class KeepAlive {

    /** Runs a tick after a delay; tests substitute one that runs ticks by hand. */
    @FunctionalInterface
    interface Scheduler {
        Future<?> schedule(Runnable tick, Duration delay);
    }

    private static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "lockwatch-keepalive");
        t.setDaemon(true);
        return t;
    });

    static {
        EXECUTOR.setRemoveOnCancelPolicy(true);
    }

    /** The one daemon thread per JVM that refreshes every kept-alive lock. */
    static final Scheduler SHARED = (tick, delay) -> EXECUTOR.schedule(tick, delay.toNanos(), TimeUnit.NANOSECONDS);

    private KeepAlive() {
    }

    /** A third of the lifetime: two refreshes can fail before the lock expires. */
    static Duration period(Duration lifetime) {
        return lifetime.dividedBy(3);
    }
}
