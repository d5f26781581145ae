package io.github.lockwatch.lock;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The one daemon thread per JVM that refreshes kept-alive locks. */
final class KeepAlive {

    private static final ScheduledThreadPoolExecutor SCHEDULER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "lockwatch-keepalive");
        t.setDaemon(true);
        return t;
    });

    static {
        SCHEDULER.setRemoveOnCancelPolicy(true);
    }

    private KeepAlive() {
    }

    static void start(HeldLock held, Duration period) {
        long ms = Math.max(100, period.toMillis());
        ScheduledFuture<?> future = SCHEDULER.scheduleWithFixedDelay(
                () -> held.owner().keepAliveTick(held), ms, ms, TimeUnit.MILLISECONDS);
        held.keepAlive(future);
    }

    static void stop(HeldLock held) {
        ScheduledFuture<?> future = held.keepAlive();
        if (future != null) {
            future.cancel(false);
        }
    }
}
