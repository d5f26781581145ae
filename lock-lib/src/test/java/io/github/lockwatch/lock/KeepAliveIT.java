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
import io.github.lockwatch.lock.testing.Poll;
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

    @Test
    @Timeout(60)
    void aListenerThatThrowsDoesNotStopTheSharedKeepAliveThread() throws Exception {
        CountDownLatch listenerRan = new CountDownLatch(1);
        Path brokenPath = dir.resolve("throws.lck");
        LockFile broken = LockFile.builder(brokenPath).lifetime(Duration.ofSeconds(1)).keepAlive(true)
                .onLockLost((h, r) -> {
                    listenerRan.countDown();
                    throw new IllegalStateException("a buggy listener");
                }).build();
        HeldLock lostOne = broken.lock();
        Files.delete(brokenPath);
        assertTrue(listenerRan.await(30, TimeUnit.SECONDS), "the keep-alive found the loss");
        assertFalse(lostOne.isValid());

        LockFile other = LockFile.builder(dir.resolve("other.lck")).lifetime(Duration.ofSeconds(3))
                .keepAlive(true).build();
        try (HeldLock held = other.lock()) {
            Instant first = other.expiration().orElseThrow();
            Poll.until(Duration.ofSeconds(30), () -> other.expiration().orElseThrow().isAfter(first.plusSeconds(1)),
                    "another lock is still refreshed by the same keep-alive thread");
            assertTrue(held.isValid());
        }
        lostOne.close();
    }
}
