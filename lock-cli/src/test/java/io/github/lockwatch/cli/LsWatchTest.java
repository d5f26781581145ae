package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.testing.MiniJson;
import io.github.lockwatch.lock.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ls --watch} in this JVM: one missing directory is reported and the other is still listed and watched. */
class LsWatchTest {

    @TempDir
    Path dir;

    /** lockctl ls --watch running on its own thread, stopped by interrupting it. */
    private static final class Watching implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger status = new AtomicInteger(-1);
        final Thread thread;

        Watching(String... args) {
            CommandLine cl = LockCtl.commandLine(new LockCtl());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> status.set(cl.execute(args)), "ls-watch");
            thread.start();
        }

        List<String> lines() {
            return out.toString().lines().toList();
        }

        void awaitLine(String what, java.util.function.Predicate<String> line) throws Exception {
            Poll.until(Duration.ofSeconds(30), () -> {
                assertTrue(thread.isAlive(), "ls --watch ended (status " + status.get() + "); stdout:\n" + out
                        + "\nstderr:\n" + err);
                return lines().stream().anyMatch(line);
            }, what + " in the output:\n" + out + "\nstderr:\n" + err);
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(thread.isAlive(), "ls --watch stops when interrupted");
            return status.get();
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                stop();
            }
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void watchJsonReportsAMissingDirectoryAndKeepsWatchingTheOther() throws Exception {
        Path nope = dir.resolve("nope");
        Path locks = Files.createDirectory(dir.resolve("locks"));
        Path lock = locks.resolve("x.lck");
        try (Watching w = new Watching("ls", "--watch", "--json", "--poll", "200ms", nope.toString(), locks.toString())) {
            w.awaitLine("the unreachable event of the missing directory", l -> l.startsWith("{")
                    && "directory-unreachable".equals(MiniJson.parseObject(l).get("kind"))
                    && nope.toString().equals(MiniJson.parseObject(l).get("directory")));
            w.awaitLine("the other directory's scan", l -> l.startsWith("{")
                    && locks.toString().equals(MiniJson.parseObject(l).get("directory"))
                    && MiniJson.parseObject(l).containsKey("locks"));
            try (HeldLock held = LockFile.of(lock).lock(Duration.ZERO)) {
                w.awaitLine("an event for the new lock", l -> l.startsWith("{")
                        && lock.toString().equals(MiniJson.parseObject(l).get("lock")));
            }
            w.awaitLine("its release", l -> l.startsWith("{")
                    && "released".equals(MiniJson.parseObject(l).get("kind")));
            for (String l : w.lines()) {
                Map<String, Object> o = MiniJson.parseObject(l); // every line is one JSON object
                assertTrue(o.containsKey("kind") || o.containsKey("locks"), l);
            }
            assertEquals(0, w.stop(), w.err.toString());
            assertEquals("", w.err.toString(), "problems are events on stdout, not errors");
        }
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void watchTableShowsTheLocksOfTheReachableDirectoryAndTheProblemOfTheMissingOne() throws Exception {
        Path nope = dir.resolve("nope");
        Path locks = Files.createDirectory(dir.resolve("locks"));
        Path lock = locks.resolve("x.lck");
        try (HeldLock held = LockFile.builder(lock).lifetime(Duration.ofSeconds(60)).build().lock(Duration.ZERO);
                Watching w = new Watching("ls", "--watch", "--color", "never", "--poll", "200ms", nope.toString(),
                        locks.toString())) {
            w.awaitLine("the problem line", l -> l.equals("  problem: " + nope + ": " + nope + ": no such directory"));
            w.awaitLine("the lock's row", l -> l.contains("x.lck") && l.contains("held")
                    && l.matches(".*\\bin \\d+s\\b.*") && l.contains(held.claim().host() + " pid " + held.claim().pid()));
            assertTrue(w.out.toString().contains("lockctl ls --watch"), w.out.toString());
            assertTrue(w.out.toString().contains("STATE"), w.out.toString());
            assertFalse(w.out.toString().contains("\u001b["), "no escape codes with --color never");
            int before = w.lines().size();
            held.close();
            w.awaitLine("the release, redrawn", l -> l.startsWith("  released: " + lock));
            assertTrue(w.lines().size() > before);
            assertEquals(0, w.stop());
        }
    }
}
