package io.github.lockwatch.inspect;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LockScanner#scan(Path, DirectoryScan)}: what an unchanged entry is spared, and that nothing it
 * returns differs from a full scan. The scanner's clock is set relative to the files' real ctimes, so the
 * granularity margin is decided, not waited for.
 */
class LockScannerRescanTest {

    static final String HERE = LockScannerTest.HERE;
    static final String THERE = LockScannerTest.THERE;
    /** Long enough after a change for a look to count (more than the timestamp granularity). */
    static final Duration LATE = LockScanner.TIMESTAMP_GRANULARITY.plusSeconds(1);

    @TempDir
    Path dir;
    TestClock clock;
    FakeProbe probe;
    LockScanner scanner;
    final List<Path> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        probe = new FakeProbe().alive(100, Instant.EPOCH).alive(200, Instant.EPOCH);
        scanner = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe)
                .openers(o -> file -> {
                    opened.add(file.getFileName());
                    return o.open(file);
                }).build();
    }

    private static Instant ctime(Path p) throws IOException {
        return ((FileTime) Files.getAttribute(p, "unix:ctime", NOFOLLOW_LINKS)).toInstant();
    }

    /** The latest ctime of the directory's entries. */
    private Instant lastChange() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Instant latest = Instant.EPOCH;
            for (Path p : s.toList()) {
                Instant c = ctime(p);
                latest = c.isAfter(latest) ? c : latest;
            }
            return latest;
        }
    }

    /** Sets the clock to {@code after} past the directory's last change. */
    private void clockAfterLastChange(Duration after) throws IOException {
        clock.set(lastChange().plus(after));
    }

    private DirectoryScan rescan(DirectoryScan previous) throws IOException {
        opened.clear();
        return scanner.scan(dir, previous);
    }

    /** A full scan at the same instant must give exactly what the rescan gave. */
    private void assertSameAsFullScan(DirectoryScan rescan) throws IOException {
        assertEquals(scanner.scan(dir), rescan);
    }

    @Test
    void anUnchangedLockAndItsWaitersAreNotReadAgain() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "42", Instant.now().plusSeconds(3600));
        Crafted.waiter(lock, HERE, 200, "43", Instant.now().plusSeconds(3600));
        Crafted.waiter(lock, THERE, 7, "44", Instant.now().plusSeconds(3600));
        clockAfterLastChange(LATE);
        DirectoryScan first = rescan(null);
        assertEquals(3, opened.size(), "a first scan reads the lock and both waiters' claims: " + opened);

        clock.advance(Duration.ofSeconds(1));
        DirectoryScan second = rescan(first);
        assertEquals(List.of(), opened, "nothing unchanged is opened");
        LockSnapshot was = first.locks().get(0);
        LockSnapshot now = second.locks().get(0);
        assertSame(was.rawContent(), now.rawContent());
        assertSame(was.claim(), now.claim());
        assertSame(was.path(), now.path(), "equal values are kept, not copied");
        assertSame(was.expires(), now.expires());
        assertEquals(2, was.waiters().size());
        for (int i = 0; i < 2; i++) {
            assertSame(was.waiters().get(i), now.waiters().get(i), "an unchanged waiter is the same value");
        }
        assertEquals(clock.instant(), now.scannedAt());
        assertSameAsFullScan(second);
        assertEquals(3, opened.size(), "the full scan read everything again");
    }

    @Test
    void aRewriteWithANewCtimeIsSeenEvenWithTheSameSizeAndMtime() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, HERE, 100, "42", Instant.now().plusSeconds(3600));
        Instant mtime = Files.getLastModifiedTime(lock).toInstant();
        clockAfterLastChange(LATE);
        DirectoryScan first = rescan(null);
        Instant before = ctime(lock);

        // Same inode, same length, same mtime: only the ctime tells.
        Files.writeString(lock, Crafted.claimText(lock, HERE, 100, "43"));
        Crafted.setMtime(lock, mtime);
        assertNotEquals(before, ctime(lock), "this filesystem keeps ctimes finer than the rewrite");
        clockAfterLastChange(LATE);
        DirectoryScan second = rescan(first);

        assertEquals(List.of(lock.getFileName()), opened);
        LockSnapshot s = second.locks().get(0);
        assertEquals("43", s.claim().orElseThrow().random());
        assertEquals(LockStatus.INCONSISTENT, s.status(), "the claim named now has no claim file: " + claim);
        assertSameAsFullScan(second);
    }

    @Test
    void aFileLookedAtWithinTheTimestampGranularityOfItsChangeIsReadAgain() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "42", Instant.now().plusSeconds(3600));
        Crafted.waiter(lock, THERE, 7, "44", Instant.now().plusSeconds(3600));
        // A coarse filesystem could show this ctime for a second write a moment later: not proof yet.
        clockAfterLastChange(LockScanner.TIMESTAMP_GRANULARITY.minusMillis(1));
        DirectoryScan first = rescan(null);

        clock.advance(Duration.ofSeconds(5));
        DirectoryScan second = rescan(first);
        assertEquals(2, opened.size(), "read again, since the first look was too soon after the change: " + opened);
        assertSameAsFullScan(second);

        clock.advance(Duration.ofSeconds(1));
        DirectoryScan third = rescan(second);
        assertEquals(List.of(), opened, "the second look was late enough");
        assertSameAsFullScan(third);
    }

    @Test
    void aReusedLockStillGoesFromHeldToExpiringExpiredAndBreakable() throws Exception {
        Path lock = dir.resolve("db.lck");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        Crafted.hold(lock, THERE, 5, "42", t0.plusSeconds(30));
        clock.set(t0);
        assertTrue(!t0.isBefore(lastChange().plus(LockScanner.TIMESTAMP_GRANULARITY)), "set up within a minute");
        DirectoryScan scan = rescan(null);
        assertEquals(LockStatus.HELD, scan.locks().get(0).status());

        record Step(long at, LockStatus expected) {
        }
        for (Step step : List.of(new Step(25, LockStatus.EXPIRING), new Step(30, LockStatus.EXPIRED),
                new Step(40, LockStatus.EXPIRED), new Step(41, LockStatus.BREAKABLE))) {
            clock.set(t0.plusSeconds(step.at()));
            scan = rescan(scan);
            assertEquals(List.of(), opened, "reused at +" + step.at() + " s");
            assertEquals(step.expected(), scan.locks().get(0).status(), scan.locks().get(0).explanation());
            assertSameAsFullScan(scan);
        }
    }

    @Test
    void theDeathOfAReusedLocksHolderAndOfAWaiterIsSeen() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "42", Instant.now().plusSeconds(3600));
        Path waiter = Crafted.waiter(lock, HERE, 200, "43", Instant.now().plusSeconds(3600));
        clockAfterLastChange(LATE);
        DirectoryScan first = rescan(null);
        assertEquals(LockStatus.HELD, first.locks().get(0).status());

        probe.running.remove(100L);
        probe.running.remove(200L);
        clock.advance(Duration.ofSeconds(1));
        DirectoryScan second = rescan(first);
        assertEquals(List.of(), opened);
        LockSnapshot s = second.locks().get(0);
        assertEquals(LockStatus.HOLDER_DEAD, s.status(), s.explanation());
        assertEquals(Liveness.DEAD, s.liveness());
        assertEquals(List.of(), s.waiters());
        assertEquals(List.of(waiter), second.orphans().stream().map(OrphanClaim::claimFile).toList());
        assertSameAsFullScan(second);

        // Pid 100 runs again, started after the lock last changed: reuse, also seen without a read.
        probe.alive(100, ctime(lock).plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofSeconds(1));
        DirectoryScan third = rescan(second);
        assertEquals(List.of(), opened);
        assertEquals(Liveness.PID_REUSED, third.locks().get(0).liveness());
        assertSameAsFullScan(third);
    }

    @Test
    void aClaimFileWhosePidHasLeadingZerosIsNotTheHoldersClaim() throws Exception {
        Path lock = dir.resolve("db.lck");
        Files.writeString(lock, Crafted.claimText(lock, HERE, 100, "42"));
        Files.createLink(dir.resolve("db.lck|" + HERE + "|0100|42"), lock);
        LockSnapshot s = scanner.scan(dir).locks().get(0);
        assertEquals(LockStatus.INCONSISTENT, s.status(), s.explanation());
        assertTrue(s.findings().contains("the holder's claim file db.lck|" + HERE + "|100|42 is missing"),
                s.findings().toString());
    }

    @Test
    void anAdminActingOnARescansSnapshotComparesItWithTheDiskAfresh() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 999, "42", Instant.now().plusSeconds(3600));
        Instant mtime = Files.getLastModifiedTime(lock).toInstant();
        clockAfterLastChange(LATE);
        LockAdmin admin = LockAdmin.builder().clock(clock).actor(new io.github.lockwatch.lock.ProcessIdentity(
                "admin.example", 4242)).auditLog(AuditLog.builder().file(dir.resolve("audit/audit.jsonl")).build())
                .scanner(scanner).build();
        DirectoryScan first = rescan(null);
        clock.advance(Duration.ofSeconds(1));
        LockSnapshot seen = rescan(first).find(lock).orElseThrow();
        assertEquals(List.of(), opened, "the snapshot came from the previous scan's read");
        assertEquals(LockStatus.HOLDER_DEAD, seen.status());

        // Rewritten in place since (same inode, size and mtime): the admin reads it and refuses.
        Files.writeString(lock, Crafted.claimText(lock, HERE, 999, "43"));
        Crafted.setMtime(lock, mtime);
        ActionResult r = admin.breakLock(seen, false, "holder crashed");
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, r.outcome(), r.message());
        assertTrue(Files.exists(lock));
    }

    @Test
    @Timeout(30)
    void aWatcherRescansWithItsLatestScan() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, THERE, 7, "42", Instant.now().plusSeconds(3600));
        clockAfterLastChange(LATE);
        // Each scan asks for its opener once: count scans by that, and the files they open.
        CountDownLatch fourScans = new CountDownLatch(4);
        List<Path> reads = new CopyOnWriteArrayList<>();
        LockScanner counting = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe)
                .openers(o -> {
                    fourScans.countDown();
                    return file -> {
                        reads.add(file.getFileName());
                        return o.open(file);
                    };
                }).build();
        try (LockWatcher w = LockWatcher.builder(counting).pollInterval(Duration.ofMillis(20))
                .useWatchService(false).build()) {
            w.watch(dir);
            fourScans.await();
        }
        assertEquals(List.of(lock.getFileName()), List.copyOf(reads), "read by the first scan only");
    }

    @Test
    void aRescanOfEveryKindOfEntryEqualsAFullScanAsTimePassesAndThingsChange() throws Exception {
        Path locks = Files.createDirectory(dir.resolve("locks"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        BadInputCorpusTest.Made hostile = BadInputCorpusTest.writeHostileEntries(locks, outside);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        Crafted.hold(locks.resolve("held.lck"), HERE, 100, "1", t0.plusSeconds(30));
        Crafted.waiter(locks.resolve("held.lck"), HERE, 200, "2", t0.plusSeconds(30));
        Crafted.waiter(locks.resolve("held.lck"), THERE, 5, "3", t0.plusSeconds(30));
        Crafted.waiter(locks.resolve("held.lck"), HERE, 999, "4", t0.plusSeconds(30));
        Crafted.hold(locks.resolve("expiring.lck"), HERE, 100, "5", t0.plusSeconds(8));
        Crafted.hold(locks.resolve("expired.lck"), THERE, 6, "6", t0.minusSeconds(3));
        Crafted.hold(locks.resolve("breakable.lck"), THERE, 6, "7", t0.minusSeconds(20));
        Crafted.hold(locks.resolve("dead.lck"), HERE, 998, "8", t0.plusSeconds(30));
        Crafted.hold(locks.resolve("reused.lck"), HERE, 300, "9", t0.plusSeconds(30));
        Files.writeString(locks.resolve("garbage.lck"), "not a claim");
        Path noClaim = locks.resolve("noclaim.lck");
        Files.writeString(noClaim, Crafted.claimText(noClaim, HERE, 100, "10"));
        Path plain = locks.resolve("plain");
        Files.createLink(plain, Crafted.waiter(plain, THERE, 5, "11", t0.plusSeconds(30)));
        Files.writeString(locks.resolve("noext"), "junk");
        Crafted.waiter(locks.resolve("noext"), HERE, 200, "12", t0.plusSeconds(30));
        Crafted.waiter(locks.resolve("gone.lck"), THERE, 5, "13", t0.minusSeconds(60));
        Crafted.waiter(locks.resolve("gone.lck"), THERE, 6, "14", t0.plusSeconds(15));
        Files.writeString(locks.resolve("notes.txt"), "hello");
        probe.alive(300, t0.plusSeconds(3600));
        clock.set(t0);
        assertTrue(!t0.isBefore(lastChange().plus(LockScanner.TIMESTAMP_GRANULARITY)), "set up within a minute");
        LockScanner deep = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe).recursive(true)
                .openers(o -> file -> {
                    opened.add(file.getFileName());
                    return o.open(file);
                }).build();

        DirectoryScan flat = scanner.scan(locks);
        DirectoryScan tree = deep.scan(dir);
        assertTrue(flat.locks().size() >= 18, flat.locks().size() + " locks: " + flat);
        int fullOpens = 0;
        for (long at : new long[] {1, 3, 4, 9, 12, 25, 31, 45, 50, 75}) {
            clock.set(t0.plusSeconds(at));
            if (at == 12) {
                probe.running.remove(100L); // the holder of held.lck and expiring.lck dies
            }
            if (at == 31) { // a lock is released and taken by another, and a new waiter comes
                Path released = locks.resolve("expiring.lck");
                Files.delete(released);
                Files.delete(locks.resolve("expiring.lck|" + HERE + "|100|5"));
                Crafted.hold(released, THERE, 8, "15", t0.plusSeconds(90));
                Crafted.waiter(released, THERE, 9, "16", t0.plusSeconds(90));
            }
            opened.clear();
            flat = scanner.scan(locks, flat);
            int reads = opened.size();
            assertEquals(scanner.scan(locks), flat, "at +" + at + " s");
            fullOpens = opened.size() - reads;
            assertTrue(reads < fullOpens, "at +" + at + " s the rescan read " + reads + ", a full scan " + fullOpens);
            tree = deep.scan(dir, tree);
            assertEquals(deep.scan(dir), tree, "recursive, at +" + at + " s");
        }
        assertEquals(LockStatus.HOLDER_DEAD, flat.find(locks.resolve("held.lck")).orElseThrow().status());
        assertEquals(LockStatus.HELD, flat.find(locks.resolve("expiring.lck")).orElseThrow().status());
        assertEquals(LockStatus.BREAKABLE, flat.find(locks.resolve("expired.lck")).orElseThrow().status());
        assertEquals(Liveness.PID_REUSED, flat.find(locks.resolve("reused.lck")).orElseThrow().liveness());
        Files.setPosixFilePermissions(locks.resolve("unreadable.lck"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Facility.require(hostile.fifo(), "mkfifo is not available");
    }
}
