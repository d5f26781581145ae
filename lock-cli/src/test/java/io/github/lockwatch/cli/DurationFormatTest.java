package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status (the engine's explanations) and ls (lockctl's countdowns) write durations one way. */
class DurationFormatTest {

    @TempDir
    Path dir;

    private static final Pattern SPACED = Pattern.compile("\\b\\d+m \\d+s\\b");
    private static final Pattern ONE_WORD = Pattern.compile("expired 6m\\d\\ds ago");

    @Test
    void statusAndLsAgree() throws Exception {
        Path lock = dir.resolve("x.lck");
        String claim = lock + "|elsewhere.example|4242|1";
        Path claimFile = dir.resolve("x.lck|elsewhere.example|4242|1");
        Files.writeString(claimFile, claim);
        Files.createLink(lock, claimFile);
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(400)));
        String status = Cli.run("status", lock.toString()).expect(0).out();
        String ls = Cli.run("ls", dir.toString()).expect(0).out();
        assertTrue(ONE_WORD.matcher(status).find(), status);
        assertTrue(ONE_WORD.matcher(ls).find(), ls);
        assertFalse(SPACED.matcher(status).find(), status);
        assertFalse(SPACED.matcher(ls).find(), ls);
    }
}
