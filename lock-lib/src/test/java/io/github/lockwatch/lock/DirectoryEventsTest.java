package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Waiters are woken by the deletion of the lock they wait for, not by every deletion beside it. */
class DirectoryEventsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void aReleaseInThisJvmWakesOnlyTheWaitersOfThatLock() {
        Path d = dir.toAbsolutePath().normalize();
        try (DirectoryEvents.Subscription s = DirectoryEvents.INSTANCE.subscribe(d, "x.lck")) {
            long seen = s.generation();
            DirectoryEvents.INSTANCE.fire(d, "other.lck");
            assertEquals(seen, s.generation(), "another lock's release wakes nobody waiting for x.lck");
            DirectoryEvents.INSTANCE.fire(d, "x.lck");
            assertEquals(seen + 1, s.generation());
        }
    }

    @Test
    @Timeout(30)
    void theLockFilesDeletionWakesItsWaiter() throws Exception {
        Path lock = Files.writeString(dir.resolve("x.lck"), "x.lck|host|1|2");
        try (DirectoryEvents.Subscription s = DirectoryEvents.INSTANCE.subscribe(dir, "x.lck")) {
            long seen = s.generation();
            Files.delete(lock);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.generation() == seen && System.nanoTime() < deadline) {
                s.await(seen, Duration.ofMillis(100));
            }
            assertTrue(s.generation() > seen, "woken by the deletion");
        }
    }

    @Test
    void onlyTheDeletionOfAWaitedLockOrLostEventsConcernWaiters() {
        Path d = dir.toAbsolutePath().normalize();
        try (DirectoryEvents.Subscription s = DirectoryEvents.INSTANCE.subscribe(d, "x.lck")) {
            DirectoryEvents.Signal signal = s.signal();
            assertFalse(DirectoryEvents.concernsWaiters(signal, List.of(deleted("x.lck|host|1|2"), deleted("y.lck"))),
                    "a claim file and another lock");
            assertTrue(DirectoryEvents.concernsWaiters(signal, List.of(deleted("x.lck|host|1|2"), deleted("x.lck"))));
            assertTrue(DirectoryEvents.concernsWaiters(signal, List.of(event(StandardWatchEventKinds.OVERFLOW, null))),
                    "lost events: wake everyone");
        }
    }

    private static WatchEvent<?> deleted(String name) {
        return event(StandardWatchEventKinds.ENTRY_DELETE, Path.of(name));
    }

    private static <T> WatchEvent<T> event(WatchEvent.Kind<T> kind, T context) {
        return new WatchEvent<>() {
            @Override
            public Kind<T> kind() {
                return kind;
            }

            @Override
            public int count() {
                return 1;
            }

            @Override
            public T context() {
                return context;
            }
        };
    }
}
