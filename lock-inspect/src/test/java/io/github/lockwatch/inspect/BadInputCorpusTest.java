package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile directory contents: the scan completes, each entry carries a finding, nothing is touched. */
class BadInputCorpusTest {

    @TempDir
    Path root;

    @Test
    @Timeout(60)
    void aScanOfHostileEntriesCompletesWithAFindingOnEachAndTouchesNothing() throws Exception {
        Path dir = Files.createDirectory(root.resolve("locks"));
        Path outside = Files.createDirectory(root.resolve("outside"));
        Made made = writeHostileEntries(dir, outside);
        boolean fifo = made.fifo();
        boolean nonUtf8 = made.nonUtf8();
        Path unreadable = dir.resolve("unreadable.lck");

        String outsideBefore = TreeHash.of(outside);
        String dirBefore = TreeHash.of(dir);
        LockScanner scanner = LockScanner.builder().localHost("here.example").processProbe(new FakeProbe()).build();
        DirectoryScan scan = scanner.scan(dir);
        assertEquals(outsideBefore, TreeHash.of(outside), "nothing outside touched");
        assertEquals(dirBefore, TreeHash.of(dir), "nothing inside touched");

        Map<String, LockSnapshot> byName = scan.locks().stream()
                .collect(Collectors.toMap(l -> l.path().getFileName().toString(), l -> l));
        for (String name : new String[] {"binary.lck", "huge.lck", "empty.lck", "dotdot.lck", "link.lck",
                "dirlink.lck", "x.lck", "new\nline.lck", "unreadable.lck"}) {
            LockSnapshot s = byName.get(name);
            assertTrue(s != null, name + " missing from " + byName.keySet() + " problems " + scan.problems());
            if (name.equals("unreadable.lck") && Facility.isRoot()) {
                continue; // root reads through chmod 000: no permission denial to report (tests run as root here)
            }
            assertFalse(s.findings().isEmpty(), name + " has no finding");
        }
        assertEquals(LockStatus.CORRUPT, byName.get("link.lck").status());
        assertEquals(LockStatus.CORRUPT, byName.get("x.lck").status());
        assertTrue(byName.get("huge.lck").findings().stream().anyMatch(f -> f.contains("only the first")));
        assertTrue(byName.get("binary.lck").findings().stream().anyMatch(f -> f.contains("binary")));
        assertTrue(byName.get("new\nline.lck").findings().stream().anyMatch(f -> f.contains("newline")));
        assertEquals(LockStatus.INCONSISTENT, byName.get("dotdot.lck").status(), "names another file");
        if (fifo) {
            LockSnapshot f = byName.get("fifo.lck");
            assertEquals(LockStatus.CORRUPT, f.status());
            assertTrue(f.findings().get(0).contains("special file"), f.findings().toString());
        }
        if (nonUtf8) {
            LockSnapshot bad = scan.locks().stream().filter(l -> l.path().getFileName().toString().startsWith("bad"))
                    .findFirst().orElseThrow(() -> new AssertionError("non-UTF-8 name not listed"));
            assertTrue(bad.findings().stream().anyMatch(f -> f.contains("not valid UTF-8")), bad.findings().toString());
        }
        assertTrue(Json.toJson(scan).startsWith("{"));
        Facility.require(fifo, "mkfifo is not available");
        Facility.require(nonUtf8, "cannot create a non-UTF-8 file name with sh");
        if (!Facility.isRoot()) {
            assertTrue(byName.get("unreadable.lck").findings().stream().anyMatch(f -> f.contains("permission denied")));
        }
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rw-------"));
        assertTrue(Instant.now().isAfter(scan.scannedAt().minusSeconds(1)));
    }

    /** Whether the entries that need a tool could be made. */
    record Made(boolean fifo, boolean nonUtf8) {
    }

    /**
     * Writes the hostile entries into {@code dir} (some pointing into {@code outside}): binary, 1 MiB, empty
     * and {@code ../} content, symlinks out, a directory and a FIFO named like locks, newline and non-UTF-8
     * names, an unreadable file.
     */
    static Made writeHostileEntries(Path dir, Path outside) throws Exception {
        Files.writeString(outside.resolve("target.lck"), "/etc/passwd|h|1|2");
        byte[] binary = new byte[4096];
        new java.util.Random(1).nextBytes(binary);
        Files.write(dir.resolve("binary.lck"), binary);
        Files.write(dir.resolve("huge.lck"), new byte[1024 * 1024]);
        Files.write(dir.resolve("empty.lck"), new byte[0]);
        Files.writeString(dir.resolve("dotdot.lck"), "../outside/target.lck|here.example|1|2");
        Files.createSymbolicLink(dir.resolve("link.lck"), outside.resolve("target.lck"));
        Files.createSymbolicLink(dir.resolve("dirlink.lck"), outside);
        Files.createDirectory(dir.resolve("x.lck"));
        Files.writeString(dir.resolve("new\nline.lck"), "junk");
        boolean fifo = mkfifo(dir.resolve("fifo.lck"));
        // A name that is not UTF-8: made with a shell, since Java cannot spell it.
        boolean nonUtf8 = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'bad\\377name.lck')\"")
                .directory(dir.toFile()).start().waitFor() == 0;
        Path unreadable = dir.resolve("unreadable.lck");
        Files.writeString(unreadable, "secret");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        return new Made(fifo, nonUtf8);
    }

    private static boolean mkfifo(Path p) {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).start();
            return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
