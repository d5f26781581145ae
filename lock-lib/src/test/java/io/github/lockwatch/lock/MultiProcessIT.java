package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs contend for one lock on the real temp filesystem. */
class MultiProcessIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void fourProcessesIncrementACounterExactlyWithoutEverOverlapping() throws Exception {
        Path lock = dir.resolve("counter.lck");
        Path counter = dir.resolve("counter");
        Path marker = dir.resolve("inside");
        int processes = 4;
        int iterations = 200;
        List<Peer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                peers.add(Peer.java("contend", lock.toString(), "--iterations", "" + iterations,
                        "--counter", counter.toString(), "--marker", marker.toString()));
            }
            for (Peer p : peers) {
                Map<String, Object> done = p.await("done", Duration.ofMinutes(4));
                assertEquals(0L, done.get("overlaps"), "a second process was inside the critical section");
                assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.stderr());
            }
        } finally {
            for (Peer p : peers) {
                p.close();
            }
        }
        assertEquals(processes * iterations, Integer.parseInt(Files.readString(counter).strip()));
        assertFalse(Files.exists(lock));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("|")), "no claim files left");
        }
    }

    @Test
    @Timeout(120)
    void aKilledHolderIsBrokenAfterLifetimePlusSlopAndNotBefore() throws Exception {
        Path lock = dir.resolve("crash.lck");
        String holderClaim;
        Instant expiry;
        try (Peer holder = Peer.java("hold", lock.toString(), "--lifetime", "2")) {
            Map<String, Object> acquired = holder.await("acquired", Duration.ofSeconds(30));
            holderClaim = (String) acquired.get("claim");
            expiry = Instant.ofEpochSecond((Long) acquired.get("expiration"));
            holder.kill();
        }
        LockFile waiter = LockFile.of(lock);
        try (HeldLock held = waiter.lock(Duration.ofSeconds(60))) {
            Instant acquiredAt = Instant.now();
            assertTrue(acquiredAt.isAfter(expiry.plus(LockFile.CLOCK_SLOP)),
                    "acquired at " + acquiredAt + ", but the dead holder's lock only became breakable after "
                            + expiry.plus(LockFile.CLOCK_SLOP));
            assertEquals(held.claim(), waiter.details().orElseThrow());
            assertFalse(Files.exists(Path.of(holderClaim)), "the dead holder's claim file was removed");
        }
    }

    @Test
    @Timeout(120)
    void threadsWithTheirOwnLockObjectsNeverOverlapInOneJvm() throws Exception {
        Path lock = dir.resolve("threads.lck");
        int threads = 6;
        int iterations = 100;
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        int[] counter = {0};
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                LockFile mine = LockFile.of(lock);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < iterations; i++) {
                        try (HeldLock held = mine.lock(Duration.ofSeconds(60))) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            counter[0]++; // unsynchronized on purpose: only the file lock protects it
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get(100, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get());
        assertEquals(threads * iterations, counter[0]);
    }

    @Test
    @Timeout(60)
    void twoLockObjectsInOneJvmExcludeEachOtherAndHandOverQuickly() throws Exception {
        Path lock = dir.resolve("jvm.lck");
        LockFile a = LockFile.of(lock);
        LockFile b = LockFile.of(lock);
        HeldLock held = a.lock();
        Worker waiter = Worker.start("b", () -> {
            try (HeldLock mine = b.lock(Duration.ofSeconds(30))) {
                assertTrue(b.isLocked());
                assertFalse(a.isLocked());
            }
        });
        awaitWaiting(waiter.thread());
        // Still waiting, not failed: an exception in the worker would come out of get() here.
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> waiter.result().get(300, java.util.concurrent.TimeUnit.MILLISECONDS), "b must wait while a holds");
        held.close();
        waiter.result().get(30, java.util.concurrent.TimeUnit.SECONDS); // b got the lock after the release
    }

    /** A thread whose failure (an assertion or an exception) the test sees through {@link #result()}. */
    private record Worker(Thread thread, java.util.concurrent.FutureTask<Void> result) {

        interface Body {
            void run() throws Exception;
        }

        static Worker start(String name, Body body) {
            var task = new java.util.concurrent.FutureTask<Void>(() -> {
                body.run();
                return null;
            });
            Thread t = new Thread(task, name);
            t.start();
            return new Worker(t, task);
        }

        void await() throws Exception {
            result.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    void aLockObjectAskingAgainRightAfterItsContendedReleaseLetsTheWaiterGoFirst() throws Exception {
        Path lock = dir.resolve("order.lck");
        LockFile helper = LockFile.of(lock);
        int rounds = 150;
        int waiterFirst = 0;
        for (int round = 0; round < rounds; round++) {
            LockFile looper = LockFile.of(lock); // fresh each round: its first lock() below must wait
            LockFile waiter = LockFile.of(lock);
            var order = new java.util.concurrent.ConcurrentLinkedQueue<String>();
            var looperHolds = new java.util.concurrent.CountDownLatch(1);
            var letGo = new java.util.concurrent.CountDownLatch(1);
            HeldLock first = helper.lock();
            Worker l = Worker.start("looper", () -> {
                HeldLock held = looper.lock(Duration.ofSeconds(30)); // waits for the helper: contended
                looperHolds.countDown();
                letGo.await();
                held.close();
                try (HeldLock again = looper.lock(Duration.ofSeconds(30))) { // at once, like a loop
                    order.add("looper");
                }
            });
            awaitWaiting(l.thread());
            first.close();
            assertTrue(looperHolds.await(30, java.util.concurrent.TimeUnit.SECONDS));
            Worker w = Worker.start("waiter", () -> {
                try (HeldLock mine = waiter.lock(Duration.ofSeconds(30))) {
                    order.add("waiter");
                }
            });
            awaitWaiting(w.thread());
            Thread.sleep(2 * Protocol.HEAD_START_AGE_NANOS / 1_000_000); // an old waiter: no head start to give
            letGo.countDown();
            l.await();
            w.await();
            assertEquals(2, order.size(), "both got the lock in turn");
            if ("waiter".equals(order.peek())) {
                waiterFirst++;
            }
        }
        // Without giving way, the looper (awake already) beats the waiter it just woke about one time in
        // seven here; giving way, the waiter goes first all but (under heavy load) a few times.
        assertTrue(waiterFirst >= rounds * 93 / 100, "the waiter went first in only " + waiterFirst + " of " + rounds
                + " hand-offs");
    }

    /** Until the thread sleeps in its wait for the lock (parked with a deadline). */
    private static void awaitWaiting(Thread t) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, t.getName() + " never started waiting: " + t.getState());
            Thread.onSpinWait();
        }
    }
}
