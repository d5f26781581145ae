package io.github.lockwatch.inspect;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file server's "now", read from a file just created there (its mtime is set by the server), and how
 * far this machine's clock is ahead of it. Used by {@link Doctor} and by {@link LockAdmin} before a break.
 *
 * @param server the new file's mtime
 * @param ahead this clock (the middle of {@code before}..{@code after}) minus the server's; negative if behind
 */
record ServerTime(Instant server, Duration ahead) {

    /**
     * A server clock more than this away from ours is taken as implausible (a test clock, a filesystem
     * that sets odd times) and ignored; so is a lock whose expiry is more than this in the past.
     */
    static final Duration PLAUSIBLE_OFFSET = Duration.ofDays(1);

    /** Probe files are named {@code .lockwatch-doctor-<random>…}; scans skip them. */
    static Path probeIn(Path dir, String tag) {
        return dir.resolve(".lockwatch-doctor-" + tag + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    }

    /** Reads {@code probe}'s mtime; {@code before} and {@code after} are this clock around its creation. */
    static ServerTime of(Path probe, Instant before, Instant after) throws IOException {
        Instant server = Files.getLastModifiedTime(probe, NOFOLLOW_LINKS).toInstant();
        return new ServerTime(server, Duration.between(server, before.plus(Duration.between(before, after).dividedBy(2))));
    }
}
