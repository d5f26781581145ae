package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.github.lockwatch.lock.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What break and refresh refuse to touch, and when a holder named "localhost" may be called dead. */
class LockAdminSafetyTest {

    static final String HERE = "here.example";

    @TempDir
    Path root;
    Path dir;
    TestClock clock;
    FakeProbe probe;
    LockScanner scanner;
    LockAdmin admin;
    AuditLog audit;
    Instant now;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectory(root.resolve("locks"));
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new TestClock(now);
        probe = new FakeProbe().alive(100, Instant.EPOCH);
        scanner = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe).build();
        audit = AuditLog.builder().file(root.resolve("audit/audit.jsonl")).build();
        admin = adminWith(scanner);
    }

    private LockAdmin adminWith(LockScanner s) {
        return LockAdmin.builder().clock(clock).actor(new ProcessIdentity("admin.example", 4242)).auditLog(audit)
                .scanner(s).build();
    }

    // ---- not a lock ----------------------------------------------------------------------------

    @Test
    void inspectRefusesAPlainFileThatIsNotALock() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        NotALockException e = assertThrows(NotALockException.class, () -> scanner.inspect(notes));
        assertTrue(e.getMessage().startsWith("not a lock: " + notes), e.getMessage());
        assertTrue(e.getMessage().contains("not a claim") && e.getMessage().contains("*.lck"), e.getMessage());
        assertEquals("hello\n", Files.readString(notes));
    }

    @Test
    void inspectAcceptsEachDiscoveryRule() throws Exception {
        Path garbageByName = Files.writeString(dir.resolve("garbage.lck"), "junk");
        assertEquals(LockStatus.CORRUPT, scanner.inspect(garbageByName).status(), "name matches a glob");
        Path byContent = dir.resolve("db.mutex");
        Crafted.hold(byContent, HERE, 100, "1", now.plusSeconds(30));
        assertEquals(LockStatus.HELD, scanner.inspect(byContent).status(), "content is a claim");
        Path bySibling = Files.writeString(dir.resolve("state"), "junk");
        Crafted.waiter(bySibling, HERE, 100, "2", now.plusSeconds(30));
        assertEquals(LockStatus.CORRUPT, scanner.inspect(bySibling).status(), "a claim file names it");
    }

    @Test
    void breakAndRefreshRefuseAFileThatIsNotALockByTheAdminsRules() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        // A snapshot taken by a scanner that calls *.txt locks; the admin's scanner does not.
        LockSnapshot seen = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe)
                .globs(List.of("*.txt")).build().inspect(notes);
        assertEquals(LockStatus.CORRUPT, seen.status());
        FileTime before = Files.getLastModifiedTime(notes);
        ActionResult b = admin.breakLock(seen, false, "r");
        assertEquals(ActionResult.Outcome.FAILED, b.outcome(), b.message());
        assertTrue(b.message().startsWith("not a lock: " + notes), b.message());
        ActionResult r = admin.refresh(seen, Duration.ofSeconds(15), "r");
        assertEquals(ActionResult.Outcome.FAILED, r.outcome(), r.message());
        assertEquals("hello", Files.readString(notes));
        assertEquals(before, Files.getLastModifiedTime(notes));
        assertEquals(List.of("failed", "failed"), audit.read().stream().map(AuditRecord::outcome).toList());
    }

    @Test
    void aDirectoryNamedLikeALockIsNeitherInspectedNorRefreshedNorBroken() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub.lck"));
        Files.setLastModifiedTime(sub, FileTime.from(now.minusSeconds(3600)));
        NotALockException e = assertThrows(NotALockException.class, () -> scanner.inspect(sub));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        LockSnapshot seen = only(scanner.scan(dir).locks()); // scans still list it, with a finding
        assertEquals(ActionResult.Outcome.FAILED, admin.refresh(seen, Duration.ofSeconds(15), null).outcome());
        assertEquals(ActionResult.Outcome.FAILED, admin.breakLock(seen, true, "r").outcome());
        assertTrue(Files.isDirectory(sub));
        assertEquals(now.minusSeconds(3600), Files.getLastModifiedTime(sub).toInstant(), "mtime untouched");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refreshAndBreakNeverOpenAFifo() throws Exception {
        Path fifo = dir.resolve("fifo.lck");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
        assertThrows(NotALockException.class, () -> scanner.inspect(fifo));
        LockSnapshot seen = only(scanner.scan(dir).locks());
        ActionResult r = admin.refresh(seen, Duration.ofSeconds(15), null); // used to block in open(2)
        assertEquals(ActionResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("not a lock") && r.message().contains("FIFO"), r.message());
        assertEquals(ActionResult.Outcome.FAILED, admin.breakLock(seen, true, "r").outcome());
        assertTrue(Files.exists(fifo, NOFOLLOW_LINKS));
    }

    @Test
    void refreshLeavesASymlinkAndItsTargetAlone() throws Exception {
        Path target = Files.writeString(root.resolve("target.lck"), "junk");
        Files.setLastModifiedTime(target, FileTime.from(now.minusSeconds(3600)));
        Path link = Files.createSymbolicLink(dir.resolve("link.lck"), target);
        Instant linkTime = Files.getLastModifiedTime(link, NOFOLLOW_LINKS).toInstant();
        LockSnapshot seen = only(scanner.scan(dir).locks());
        ActionResult r = admin.refresh(seen, Duration.ofDays(1), null);
        assertEquals(ActionResult.Outcome.FAILED, r.outcome(), r.message());
        assertEquals(linkTime, Files.getLastModifiedTime(link, NOFOLLOW_LINKS).toInstant());
        assertEquals(now.minusSeconds(3600), Files.getLastModifiedTime(target).toInstant());
        assertEquals(ActionResult.Outcome.FAILED, admin.breakLock(seen, true, "r").outcome());
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void refreshRefusesACorruptLock() throws Exception {
        Path lock = Files.writeString(dir.resolve("garbage.lck"), "not a claim");
        Files.setLastModifiedTime(lock, FileTime.from(now.minusSeconds(60)));
        LockSnapshot seen = scanner.inspect(lock);
        assertEquals(LockStatus.CORRUPT, seen.status());
        ActionResult r = admin.refresh(seen, Duration.ofSeconds(15), null);
        assertEquals(ActionResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("no parseable claim"), r.message());
        assertEquals(now.minusSeconds(60), Files.getLastModifiedTime(lock).toInstant());
    }

    // ---- generic host names --------------------------------------------------------------------

    private LockScanner localhostScanner(String fsType) {
        return LockScanner.builder().clock(clock).localHost("localhost").processProbe(probe)
                .mountType(d -> Optional.ofNullable(fsType)).build();
    }

    @Test
    void aLocalhostHolderOnASharedFilesystemIsNotCalledDeadNorBrokenWithoutForce() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path claim = Crafted.hold(lock, "localhost", 3999999, "1", now.plusSeconds(30));
        for (String type : new String[] {"nfs4", "fuse.libnfs", "cifs", "9p", null}) {
            LockScanner s = localhostScanner(type);
            LockSnapshot seen = s.inspect(lock);
            assertEquals(LockStatus.HELD, seen.status(), type + ": " + seen.explanation());
            assertEquals(Liveness.UNKNOWN, seen.liveness());
            assertTrue(seen.livenessEvidence().contains("host name 'localhost' is not unique on a shared filesystem"),
                    seen.livenessEvidence());
            assertTrue(seen.explanation().contains("not unique on a shared filesystem"), seen.explanation());
            ActionResult r = adminWith(s).breakLock(seen, false, "looks dead");
            assertEquals(ActionResult.Outcome.REFUSED_NOT_BREAKABLE, r.outcome(), r.message());
            assertTrue(Files.exists(lock) && Files.exists(claim));
        }
    }

    @Test
    void aLocalhostHolderOnALocalFilesystemWithADeadPidIsHolderDead() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, "localhost", 3999999, "1", now.plusSeconds(30));
        for (String type : new String[] {"tmpfs", "ext4", "xfs", "overlay"}) {
            LockSnapshot seen = localhostScanner(type).inspect(lock);
            assertEquals(LockStatus.HOLDER_DEAD, seen.status(), type + ": " + seen.explanation());
        }
        LockSnapshot seen = localhostScanner("ext4").inspect(lock);
        assertEquals(ActionResult.Outcome.DONE, adminWith(localhostScanner("ext4")).breakLock(seen, false, "dead")
                .outcome());
    }

    @Test
    void theDefaultFilesystemLookupFindsTheTemporaryDirectoryLocal() throws Exception {
        Optional<String> type = Hosts.mountType(dir);
        org.junit.jupiter.api.Assumptions.assumeTrue(type.isPresent(), "no /proc/mounts here");
        assertTrue(Hosts.isLocalType(type.get()), "the build's temporary directory is on " + type.get());
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, "localhost", 3999999, "1", now.plusSeconds(30));
        LockScanner s = LockScanner.builder().clock(clock).localHost("localhost").processProbe(probe).build();
        assertEquals(LockStatus.HOLDER_DEAD, s.inspect(lock).status());
    }

    @Test
    void aNonGenericHostNameIsCheckedOnAnyFilesystem() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 3999999, "1", now.plusSeconds(30));
        LockScanner s = LockScanner.builder().clock(clock).localHost(HERE).processProbe(probe)
                .mountType(d -> Optional.of("nfs4")).build();
        assertEquals(LockStatus.HOLDER_DEAD, s.inspect(lock).status());
    }

    @Test
    void aLocalhostWaiterOnASharedFilesystemIsAWaiterNotAnOrphan() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, "there.example", 7, "1", now.plusSeconds(30));
        Crafted.waiter(lock, "localhost", 3999999, "2", now.plusSeconds(30));
        DirectoryScan scan = localhostScanner("nfs").scan(dir);
        assertEquals(1, only(scan.locks()).waiters().size());
        assertEquals(List.of(), scan.orphans());
        assertEquals(1, localhostScanner("ext4").scan(dir).orphans().size(), "on a local disk it is dead");
    }

    @Test
    void genericHostNames() {
        for (String h : new String[] {"localhost", "LOCALHOST", "localhost.localdomain", "localhost6", "ip6-localhost",
            "localhost.", "127.0.1.1", "::1"}) {
            assertTrue(Hosts.isGeneric(h), h);
        }
        for (String h : new String[] {"vm", "here.example", "localhostx", "db1.example.org"}) {
            assertFalse(Hosts.isGeneric(h), h);
        }
        assertTrue(Hosts.isLocalType("ext4") && Hosts.isLocalType("tmpfs") && Hosts.isLocalType("overlay"));
        assertFalse(Hosts.isLocalType("nfs4") || Hosts.isLocalType("fuse.libnfs") || Hosts.isLocalType("cifs")
                || Hosts.isLocalType("9p") || Hosts.isLocalType("ceph") || Hosts.isLocalType(null));
    }

    @Test
    void aNameThatIsLocalhostByEtcHostsIsGenericButADebianOwnLoopbackNameIsNot() {
        List<String> hosts = List.of("127.0.0.1 localhost", "127.0.0.1 vm  # same address, same machine name",
                "127.0.1.1 db1.example db1", "::1 ip6-localhost ip6-loopback", "::1 box6", "10.0.0.5 vm");
        assertFalse(Hosts.isGeneric("vm", hosts), "also on a real address");
        assertTrue(Hosts.isGeneric("vm", hosts.subList(0, 5)), "only on 127.0.0.1, whose name is localhost");
        assertFalse(Hosts.isGeneric("db1", hosts), "a loopback address of its own");
        assertTrue(Hosts.isGeneric("box6", hosts));
        assertFalse(Hosts.isGeneric("unlisted.example", hosts));
    }

    @Test
    void auditRecordsNameTheKernelHostToo() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        admin.breakLock(scanner.inspect(lock), false, "r");
        AuditRecord r = only(audit.read());
        assertEquals("admin.example", r.host());
        assertEquals(Hosts.node(), r.node());
        assertNotEquals(null, r.node());
    }

    // ---- clean --------------------------------------------------------------------------------

    @Test
    void cleanRemovesProvenDeadClaimsButKeepsStaleClaimsOfUnknownLivenessUnlessAsked() throws Exception {
        Path gone = dir.resolve("gone.lck");
        Path remote = Crafted.waiter(gone, "there.example", 7, "1", now.minusSeconds(60));
        Path dead = Crafted.waiter(gone, HERE, 999, "2", now.plusSeconds(30));
        DirectoryScan scan = scanner.scan(dir);
        assertEquals(2, scan.orphans().size(), scan.orphans().toString());
        OrphanClaim stale = scan.orphans().stream().filter(o -> o.claimFile().equals(remote)).findFirst().orElseThrow();
        assertFalse(stale.ownerProvenDead());
        assertTrue(stale.reason().startsWith("stale claim, owner's liveness unknown"), stale.reason());

        CleanResult dry = admin.clean(scan, false);
        assertEquals(List.of(dead), dry.candidates().stream().map(OrphanClaim::claimFile).toList());
        assertEquals(List.of(remote), dry.skipped().stream().map(OrphanClaim::claimFile).toList());

        CleanResult wet = admin.clean(scan, true, false, "tidy up");
        assertEquals(List.of(dead), wet.removed());
        assertTrue(Files.exists(remote), "a live remote flufl waiter's claim may look like this: kept");
        AuditRecord r = only(audit.read());
        assertEquals("clean", r.action());
        assertEquals("tidy up", r.reason());

        CleanResult all = admin.clean(scanner.scan(dir), true, true, "host there.example is gone");
        assertEquals(List.of(remote), all.removed());
        assertFalse(Files.exists(remote));
        assertEquals(List.of("clean", "clean-include-unknown"), audit.read().stream().map(AuditRecord::action).toList());
    }

    @Test
    void cleanKeepsALocalhostClaimOnASharedFilesystem() throws Exception {
        Path claim = Crafted.waiter(dir.resolve("gone.lck"), "localhost", 3999999, "1", now.minusSeconds(60));
        LockScanner shared = localhostScanner("nfs4");
        CleanResult r = adminWith(shared).clean(shared.scan(dir), true);
        assertEquals(List.of(), r.removed());
        assertEquals(1, r.skipped().size());
        assertTrue(Files.exists(claim));
        LockScanner local = localhostScanner("ext4");
        assertEquals(List.of(claim), adminWith(local).clean(local.scan(dir), true).removed());
    }

    @Test
    void cleanRechecksThatTheFileStillHoldsItsOwnClaim() throws Exception {
        Path claim = Crafted.waiter(dir.resolve("gone.lck"), HERE, 999, "1", now.plusSeconds(30));
        DirectoryScan scan = scanner.scan(dir);
        assertEquals(1, scan.orphans().size());
        Files.writeString(claim, "precious data, not a claim");
        CleanResult r = admin.clean(scan, true);
        assertEquals(List.of(), r.removed());
        assertTrue(r.problems().get(0).contains("not a claim"), r.problems().toString());
        assertEquals("precious data, not a claim", Files.readString(claim));
    }

    @Test
    void aWaitersSinceIsItsClaimsCtime() throws Exception {
        Path lock = dir.resolve("db.lck");
        Crafted.hold(lock, HERE, 100, "1", now.plusSeconds(30));
        Path claim = Crafted.waiter(lock, "there.example", 7, "2", now.plusSeconds(600)); // mtime: its expiry
        Waiter w = only(scanner.inspect(lock).waiters());
        Instant ctime = ((FileTime) Files.getAttribute(claim, "unix:ctime", NOFOLLOW_LINKS)).toInstant();
        assertEquals(ctime, w.since());
        assertNotEquals(now.plusSeconds(600), w.since(), "not the mtime, which flufl sets to the expiry");
    }

    @Test
    void theServerClockIsAskedOnlyWhenTheLockBecameBreakableWithinTheLastDay() throws Exception {
        Path recent = dir.resolve("recent.lck");
        Crafted.hold(recent, "there.example", 7, "1", Instant.now().minusSeconds(60));
        Path old = dir.resolve("old.lck");
        Crafted.hold(old, "there.example", 8, "2", Instant.now().minus(Duration.ofDays(2)));
        TestClock real = new TestClock(Instant.now());
        LockScanner s = LockScanner.builder().clock(real).localHost(HERE).processProbe(probe).build();
        LockAdmin a = LockAdmin.builder().clock(real).actor(new ProcessIdentity("admin.example", 4242))
                .auditLog(audit).scanner(s).build();

        LockSnapshot oldSeen = s.inspect(old);
        assertEquals(LockStatus.BREAKABLE, oldSeen.status());
        assertEquals(ActionResult.Outcome.DONE, a.breakLock(oldSeen, false, "stale").outcome());
        assertEquals(0, a.clockProbes(), "expired two days ago: no probe file is written");

        LockSnapshot recentSeen = s.inspect(recent);
        assertEquals(ActionResult.Outcome.DONE, a.breakLock(recentSeen, false, "stale").outcome());
        assertEquals(1, a.clockProbes(), "expired a minute ago: the server's clock is asked");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing left behind");
        }
    }

    private static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }
}
