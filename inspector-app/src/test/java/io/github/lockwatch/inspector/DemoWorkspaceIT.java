package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.Liveness;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.LockStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo workspace, judged by the real engine: every state is there, and it cleans up after itself. */
class DemoWorkspaceIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void demoShowsEveryStateAndIsDeletedOnClose() throws Exception {
        Path dir;
        try (DemoWorkspace demo = DemoWorkspace.create()) {
            dir = demo.directory();
            DirectoryScan scan = LockScanner.create().scan(dir);
            Set<LockStatus> states = scan.locks().stream().map(LockSnapshot::status)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(LockStatus.class)));
            assertEquals(EnumSet.allOf(LockStatus.class), states, () -> describe(scan));
            LockSnapshot dead = scan.find(dir.resolve("reports.lck")).orElseThrow();
            assertEquals(LockStatus.HOLDER_DEAD, dead.status());
            assertEquals(demo.killedPid(), dead.pid());
            assertTrue(dead.liveness().provenDead(), dead.liveness() + ": " + dead.livenessEvidence());
            LockSnapshot build = scan.find(dir.resolve("build.lck")).orElseThrow();
            assertEquals(Liveness.ALIVE, build.liveness());
            assertEquals(ProcessHandle.current().pid(), build.pid());
            // the waiter's claim file shows up as a waiter of build.lck (its thread starts at once)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (LockScanner.create().scan(dir).find(build.path()).orElseThrow().waiters().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no waiter on build.lck");
                Thread.sleep(50);
            }
            assertFalse(scan.orphans().isEmpty(), "an orphan claim for Clean");
        }
        assertFalse(Files.exists(dir), "demo directory removed on close");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void startingChildHoldersLeavesNoReaderThreadsBehind(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (int i = 0; i < 3; i++) {
            Process child = DemoWorkspace.startHolder(tmp.resolve("c" + i + ".lck"), java.time.Duration.ofMinutes(1));
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (readerThreads() > 0) {
            assertTrue(System.nanoTime() < deadline, readerThreads() + " reader threads still alive");
            Thread.sleep(20); // polling with a deadline
        }
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lockwatch-demo-child-reader")).count();
    }

    private static String describe(DirectoryScan scan) {
        return scan.locks().stream().map(l -> l.path().getFileName() + "=" + l.status() + " (" + l.explanation() + ")")
                .collect(Collectors.joining("\n"));
    }
}
