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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** lockctl as separate processes: hold, run and stress against each other and against this JVM. */
class LockCtlProcessIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void holdPrintsTheClaimExcludesOthersAndReleasesOnStdinEof() throws Exception {
        try (Child hold = Child.lockctl("hold", lock().toString())) {
            String claimText = hold.nextLine(60);
            Claim claim = Claim.parse(claimText).orElseThrow(() -> new AssertionError(claimText));
            assertEquals(hold.process.pid(), claim.pid());
            assertEquals(claimText, Files.readString(lock()).strip(), "the lock file holds the printed claim");
            Optional<HeldLock> ours = LockFile.of(lock()).tryLock();
            assertTrue(ours.isEmpty(), "nobody else gets the lock while hold holds it");

            hold.closeStdin();
            assertEquals(0, hold.waitFor(60), hold.err());
        }
        assertNothingLeft();
    }

    @Test
    @Timeout(120)
    void aLostLockIsOneLineOnStderr() throws Exception {
        try (Child hold = Child.lockctl("hold", "--lifetime", "3s", lock().toString())) {
            String claimText = hold.nextLine(60);
            Path claimFile = lock().resolveSibling(Claim.parse(claimText).orElseThrow().fileName());
            Files.delete(lock()); // broken behind its back
            Files.deleteIfExists(claimFile);
            assertEquals(1, hold.waitFor(60), hold.err());
            List<String> lines = hold.err().strip().lines().toList();
            assertEquals(1, lines.size(), hold.err());
            assertTrue(lines.get(0).startsWith("lockctl hold: LOCK LOST: "), hold.err());
        }
    }

    @Test
    @Timeout(120)
    void holdReleasesOnSigterm() throws Exception {
        try (Child hold = Child.lockctl("hold", lock().toString())) {
            hold.nextLine(60);
            assertTrue(Files.exists(lock()));
            hold.process.destroy(); // SIGTERM: the shutdown hook releases
            hold.waitFor(60);
        }
        assertNothingLeft();
    }

    @Test
    @Timeout(120)
    void holdAndRunStoppedBySigtermWhileWaitingRemoveTheirClaimFiles() throws Exception {
        try (HeldLock ours = LockFile.of(lock()).lock();
                Child hold = Child.lockctl("hold", lock().toString());
                Child run = Child.lockctl("run", lock().toString(), "--", "true")) {
            for (Child waiting : List.of(hold, run)) {
                String claimPrefix = "x.lck|";
                io.github.lockwatch.lock.testing.Poll.until(java.time.Duration.ofSeconds(60), () -> {
                    try (Stream<Path> files = Files.list(dir)) {
                        return files.map(p -> p.getFileName().toString())
                                .anyMatch(n -> n.startsWith(claimPrefix) && n.contains("|" + waiting.process.pid() + "|"));
                    }
                }, "lockctl (pid " + waiting.process.pid() + ") writes its claim file and waits");
                waiting.process.destroy(); // SIGTERM while waiting
                waiting.waitFor(60);
                assertTrue(waiting.out().isEmpty(), "never acquired: " + waiting.out());
            }
            try (Stream<Path> files = Files.list(dir)) {
                List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("x.lck")).sorted()
                        .toList();
                assertEquals(List.of("x.lck", ours.claim().fileName()), names, "only our lock and claim are left");
            }
        }
        assertNothingLeft();
    }

    @Test
    @Timeout(120)
    void aSecondHoldTimesOutWith75NamingTheFirstHoldersPid() throws Exception {
        try (Child first = Child.lockctl("hold", lock().toString())) {
            first.nextLine(60);
            try (Child second = Child.lockctl("hold", "--timeout", "300ms", lock().toString())) {
                assertEquals(75, second.waitFor(60));
                assertTrue(second.err().contains("pid " + first.process.pid()), second.err());
                assertEquals("", second.out());
            }
            first.closeStdin();
            assertEquals(0, first.waitFor(60));
        }
    }

    @Test
    @Timeout(120)
    void runExitsWithTheCommandsStatusHoldsTheLockMeanwhileAndReleases() throws Exception {
        Path seen = dir.resolve("seen");
        try (Child run = Child.lockctl("run", lock().toString(), "--", "sh", "-c", "cat \"$0\" > \"$1\"; exit 7",
                lock().toString(), seen.toString())) {
            assertEquals(7, run.waitFor(60), run.err());
            Claim claim = Claim.parse(Files.readString(seen)).orElseThrow();
            assertEquals(run.process.pid(), claim.pid(), "lockctl held the lock while CMD ran");
        }
        assertNothingLeft();
    }

    @Test
    @Timeout(120)
    void runPassesStdoutThrough() throws Exception {
        try (Child run = Child.lockctl("run", lock().toString(), "--", "echo", "hello from CMD")) {
            assertEquals("hello from CMD", run.nextLine(60));
            assertEquals(0, run.waitFor(60));
        }
    }

    @Test
    @Timeout(300)
    void stressInThreeProcessesAtOnceFindsNoOverlapsAndCountsExactly() throws Exception {
        int iterations = 30;
        List<Child> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(Child.lockctl("stress", "--json", "--iterations", String.valueOf(iterations),
                        "--hold", "2ms", lock().toString()));
            }
            for (Child c : children) {
                assertEquals(0, c.waitFor(240), c.err());
                Map<String, Object> report = MiniJson.parseObject(c.out());
                assertEquals((long) iterations, report.get("iterations"));
                assertEquals(0L, report.get("overlaps"), c.err());
                assertEquals(c.process.pid(), ((Number) report.get("pid")).longValue());
            }
        } finally {
            children.forEach(Child::close);
        }
        assertNothingLeft();
    }

    @Test
    @Timeout(120)
    void theLauncherScriptRunsThePackagedJar() throws Exception {
        Path launcher = Path.of("lockctl").toAbsolutePath();
        Path jar = Path.of("target", "lockctl.jar");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        assertTrue(Files.isRegularFile(jar), "failsafe runs after package: " + jar.toAbsolutePath());
        try (Child v = Child.start(List.of("bash", launcher.toString(), "--version"))) {
            assertTrue(v.nextLine(60).matches("lockctl \\S+"));
            assertEquals(0, v.waitFor(60));
        }
        try (Child r = Child.start(List.of("bash", launcher.toString(), "run", lock().toString(), "--",
                "sh", "-c", "exit 3"))) {
            assertEquals(3, r.waitFor(60), r.err());
        }
    }

    private Path lock() {
        return dir.resolve("x.lck");
    }

    private void assertNothingLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("x.lck")).toList();
            assertEquals(List.of(), names);
        }
        assertFalse(Files.exists(lock()));
    }
}
