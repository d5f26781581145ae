package io.github.lockwatch.cli;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl stress LOCK}: does mutual exclusion hold on this mount? */
@Command(name = "stress",
        header = "Check mutual exclusion on this mount, from several processes/hosts.",
        description = {
            "Check that LOCK excludes: start it at the same time in several processes, on several hosts sharing the directory.",
            "%nEach iteration acquires the lock, creates <LOCK>.stress-marker with O_CREAT|O_EXCL (an existing marker, or a marker gone before we delete it, is an overlap: two holders at once), holds for --hold, deletes the marker and releases. Each process reports its own iterations, overlaps, wait percentiles and acquisitions per second; exit 1 on any overlap or lost lock. A marker older than the run that stays the same file in every overlap was left by a killed run: the verdict is INCONCLUSIVE and the exit status 4 (delete it and run again).",
            "%nTo be sure the runs really overlap, give them all the same --start-at time (a few seconds ahead): each waits for it before its first iteration. The report says when the run started and finished, and in how many iterations the previous holder of the lock was another process (handoffs, from <LOCK>.stress-last, which holds the last holder's claim and is removed when the run ends).",
        })
final class StressCommand extends LockCtlCommand {

    @Mixin
    LockOptions options;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "100",
            description = "Acquisitions to make (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--hold", paramLabel = "D", defaultValue = "10ms", converter = DurationConverter.class,
            description = "How long to hold the lock each time (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Wait until this wall-clock time before the first iteration: an ISO-8601 instant"
                    + " (2026-12-03T18:00:05Z) or epoch milliseconds. Give several runs the same time so they"
                    + " start together; a time in the past starts at once.")
    String startAt;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock file.")
    Path lock;

    @Override
    int execute() throws Exception {
        if (iterations < 1) {
            throw usage("--iterations must be at least 1: " + iterations);
        }
        Instant startTime = startAt == null ? null : parseStartAt(startAt);
        LockFile lockFile = options.builder(this, lock)
                .keepAlive(true)
                .onLockLost(LockOptions.loud(name(), err(), null))
                .build();
        Path marker = lockFile.path().resolveSibling(lockFile.path().getFileName() + ".stress-marker");
        byte[] us = (lockFile.claim().text() + "\n").getBytes(StandardCharsets.UTF_8);
        long[] waits = new long[iterations];
        int overlaps = 0;
        int lost = 0;
        int handoffs = 0;
        // A marker found on entry that is the same file, older than this run, every time: left by a killed run.
        StaleMarker stale = new StaleMarker();
        Path last = lockFile.path().resolveSibling(lockFile.path().getFileName() + ".stress-last");
        if (startTime != null) {
            waitUntil(startTime);
        }
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long asked = System.nanoTime();
            HeldLock held = options.acquire(lockFile);
            waits[i] = System.nanoTime() - asked;
            boolean created = false;
            try {
                try {
                    Files.write(marker, us, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    created = true;
                } catch (FileAlreadyExistsException e) {
                    overlaps++;
                    if (stale.seen(marker, startedAt) && overlaps > 1) {
                        // said once, at the first sighting; the verdict says the rest
                    } else {
                        reportOverlap(i, marker, "the marker already exists (if no other stress run was active, a killed run left it: delete it)");
                    }
                }
                if (handedOver(last, us)) {
                    handoffs++;
                }
                if (!hold.isZero()) {
                    TimeUnit.NANOSECONDS.sleep(hold.toNanos());
                }
                if (created) {
                    try {
                        Files.delete(marker);
                    } catch (NoSuchFileException e) {
                        overlaps++;
                        stale.possible = false;
                        reportOverlap(i, marker, "the marker was deleted by someone else while we held the lock");
                    }
                }
                if (!held.isValid()) {
                    lost++;
                }
            } finally {
                held.close();
            }
        }
        long elapsed = System.nanoTime() - start;
        Instant finishedAt = Instant.now();
        // Tidy up under the lock; a run still going writes the file again and removes it when it ends.
        try (HeldLock held = options.acquire(lockFile)) {
            Files.deleteIfExists(last);
        }
        boolean inconclusive = overlaps > 0 && lost == 0 && stale.stillThere(marker);
        Arrays.sort(waits);
        double perSecond = iterations / (elapsed / 1e9);
        ProcessIdentity me = new ProcessIdentity(lockFile.claim().host(), lockFile.claim().pid());
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("lock", lockFile.path().toString());
            report.put("host", me.host());
            report.put("pid", me.pid());
            report.put("iterations", iterations);
            report.put("overlaps", overlaps);
            report.put("lost", lost);
            Map<String, Object> wait = new LinkedHashMap<>();
            wait.put("p50", millis(percentile(waits, 50)));
            wait.put("p95", millis(percentile(waits, 95)));
            wait.put("p99", millis(percentile(waits, 99)));
            wait.put("max", millis(waits[waits.length - 1]));
            report.put("wait_ms", wait);
            report.put("acquisitions_per_second", perSecond);
            report.put("elapsed_ms", millis(elapsed));
            report.put("handoffs", handoffs);
            report.put("started_at", startedAt.toString());
            report.put("finished_at", finishedAt.toString());
            report.put("ok", overlaps == 0 && lost == 0);
            report.put("stale_marker", inconclusive);
            out().println(io.github.lockwatch.inspect.Json.write(report));
        } else {
            out().printf(Locale.ROOT, "lock            %s%n", lockFile.path());
            out().printf(Locale.ROOT, "us              host %s pid %d%n", me.host(), me.pid());
            out().printf(Locale.ROOT, "iterations      %d%n", iterations);
            out().printf(Locale.ROOT, "overlaps        %d%n", overlaps);
            out().printf(Locale.ROOT, "lost            %d%n", lost);
            out().printf(Locale.ROOT, "wait p50        %.3f ms%n", millis(percentile(waits, 50)));
            out().printf(Locale.ROOT, "wait p95        %.3f ms%n", millis(percentile(waits, 95)));
            out().printf(Locale.ROOT, "wait p99        %.3f ms%n", millis(percentile(waits, 99)));
            out().printf(Locale.ROOT, "wait max        %.3f ms%n", millis(waits[waits.length - 1]));
            out().printf(Locale.ROOT, "acquisitions/s  %.1f%n", perSecond);
            out().printf(Locale.ROOT, "handoffs        %d (iterations whose previous holder was another process)%n", handoffs);
            out().printf(Locale.ROOT, "ran             %s .. %s%n", startedAt, finishedAt);
            out().printf(Locale.ROOT, "verdict         %s%n", overlaps == 0 && lost == 0
                    ? "ok: no two holders at once in " + iterations + " iterations"
                    : inconclusive ? "INCONCLUSIVE: " + marker + " was stale (left before this run started, by a"
                            + " killed run) and was there in every overlap; delete it and run again"
                    : "FAILED: mutual exclusion did not hold on this mount");
        }
        out().flush();
        return overlaps == 0 && lost == 0 ? ExitCodes.OK : inconclusive ? ExitCodes.INCONCLUSIVE : ExitCodes.FAILURE;
    }

    /** Under the lock: was the previous holder someone else? Then this process is the last holder. */
    private static boolean handedOver(Path last, byte[] us) throws IOException {
        byte[] before;
        try {
            before = Files.readAllBytes(last);
        } catch (NoSuchFileException e) {
            before = null;
        }
        // A new name renamed over the old one, not an overwrite: on NFS behind a client-side name cache,
        // opening a name the other client removed a moment ago fails with ENOENT even with O_CREAT.
        Path fresh = last.resolveSibling(last.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(System.nanoTime()));
        Files.write(fresh, us, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.move(fresh, last, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return before != null && !Arrays.equals(before, us);
    }

    private Instant parseStartAt(String text) {
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text))
                    : Instant.parse(text);
        } catch (RuntimeException e) {
            throw usage("--start-at wants an ISO-8601 instant (2026-12-03T18:00:05Z) or epoch milliseconds: " + text);
        }
    }

    /** Sleeps until the wall clock reads {@code at} (re-reading it, so a clock step is followed). */
    private static void waitUntil(Instant at) throws InterruptedException {
        for (long left = Duration.between(Instant.now(), at).toNanos(); left > 0;
                left = Duration.between(Instant.now(), at).toNanos()) {
            Thread.sleep(Math.min(left / 1_000_000 + 1, 1000)); // rounded up: never start early
        }
    }

    private void reportOverlap(int iteration, Path marker, String what) {
        String other;
        try {
            other = Files.readString(marker, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            other = "unknown";
        }
        err().println(name() + ": OVERLAP in iteration " + (iteration + 1) + ": " + what
                + " (marker " + marker + ", written by " + (other.isEmpty() ? "unknown" : other) + ")");
        err().flush();
    }

    /**
     * Whether every "marker already exists" overlap saw one and the same file, last modified before this
     * run started: then it is a leftover of a killed run, not a second holder, and the run proves nothing.
     */
    private static final class StaleMarker {
        boolean possible = true;
        Object fileKey;
        java.nio.file.attribute.FileTime mtime;

        /** Called on an overlap by an existing marker; returns true if it is the stale one seen before. */
        boolean seen(Path marker, Instant runStart) {
            var attrs = attributes(marker);
            if (attrs == null || attrs.fileKey() == null || !attrs.lastModifiedTime().toInstant().isBefore(runStart.minusSeconds(2))) {
                // (2 s of margin: filesystems that keep whole seconds must not make a new marker look old)
                possible = false;
                return false;
            }
            if (fileKey == null) {
                fileKey = attrs.fileKey();
                mtime = attrs.lastModifiedTime();
                return false;
            }
            if (!fileKey.equals(attrs.fileKey()) || !mtime.equals(attrs.lastModifiedTime())) {
                possible = false;
                return false;
            }
            return true;
        }

        /** At the end: still the same untouched file, and no other kind of overlap. */
        boolean stillThere(Path marker) {
            var attrs = attributes(marker);
            return possible && fileKey != null && attrs != null && fileKey.equals(attrs.fileKey())
                    && mtime.equals(attrs.lastModifiedTime());
        }

        private static java.nio.file.attribute.BasicFileAttributes attributes(Path marker) {
            try {
                return Files.readAttributes(marker, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
