package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A waiter blocked in the real wait (default sleeper, real directory events) that is interrupted. */
class InterruptedWaitIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void anInterruptedWaiterThrowsRemovesItsClaimAndLeavesTheLockAlone() throws Exception {
        Path lockPath = dir.resolve("db.lck");
        LockFile holder = LockFile.of(lockPath);
        HeldLock held = holder.lock();
        String content = Files.readString(lockPath);
        Object inode = Files.getAttribute(lockPath, "unix:ino");
        FileTime mtime = Files.getLastModifiedTime(lockPath);

        LockFile waiter = LockFile.of(lockPath);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                waiter.lock(); // no timeout: only the interrupt ends this wait
                outcome.set(new AssertionError("acquired a held lock"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "waiter");
        t.start();
        Poll.until(Duration.ofSeconds(20), () -> Files.exists(waiter.claimFile())
                && t.getState() == Thread.State.TIMED_WAITING, "the waiter sleeps in its wait, its claim on disk");
        t.interrupt();
        t.join(20_000);
        assertFalse(t.isAlive());

        assertInstanceOf(InterruptedException.class, outcome.get());
        assertFalse(Files.exists(waiter.claimFile()), "the waiter's claim file is removed");
        assertEquals(content, Files.readString(lockPath), "the lock is untouched");
        assertEquals(inode, Files.getAttribute(lockPath, "unix:ino"));
        assertEquals(mtime, Files.getLastModifiedTime(lockPath));
        assertEquals(2, ((Number) Files.getAttribute(lockPath, "unix:nlink")).intValue());
        assertTrue(holder.isLocked());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(lockPath, holder.claimFile()).stream().sorted().toList(), s.sorted().toList());
        }

        held.close();
        try (HeldLock mine = waiter.tryLock().orElseThrow()) {
            assertTrue(waiter.isLocked(), "the interrupted lock object still works");
        }
    }
}
