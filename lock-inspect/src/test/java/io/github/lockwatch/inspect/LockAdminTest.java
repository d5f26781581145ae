package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockAdminTest {

    static final String HERE = "here.example";

    @TempDir
    Path root;
    Path dir;
    Path outside;
    TestClock clock;
    FakeProbe probe;
    LockScanner scanner;
    LockAdmin admin;
    AuditLog audit;
    Instant now;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectory(root.resolve("locks"));
        outside = Files.createDirectory(root.resolve("outside"));
        Files.writeString(outside.resolve("precious.lck"), "do not touch");
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new TestClock(now);
        probe = new FakeProbe().alive(100, Instant.EPOCH);
        scanner = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe).build();
        audit = AuditLog.builder().file(root.resolve("audit/audit.jsonl")).sharedBesideLocks(true).build();
        admin = LockAdmin.builder().clock(clock).actor(new ProcessIdentity("admin.example", 4242))
                .auditLog(audit).scanner(scanner).build();
    }

    @Test
    void aLiveLockIsNotBrokenWithoutForce() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        ActionResult r = admin.breakLock(scanner.inspect(lock), false, "test");
        assertEquals(ActionResult.Outcome.REFUSED_NOT_BREAKABLE, r.outcome(), r.message());
        assertTrue(Files.exists(lock) && Files.exists(claim));
        assertTrue(r.message().contains("force"), r.message());
    }

    @Test
    void aDeadHoldersLockIsBrokenAndItsClaimRemoved() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, HERE, 999, "1", now.plusSeconds(30));
        Path waiter = Crafted.waiter(lock, "there.example", 5, "2", now.plusSeconds(30));
        LockSnapshot seen = scanner.inspect(lock);
        assertEquals(LockStatus.HOLDER_DEAD, seen.status());
        ActionResult r = admin.breakLock(seen, false, "holder crashed");
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        assertFalse(Files.exists(lock));
        assertFalse(Files.exists(claim));
        assertTrue(Files.exists(waiter), "waiters are not touched");
        try (var s = Files.list(dir)) {
            assertEquals(java.util.Set.of(waiter.getFileName().toString(), AuditLog.SHARED_FILE_NAME),
                    s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void anAdminWhoseClockIsAheadCannotBreakALiveLockWithoutForce() throws Exception {
        // The admin's clock runs 30 minutes ahead of the file server's (the kernel's, here): a lock of a
        // holder on another host that is live by the server's time looks long expired.
        Instant realNow = Instant.now();
        TestClock ahead = new TestClock(realNow.plus(Duration.ofMinutes(30)));
        LockScanner skewedScanner = LockScanner.builder().clock(ahead).localHost(HERE).processProbe(probe).build();
        LockAdmin skewed = LockAdmin.builder().clock(ahead).actor(new ProcessIdentity("admin.example", 4242))
                .auditLog(audit).scanner(skewedScanner).build();
        Path live = dir.resolve("live.lck");
        Path claim = Crafted.hold(live, "there.example", 7, "1", realNow.plusSeconds(30));
        LockSnapshot seen = skewedScanner.inspect(live);
        assertEquals(LockStatus.BREAKABLE, seen.status(), "by the admin's clock");

        ActionResult r = skewed.breakLock(seen, false, "looks stale");
        assertEquals(ActionResult.Outcome.REFUSED_NOT_BREAKABLE, r.outcome(), r.message());
        assertTrue(r.message().contains("file server's clock") && r.message().contains("ahead"), r.message());
        assertTrue(Files.exists(live) && Files.exists(claim), "the live lock is untouched");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".lockwatch-doctor")), "no probe left");
        }

        Path stale = dir.resolve("stale.lck");
        Crafted.hold(stale, "there.example", 8, "2", realNow.minusSeconds(60));
        assertEquals(ActionResult.Outcome.DONE, skewed.breakLock(skewedScanner.inspect(stale), false, "stale").outcome(),
                "expired by the server's clock too: broken");
        assertEquals(ActionResult.Outcome.DONE, skewed.breakLock(seen, true, "forced").outcome(), "force still works");
        assertFalse(Files.exists(live));
    }

    @Test
    void breakRefusesWhenTheLockChangedSinceTheSnapshot() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.minusSeconds(60));
        LockSnapshot seen = scanner.inspect(lock);
        assertEquals(LockStatus.BREAKABLE, seen.status());
        Crafted.setMtime(lock, now.plusSeconds(15)); // the holder refreshed
        ActionResult r = admin.breakLock(seen, false, "stale?");
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, r.outcome());
        assertTrue(r.message().contains("the lock changed since you looked"), r.message());
        assertTrue(Files.exists(lock));
    }

    @Test
    void breakRefusesANewLockOfTheSameNameAndContent() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, HERE, 100, "1", now.minusSeconds(60));
        LockSnapshot seen = scanner.inspect(lock);
        Files.delete(lock);
        Files.delete(claim);
        Crafted.hold(lock, HERE, 100, "1", now.minusSeconds(60)); // same text and mtime, new inode
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, admin.breakLock(seen, true, "x").outcome());
        assertTrue(Files.exists(lock));
    }

    @Test
    void breakOfAVanishedLockSaysGone() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, HERE, 999, "1", now);
        LockSnapshot seen = scanner.inspect(lock);
        Files.delete(lock);
        Files.delete(claim);
        assertEquals(ActionResult.Outcome.REFUSED_GONE, admin.breakLock(seen, false, "x").outcome());
    }

    @Test
    void breakNeverRemovesTheFileNamedInTheContent() throws Exception {
        Path lock = dir.resolve("evil.lck");
        Files.writeString(lock, "../outside/precious.lck|" + HERE + "|999|1");
        String before = TreeHash.of(outside);
        LockSnapshot seen = scanner.inspect(lock);
        assertTrue(seen.status().breakableWithoutForce(), seen.status().toString());
        ActionResult r = admin.breakLock(seen, false, "x");
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        assertEquals(before, TreeHash.of(outside));
    }

    @Test
    void refreshMovesTheExpiryInWholeSecondsOnlyForTheSameLock() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(2));
        LockSnapshot seen = scanner.inspect(lock);
        clock.set(now.plusMillis(700));
        ActionResult r = admin.refresh(seen, Duration.ofSeconds(15), "long job");
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        assertEquals(now.plusSeconds(15), Files.getLastModifiedTime(lock).toInstant());
        // Refresh compares inode and content, not mtime: a second refresh on the old snapshot is fine.
        assertEquals(ActionResult.Outcome.DONE, admin.refresh(seen, Duration.ofSeconds(15), null).outcome());
        Files.writeString(lock, "someone else");
        assertEquals(ActionResult.Outcome.REFUSED_CHANGED, admin.refresh(seen, Duration.ofSeconds(15), null).outcome());
    }

    @Test
    void refreshNeverCreatesALock() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(2));
        LockSnapshot seen = scanner.inspect(lock);
        Files.delete(lock);
        assertEquals(ActionResult.Outcome.REFUSED_GONE, admin.refresh(seen, Duration.ofSeconds(5), null).outcome());
        assertFalse(Files.exists(lock));
        assertTrue(Files.exists(claim));
    }

    @Test
    void cleanIsADryRunUnlessApplied() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        Path orphan = Crafted.waiter(lock, HERE, 999, "2", now.plusSeconds(30));
        DirectoryScan scan = scanner.scan(dir);
        CleanResult dry = admin.clean(scan, false);
        assertEquals(1, dry.candidates().size());
        assertTrue(dry.removed().isEmpty());
        assertTrue(Files.exists(orphan));
        CleanResult wet = admin.clean(scan, true);
        assertEquals(List.of(orphan), wet.removed());
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(lock));
    }

    @Test
    void everyActionIsAudited() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        Crafted.waiter(lock, HERE, 999, "2", now.plusSeconds(30));
        LockSnapshot seen = scanner.inspect(lock);
        admin.breakLock(seen, false, "no force");
        admin.refresh(seen, Duration.ofSeconds(10), "extend");
        admin.clean(scanner.scan(dir), true);
        admin.breakLock(scanner.inspect(lock), true, "forced");
        List<AuditRecord> records = audit.read();
        assertEquals(List.of("break", "refresh", "clean", "break-force"), records.stream().map(AuditRecord::action).toList());
        assertEquals(List.of("refused-not-breakable", "done", "done", "done"),
                records.stream().map(AuditRecord::outcome).toList());
        AuditRecord first = records.get(0);
        assertEquals("admin.example", first.host());
        assertEquals(4242, first.pid());
        assertEquals(HERE, first.holderHost());
        assertEquals(100, first.holderPid());
        assertEquals(seen.claimText().orElseThrow(), first.holderClaim());
        assertEquals("no force", first.reason());
        assertEquals(lock.toString(), first.lock());
        assertEquals(4, AuditLog.read(dir.resolve(AuditLog.SHARED_FILE_NAME)).size(), "shared file, opt-in");
    }

    @Test
    void theDefaultAuditFileFollowsXdg() {
        assertEquals(Path.of("/x/lockwatch/audit.jsonl"), AuditLog.defaultFile(java.util.Map.of("XDG_DATA_HOME", "/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/lockwatch/audit.jsonl"),
                AuditLog.defaultFile(java.util.Map.of()));
    }
}
