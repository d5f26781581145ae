package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.TestFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Filesystems the protocol cannot work on fail clearly and leave no files behind: FUSE FAT has no hard
 * links; a mount where link(2) succeeds but every file reports one link, as sshfs does (SFTP v3 has no
 * link count), would take locks no flufl.lock peer could ever see as held.
 */
class UnsupportedFilesystemIT {

    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        TestFiles.deleteTree(dir);
    }

    @Test
    @Timeout(60)
    void lockingOnFatFailsClearlyAndLeavesNothingBehind() throws Exception {
        dir = Files.createTempDirectory(Facilities.mount("fat", "fuse.fusefat"), "fat");
        LockFile lock = LockFile.of(dir.resolve("db.lck"));
        UnsupportedFileSystemException e = assertThrows(UnsupportedFileSystemException.class,
                () -> lock.lock(Duration.ofSeconds(5)));
        assertEquals(dir.resolve("db.lck").toString(), e.getFile());
        assertTrue(e.getMessage().contains("filesystem"), e.getMessage());
        assertTrue(e.getMessage().contains("FAT"), "names the likely cause: " + e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no claim or lock file left");
        }
        assertThrows(UnsupportedFileSystemException.class, lock::tryLock);
    }

    @Test
    @Timeout(60)
    void onFatWithASeparatorItAcceptsTheLinkItselfFailsClearlyAndLeavesNothingBehind() throws Exception {
        dir = Files.createTempDirectory(Facilities.mount("fat", "fuse.fusefat"), "fat");
        LockFile lock = LockFile.builder(dir.resolve("db.lck")).separator('^').build();
        UnsupportedFileSystemException e = assertThrows(UnsupportedFileSystemException.class,
                () -> lock.lock(Duration.ofSeconds(5)));
        assertEquals(dir.resolve("db.lck").toString(), e.getFile());
        assertTrue(e.getMessage().contains("link(2) failed (Operation not permitted)")
                && e.getMessage().contains("hard links"), "says that link(2) was refused: " + e.getMessage());
        assertTrue(e.getMessage().contains("fusefat"), "names the filesystem type: " + e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "the claim file (which FAT accepted) is removed, no lock file");
        }
    }

    @Test
    @Timeout(60)
    void interruptedWhileWaitingForTheLinkCountTheLockWeLinkedIsRemoved() throws Exception {
        dir = Files.createTempDirectory(Facilities.mount("nolinks", "fuse.nolinks"), "nolinks");
        AtomicInteger pauses = new AtomicInteger();
        LockFile lock = LockFile.builder(dir.resolve("db.lck")).sleeper(d -> {
            pauses.incrementAndGet();
            throw new InterruptedException("interrupted in the link-count re-check");
        }).build();
        assertThrows(InterruptedException.class, () -> lock.lock(Duration.ofSeconds(5)));
        assertEquals(1, pauses.get(), "the interrupt came in the re-check after the link");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "neither the lock file we linked nor our claim is left");
        }
    }

    @Test
    @Timeout(60)
    void lockingWhereLinkCountsStayOneFailsClearlyEveryTimeAndLeavesNothingBehind() throws Exception {
        dir = Files.createTempDirectory(Facilities.mount("nolinks", "fuse.nolinks"), "nolinks");
        Path probe = Files.writeString(dir.resolve("probe"), "x");
        Files.createLink(dir.resolve("probe-link"), probe);
        assertEquals(1, ((Number) Files.getAttribute(probe, "unix:nlink")).intValue(), "the mount hides link counts");
        Files.delete(dir.resolve("probe-link"));
        Files.delete(probe);

        LockFile lock = LockFile.of(dir.resolve("db.lck"));
        for (int attempt = 0; attempt < 2; attempt++) {
            UnsupportedFileSystemException e = assertThrows(UnsupportedFileSystemException.class,
                    () -> lock.lock(Duration.ofSeconds(5)));
            assertEquals(dir.resolve("db.lck").toString(), e.getFile());
            assertTrue(e.getMessage().contains("link count") && e.getMessage().contains("sshfs"),
                    "says why and names the likely cause: " + e.getMessage());
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(), s.toList(), "no claim or lock file left");
            }
        }
        assertThrows(UnsupportedFileSystemException.class, lock::tryLock);
        assertEquals(LockState.UNLOCKED, lock.state());
    }
}
