package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input gets one clear line and the usage status, never an exception's text. */
class BadInputMessagesTest {

    @TempDir
    Path dir;

    @Test
    void anInvalidGlobIsAUsageErrorOnOneLine() {
        var r = Cli.run("ls", "--glob", "[", dir.toString()).expect(2).oneCleanErrorLine();
        assertTrue(r.err().startsWith("lockctl ls: --glob '[' is not a valid glob"), r.err());
        Cli.run("status", "--glob", "*.lck,{a", dir.resolve("x.lck").toString()).expect(2).oneCleanErrorLine();
        Cli.run("clean", "--glob", "[", dir.toString()).expect(2).oneCleanErrorLine();
    }

    @Test
    @Timeout(30)
    void aHugeDurationIsOneCleanLine() {
        for (String d : new String[] {"99999999999999999999", "99999999999999999999s", "9999999999999999d",
            "PT99999999999999999999H"}) {
            var r = Cli.run("hold", "--for", d, dir.resolve("x.lck").toString()).expect(2).oneCleanErrorLine();
            assertFalse(r.err().contains("NumberFormat") || r.err().contains("java."), r.err());
            assertTrue(r.err().contains("'" + d + "'"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("x.lck")));
    }

    @Test
    void aDurationInTwoWordsGetsAHint() {
        var r = Cli.run("hold", "--lifetime", "5", "minutes", dir.resolve("x.lck").toString()).expect(2)
                .oneCleanErrorLine();
        assertTrue(r.err().contains("durations are one word, written like 15s, 2m, 1h or PT15S"), r.err());
        assertTrue(r.err().contains("--lifetime 5minutes"), r.err());
        var q = Cli.run("hold", "--lifetime", "5 minutes", dir.resolve("x.lck").toString()).expect(2)
                .oneCleanErrorLine();
        assertTrue(q.err().contains("write it as one word, e.g. 5minutes"), q.err());
        assertFalse(Files.exists(dir.resolve("x.lck")));
    }

    @Test
    void spelledOutUnitsAreAccepted() {
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5min"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5minutes"));
        assertEquals(Duration.ofHours(2), DurationConverter.parse("2hours"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("1min30sec"));
        assertEquals(Duration.ofMillis(250), DurationConverter.parse("250msec"));
        assertEquals(Duration.ofDays(3), DurationConverter.parse("3days"));
        assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("5 minutes"));
    }
}
