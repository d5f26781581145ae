package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * States produced by real processes (Python flufl.lock 5.0.1 and lock-lib peers): killed holders, real
 * waiters, a holder that lets its short lifetime run out; and what symlinks never make a scan or a
 * break do.
 */
class RealProcessStatesIT {

    @TempDir
    Path root;

    private final ProcessIdentity me = ProcessIdentity.current();
    private final LockScanner scanner = LockScanner.builder().localHost(me.host()).build();

    private LockAdmin admin() {
        return LockAdmin.builder().actor(me).scanner(scanner).auditLog(AuditLog.at(root.resolve("audit.jsonl"))).build();
    }

    private Path dir(String name) throws Exception {
        return Files.createDirectories(root.resolve(name));
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aKilledPythonFluflHolderIsHolderDead() throws Exception {
        Path lock = dir("locks").resolve("py.lck");
        try (Peer py = Peer.python("hold", lock.toString(), "--lifetime", "60")) {
            Map<String, Object> acquired = py.await("acquired", Duration.ofSeconds(60));
            LockScanner local = LockScanner.builder().localHost((String) acquired.get("host")).build();
            LockSnapshot held = local.inspect(lock);
            assertEquals(LockStatus.HELD, held.status(), held.explanation());
            assertEquals(py.pid(), held.pid());
            assertEquals(Liveness.ALIVE, held.liveness(), held.livenessEvidence());

            py.kill();
            LockSnapshot dead = local.inspect(lock);
            assertEquals(LockStatus.HOLDER_DEAD, dead.status(), dead.explanation());
            assertEquals(Liveness.DEAD, dead.liveness());
            assertTrue(dead.livenessEvidence().contains("pid " + py.pid() + " is not running"), dead.livenessEvidence());
            assertEquals(acquired.get("claim"), dead.claimText().orElseThrow(), "the killed holder's lock stays on disk");
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRealPythonWaiterIsSeenWithItsHostPidAndSince() throws Exception {
        Path lock = dir("locks").resolve("w.lck");
        LockFile ours = LockFile.builder(lock).identity(me).lifetime(Duration.ofSeconds(60)).build();
        HeldLock held = ours.lock(Duration.ZERO);
        Instant beforeWaiting = Instant.now().minusSeconds(1);
        try (Peer py = Peer.python("try", lock.toString(), "--timeout", "60")) {
            Poll.until(Duration.ofSeconds(30), () -> !scanner.inspect(lock).waiters().isEmpty(),
                    "the Python waiter's claim file is seen");
            LockSnapshot s = scanner.inspect(lock);
            assertEquals(1, s.waiters().size(), s.waiters().toString());
            Waiter w = s.waiters().get(0);
            assertEquals(py.pid(), w.pid());
            String claimHost = w.claimFile().getFileName().toString().split("\\|")[1];
            assertEquals(claimHost, w.host(), "the host written by flufl (socket.getfqdn())");
            assertEquals(w.claimFile().toString(), w.claim(), "a flufl claim file holds its own path");
            assertTrue(w.since() != null && !w.since().isBefore(beforeWaiting) && !w.since().isAfter(Instant.now()),
                    "since is when the waiter started, not its future mtime: " + w.since());
            if (claimHost.equals(me.host())) {
                assertEquals(Liveness.ALIVE, w.liveness());
            }
            assertEquals(LockStatus.HELD, s.status(), "a waiter does not change the holder's state");

            held.close();
            py.await("released", Duration.ofSeconds(30)); // it acquired once we let go
            assertEquals(0, py.waitFor(Duration.ofSeconds(30)));
            assertTrue(Files.notExists(lock));
            assertTrue(scanner.scan(lock.getParent()).orphans().isEmpty(), "the waiter left no claim behind");
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRealHolderWithAShortLifetimeAndNoRefreshIsExpiringThenExpired() throws Exception {
        Path dir = dir("locks");
        for (String kind : List.of("python", "java")) {
            Path lock = dir.resolve(kind + ".lck");
            // 4 s lifetime, 5 s expiring window: expiring at once; nothing refreshes it.
            try (Peer p = kind.equals("python") ? Peer.python("hold", lock.toString(), "--lifetime", "4")
                    : Peer.java("hold", lock.toString(), "--lifetime", "4")) {
                p.await("acquired", Duration.ofSeconds(60));
                LockSnapshot s = scanner.inspect(lock);
                if (s.status() != LockStatus.EXPIRED) { // a very slow machine may already be past it
                    assertEquals(LockStatus.EXPIRING, s.status(), kind + ": " + s.explanation());
                }
                assertEquals(p.pid(), s.pid());
                Instant expires = s.expires();
                assertTrue(Duration.between(Instant.now(), expires).compareTo(Duration.ofSeconds(5)) <= 0, kind);
                Poll.until(Duration.ofSeconds(20), () -> scanner.inspect(lock).status() == LockStatus.EXPIRED,
                        kind + " holder's lock expired by the clock");
                LockSnapshot later = scanner.inspect(lock);
                assertEquals(expires, later.expires(), kind + ": nobody refreshed it");
                assertTrue(!Instant.now().isBefore(expires), kind);
            }
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRecursiveScanDoesNotFollowASymlinkedDirectory() throws Exception {
        Path scanned = dir("scanned");
        Path outside = dir("outside");
        Path inside = Files.createDirectory(scanned.resolve("sub")).resolve("in.lck");
        Files.createSymbolicLink(scanned.resolve("link"), outside);
        try (Peer py = Peer.python("hold", outside.resolve("out.lck").toString(), "--lifetime", "60");
                HeldLock in = LockFile.builder(inside).identity(me).build().lock(Duration.ZERO)) {
            py.await("acquired", Duration.ofSeconds(60));
            String before = TreeHash.of(outside);
            DirectoryScan scan = LockScanner.builder().localHost(me.host()).recursive(true).maxDepth(8).build().scan(scanned);
            assertEquals(List.of(inside.toAbsolutePath().normalize()), scan.locks().stream().map(LockSnapshot::path).toList(),
                    "only the lock below the real subdirectory");
            assertTrue(scan.orphans().isEmpty(), scan.orphans().toString());
            assertEquals(before, TreeHash.of(outside), "nothing outside was touched");
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBreakNeverFollowsASymlinkedLock() throws Exception {
        Path scanned = dir("scanned");
        Path outside = dir("outside");
        Path real = outside.resolve("real.lck");
        Path link = scanned.resolve("x.lck");
        try (Peer py = Peer.python("hold", real.toString(), "--lifetime", "60")) {
            py.await("acquired", Duration.ofSeconds(60));
            Files.createSymbolicLink(link, real);
            String before = TreeHash.of(outside);
            assertThrows(NotALockException.class, () -> scanner.inspect(link),
                    "a symlink is not taken for the lock it points to");
            // A snapshot taken while x.lck was a lock, acted on (forced) after it became a symlink.
            Files.delete(link);
            Files.writeString(link, Crafted.claimText(link, me.host(), deadPid(), "1"));
            LockSnapshot seen = scanner.inspect(link);
            Files.delete(link);
            Files.createSymbolicLink(link, real);
            ActionResult r = admin().breakLock(seen, true, "symlinked lock");
            assertNotEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
            assertTrue(Files.isSymbolicLink(link), "the symlink itself is left alone: " + r.message());
            assertEquals(before, TreeHash.of(outside), "the lock the symlink points to is untouched: " + r);
            py.send("release");
            py.await("released", Duration.ofSeconds(30)); // it still held its lock, and released it itself
        }
    }

    @Test
    @Timeout(60)
    void aBreakNeverFollowsASymlinkedClaim() throws Exception {
        Path scanned = dir("scanned");
        Path outside = dir("outside");
        Path lock = scanned.resolve("x.lck");
        long deadPid = deadPid();
        String claimText = Crafted.claimText(lock, me.host(), deadPid, "1");
        Path victim = Files.writeString(outside.resolve("victim"), claimText); // looks like the claim to a reader
        Files.writeString(lock, claimText);
        Path claimName = scanned.resolve(lock.getFileName() + "|" + me.host() + "|" + deadPid + "|1");
        Files.createSymbolicLink(claimName, victim);
        String before = TreeHash.of(outside);
        LockSnapshot seen = scanner.inspect(lock);
        assertTrue(seen.status().breakableWithoutForce(), seen.status() + ": " + seen.explanation());
        ActionResult r = admin().breakLock(seen, false, "symlinked claim");
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        assertTrue(Files.notExists(lock));
        assertEquals(before, TreeHash.of(outside), "the file the claim symlink points to is untouched");
        assertEquals(claimText, Files.readString(victim));
    }

    @Test
    @Timeout(60)
    void aBreakRemovesTheClaimByBaseNameWhenTheContentNamesAnotherMountPath() throws Exception {
        Path here = dir("mnt-here");
        Path there = dir("other-mount"); // the holder's view of the same share, as the content says
        Path lock = here.resolve("x.lck");
        String claimName = "x.lck|holder.example|1|2";
        String contentPath = there.resolve(claimName).toString();
        Path claim = Files.writeString(here.resolve(claimName), contentPath);
        Files.createLink(lock, claim);
        Crafted.setMtime(lock, Instant.now().minusSeconds(120));
        Path decoy = Files.writeString(there.resolve(claimName), contentPath); // must survive: not in the lock's dir
        String before = TreeHash.of(there);
        LockSnapshot seen = scanner.inspect(lock);
        assertTrue(seen.status().breakableWithoutForce(), seen.status() + ": " + seen.explanation());
        ActionResult r = admin().breakLock(seen, false, "holder mounted the share elsewhere");
        assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
        assertTrue(Files.notExists(lock));
        assertTrue(Files.notExists(claim), "the claim is removed by its base name in the lock's directory");
        assertTrue(Files.exists(decoy));
        assertEquals(before, TreeHash.of(there), "the path written in the content is never touched");
        try (var left = Files.list(here)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /** A pid that a short-lived real process had and that is no longer running. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
        return p.pid();
    }
}
