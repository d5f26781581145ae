package io.github.lockwatch.inspect;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waiting for a watcher's events in tests: a poll with a deadline, never a sleep. */
final class EventQueues {
    private EventQueues() {
    }

    /** The first event in {@code q} matching {@code p} within 15 s (the others are dropped); fails otherwise. */
    static LockEvent await(BlockingQueue<LockEvent> q, Predicate<LockEvent> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            long left = deadline - System.nanoTime();
            LockEvent e = left > 0 ? q.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no " + what + " event within 15 s; left in queue: " + q);
            }
            if (p.test(e)) {
                return e;
            }
        }
    }
}
