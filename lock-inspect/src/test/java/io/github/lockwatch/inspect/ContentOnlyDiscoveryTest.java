package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that is a lock only by its content must be the lock its claim names: a copy of a claim (a
 * saved {@code lockctl hold} output, a backup) is not a lock, and Lockwatch's own files never are.
 */
class ContentOnlyDiscoveryTest {

    static final String HERE = "here.example";

    @TempDir
    Path dir;
    @TempDir
    Path home;
    Instant now;
    LockScanner scanner;
    LockAdmin admin;

    @BeforeEach
    void setUp() {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TestClock clock = new TestClock(now);
        scanner = LockScanner.builder().clock(clock).localHost(HERE)
                .processProbe(new FakeProbe().alive(100, Instant.EPOCH)).build();
        AuditLog audit = AuditLog.builder().file(home.resolve("audit.jsonl")).sharedBesideLocks(true).build();
        admin = LockAdmin.builder().clock(clock).actor(new ProcessIdentity("admin.example", 4242))
                .auditLog(audit).scanner(scanner).build();
    }

    /** The same snapshot, as if it had been taken of {@code path}: what a stale or forged snapshot gives the admin. */
    private static LockSnapshot at(LockSnapshot s, Path path) {
        return new LockSnapshot(path, s.rawContent(), s.claim(), s.host(), s.pid(), s.expires(), s.mtime(),
                s.ctime(), s.fileKey(), s.inode(), s.linkCount(), s.owner(), s.waiters(), s.findings(),
                LockStatus.INCONSISTENT, s.explanation(), s.liveness(), s.livenessEvidence(), s.scannedAt());
    }

    private List<String> lockNames() throws Exception {
        return scanner.scan(dir).locks().stream().map(l -> l.path().getFileName().toString()).toList();
    }

    @Test
    void aSavedCopyOfAClaimIsNotALock() throws Exception {
        Path lock = dir.resolve("x.lck");
        Crafted.hold(lock, HERE, 100, "7", now.plusSeconds(30));
        Path out = Files.writeString(dir.resolve("hold.out"), Crafted.claimText(lock, HERE, 100, "7") + "\n");
        Path copy = Files.writeString(dir.resolve("claim-copy"), Crafted.claimText(lock, HERE, 100, "7"));
        assertEquals(List.of("x.lck"), lockNames());
        NotALockException e = assertThrows(NotALockException.class, () -> scanner.inspect(out));
        assertTrue(e.getMessage().contains("claim of another lock file"), e.getMessage());
        assertThrows(NotALockException.class, () -> scanner.inspect(copy));
    }

    @Test
    void breakAndRefreshOfACopyOfAClaimDoNothing() throws Exception {
        Path lock = dir.resolve("x.lck");
        Crafted.hold(lock, HERE, 100, "7", now.plusSeconds(30));
        Path out = Files.writeString(dir.resolve("hold.out"), Crafted.claimText(lock, HERE, 100, "7"));
        // A snapshot taken of it as if it were a lock (an old scan, another tool): the admin re-checks.
        Path twin = dir.resolve("twin");
        Files.writeString(twin, Crafted.claimText(twin, HERE, 100, "7"));
        LockSnapshot seen = scanner.inspect(twin);
        LockSnapshot asOut = at(seen, out);
        ActionResult b = admin.breakLock(asOut, true, "test");
        assertEquals(ActionResult.Outcome.FAILED, b.outcome(), b.message());
        assertTrue(b.message().contains("not a lock"), b.message());
        ActionResult r = admin.refresh(asOut, java.time.Duration.ofSeconds(30), "test");
        assertEquals(ActionResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(Files.exists(out) && Files.exists(lock));
    }

    @Test
    void theSharedAuditLogIsNeverALock() throws Exception {
        Path lock = dir.resolve("x.lck");
        Crafted.hold(lock, HERE, 100, "7", now.plusSeconds(30));
        Path shared = dir.resolve(AuditLog.SHARED_FILE_NAME);
        // One record mentioning the holder's claim: split on '|' it has four fields and a numeric pid.
        Files.writeString(shared, "{\"lock\":\"" + lock + "\",\"holder_claim\":\""
                + Crafted.claimText(lock, HERE, 100, "7") + "\"}\n");
        assertTrue(io.github.lockwatch.lock.Claim.parse(Files.readString(shared), '|').isPresent(),
                "the record must look like a claim, or this test proves nothing");
        assertEquals(List.of("x.lck"), lockNames());
        NotALockException e = assertThrows(NotALockException.class, () -> scanner.inspect(shared));
        assertTrue(e.getMessage().contains("Lockwatch's own"), e.getMessage());
        String before = Files.readString(shared);
        LockSnapshot fake = at(scanner.inspect(lock), shared);
        assertEquals(ActionResult.Outcome.FAILED, admin.breakLock(fake, true, "cleanup").outcome());
        assertTrue(Files.readString(shared).startsWith(before), "the audit trail is only appended to");
    }

    @Test
    void theSharedAuditLogNamedByAGlobIsStillNotALock() throws Exception {
        LockScanner globAll = LockScanner.builder().localHost(HERE).globs(List.of("*")).build();
        Path shared = Files.writeString(dir.resolve(AuditLog.SHARED_FILE_NAME), "{}\n");
        Files.writeString(dir.resolve(".lockwatch-doctor-probe"), "");
        assertEquals(List.of(), globAll.scan(dir).locks());
        assertThrows(NotALockException.class, () -> globAll.inspect(shared));
    }

    @Test
    void aFileWhoseClaimNamesItIsStillFoundByContent() throws Exception {
        Path plain = dir.resolve("plain");
        Path claim = Crafted.waiter(plain, HERE, 100, "9", now.plusSeconds(30));
        Files.createLink(plain, claim);
        Files.delete(claim); // the claim file gone: only the content says it is a lock
        // The holder mounted the share elsewhere: another directory, the same base name.
        Path other = Files.writeString(dir.resolve("other"), "/mnt/elsewhere/other|" + HERE + "|100|3");
        assertEquals(List.of("other", "plain"), lockNames());
        assertEquals(LockStatus.INCONSISTENT, scanner.inspect(plain).status());
        scanner.inspect(other);
    }
}
