package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockScannerTest {

    static final String HERE = "here.example";
    static final String THERE = "there.example";

    @TempDir
    Path dir;
    TestClock clock;
    FakeProbe probe;
    LockScanner scanner;
    Instant now;

    @BeforeEach
    void setUp() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new TestClock(now);
        probe = new FakeProbe().alive(100, Instant.EPOCH).alive(200, Instant.EPOCH);
        scanner = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe).build();
    }

    private LockSnapshot heldFor(Duration untilExpiry) throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "42", now.plus(untilExpiry));
        return scanner.inspect(lock);
    }

    @Test
    void lockwatchsOwnTransientFilesAreNotReportedAsLocks() throws Exception {
        Path aside = dir.resolve(".db.lck.lockwatch-break-1x2y");
        Crafted.hold(aside, HERE, 100, "42", now.plusSeconds(30)); // a lock moved aside mid-break
        java.nio.file.Files.writeString(dir.resolve(".lockwatch-doctor-abc|host|1|2"), "x");
        DirectoryScan scan = scanner.scan(dir);
        assertEquals(java.util.List.of(), scan.locks());
        assertEquals(java.util.List.of(), scan.orphans());
    }

    @Test
    void aLiveHolderWithTimeLeftIsHeld() throws Exception {
        LockSnapshot s = heldFor(Duration.ofSeconds(15));
        assertEquals(LockStatus.HELD, s.status(), s.explanation());
        assertEquals(HERE, s.host());
        assertEquals(100, s.pid());
        assertEquals(2, s.linkCount());
        assertEquals(Liveness.ALIVE, s.liveness());
        assertEquals(Duration.ofSeconds(15), s.remaining(now));
        assertTrue(s.findings().isEmpty(), s.findings().toString());
        assertTrue(s.explanation().contains("pid 100"), s.explanation());
    }

    @Test
    void withinTheWindowItIsExpiring() throws Exception {
        assertEquals(LockStatus.EXPIRING, heldFor(Duration.ofSeconds(5)).status());
    }

    @Test
    void expiredInsideTheSlopIsExpiredNotBreakable() throws Exception {
        assertEquals(LockStatus.EXPIRED, heldFor(Duration.ZERO).status()); // touched "now" = expired
        clock.advance(Duration.ofSeconds(10));
        assertEquals(LockStatus.EXPIRED, scanner.inspect(dir.resolve("db.lck")).status(), "slop is strict");
    }

    @Test
    void pastTheSlopItIsBreakable() throws Exception {
        LockSnapshot s = heldFor(Duration.ofSeconds(-11));
        assertEquals(LockStatus.BREAKABLE, s.status(), s.explanation());
        assertTrue(s.status().breakableWithoutForce());
    }

    @Test
    void aLocalHolderWhosePidIsNotRunningIsDead() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 999, "1", now.plusSeconds(60));
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.HOLDER_DEAD, s.status());
        assertEquals(Liveness.DEAD, s.liveness());
        assertTrue(s.livenessEvidence().contains("999"), s.livenessEvidence());
    }

    @Test
    void aPidThatStartedAfterTheLockChangedIsReusedSoTheHolderIsDead() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 300, "1", now.plusSeconds(60));
        probe.alive(300, Instant.now().plus(Duration.ofMinutes(5)));
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.HOLDER_DEAD, s.status(), s.explanation());
        assertEquals(Liveness.PID_REUSED, s.liveness());
    }

    @Test
    void holdersOnOtherHostsAreNeverCalledDead() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, THERE, 999, "1", now.plusSeconds(60));
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.HELD, s.status());
        assertEquals(Liveness.UNKNOWN_OTHER_HOST, s.liveness());
        assertTrue(s.livenessEvidence().startsWith("liveness unknown (other host"), s.livenessEvidence());
    }

    @Test
    void garbageContentIsCorruptAndWinsOverAnOldMtime() throws Exception {
        Path lock = dir.resolve("db.lck");
        Files.writeString(lock, "not a claim");
        Crafted.setMtime(lock, now.minusSeconds(3600));
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.CORRUPT, s.status());
        assertTrue(s.claim().isEmpty());
        assertEquals(-1, s.pid());
        assertFalse(s.findings().isEmpty());
    }

    @Test
    void aClaimWithoutItsClaimFileIsInconsistent() throws Exception {
        Path lock = dir.resolve("db.lck");
        Files.writeString(lock, Crafted.claimText(lock, HERE, 100, "7"));
        Crafted.setMtime(lock, now.plusSeconds(30));
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.INCONSISTENT, s.status(), s.explanation());
        assertTrue(s.findings().stream().anyMatch(f -> f.contains("link count is 1")), s.findings().toString());
        assertTrue(s.findings().stream().anyMatch(f -> f.contains("missing")), s.findings().toString());
    }

    @Test
    void contentNamingAnotherFileIsInconsistent() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path other = dir.resolve("other.lck");
        Path claim = Crafted.waiter(other, HERE, 100, "5", now.plusSeconds(30));
        Files.createLink(lock, claim);
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.INCONSISTENT, s.status(), s.explanation());
        assertTrue(s.explanation().contains("another lock file"), s.explanation());
    }

    @Test
    void inconsistentWinsOverADeadHolderAndTheDeathIsAFinding() throws Exception {
        Path lock = dir.resolve("db.lck");
        Files.writeString(lock, Crafted.claimText(lock, HERE, 999, "7"));
        LockSnapshot s = scanner.inspect(lock);
        assertEquals(LockStatus.INCONSISTENT, s.status());
        assertTrue(s.findings().stream().anyMatch(f -> f.contains("holder is dead")), s.findings().toString());
    }

    @Test
    void liveAndRemoteClaimsAreWaitersAndDeadOnesAreOrphans() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        Crafted.waiter(lock, HERE, 200, "2", now.plusSeconds(30));
        Crafted.waiter(lock, THERE, 5, "3", now.plusSeconds(30));
        Path dead = Crafted.waiter(lock, HERE, 999, "4", now.plusSeconds(30));
        DirectoryScan scan = scanner.scan(dir);
        assertEquals(1, scan.locks().size(), scan.toString());
        LockSnapshot s = scan.locks().get(0);
        assertEquals(LockStatus.HELD, s.status());
        assertEquals(List.of(200L, 5L), s.waiters().stream().map(Waiter::pid).sorted((a, b) -> -Long.compare(a, b)).toList());
        assertTrue(s.waiters().stream().anyMatch(w -> w.liveness() == Liveness.UNKNOWN_OTHER_HOST));
        assertEquals(1, scan.orphans().size());
        assertEquals(dead, scan.orphans().get(0).claimFile());
        assertEquals(Liveness.DEAD, scan.orphans().get(0).liveness());
    }

    @Test
    void claimsOfAVanishedLockAreOrphansOnceExpiredPastTheSlop() throws Exception {
        Path lock = dir.resolve("gone.lck");
        Path old = Crafted.waiter(lock, THERE, 5, "3", now.minusSeconds(60));
        Crafted.waiter(lock, THERE, 6, "4", now.plusSeconds(60)); // a waiter about to link: not an orphan
        DirectoryScan scan = scanner.scan(dir);
        assertTrue(scan.locks().isEmpty(), scan.toString());
        assertEquals(List.of(old), scan.orphans().stream().map(OrphanClaim::claimFile).toList());
    }

    @Test
    void discoveryFindsClaimContentGlobsAndClaimSiblingsButNotOtherFiles() throws Exception {
        Path byContent = dir.resolve("plain");
        Path claim = Crafted.waiter(byContent, HERE, 100, "9", now.plusSeconds(30));
        Files.createLink(byContent, claim);
        Files.writeString(dir.resolve("garbage.lock"), "");
        Path bySibling = dir.resolve("noext");
        Files.writeString(bySibling, "junk");
        Crafted.waiter(bySibling, HERE, 200, "8", now.plusSeconds(30));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        DirectoryScan scan = scanner.scan(dir);
        assertEquals(List.of("garbage.lock", "noext", "plain"),
                scan.locks().stream().map(l -> l.path().getFileName().toString()).toList());
    }

    @Test
    void recursionHonoursTheDepthLimit() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/one.lck"), "x");
        Files.writeString(sub.resolve("two.lck"), "x");
        LockScanner deep = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe)
                .recursive(true).maxDepth(2).build();
        assertEquals(1, deep.scan(dir).locks().size());
        assertEquals(0, scanner.scan(dir).locks().size());
    }

    @Test
    void aMissingDirectoryIsOneClearError() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> scanner.scan(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void inspectingANonExistentLockSaysNotLocked() {
        assertThrows(NoSuchFileException.class, () -> scanner.inspect(dir.resolve("free.lck")));
    }

    @Test
    void jsonHasTheStableFieldNames() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        Crafted.waiter(lock, THERE, 5, "3", now.plusSeconds(30));
        String json = Json.toJson(scanner.scan(dir));
        for (String field : List.of("\"path\":", "\"state\":\"held\"", "\"host\":\"here.example\"", "\"pid\":100",
                "\"claim\":", "\"expires\":\"", "\"remaining_ms\":30000", "\"waiters\":[{\"host\":\"there.example\"",
                "\"findings\":[]")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        Object parsed = JsonText.parse(json);
        assertTrue(parsed instanceof java.util.Map);
        assertEquals("\"a\\nb\\u0001\"", Json.quote("a\nb\u0001"));
        assertEquals(new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), JsonText.parse("\"é\""));
    }

    @Test
    void scanningWritesNothing() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 999, "1", now.minusSeconds(60));
        String before = TreeHash.of(dir);
        scanner.scan(dir);
        scanner.inspect(lock);
        assertEquals(before, TreeHash.of(dir));
    }
}
