package io.github.lockwatch.cli;

import io.github.lockwatch.lock.testing.MiniJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.Claim;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** lockctl in this JVM: the commands that need only the lock library, usage and error handling. */
class LockCtlTest {

    @TempDir
    Path dir;

    @Test
    void versionPrintsLockctlAndTheMavenVersion() {
        var r = Cli.run("--version").expect(0);
        assertTrue(r.out().strip().matches("lockctl \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }

    @Test
    void helpListsEveryCommandAndDocumentsTheExitCodes() {
        var r = Cli.run("--help").expect(0);
        for (String c : List.of("ls", "status", "run", "hold", "break", "refresh", "clean", "doctor", "stress")) {
            assertTrue(r.out().contains("\n  " + c + " "), c + " in\n" + r.out());
        }
        for (String code : List.of("  0 ", "  1 ", "  2 ", "  3 ", "  75 ")) {
            assertTrue(r.out().contains(code), code + " in\n" + r.out());
        }
        for (String code : List.of("  4 ", "  143 ", "126", "127", "--lifetime under 1s", "clean --apply",
                "hold lost its lock", "stress overlap or lost lock")) {
            assertTrue(r.out().contains(code), code + " in\n" + r.out());
        }
        String sub = Cli.run("run", "--help").expect(0).out();
        assertFalse(sub.contains("75   timed out"), "the exit-status footer is only in the top-level help:\n" + sub);
        assertTrue(sub.contains("see 'lockctl --help'"), sub);
    }

    @Test
    void usageErrorsExit2WithOneLineAndNoStackTrace() {
        Cli.run().expect(2).oneCleanErrorLine();
        Cli.run("frobnicate").expect(2).oneCleanErrorLine();
        Cli.run("hold", "--bogus", lock().toString()).expect(2).oneCleanErrorLine();
        Cli.run("hold").expect(2).oneCleanErrorLine();
        Cli.run("break", lock().toString()).expect(2).oneCleanErrorLine(); // --reason is required
        Cli.run("stress", "--iterations", "0", lock().toString()).expect(2).oneCleanErrorLine();
    }

    @Test
    void aBadDurationNamesTheOptionAndShowsExamples() {
        var r = Cli.run("hold", "--for", "5 minutes", lock().toString()).expect(2).oneCleanErrorLine();
        assertTrue(r.err().contains("--for") && r.err().contains("is not a duration")
                && r.err().contains("PT15S"), r.err());
        r = Cli.run("run", "--lifetime", "500ms", lock().toString(), "--", "true").expect(2).oneCleanErrorLine();
        assertTrue(r.err().contains("at least 1s"), r.err());
    }

    @Test
    void aMissingDirectoryIsOneLineAndExit1() {
        Path missing = dir.resolve("no-such-dir").resolve("x.lck");
        var r = Cli.run("hold", "--for", "1s", missing.toString()).expect(1).oneCleanErrorLine();
        assertTrue(r.err().contains("no-such-dir: no such file or directory"), r.err());
        Cli.run("run", missing.toString(), "--", "true").expect(1).oneCleanErrorLine();
        Cli.run("stress", missing.toString()).expect(1).oneCleanErrorLine();
    }

    @Test
    void aDirectoryWhereTheLockShouldBeIsOneLineAndExit1() throws IOException {
        Path notDir = Files.writeString(dir.resolve("plain-file"), "x");
        Cli.run("hold", "--for", "1s", notDir.resolve("x.lck").toString()).expect(1).oneCleanErrorLine();
    }

    @Test
    void theBareCommandLineHandlesExpectedConditionsTheSameWay() {
        var r = Cli.runBare("hold", "--for", "1s", dir.resolve("nope/x.lck").toString()).expect(1);
        r.oneCleanErrorLine();
    }

    @Test
    @Timeout(30)
    void holdTimesOutWith75AndNamesTheHolder() throws Exception {
        LockFile other = LockFile.builder(lock()).build();
        try (HeldLock held = other.lock(Duration.ofSeconds(5))) {
            var r = Cli.run("hold", "--timeout", "200ms", "--for", "1s", lock().toString()).expect(75)
                    .oneCleanErrorLine();
            assertTrue(r.err().contains("held by host " + held.claim().host() + " pid " + held.claim().pid()), r.err());
            assertTrue(r.err().contains(lock().toString()), r.err());
            assertEquals("", r.out(), "no claim printed when not acquired");
            assertTrue(held.verify(), "the holder keeps its lock");
        }
    }

    @Test
    @Timeout(30)
    void holdForPrintsTheClaimAndReleases() throws IOException {
        var r = Cli.run("hold", "--for", "50ms", lock().toString()).expect(0);
        Claim claim = Claim.parse(r.out().strip()).orElseThrow(() -> new AssertionError(r.out()));
        assertEquals(ProcessHandle.current().pid(), claim.pid());
        assertEquals(lock().toAbsolutePath().toString(), claim.lockFile());
        assertEquals(1, r.out().lines().count());
        assertNothingLeft();
    }

    @Test
    @Timeout(30)
    void holdEndsWhenStdinEnds() throws IOException {
        var r = Cli.run(new java.io.ByteArrayInputStream("anything\n".getBytes()), "hold", lock().toString()).expect(0);
        assertTrue(Claim.parse(r.out().strip()).isPresent(), r.out());
        assertNothingLeft();
    }

    @Test
    @Timeout(60)
    void runExitsWithTheCommandsStatusAndReleases() throws IOException {
        Cli.run("run", lock().toString(), "--", "true").expect(0);
        Cli.run("run", lock().toString(), "--", "false").expect(1);
        Cli.run("run", lock().toString(), "--", "sh", "-c", "exit 42").expect(42);
        assertNothingLeft();
    }

    @Test
    @Timeout(60)
    void runHoldsTheLockWhileTheCommandRuns() throws IOException {
        Path seen = dir.resolve("seen");
        Cli.run("run", lock().toString(), "--", "sh", "-c", "cat \"$0\" > \"$1\"", lock().toString(), seen.toString())
                .expect(0);
        Claim claim = Claim.parse(Files.readString(seen)).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), claim.pid(), "the lock held our claim while CMD ran");
        assertNothingLeft();
    }

    @Test
    @Timeout(60)
    void runTimesOutWith75WithoutRunningTheCommand() throws Exception {
        Path ran = dir.resolve("ran");
        try (HeldLock held = LockFile.of(lock()).lock(Duration.ofSeconds(5))) {
            var r = Cli.run("run", "--timeout", "0", lock().toString(), "--", "touch", ran.toString()).expect(75);
            r.oneCleanErrorLine();
            assertTrue(r.err().contains("pid " + held.claim().pid()), r.err());
        }
        assertFalse(Files.exists(ran), "CMD must not run without the lock");
    }

    @Test
    @Timeout(60)
    void runReportsALostLockLoudlyAndExits1WhenTheCommandSucceeded() throws IOException {
        var r = Cli.run("run", lock().toString(), "--", "sh", "-c", "rm -f \"$0\"", lock().toString()).expect(1);
        assertTrue(r.err().contains("LOCK LOST"), r.err());
        assertTrue(r.err().contains("exiting 1"), r.err());
        r = Cli.run("run", lock().toString(), "--", "sh", "-c", "rm -f \"$0\"; exit 9", lock().toString()).expect(9);
        assertTrue(r.err().contains("LOCK LOST"), r.err());
    }

    @Test
    @Timeout(60)
    void runSaysWhenTheCommandCannotBeFound() throws IOException {
        var r = Cli.run("run", lock().toString(), "--", "no-such-command-lockctl").expect(127).oneCleanErrorLine();
        assertTrue(r.err().contains("command not found"), r.err());
        assertNothingLeft();
    }

    @Test
    @Timeout(60)
    void stressReportsTheExactIterationCountAndNoOverlaps() throws IOException {
        var r = Cli.run("stress", "--json", "--iterations", "25", "--hold", "0", lock().toString()).expect(0);
        Map<String, Object> report = MiniJson.parseObject(r.out());
        assertEquals(25L, report.get("iterations"));
        assertEquals(0L, report.get("overlaps"));
        assertEquals(Boolean.TRUE, report.get("ok"));
        @SuppressWarnings("unchecked")
        Map<String, Object> wait = (Map<String, Object>) report.get("wait_ms");
        double p50 = ((Number) wait.get("p50")).doubleValue();
        double p99 = ((Number) wait.get("p99")).doubleValue();
        double max = ((Number) wait.get("max")).doubleValue();
        assertTrue(p50 <= p99 && p99 <= max, wait.toString());
        assertTrue(((Number) report.get("acquisitions_per_second")).doubleValue() > 0);
        assertNothingLeft();
    }

    @Test
    @Timeout(60)
    void stressWaitsForStartAtAndReportsWhenItRan() throws IOException {
        java.time.Instant startAt = java.time.Instant.now().plusMillis(1500);
        var r = Cli.run("stress", "--json", "--iterations", "5", "--hold", "0", "--start-at", startAt.toString(),
                lock().toString()).expect(0);
        Map<String, Object> report = MiniJson.parseObject(r.out());
        java.time.Instant started = java.time.Instant.parse((String) report.get("started_at"));
        java.time.Instant finished = java.time.Instant.parse((String) report.get("finished_at"));
        assertFalse(started.isBefore(startAt), "started " + started + " before --start-at " + startAt);
        assertFalse(finished.isBefore(started), report.toString());
        assertEquals(0L, report.get("handoffs"), "alone: every acquisition follows our own: " + report);
        assertNothingLeft();
        Cli.run("stress", "--start-at", "soon", lock().toString()).expect(2);
    }

    @Test
    @Timeout(60)
    void stressCountsAnOverlapWhenTheMarkerIsAlreadyThereAndExits1() throws IOException {
        Path marker = dir.resolve("x.lck.stress-marker");
        Files.writeString(marker, "someone else\n"); // new: written as if by a run going on now
        Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(60)));
        var r = Cli.run("stress", "--iterations", "3", "--hold", "0", lock().toString()).expect(1);
        assertTrue(r.out().contains("overlaps        3"), r.out());
        assertTrue(r.out().contains("FAILED"), r.out());
        assertTrue(r.err().contains("OVERLAP") && r.err().contains("someone else"), r.err());
    }

    @Test
    @Timeout(60)
    void aStaleMarkerMakesTheRunInconclusiveWithExit4() throws IOException {
        Path marker = dir.resolve("x.lck.stress-marker");
        Files.writeString(marker, "a killed run\n");
        Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(600)));
        var r = Cli.run("stress", "--iterations", "3", "--hold", "0", lock().toString()).expect(4);
        assertTrue(r.out().contains("overlaps        3"), r.out());
        assertTrue(r.out().contains("INCONCLUSIVE") && r.out().contains("stale") && !r.out().contains("FAILED"), r.out());
        assertTrue(r.err().contains("a killed run"), r.err());
        var j = Cli.run("stress", "--json", "--iterations", "2", "--hold", "0", lock().toString()).expect(4);
        assertTrue(j.out().contains("\"stale_marker\": true") || j.out().contains("\"stale_marker\":true"), j.out());
        assertTrue(Files.exists(marker), "stress never deletes a marker it did not create");
    }

    @Test
    void stressPrintsAReadableReport() {
        var r = Cli.run("stress", "--iterations", "5", "--hold", "0", lock().toString()).expect(0);
        for (String field : List.of("iterations      5", "overlaps        0", "wait p50", "wait p95", "wait p99",
                "wait max", "acquisitions/s", "verdict         ok")) {
            assertTrue(r.out().contains(field), field + " in\n" + r.out());
        }
    }

    private Path lock() {
        return dir.resolve("x.lck");
    }

    /** No lock file, no claim file, no marker. */
    private void assertNothingLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("x.lck")).toList();
            assertEquals(List.of(), names);
        }
    }

    static void awaitFile(Path p, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!Files.exists(p)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + p + " after " + timeoutSeconds + " s");
            }
            Thread.sleep(5);
        }
    }
}
