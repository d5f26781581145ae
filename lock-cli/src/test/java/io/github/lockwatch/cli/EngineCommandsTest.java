package io.github.lockwatch.cli;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.MiniJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ls, status, break, refresh, clean, doctor on the inspection engine, against real locks held in this JVM. */
class EngineCommandsTest {

    @TempDir
    Path dir;

    @TempDir
    Path home;

    Path audit;

    @BeforeEach
    void engineScannerIsThere() {
        audit = home.resolve("audit.jsonl");
    }

    @Test
    @Timeout(60)
    void lsJsonHasTheStableFieldsWithTheValuesOfARealLockAndItsWaiter() throws Exception {
        LockFile holder = LockFile.builder(lock()).lifetime(Duration.ofSeconds(30)).build();
        try (HeldLock held = holder.lock(Duration.ofSeconds(5))) {
            LockFile waiting = LockFile.builder(lock()).build();
            CountDownLatch waiterDone = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try {
                    waiting.lock(Duration.ofSeconds(30)).close();
                } catch (Exception ignored) {
                    // interrupted at the end of the test
                } finally {
                    waiterDone.countDown();
                }
            });
            waiter.start();
            try {
                awaitFile(waiting.claimFile());
                var r = Cli.run("ls", "--json", dir.toString()).expect(0);
                Map<String, Object> root = MiniJson.parseObject(r.out());
                Map<String, Object> scan = first(root.get("directories"));
                assertEquals(dir.toAbsolutePath().normalize().toString(), scan.get("directory"));
                Map<String, Object> l = first(scan.get("locks"));
                assertEquals(lock().toAbsolutePath().normalize().toString(), l.get("path"));
                assertEquals("held", l.get("state"));
                assertEquals(held.claim().host(), l.get("host"));
                assertEquals(held.claim().pid(), ((Number) l.get("pid")).longValue());
                assertEquals(held.claim().text(), l.get("claim"));
                Instant expires = Instant.parse((String) l.get("expires"));
                assertEquals(held.expiration().orElseThrow(), expires, "expires is the lock file's mtime");
                assertTrue(((String) l.get("expires")).endsWith("Z"), "UTC");
                long remaining = ((Number) l.get("remaining_ms")).longValue();
                assertTrue(remaining > 0 && remaining <= 31_000, "remaining_ms " + remaining);
                List<?> waiters = (List<?>) l.get("waiters");
                assertEquals(1, waiters.size(), r.out());
                @SuppressWarnings("unchecked")
                Map<String, Object> w = (Map<String, Object>) waiters.get(0);
                assertEquals(waiting.claim().host(), w.get("host"));
                assertEquals(waiting.claim().pid(), ((Number) w.get("pid")).longValue());
                assertEquals(waiting.claim().text(), w.get("claim"));
                assertTrue(l.get("findings") instanceof List<?>, "findings is an array");
            } finally {
                waiter.interrupt();
                assertTrue(waiterDone.await(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    @Timeout(60)
    void lsTableShowsStateLabelCountdownHolderAndNoColourWhenNotATerminal() throws Exception {
        try (HeldLock held = LockFile.builder(lock()).lifetime(Duration.ofSeconds(60)).build().lock(Duration.ZERO)) {
            Files.writeString(dir.resolve("junk.lck"), "not a claim");
            var r = Cli.run("ls", dir.toString()).expect(0);
            assertTrue(r.out().contains("STATE") && r.out().contains("EXPIRES") && r.out().contains("HOLDER"), r.out());
            String row = line(r.out(), "x.lck");
            assertTrue(row.contains("held"), row);
            assertTrue(row.matches(".*\\bin \\d+s\\b.*"), "countdown like 'in 59s': " + row);
            assertTrue(row.contains(held.claim().host() + " pid " + held.claim().pid()), row);
            assertTrue(line(r.out(), "junk.lck").contains("corrupt"), r.out());
            assertFalse(r.out().contains("\u001b["), "no escape codes when stdout is not a terminal");
        }
    }

    @Test
    @Timeout(60)
    void lsColourAlwaysColoursTheStateAndKeepsItsLabel() throws Exception {
        try (HeldLock held = LockFile.of(lock()).lock(Duration.ZERO)) {
            var r = Cli.run("ls", "--color=always", dir.toString()).expect(0);
            String row = line(r.out(), "x.lck");
            assertTrue(row.contains("\u001b[") && row.contains("held"), row);
        }
    }

    @Test
    void lsSaysExpiredAgoForAnExpiredLock() throws Exception {
        LockFile lf = LockFile.of(lock());
        HeldLock held = lf.lock(Duration.ZERO);
        Files.setLastModifiedTime(lock(), java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(120)));
        try {
            var r = Cli.run("ls", dir.toString()).expect(0);
            assertTrue(line(r.out(), "x.lck").matches(".*expired 2m\\d\\ds ago.*"), r.out());
        } finally {
            lf.unlockIfHeld();
            held.close();
        }
    }

    @Test
    void lsOfAnEmptyDirectorySaysSo() {
        assertTrue(Cli.run("ls", dir.toString()).expect(0).out().contains("no locks"));
    }

    @Test
    void lsRecursiveFindsLocksBelow() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        try (HeldLock held = LockFile.of(sub.resolve("deep.lck")).lock(Duration.ZERO)) {
            assertFalse(Cli.run("ls", dir.toString()).expect(0).out().contains("deep.lck"));
            assertTrue(Cli.run("ls", "--recursive", dir.toString()).expect(0).out().contains("deep.lck"));
        }
    }

    @Test
    void lsOfAMissingDirectoryOrAFileIsOneLineAndExit1() throws IOException {
        var r = Cli.run("ls", dir.resolve("nope").toString()).expect(1).oneCleanErrorLine();
        assertTrue(r.err().contains("nope"), r.err());
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        Cli.run("ls", file.toString()).expect(1).oneCleanErrorLine();
        Cli.run("ls", "--json", dir.resolve("nope").toString()).expect(1).oneCleanErrorLine();
    }

    @Test
    void lsOfSeveralDirectoriesListsTheReadableOnesAndExits1ForTheMissingOne() throws Exception {
        try (HeldLock held = LockFile.of(lock()).lock(Duration.ZERO)) {
            var r = Cli.run("ls", dir.resolve("gone").toString(), dir.toString()).expect(1).oneCleanErrorLine();
            assertTrue(r.out().contains("x.lck"), r.out());
            assertTrue(r.err().contains("gone"), r.err());
        }
    }

    @Test
    void statusOfAHeldLockIs0AndOfNoLockIs3() throws Exception {
        try (HeldLock held = LockFile.of(lock()).lock(Duration.ZERO)) {
            var r = Cli.run("status", "--json", lock().toString()).expect(0);
            Map<String, Object> l = MiniJson.parseObject(r.out());
            assertEquals("held", l.get("state"));
            assertEquals(held.claim().text(), l.get("claim"));
            var text = Cli.run("status", lock().toString()).expect(0);
            assertTrue(text.out().contains(held.claim().text()), text.out());
        }
        var none = Cli.run("status", "--json", lock().toString()).expect(3);
        assertEquals("unlocked", MiniJson.parseObject(none.out()).get("state"));
        Cli.run("status", dir.resolve("nope/x.lck").toString()).expect(1).oneCleanErrorLine();
    }

    @Test
    void breakRefusesALiveLockWithoutForceAndLeavesItAlone() throws Exception {
        try (HeldLock held = LockFile.of(lock()).lock(Duration.ZERO)) {
            var r = Cli.run("break", "--reason", "test", "--audit-log", audit.toString(), lock().toString()).expect(3);
            assertTrue(r.err().contains("refused-not-breakable"), r.err());
            assertTrue(held.verify(), "the holder still holds it");
            assertTrue(Files.readString(audit).contains("\"break\""), "the refusal is audited");
        }
    }

    @Test
    void breakWithAnOutdatedExpectedClaimRefusesWith3() throws Exception {
        String oldClaim;
        try (HeldLock first = LockFile.of(lock()).lock(Duration.ZERO)) {
            oldClaim = first.claim().text();
        }
        try (HeldLock second = LockFile.of(lock()).lock(Duration.ZERO)) {
            var r = Cli.run("break", "--force", "--expect-claim", oldClaim, "--reason", "test",
                    "--audit-log", audit.toString(), lock().toString()).expect(3).oneCleanErrorLine();
            assertTrue(r.err().contains("changed since you looked"), r.err());
            assertTrue(second.verify(), "the newer holder keeps its lock");
            Cli.run("refresh", "--expect-claim", oldClaim, "--audit-log", audit.toString(), lock().toString())
                    .expect(3).oneCleanErrorLine();
        }
    }

    @Test
    void breakForceWithTheRightClaimBreaksIt() throws Exception {
        LockFile lf = LockFile.of(lock());
        HeldLock held = lf.lock(Duration.ZERO);
        var r = Cli.run("break", "--force", "--expect-claim", held.claim().text(), "--reason", "stuck job",
                "--audit-log", audit.toString(), lock().toString()).expect(0);
        assertFalse(r.out().isBlank(), "says what it did");
        assertFalse(Files.exists(lock()));
        assertFalse(held.verify(), "the holder has lost it");
        assertTrue(Files.readString(audit).contains("stuck job"));
        Cli.run("break", "--reason", "again", "--audit-log", audit.toString(), lock().toString())
                .expect(3).oneCleanErrorLine();
        held.close();
    }

    @Test
    void refreshMovesTheExpiryOfTheLockSeen() throws Exception {
        try (HeldLock held = LockFile.of(lock()).lock(Duration.ZERO)) {
            Instant before = held.expiration().orElseThrow();
            Cli.run("refresh", "--lifetime", "1h", "--expect-claim", held.claim().text(),
                    "--audit-log", audit.toString(), "--json", lock().toString()).expect(0);
            assertTrue(held.expiration().orElseThrow().isAfter(before.plusSeconds(3000)));
        }
        Cli.run("refresh", "--audit-log", audit.toString(), lock().toString()).expect(3).oneCleanErrorLine();
    }

    @Test
    void cleanIsADryRunUnlessApply() throws Exception {
        var r = Cli.run("clean", "--audit-log", audit.toString(), dir.toString()).expect(0);
        assertTrue(r.out().contains("no orphan claim files"), r.out());
        Cli.run("clean", "--audit-log", audit.toString(), dir.resolve("nope").toString()).expect(1).oneCleanErrorLine();
    }

    /** Local disk and memory filesystems: hard links, exact mtimes, '|' in names; the doctor must call them safe. */
    static final List<String> SAFE_LOCAL_FILESYSTEMS = List.of("ext2/ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay");

    @Test
    void doctorExits0WhenSafeAnd1WhenNotAndLeavesNothingBehind() throws Exception {
        String type = Files.getFileStore(dir).type();
        Facilities.require(SAFE_LOCAL_FILESYSTEMS.contains(type), "a temporary directory on one of "
                + SAFE_LOCAL_FILESYSTEMS + " (found " + type + " for " + dir + ")");
        var r = Cli.run("doctor", dir.toString()).expect(0);
        assertTrue(r.out().contains("\nsafe: " + dir + " supports the flufl.lock protocol"), r.out());
        assertFalse(r.out().contains("fail "), r.out());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
        Cli.run("doctor", dir.resolve("nope").toString()).expect(1).oneCleanErrorLine();
    }

    @Test
    @Timeout(60)
    void lsWatchJsonPrintsAnEventWhenALockAppearsAndStopsWhenInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = LockCtl.commandLine(new LockCtl());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        AtomicInteger status = new AtomicInteger(-1);
        Thread watch = new Thread(() -> status.set(cl.execute("ls", "--watch", "--json", "--poll", "100ms",
                dir.toString())));
        watch.start();
        try {
            awaitText(out, "\"directory\"");
            try (HeldLock held = LockFile.of(lock()).lock(Duration.ZERO)) {
                // A new lock is reported as appeared, or as acquired when its claim file was seen first.
                awaitText(out, "\"lock\":\"" + lock() + "\"");
            }
        } finally {
            watch.interrupt();
            watch.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertFalse(watch.isAlive());
        assertEquals(0, status.get());
    }

    private Path lock() {
        return dir.resolve("x.lck");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Object list) {
        List<?> l = (List<?>) list;
        assertNotNull(l);
        assertFalse(l.isEmpty(), "empty array");
        return (Map<String, Object>) l.get(0);
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + text));
    }

    private static void awaitFile(Path p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(p)) {
            assertTrue(System.nanoTime() < deadline, "no " + p);
            Thread.sleep(5);
        }
    }

    private static void awaitText(StringWriter out, String text) throws InterruptedException {
        AtomicReference<String> last = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains(text)) {
            last.set(out.toString());
            assertTrue(System.nanoTime() < deadline, "no " + text + " in\n" + last.get());
            Thread.sleep(10);
        }
    }
}
