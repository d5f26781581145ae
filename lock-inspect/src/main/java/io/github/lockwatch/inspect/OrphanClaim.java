package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A claim file that looks abandoned: left by a process proven dead ({@link Liveness#provenDead()}), or a
 * <em>stale claim</em> whose lock file no longer exists and whose expiry is past the slop but whose owner's
 * liveness is unknown (another host, or a host name that is not unique on a shared filesystem): possibly
 * left by a flufl breaker that missed it, possibly a live flufl waiter's (flufl never re-touches a
 * waiter's claim). {@link LockAdmin#clean} removes the first kind, and the second only when asked to.
 *
 * @param claimFile the claim file
 * @param host the claimant's host, from the name
 * @param pid the claimant's pid, from the name
 * @param liveness what is known of the claimant's process
 * @param reason one line for humans: why this claim is an orphan
 */
public record OrphanClaim(Path claimFile, String host, long pid, Liveness liveness, String reason) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public OrphanClaim {
        Objects.requireNonNull(claimFile, "claimFile");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Whether the claim's owner is proven dead (then {@link LockAdmin#clean} removes it by default).
     *
     * @return true if {@link #liveness()} is proof of death
     */
    public boolean ownerProvenDead() {
        return liveness.provenDead();
    }
}
