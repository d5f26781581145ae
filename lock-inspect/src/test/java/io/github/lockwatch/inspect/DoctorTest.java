package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {

    @TempDir
    Path dir;

    @Test
    void theTempDirectoryIsSafeAndNothingIsLeftBehind() throws Exception {
        Files.writeString(dir.resolve("existing"), "x");
        String before = TreeHash.of(dir.resolve("existing"));
        DoctorReport r = Doctor.create().check(dir);
        assertTrue(r.safe(), r.verdict() + " " + r.checks());
        assertTrue(r.verdict().startsWith("safe"), r.verdict());
        assertTrue(r.clockOffset().isPresent());
        List<String> names = r.checks().stream().map(Check::name).toList();
        assertTrue(names.containsAll(List.of("filesystem", "clock-offset", "timestamp-granularity", "future-mtime",
                "hard-links", "separator-in-names")), names.toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("existing")), s.toList());
        }
        assertEquals(before, TreeHash.of(dir.resolve("existing")), "the directory's own files are untouched");
        assertTrue(Json.toJson(r).contains("\"safe\":true"));
    }

    @Test
    void theClockOffsetAloneIsMeasuredWithAProbeThatIsRemoved() throws Exception {
        TestClock ahead = new TestClock(java.time.Instant.now().plusSeconds(30));
        java.time.Duration off = Doctor.withClock(ahead).clockOffset(dir);
        assertTrue(off.compareTo(java.time.Duration.ofSeconds(25)) > 0 && off.compareTo(java.time.Duration.ofSeconds(35)) < 0,
                off.toString());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "the probe is gone");
        }
    }

    @Test
    void aClockFarFromTheServersIsUnsafe() throws Exception {
        TestClock skewed = new TestClock(java.time.Instant.now().plusSeconds(1800));
        DoctorReport r = Doctor.withClock(skewed).check(dir);
        assertTrue(!r.safe() && r.verdict().contains("clock-offset"), r.verdict());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing left behind, even on failure");
        }
    }
}
