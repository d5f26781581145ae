package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's timestamp-granularity measurement and its /proc/mounts parsing. */
class DoctorMeasurementTest {

    @TempDir
    Path dir;

    private static final List<Instant> SET = List.of(Instant.ofEpochSecond(1_800_000_001L, 123_456_789L),
            Instant.ofEpochSecond(1_800_000_003L, 987_654_321L), Instant.ofEpochSecond(1_800_000_005L, 500_000_500L));

    private static Doctor.Granularity measured(UnaryOperator<Instant> filesystem) {
        return Doctor.granularityOf(SET, SET.stream().map(filesystem).toList());
    }

    @Test
    void granularityIsTheFinestUnitThatExplainsEveryReadBack() {
        assertEquals("1 ns", measured(t -> t).label());
        assertEquals("1 µs", measured(t -> t.minusNanos(t.getNano() % 1000)).label());
        assertEquals("10 ms", measured(t -> t.minusNanos(t.getNano() % 10_000_000)).label());
        assertEquals("1 s", measured(t -> Instant.ofEpochSecond(t.getEpochSecond())).label());
        // FAT: even seconds (the samples are on odd seconds, so whole seconds do not fit).
        assertEquals("2 s", measured(t -> Instant.ofEpochSecond(t.getEpochSecond() - t.getEpochSecond() % 2)).label());
        assertEquals(Duration.ofSeconds(2), measured(t -> Instant.ofEpochSecond(t.getEpochSecond() & ~1L)).unit());
        // Rounding to the nearest unit counts too.
        assertEquals("1 µs", measured(t -> Instant.ofEpochSecond(t.getEpochSecond(),
                (t.getNano() + 500) / 1000 * 1000)).label());
    }

    @Test
    void readBacksThatFitNoUnitAreAWarningNotAGuess() {
        Doctor.Granularity g = measured(t -> t.plusSeconds(3600));
        assertNull(g.unit());
        assertEquals(Check.Result.WARN, g.check().result());
        assertTrue(g.check().detail().contains("fit no granularity"), g.check().detail());
    }

    @Test
    void coarseGranularityWarnsAndFineGranularityPasses() {
        assertEquals(Check.Result.PASS, measured(t -> t).check().result());
        assertEquals(Check.Result.PASS, measured(t -> t.minusNanos(t.getNano() % 10_000_000)).check().result());
        assertEquals(Check.Result.WARN, measured(t -> Instant.ofEpochSecond(t.getEpochSecond())).check().result());
        Check fat = measured(t -> Instant.ofEpochSecond(t.getEpochSecond() & ~1L)).check();
        assertEquals(Check.Result.WARN, fat.result());
        assertTrue(fat.detail().contains("2 s"), fat.detail());
    }

    @Test
    void theTempDirectoryMeasuresNanosecondsOrTheUnitItReallyHas() throws Exception {
        Check g = Doctor.create().check(dir).checks().stream().filter(c -> c.name().equals("timestamp-granularity"))
                .findFirst().orElseThrow();
        assertTrue(g.detail().startsWith("1 ns") || g.detail().startsWith("1 µs") || g.detail().startsWith("10 ms")
                || g.detail().startsWith("1 s") || g.detail().startsWith("2 s"), g.detail());
        String type = java.nio.file.Files.getFileStore(dir).type();
        if (type.equals("ext4") || type.equals("tmpfs")) {
            assertTrue(g.detail().startsWith("1 ns"), type + ": " + g.detail());
        }
    }

    @Test
    void procMountsOctalEscapesAreDecoded() {
        assertEquals("/mnt/my disk", Doctor.decodeMountField("/mnt/my\\040disk"));
        assertEquals("/mnt/a\tb", Doctor.decodeMountField("/mnt/a\\011b"));
        assertEquals("/mnt/a\nb", Doctor.decodeMountField("/mnt/a\\012b"));
        assertEquals("/mnt/a\\b", Doctor.decodeMountField("/mnt/a\\134b"));
        assertEquals("/mnt/x y\tz\\", Doctor.decodeMountField("/mnt/x\\040y\\011z\\134"));
        assertEquals("/plain", Doctor.decodeMountField("/plain"));
        assertEquals("/odd\\9x", Doctor.decodeMountField("/odd\\9x"), "not an octal escape: kept");
        assertEquals("/end\\04", Doctor.decodeMountField("/end\\04"), "cut short: kept");
    }

    @Test
    void aMountPointWithEscapedCharactersIsMatchedAndShownDecoded() {
        List<String> mounts = List.of(
                "/dev/vda / ext4 rw,relatime 0 0",
                "server:/export\\040share /mnt/nfs\\040share\\011x nfs rw,vers=3 0 0",
                "tmpfs /mnt/back\\134slash tmpfs rw 0 0");
        Path inNfs = Path.of("/mnt/nfs share\tx/locks");
        Check c = Doctor.mount(inNfs, inNfs, mounts);
        assertEquals(Check.Result.WARN, c.result(), c.detail()); // nfs: a network filesystem
        assertTrue(c.detail().contains("type nfs mounted at /mnt/nfs share\tx from server:/export share"), c.detail());
        Path inTmpfs = Path.of("/mnt/back\\slash/locks");
        Check t = Doctor.mount(inTmpfs, inTmpfs, mounts);
        assertTrue(t.detail().contains("type tmpfs mounted at /mnt/back\\slash"), t.detail());
        Check root = Doctor.mount(Path.of("/srv/locks"), Path.of("/srv/locks"), mounts);
        assertTrue(root.detail().contains("type ext4 mounted at /"), root.detail());
    }
}
