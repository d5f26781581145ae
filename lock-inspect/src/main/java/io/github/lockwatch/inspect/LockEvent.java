package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A change a {@link LockWatcher} noticed between two scans of a directory.
 *
 * @param kind what happened
 * @param directory the watched directory
 * @param lock the lock file, or null for directory events
 * @param before the snapshot from the previous scan, or null if the lock is new (or a directory event)
 * @param after the snapshot from this scan, or null if the lock is gone (or a directory event)
 * @param at the watcher's clock when the change was noticed
 * @param detail one line for humans (for directory events: the problem or the recovery)
 */
public record LockEvent(Kind kind, Path directory, Path lock, LockSnapshot before, LockSnapshot after,
        Instant at, String detail) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code kind}, {@code directory}, {@code at} or {@code detail} is null
     */
    public LockEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of change. */
    public enum Kind {
        /**
         * A lock file was seen for the first time: at the watcher's first scan of a directory every
         * existing lock appears; later, a lock that is already broken/garbage when first seen.
         */
        APPEARED,
        /** A lock file appeared holding a claim, or an existing lock file now holds a different claim. */
        ACQUIRED,
        /** Same holder, and the expiry moved (the holder touched it). */
        REFRESHED,
        /**
         * The lock file disappeared and the last snapshot showed a healthy holder (held, expiring or
         * expired within the slop, holder not proven dead): presumably the holder unlocked it.
         */
        RELEASED,
        /**
         * The lock file disappeared, or its claim was replaced, while the last snapshot showed it
         * breakable, holder-dead, corrupt or inconsistent: presumably a waiter or an admin broke it.
         * A heuristic: the disk keeps no record of who removed a file.
         */
        BROKEN,
        /** Same holder, same expiry, but the state changed (e.g. held to expiring, expired to breakable). */
        STATE_CHANGED,
        /** A scan of the directory failed or did not finish within the watcher's scan timeout. */
        DIRECTORY_UNREACHABLE,
        /** A directory that was unreachable was scanned successfully again. */
        DIRECTORY_RECOVERED
    }
}
