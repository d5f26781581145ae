package io.github.lockwatch.lock;

/**
 * The state of a lock file as one lock object sees it, with flufl.lock's meanings
 * ({@code flufl.lock.LockState}).
 *
 * <p>Like flufl's, this is a report, not a decision: it ignores the 10 s
 * {@linkplain LockFile#CLOCK_SLOP clock slop} that a waiter adds before breaking.
 */
public enum LockState {
    /** No lock file exists. */
    UNLOCKED,
    /** This lock object holds the lock and it has not expired. */
    OURS,
    /** This lock object holds the lock, but its expiry is in the past: refresh it. */
    OURS_EXPIRED,
    /** Held by a process on this host that is no longer running. */
    STALE,
    /** Held by another running process on this host, past its expiry. */
    THEIRS_EXPIRED,
    /**
     * Nothing can be said: held by another live process that has not expired, by a process on another
     * host (whose liveness cannot be checked from here), or the content is not a claim.
     */
    UNKNOWN
}
