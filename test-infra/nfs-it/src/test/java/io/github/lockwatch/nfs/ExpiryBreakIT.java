package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.Poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.Claim;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.LockState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A dead holder on one NFS client is broken by a waiter on the other client once lifetime + the 10 s
 * slop have passed, not before, and the dead holder's claim file goes with it.
 */
class ExpiryBreakIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    @Test
    @Timeout(90)
    void aKilledJavaHolderOnAIsBrokenByAJavaWaiterOnBAfterLifetimePlusSlopNotBefore() throws Exception {
        String name = "crash.lck";
        Path claimOnA;
        Instant expiry;
        try (Peer holder = Peer.java("hold", nfs.a().resolve(name).toString(), "--lifetime", "1")) {
            Map<String, Object> acquired = holder.await("acquired", Duration.ofSeconds(30));
            claimOnA = Path.of((String) acquired.get("claim"));
            expiry = Instant.ofEpochSecond(((Number) acquired.get("expiration")).longValue());
            holder.kill();
        }
        String claimName = claimOnA.getFileName().toString();
        LockFile waiter = LockFile.of(nfs.b().resolve(name));
        assertEquals(claimOnA.toString(), waiter.details().map(Claim::text).orElseThrow(),
                "client B reads the dead holder's claim");
        // Not before: shortly before expiry + slop, one attempt from B must leave the lock alone.
        Instant notYet = expiry.plus(LockFile.CLOCK_SLOP).minusSeconds(2);
        Poll.untilWallClock(notYet);
        Optional<HeldLock> early = waiter.tryLock();
        if (early.isPresent()) {
            early.get().close();
        }
        assertTrue(early.isEmpty(), "broken at " + Instant.now() + ", before expiry " + expiry + " + slop");
        assertTrue(Files.exists(nfs.b().resolve(claimName)), "the dead holder's claim is still there before the break");
        try (HeldLock held = waiter.lock(Duration.ofSeconds(30))) {
            Instant at = Instant.now();
            assertTrue(at.isAfter(expiry.plus(LockFile.CLOCK_SLOP)),
                    "acquired at " + at + ", but breakable only after " + expiry.plus(LockFile.CLOCK_SLOP));
            assertEquals(held.claim(), waiter.details().orElseThrow(), "B's claim is in the lock file");
            assertFalse(Files.exists(nfs.b().resolve(claimName)), "B removed the dead holder's claim file");
            // Client A may have the name cached for up to the entry timeout (1 s).
            Poll.until(Duration.ofSeconds(5), () -> !Files.exists(claimOnA), "client A no longer sees " + claimOnA);
            Poll.until(Duration.ofSeconds(5), () -> LockFile.of(nfs.a().resolve(name)).details()
                    .map(c -> c.equals(held.claim())).orElse(false), "client A reads B's claim in the lock file");
        }
        assertFalse(Files.exists(nfs.b().resolve(name)), "released");
    }

    @Test
    @Timeout(90)
    void anAbandonedPythonHolderOnBIsBrokenByAJavaWaiterOnAAfterLifetimePlusSlopNotBefore() throws Exception {
        Facilities.python();
        String name = "abandoned.lck";
        String claimOnB;
        Instant expiry;
        try (Peer holder = Peer.python("hold", nfs.b().resolve(name).toString(), "--lifetime", "1", "--no-release")) {
            Map<String, Object> acquired = holder.await("acquired", Duration.ofSeconds(30));
            claimOnB = (String) acquired.get("claim");
            expiry = Instant.ofEpochSecond(((Number) acquired.get("expiration")).longValue());
            holder.send("release");
            holder.await("abandoned", Duration.ofSeconds(30));
            assertEquals(0, holder.waitFor(Duration.ofSeconds(30)));
        }
        String claimName = Path.of(claimOnB).getFileName().toString();
        LockFile breaker = LockFile.of(nfs.a().resolve(name));
        assertEquals(claimOnB, breaker.details().map(Claim::text).orElseThrow(), "client A reads Python's claim");
        assertEquals(LockState.STALE, breaker.state(), "same host name, the Python pid is gone");
        Poll.untilWallClock(expiry.plus(LockFile.CLOCK_SLOP).minusSeconds(2));
        Optional<HeldLock> early = breaker.tryLock();
        if (early.isPresent()) {
            early.get().close();
        }
        assertTrue(early.isEmpty(), "broken at " + Instant.now() + ", before expiry " + expiry + " + slop");
        try (HeldLock held = breaker.lock(Duration.ofSeconds(30))) {
            Instant at = Instant.now();
            assertTrue(at.isAfter(expiry.plus(LockFile.CLOCK_SLOP)),
                    "acquired at " + at + ", but breakable only after " + expiry.plus(LockFile.CLOCK_SLOP));
            assertFalse(Files.exists(nfs.a().resolve(claimName)), "A removed Python's claim file (by base name)");
            Poll.until(Duration.ofSeconds(5), () -> !Files.exists(Path.of(claimOnB)), "client B no longer sees " + claimOnB);
        }
        try (Peer check = Peer.python("inspect", nfs.b().resolve(name).toString())) {
            Map<String, Object> seen = check.await(null, Duration.ofSeconds(30));
            assertEquals("UNLOCKED", String.valueOf(seen.get("state")).toUpperCase(java.util.Locale.ROOT),
                    "flufl on B sees the lock released: " + seen);
        }
    }
}
