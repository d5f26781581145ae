package io.github.lockwatch.inspect;

/**
 * The state of one lock file, as a read-only scan classifies it.
 *
 * <p>When several states apply, the first in this priority order wins (it is also the declaration
 * order of the most severe states): {@link #CORRUPT} &gt; {@link #INCONSISTENT} &gt;
 * {@link #HOLDER_DEAD} &gt; {@link #BREAKABLE} &gt; {@link #EXPIRED} &gt; {@link #EXPIRING} &gt;
 * {@link #HELD}. A corrupt lock is reported as corrupt even if its mtime is old, because no flufl ≥ 6
 * waiter will ever break it; an inconsistent lock is reported as such even if its holder is dead,
 * because the inconsistency is what an admin must look at first. Every other condition that also
 * applies is listed in {@link LockSnapshot#findings()}.
 */
public enum LockStatus {
    /** Held by a claimant, expiry more than the expiring window away. */
    HELD("held"),
    /** Held, and the expiry is within the scanner's expiring window (default 5 s). */
    EXPIRING("expiring"),
    /**
     * The expiry has passed, but by no more than the 10 s {@linkplain io.github.lockwatch.lock.LockFile#CLOCK_SLOP
     * clock slop}: flufl waiters will not break it yet.
     */
    EXPIRED("expired"),
    /** Expired by more than the clock slop: any waiter will break it on its next attempt. */
    BREAKABLE("breakable"),
    /**
     * The holder is proven dead: it ran on this host and its pid is not running, or the process now
     * running with that pid started after the lock's inode last changed (pid reuse). Never used for
     * holders on other hosts, nor for a generic host name such as {@code localhost} on a shared
     * (network or FUSE) filesystem, where that name may be another machine's.
     */
    HOLDER_DEAD("holder-dead"),
    /** The content is not a claim (or not a regular file): flufl ≥ 6 will never break it. */
    CORRUPT("corrupt"),
    /**
     * A parseable claim, but the link count is not 2, the claim file is missing, or it names another file;
     * also a lock file whose content cannot be read (permission denied): unreadable is not unparseable.
     */
    INCONSISTENT("inconsistent");

    private final String jsonName;

    LockStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /**
     * The stable name used in JSON output and on the command line.
     *
     * @return one of {@code held}, {@code expiring}, {@code expired}, {@code breakable},
     *     {@code holder-dead}, {@code corrupt}, {@code inconsistent}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Whether {@link LockAdmin#breakLock} may break a lock in this state without {@code force}.
     *
     * @return true for {@link #BREAKABLE}, {@link #HOLDER_DEAD}, {@link #CORRUPT} and {@link #INCONSISTENT}
     */
    public boolean breakableWithoutForce() {
        return this == BREAKABLE || this == HOLDER_DEAD || this == CORRUPT || this == INCONSISTENT;
    }

    /**
     * The state with the given {@linkplain #jsonName() JSON name}.
     *
     * @param jsonName a JSON name such as {@code holder-dead}
     * @return the state
     * @throws IllegalArgumentException if no state has that name
     */
    public static LockStatus fromJsonName(String jsonName) {
        for (LockStatus s : values()) {
            if (s.jsonName.equals(jsonName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no lock state named " + jsonName);
    }
}
