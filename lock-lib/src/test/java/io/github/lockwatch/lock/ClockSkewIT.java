package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiter whose clock runs 30 minutes ahead (libfaketime; the kernel's file timestamps stay real, as a
 * file server's would): by its own clock every live lock looks long expired. It must leave a live lock
 * alone, yet still break one that the file server's time says is expired.
 */
class ClockSkewIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aWaiterWhoseClockIsThirtyMinutesAheadLeavesALiveLockAlone() throws Exception {
        Path lock = dir.resolve("live.lck");
        try (Peer holder = Peer.java("hold", lock.toString(), "--lifetime", "60")) {
            Map<String, Object> acquired = holder.await("acquired", Duration.ofSeconds(30));
            try (Peer ahead = Peer.javaWithClockOffset("+30m", "try", lock.toString(), "--timeout", "2")) {
                Map<String, Object> result = ahead.await(null, Duration.ofSeconds(60));
                assertEquals("timeout", result.get("event"), "the skewed waiter must not break a live lock: "
                        + result + "\n" + ahead.stderr());
                assertTrue(ahead.stderr().contains("ahead of the server"), "it says why: " + ahead.stderr());
            }
            assertEquals(acquired.get("claim"), Files.readString(lock).strip(), "the holder still holds its lock");
            holder.send("release");
            holder.await("released", Duration.ofSeconds(30));
        }
    }

    @Test
    @Timeout(120)
    void theSameWaiterStillBreaksALockThatTheServersClockSaysIsExpired() throws Exception {
        Path lock = dir.resolve("stale.lck");
        Claim dead = new Claim(lock.toString(), "gone.example", 4242, "17", '|');
        Path claimFile = dir.resolve(dead.fileName());
        Files.writeString(claimFile, dead.text());
        Files.createLink(lock, claimFile);
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60))); // expired by real time
        try (Peer ahead = Peer.javaWithClockOffset("+30m", "try", lock.toString(), "--timeout", "10")) {
            Map<String, Object> result = ahead.await(null, Duration.ofSeconds(60));
            assertEquals("acquired", result.get("event"), result + "\n" + ahead.stderr());
            ahead.await("released", Duration.ofSeconds(30));
        }
        assertFalse(Files.exists(claimFile), "the broken holder's claim file is removed");
        assertFalse(Files.exists(lock));
    }
}
