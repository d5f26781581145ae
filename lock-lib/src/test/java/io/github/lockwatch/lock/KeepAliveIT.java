package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The keep-alive on real time: it refreshes without the holder polling, and reports a lost lock. */
class KeepAliveIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aKeptAliveLockIsRefreshedAndOutlivesItsLifetime() throws Exception {
        LockFile lock = LockFile.builder(dir.resolve("alive.lck")).lifetime(Duration.ofSeconds(3))
                .keepAlive(true).build();
        try (HeldLock held = lock.lock()) {
            Instant first = lock.expiration().orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!lock.expiration().orElseThrow().isAfter(first.plusSeconds(2)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(lock.expiration().orElseThrow().isAfter(first.plusSeconds(2)),
                    "the expiry moved forward by itself");
            assertTrue(held.isValid());
            assertTrue(lock.isLocked());
        }
    }

    @Test
    @Timeout(60)
    void aRemovedLockIsReportedToTheListenerAndInvalidatesTheHandle() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        AtomicReference<String> reason = new AtomicReference<>();
        Path path = dir.resolve("lost.lck");
        LockFile lock = LockFile.builder(path).lifetime(Duration.ofSeconds(3)).keepAlive(true)
                .onLockLost((h, r) -> {
                    reason.set(r);
                    lost.countDown();
                }).build();
        HeldLock held = lock.lock();
        Files.delete(path); // an admin's rm, or a breaker
        assertTrue(lost.await(30, TimeUnit.SECONDS), "the keep-alive noticed");
        assertFalse(held.isValid());
        assertEquals(reason.get(), held.lostReason().orElseThrow());
        assertTrue(reason.get().contains("gone"), reason.get());
        held.close(); // idempotent, does not throw for a lost lock
        assertFalse(Files.exists(lock.claimFile()), "our claim is cleaned up on close");
    }
}
