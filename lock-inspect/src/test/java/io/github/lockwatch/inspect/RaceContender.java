package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for {@link BreakRaceTest}: {@code RaceContender LOCK} acquires and releases LOCK with lock-lib in
 * a loop until stdin ends, each time with a new claim, printing {@code acquired CLAIM} after each acquisition,
 * then {@code released CLAIM}, or {@code lost CLAIM} when the acquisition turned out broken (its release found
 * no lock or someone else's, or the claim vanished while acquiring); finally {@code done N}. Each line ends with {@link System#nanoTime()}
 * (CLOCK_MONOTONIC on Linux, comparable between processes), so the test can order events of all processes.
 */
public final class RaceContender {
    private RaceContender() {
    }

    public static void main(String[] args) throws Exception {
        Path lock = Path.of(args[0]);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until EOF
                }
            } catch (IOException ignored) {
                // parent gone
            }
        }, "stdin");
        watcher.setDaemon(true);
        watcher.start();
        long n = 0;
        while (watcher.isAlive()) {
            LockFile lf = LockFile.builder(lock).lifetime(Duration.ofSeconds(30)).build();
            HeldLock held;
            try {
                held = lf.lock(Duration.ofSeconds(20));
            } catch (NoSuchFileException e) {
                // Our claim was removed by a break between link and touch: that break hit this acquisition.
                line(out, "lost " + lf.claim().text());
                continue;
            }
            n++;
            String claim = held.claim().text();
            line(out, "acquired " + claim);
            line(out, (lf.unlockIfHeld() ? "released " : "lost ") + claim);
        }
        line(out, "done " + n);
    }

    private static void line(BufferedWriter out, String s) throws IOException {
        out.write(s + " " + System.nanoTime());
        out.newLine();
        out.flush();
    }
}
