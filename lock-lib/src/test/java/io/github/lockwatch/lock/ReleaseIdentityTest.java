package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release removes the lock file only if it is still our lock: same file key <em>and</em> our claim as content.
 * A file key alone can match someone else's lock: ext4 hands a freed inode number to the next file created,
 * so after our lock was broken the next holder's claim file (and lock) can carry our old key.
 */
class ReleaseIdentityTest {

    @TempDir
    Path dir;

    @Test
    void releaseLeavesALockWithOurFileKeyButAnotherClaimAlone() throws Exception {
        Path lock = dir.resolve("x.lck");
        LockFile lf = LockFile.builder(lock).lifetime(Duration.ofSeconds(30)).build();
        HeldLock held = lf.lock(Duration.ZERO);
        Object key = Files.readAttributes(lock, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        // Someone else's claim in the very inode we linked: what a reused inode number looks like to us.
        String other = lock + "|elsewhere.example|4242|1";
        Files.writeString(lock, other, StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals(key, Files.readAttributes(lock, java.nio.file.attribute.BasicFileAttributes.class).fileKey());

        assertFalse(lf.unlockIfHeld(), "not our lock any more");
        assertEquals(other, Files.readString(lock), "the other holder's lock is left in place");
        held.close(); // idempotent, nothing more to do
        assertEquals(other, Files.readString(lock));
    }
}
