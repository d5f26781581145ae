package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Facilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real Python flufl.lock processes and lock-lib exclude each other on one lock file. */
class PythonInteropIT {

    @TempDir
    Path dir;
    Path lock;

    @BeforeEach
    void requirePython() {
        Facilities.python();
        lock = dir.resolve("shared.lck");
    }

    @Test
    @Timeout(120)
    void pythonSeesAJavaHolderTimesOutAndAcquiresAfterRelease() throws Exception {
        LockFile java = LockFile.of(lock);
        try (HeldLock held = java.lock()) {
            Map<String, Object> seen;
            try (Peer inspect = Peer.python("inspect", lock.toString())) {
                seen = inspect.await(null, Duration.ofSeconds(30));
            }
            assertEquals(List.of(held.claim().host(), ProcessHandle.current().pid(), lock.toString()),
                    seen.get("details"), "flufl's details: (hostname, pid, lockfile)");
            assertEquals(java.expiration().orElseThrow().getEpochSecond(),
                    ((Number) seen.get("expiration")).longValue());
            assertEquals("unknown", seen.get("state"), "a live holder that is not flufl's own process");
            try (Peer tryer = Peer.python("try", lock.toString(), "--timeout", "1")) {
                tryer.await("timeout", Duration.ofSeconds(30));
                assertEquals(75, tryer.waitFor(Duration.ofSeconds(30)));
            }
        }
        try (Peer tryer = Peer.python("try", lock.toString(), "--timeout", "10")) {
            tryer.await("acquired", Duration.ofSeconds(30));
            assertEquals(0, tryer.waitFor(Duration.ofSeconds(30)));
        }
    }

    @Test
    @Timeout(120)
    void javaSeesAPythonHolderTimesOutAndAcquiresAfterRelease() throws Exception {
        LockFile java = LockFile.of(lock);
        try (Peer holder = Peer.python("hold", lock.toString(), "--lifetime", "30")) {
            Map<String, Object> acquired = holder.await("acquired", Duration.ofSeconds(30));
            Claim details = java.details().orElseThrow();
            assertEquals(acquired.get("claim"), details.text());
            assertEquals(acquired.get("host"), details.host());
            assertEquals(holder.pid(), details.pid());
            assertEquals(java.claim().host(), details.host(), "both sides compute the same host name");
            assertEquals(((Number) acquired.get("expiration")).longValue(),
                    java.expiration().orElseThrow().getEpochSecond());
            assertEquals(LockState.UNKNOWN, java.state(), "live holder, same host, not expired");
            assertTrue(java.tryLock().isEmpty());
            LockTimeoutException e = org.junit.jupiter.api.Assertions.assertThrows(LockTimeoutException.class,
                    () -> java.lock(Duration.ofMillis(500)));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
            holder.send("release");
            holder.await("released", Duration.ofSeconds(30));
        }
        try (HeldLock held = java.lock(Duration.ofSeconds(10))) {
            assertTrue(java.isLocked());
        }
    }

    @Test
    @Timeout(120)
    void javaBreaksADeadPythonHolderAndRemovesItsClaim() throws Exception {
        Instant expiry;
        String claim;
        try (Peer holder = Peer.python("hold", lock.toString(), "--lifetime", "1", "--no-release")) {
            Map<String, Object> acquired = holder.await("acquired", Duration.ofSeconds(30));
            claim = (String) acquired.get("claim");
            expiry = Instant.ofEpochSecond(((Number) acquired.get("expiration")).longValue());
            holder.send("release");
            holder.await("abandoned", Duration.ofSeconds(30));
            holder.waitFor(Duration.ofSeconds(30));
        }
        LockFile java = LockFile.of(lock);
        assertEquals(LockState.STALE, java.state(), "same host, holder pid gone: our host name matches flufl's");
        try (HeldLock held = java.lock(Duration.ofSeconds(60))) {
            assertTrue(Instant.now().isAfter(expiry.plus(LockFile.CLOCK_SLOP)));
            assertFalse(Files.exists(Path.of(claim)), "the Python holder's claim file was removed");
        }
    }

    @Test
    @Timeout(120)
    void pythonBreaksADeadJavaHolderAndRemovesItsClaim() throws Exception {
        String claim;
        try (Peer holder = Peer.java("hold", lock.toString(), "--lifetime", "1")) {
            claim = (String) holder.await("acquired", Duration.ofSeconds(30)).get("claim");
            holder.kill();
        }
        try (Peer inspect = Peer.python("inspect", lock.toString())) {
            assertEquals("stale", inspect.await(null, Duration.ofSeconds(30)).get("state"),
                    "flufl calls the dead Java holder stale: the host names agree");
        }
        try (Peer breaker = Peer.python("try", lock.toString(), "--timeout", "40")) {
            breaker.await("acquired", Duration.ofSeconds(60));
            assertEquals(0, breaker.waitFor(Duration.ofSeconds(30)));
        }
        assertFalse(Files.exists(Path.of(claim)), "flufl removed the dead Java holder's claim file");
        assertFalse(Files.exists(lock));
    }

    @Test
    @Timeout(300)
    void mixedJavaAndPythonProcessesCountExactlyWithoutOverlap() throws Exception {
        Path counter = dir.resolve("counter");
        Path marker = dir.resolve("inside");
        List<Peer> peers = new ArrayList<>();
        int javaIterations = 60;
        int pythonIterations = 15;
        try {
            for (int i = 0; i < 2; i++) {
                peers.add(Peer.java("contend", lock.toString(), "--iterations", "" + javaIterations,
                        "--counter", counter.toString(), "--marker", marker.toString(), "--hold-ms", "2",
                        "--pause-ms", "30"));
                peers.add(Peer.python("contend", lock.toString(), "--iterations", "" + pythonIterations,
                        "--counter", counter.toString(), "--marker", marker.toString(), "--hold-ms", "2"));
            }
            for (Peer p : peers) {
                Map<String, Object> done = p.await("done", Duration.ofMinutes(4));
                assertEquals(0L, ((Number) done.get("overlaps")).longValue(), "overlap seen by a peer");
                assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.stderr());
            }
        } finally {
            for (Peer p : peers) {
                p.close();
            }
        }
        assertEquals(2 * javaIterations + 2 * pythonIterations, Integer.parseInt(Files.readString(counter).strip()));
    }
}
