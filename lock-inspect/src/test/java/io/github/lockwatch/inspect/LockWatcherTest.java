package io.github.lockwatch.inspect;

import static io.github.lockwatch.inspect.EventQueues.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LockWatcherTest {

    @TempDir
    Path root;

    private static Predicate<LockEvent> is(LockEvent.Kind kind, String lockName) {
        return e -> e.kind() == kind && e.lock() != null && e.lock().getFileName().toString().equals(lockName);
    }

    @Test
    @Timeout(60)
    void reportsAppearedAcquiredRefreshedStateChangedReleasedAndBroken() throws Exception {
        Path dir = Files.createDirectory(root.resolve("locks"));
        ProcessIdentity me = ProcessIdentity.current();
        Files.writeString(dir.resolve("old.lck"), "garbage");
        LockScanner scanner = LockScanner.builder().localHost(me.host()).expiringWindow(Duration.ofSeconds(5)).build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofMillis(100)).build()) {
            w.subscribe(q::add);
            w.watch(dir);
            await(q, is(LockEvent.Kind.APPEARED, "old.lck"), "appeared");
            assertEquals(1, w.directories().size());
            assertNotNull(w.directories().get(0).lastScan());

            LockFile lf = LockFile.builder(dir.resolve("db.lck")).identity(me).lifetime(Duration.ofSeconds(7)).build();
            HeldLock held = lf.lock(Duration.ofSeconds(5));
            LockEvent acquired = await(q, is(LockEvent.Kind.ACQUIRED, "db.lck"), "acquired");
            assertEquals(held.claim().text(), acquired.after().claimText().orElseThrow());
            // 7 s lifetime, 5 s window: within ~2 s it becomes expiring without anyone touching it.
            await(q, is(LockEvent.Kind.STATE_CHANGED, "db.lck").and(e -> e.after().status() == LockStatus.EXPIRING),
                    "state changed to expiring");
            held.refresh(Duration.ofSeconds(60));
            await(q, is(LockEvent.Kind.REFRESHED, "db.lck"), "refreshed");
            held.close();
            await(q, is(LockEvent.Kind.RELEASED, "db.lck"), "released");

            Crafted.hold(dir.resolve("dead.lck"), me.host(), Integer.MAX_VALUE - 7, "1", Instant.now().plusSeconds(60));
            LockEvent appeared = await(q, is(LockEvent.Kind.ACQUIRED, "dead.lck"), "dead holder seen");
            assertEquals(LockStatus.HOLDER_DEAD, appeared.after().status());
            LockAdmin admin = LockAdmin.builder().actor(me).scanner(scanner)
                    .auditLog(AuditLog.at(root.resolve("audit.jsonl"))).build();
            assertEquals(ActionResult.Outcome.DONE, admin.breakLock(appeared.after(), false, "test").outcome());
            await(q, is(LockEvent.Kind.BROKEN, "dead.lck"), "broken");
        }
    }

    @Test
    @Timeout(60)
    void aHungDirectoryDoesNotStallTheOthers() throws Exception {
        Path hung = Files.createDirectory(root.resolve("hung"));
        Path fine = Files.createDirectory(root.resolve("fine"));
        CountDownLatch unblock = new CountDownLatch(1);
        CountDownLatch hangs = new CountDownLatch(1);
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofMillis(50))
                .scanTimeout(Duration.ofMillis(300))
                .scanFunction(d -> {
                    if (d.equals(hung)) {
                        hangs.countDown();
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
            assertTrue(hangs.await(10, TimeUnit.SECONDS));
            w.watch(fine);
            Files.writeString(fine.resolve("a.lck"), "x");
            await(q, is(LockEvent.Kind.APPEARED, "a.lck").or(is(LockEvent.Kind.ACQUIRED, "a.lck")), "fine dir event");
            LockEvent down = await(q, e -> e.kind() == LockEvent.Kind.DIRECTORY_UNREACHABLE, "unreachable");
            assertEquals(hung, down.directory());
            assertTrue(w.directories().stream().anyMatch(s -> s.directory().equals(hung) && s.problem().isPresent()));
            assertTrue(w.latest().containsKey(fine));
            unblock.countDown();
            LockEvent up = await(q, e -> e.kind() == LockEvent.Kind.DIRECTORY_RECOVERED, "recovered");
            assertEquals(hung, up.directory());
        }
    }

    @Test
    @Timeout(60)
    void aListingThatComesBackEmptyOnceIsLookedAtAgainBeforeLocksAreCalledReleased() throws Exception {
        Path dir = Files.createDirectory(root.resolve("cut"));
        Crafted.hold(dir.resolve("a.lck"), "there.example", 7, "1", Instant.now().plusSeconds(600));
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        java.util.concurrent.atomic.AtomicBoolean cutShort = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofMillis(50)).useWatchService(false)
                .scanFunction(d -> {
                    scans.incrementAndGet();
                    if (cutShort.getAndSet(false)) { // what a listing cut short by the server looks like
                        return new DirectoryScan(d, Instant.now(), Duration.ZERO, java.util.List.of(),
                                java.util.List.of(), java.util.List.of());
                    }
                    return scanner.scan(d);
                }).build()) {
            w.subscribe(q::add);
            w.watch(dir);
            await(q, is(LockEvent.Kind.ACQUIRED, "a.lck").or(is(LockEvent.Kind.APPEARED, "a.lck")), "a.lck seen");
            cutShort.set(true);
            int before = scans.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while ((cutShort.get() || scans.get() < before + 4) && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the empty listing was served and a few scans followed it
            }
            assertTrue(!cutShort.get() && scans.get() >= before + 4, "the watcher kept scanning");
            assertTrue(q.stream().noneMatch(is(LockEvent.Kind.RELEASED, "a.lck")), "a.lck was never released: " + q);
            assertTrue(w.latest().get(dir).find(dir.resolve("a.lck")).isPresent());
        }
    }

    @Test
    @Timeout(30)
    void aMissingDirectoryIsReportedUnreachable() throws Exception {
        LockScanner scanner = LockScanner.builder().localHost("here.example").build();
        BlockingQueue<LockEvent> q = new LinkedBlockingQueue<>();
        try (LockWatcher w = LockWatcher.builder(scanner).pollInterval(Duration.ofMillis(50)).build()) {
            w.subscribe(q::add);
            w.watch(root.resolve("missing"));
            LockEvent e = await(q, ev -> ev.kind() == LockEvent.Kind.DIRECTORY_UNREACHABLE, "unreachable");
            assertTrue(e.detail().contains("missing"), e.detail());
            assertEquals(WatchMode.POLLING_ONLY, w.directories().get(0).mode());
        }
    }
}
