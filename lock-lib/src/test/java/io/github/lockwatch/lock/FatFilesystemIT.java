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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A FUSE FAT filesystem has no hard links: a clear error, and no files left behind. */
class FatFilesystemIT {

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
}
