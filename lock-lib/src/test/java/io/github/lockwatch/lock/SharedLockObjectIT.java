package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lock object shared by several threads on the real temp filesystem: acquire, release and refresh
 * of the same claim file never interleave, and a handle returned as held is held on disk.
 */
class SharedLockObjectIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void threadsSharingOneLockObjectNeverOverlapAndEveryHandleIsReallyHeld() throws Exception {
        share(LockFile.builder(dir.resolve("shared.lck")), false);
    }

    @Test
    @Timeout(60)
    void theKeepAliveOfASharedLockObjectDoesNotInterfereEither() throws Exception {
        // lifetime 1 s: a keep-alive tick every 333 ms, racing the threads' releases and refreshes
        java.util.Queue<String> losses = new java.util.concurrent.ConcurrentLinkedQueue<>();
        share(LockFile.builder(dir.resolve("shared.lck")).lifetime(Duration.ofSeconds(1)).keepAlive(true)
                .onLockLost((held, reason) -> losses.add(reason)), true);
        assertEquals(List.of(), List.copyOf(losses), "the keep-alive never saw a held lock as lost");
    }

    /** With {@code longHolds}, a few holds outlast a keep-alive period, so that ticks run while held. */
    private void share(LockFile.Builder builder, boolean longHolds) throws Exception {
        LockFile shared = builder.build();
        Path lockPath = shared.path();
        LockFile rival = LockFile.of(lockPath); // another object on the same file, so that some tries wait
        int sharers = 4;
        long runNanos = TimeUnit.SECONDS.toNanos(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger notHeldOnDisk = new AtomicInteger();
        AtomicInteger acquisitions = new AtomicInteger();
        AtomicInteger sharedAcquisitions = new AtomicInteger();
        int[] counter = {0}; // unsynchronized on purpose: only the file lock protects it
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(sharers + 1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t <= sharers; t++) {
                LockFile lock = t < sharers ? shared : rival;
                workers.add(pool.submit(() -> {
                    start.await();
                    long end = System.nanoTime() + runNanos;
                    while (System.nanoTime() < end) {
                        Optional<HeldLock> got;
                        try {
                            got = ThreadLocalRandom.current().nextBoolean()
                                    ? lock.tryLock()
                                    : Optional.of(lock.lock(Duration.ofMillis(50)));
                        } catch (AlreadyLockedException | LockTimeoutException e) {
                            continue; // another thread of this object holds or acquires it; or the rival holds it
                        }
                        if (got.isEmpty()) {
                            continue;
                        }
                        try (HeldLock held = got.get()) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            if (!lock.isLocked() || nlink(lockPath) != 2) {
                                notHeldOnDisk.incrementAndGet();
                            }
                            counter[0]++;
                            acquisitions.incrementAndGet();
                            if (lock == shared) {
                                sharedAcquisitions.incrementAndGet();
                            }
                            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                held.refresh();
                            }
                            if (longHolds && lock == shared && ThreadLocalRandom.current().nextInt(300) == 0) {
                                Thread.sleep(400); // work that outlasts a keep-alive period
                                if (!lock.isLocked() || !held.isValid()) {
                                    notHeldOnDisk.incrementAndGet();
                                }
                            }
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : workers) {
                f.get(50, TimeUnit.SECONDS); // an unexpected exception in a worker fails the test here
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "two holders were inside the critical section at once");
        assertEquals(0, notHeldOnDisk.get(), "handles returned as held while the lock file was not ours");
        assertEquals(acquisitions.get(), counter[0]);
        assertTrue(sharedAcquisitions.get() > 100, "the shared object took the lock only "
                + sharedAcquisitions.get() + " times");
        assertFalse(Files.exists(lockPath));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no lock or claim file left");
        }
    }

    private static long nlink(Path p) throws java.io.IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink")).longValue();
    }
}
