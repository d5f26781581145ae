package io.github.lockwatch.inspect;

import static io.github.lockwatch.inspect.EventQueues.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory whose registration or scan hangs (a dead NFS server) or that is missing never blocks the
 * caller of {@link LockWatcher#watch} nor delays the other directories.
 */
class LockWatcherIsolationTest {

    @TempDir
    Path root;

    private static Predicate<LockEvent> about(Path dir, LockEvent.Kind kind) {
        return e -> e.kind() == kind && e.directory().equals(dir);
    }

    private static Predicate<LockEvent> lockSeen(String name) {
        return e -> (e.kind() == LockEvent.Kind.APPEARED || e.kind() == LockEvent.Kind.ACQUIRED)
                && e.lock() != null && e.lock().getFileName().toString().equals(name);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHungRegistrationNeitherBlocksTheCallerNorDelaysTheOtherDirectories() throws Exception {
        Path hung = Files.createDirectory(root.resolve("hung"));
        Path fine = Files.createDirectory(root.resolve("fine"));
        CountDownLatch inRegistration = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicReference<Thread> registeringThread = new AtomicReference<>();
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofSeconds(30))
                .scanTimeout(Duration.ofMillis(300))
                .registrar((d, service) -> {
                    if (d.equals(hung)) {
                        registeringThread.set(Thread.currentThread());
                        inRegistration.countDown();
                        try {
                            unblock.await(); // inotify_add_watch on a dead NFS server
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return d.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                }).build()) {
            w.subscribe(q::add);
            w.watch(hung); // must return although registration hangs
            assertTrue(inRegistration.await(10, TimeUnit.SECONDS), "registration started");
            assertNotEquals(Thread.currentThread(), registeringThread.get(), "registration is not on the caller's thread");
            w.watch(fine);
            io.github.lockwatch.lock.testing.Poll.until(Duration.ofSeconds(15), () -> w.latest().containsKey(fine),
                    "the fine directory's first scan");
            Files.writeString(fine.resolve("a.lck"), "x");
            // Poll interval 30 s: only the fine directory's change events can bring this within the deadline.
            await(q, lockSeen("a.lck"), "fine directory's lock");
            LockEvent down = await(q, about(hung, LockEvent.Kind.DIRECTORY_UNREACHABLE), "hung directory unreachable");
            assertTrue(down.detail().contains("registering"), down.detail());
            DirectoryStatus hungStatus = status(w, hung);
            assertEquals(WatchMode.POLLING_ONLY, hungStatus.mode());
            assertTrue(hungStatus.problem().isPresent());
            assertEquals(WatchMode.EVENTS_AND_POLLING, status(w, fine).mode());
            assertFalse(w.latest().containsKey(hung), "the hung directory has not been scanned");

            unblock.countDown();
            await(q, about(hung, LockEvent.Kind.DIRECTORY_RECOVERED), "hung directory recovered");
            assertEquals(WatchMode.EVENTS_AND_POLLING, status(w, hung).mode());
            assertTrue(w.latest().containsKey(hung));
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHungFirstScanDoesNotBlockTheCallerAndTheOthersAreScanned() throws Exception {
        Path hung = Files.createDirectory(root.resolve("hung"));
        Path fine = Files.createDirectory(root.resolve("fine"));
        Files.writeString(fine.resolve("b.lck"), "x");
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicReference<Thread> scanningThread = new AtomicReference<>();
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofMillis(100))
                .scanTimeout(Duration.ofMillis(300))
                .scanFunction(d -> {
                    if (d.equals(hung)) {
                        scanningThread.set(Thread.currentThread());
                        try {
                            unblock.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return scanner.scan(d);
                }).build()) {
            w.subscribe(q::add);
            w.watch(hung);
            w.watch(fine);
            await(q, lockSeen("b.lck"), "the fine directory's first scan");
            LockEvent down = await(q, about(hung, LockEvent.Kind.DIRECTORY_UNREACHABLE), "hung directory unreachable");
            assertTrue(down.detail().contains("scan"), down.detail());
            assertNotEquals(Thread.currentThread(), scanningThread.get());
            unblock.countDown();
            await(q, about(hung, LockEvent.Kind.DIRECTORY_RECOVERED), "recovered");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMissingDirectoryIsReportedRetriedAndWatchedWithEventsOnceItExists() throws Exception {
        Path missing = root.resolve("later");
        Path fine = Files.createDirectory(root.resolve("fine"));
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofMillis(100)).build()) {
            w.subscribe(q::add);
            w.watch(missing);
            w.watch(fine);
            LockEvent down = await(q, about(missing, LockEvent.Kind.DIRECTORY_UNREACHABLE), "missing reported");
            assertEquals(missing + ": no such directory", down.detail());
            Files.writeString(fine.resolve("c.lck"), "x");
            await(q, lockSeen("c.lck"), "the other directory is still watched");

            Files.createDirectory(missing);
            await(q, about(missing, LockEvent.Kind.DIRECTORY_RECOVERED), "recovered once it exists");
            Files.writeString(missing.resolve("d.lck"), "x");
            await(q, lockSeen("d.lck"), "a lock in the directory that exists now");
            assertEquals(WatchMode.EVENTS_AND_POLLING, status(w, missing).mode(), "registration was retried");
            assertTrue(status(w, missing).problem().isEmpty());
        }
    }

    private static DirectoryStatus status(LockWatcher w, Path dir) {
        return w.directories().stream().filter(s -> s.directory().equals(dir)).findFirst()
                .orElseThrow(() -> new AssertionError("not watched: " + dir));
    }
}
