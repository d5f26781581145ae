package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A process waiting for a lock: a claim file beside the lock file that is not the current holder's,
 * whose process runs (or is on another host, so it is assumed to be waiting).
 *
 * @param host the waiter's host, from the claim
 * @param pid the waiter's pid on its host
 * @param claim the claim text (the claim file's name and content)
 * @param claimFile the claim file in the lock's directory
 * @param since when the waiter started waiting, as far as the disk tells: the claim file's ctime (its inode
 *     last changed when flufl wrote and touched it; its mtime is not used, since flufl sets it to the
 *     claim's expiry, up to one lifetime in the future), or its mtime where the filesystem keeps no
 *     ctime; null if unknown
 * @param liveness {@link Liveness#ALIVE} or {@link Liveness#UNKNOWN_OTHER_HOST} (or {@link Liveness#UNKNOWN})
 */
public record Waiter(String host, long pid, String claim, Path claimFile, Instant since, Liveness liveness) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field other than {@code since} is null
     */
    public Waiter {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(claimFile, "claimFile");
        Objects.requireNonNull(liveness, "liveness");
    }
}
