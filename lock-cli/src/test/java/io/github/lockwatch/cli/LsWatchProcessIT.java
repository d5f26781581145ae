package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lockctl ls --watch} as a real process: a missing directory does not end the watch of the others. */
class LsWatchProcessIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMissingDirectoryIsReportedAndTheOtherIsStillWatched() throws Exception {
        Path nope = dir.resolve("nope");
        Path locks = Files.createDirectory(dir.resolve("locks"));
        Path lock = locks.resolve("x.lck");
        try (Child ls = Child.lockctl("ls", "--watch", "--json", "--poll", "200ms", nope.toString(), locks.toString())) {
            boolean unreachable = false;
            boolean scanned = false;
            while (!unreachable || !scanned) {
                Map<String, Object> o = MiniJson.parseObject(ls.nextLine(60));
                unreachable |= "directory-unreachable".equals(o.get("kind")) && nope.toString().equals(o.get("directory"));
                scanned |= o.containsKey("locks") && locks.toString().equals(o.get("directory"));
            }
            try (HeldLock held = LockFile.of(lock).lock(Duration.ZERO)) {
                while (true) {
                    Map<String, Object> o = MiniJson.parseObject(ls.nextLine(60));
                    if (lock.toString().equals(o.get("lock"))) {
                        break;
                    }
                }
            }
            assertTrue(ls.process.isAlive(), "still watching: " + ls.err());
            ls.process.destroy(); // SIGTERM, as Ctrl-C would
            ls.waitFor(60);
        }
    }
}
