package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.ProcessIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** States produced by real holder processes: a lock-lib child JVM and a Python flufl.lock peer. */
class RealHoldersIT {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path PEER = Path.of("../lock-lib/src/test/python/flufl_peer.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static String readLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null) {
            throw new AssertionError("child ended without output: "
                    + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return line;
    }

    @Test
    @Timeout(60)
    void aJavaHolderIsHeldAndOnceKilledItsHolderIsDead() throws Exception {
        Path lock = dir.resolve("java.lck");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HolderMain.class.getName(), lock.toString(), "30").start();
        try {
            String line = readLine(child);
            assertTrue(line.startsWith("acquired "), line);
            LockScanner scanner = LockScanner.builder().build();
            LockSnapshot held = scanner.inspect(lock);
            assertEquals(LockStatus.HELD, held.status(), held.explanation() + " " + held.findings());
            assertEquals(child.pid(), held.pid());
            assertEquals(Liveness.ALIVE, held.liveness(), held.livenessEvidence());
            assertEquals(line.substring("acquired ".length()), held.claimText().orElseThrow());

            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            LockSnapshot dead = scanner.inspect(lock);
            assertEquals(LockStatus.HOLDER_DEAD, dead.status(), dead.explanation());
            assertEquals(Liveness.DEAD, dead.liveness());
            // The admin may now break it without force, and the claim goes with it.
            LockAdmin admin = LockAdmin.builder().scanner(scanner)
                    .auditLog(AuditLog.at(dir.resolveSibling(dir.getFileName() + "-audit.jsonl"))).build();
            ActionResult r = admin.breakLock(dead, false, "holder was killed");
            assertEquals(ActionResult.Outcome.DONE, r.outcome(), r.message());
            try (var s = Files.list(dir)) {
                assertEquals(List.of(), s.toList());
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    void aPythonFluflHolderGoesHeldExpiredBreakableByTheClock() throws Exception {
        Facility.require(Files.isExecutable(PYTHON), "/usr/bin/python3 is missing");
        Path lock = dir.resolve("py.lck");
        List<String> cmd;
        if (Files.isRegularFile(PEER)) {
            cmd = List.of(PYTHON.toString(), PEER.toString(), "hold", lock.toString(), "--lifetime", "30");
        } else {
            cmd = List.of(PYTHON.toString(), "-c", "import sys,json,datetime\nfrom flufl.lock import Lock\n"
                    + "l=Lock(sys.argv[1], lifetime=datetime.timedelta(seconds=30)); l.lock()\n"
                    + "print(json.dumps({'event':'acquired'}), flush=True); sys.stdin.read(); l.unlock()",
                    lock.toString());
        }
        Process py;
        try {
            py = new ProcessBuilder(cmd).start();
        } catch (java.io.IOException e) {
            Facility.require(false, "cannot start python: " + e);
            return;
        }
        try {
            String line = readLine(py);
            Facility.require(line.contains("\"acquired\""), "flufl.lock not usable: " + line);
            TestClock clock = new TestClock(Instant.now());
            LockScanner scanner = LockScanner.builder().clock(clock).localHost(ProcessIdentity.current().host()).build();
            LockSnapshot s = scanner.inspect(lock);
            assertEquals(LockStatus.HELD, s.status(), s.explanation() + s.findings());
            assertEquals(py.pid(), s.pid());
            assertEquals(2, s.linkCount());
            clock.set(s.expires().plusSeconds(5));
            assertEquals(LockStatus.EXPIRED, scanner.inspect(lock).status());
            clock.set(s.expires().plus(Duration.ofSeconds(11)));
            assertEquals(LockStatus.BREAKABLE, scanner.inspect(lock).status());
            py.getOutputStream().close(); // release
            assertTrue(py.waitFor(20, TimeUnit.SECONDS));
            assertTrue(Files.notExists(lock));
        } finally {
            py.destroyForcibly();
        }
    }
}
