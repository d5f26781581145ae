package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A claim file nobody will ever use again: left by a dead process, or by a flufl breaker that missed it
 * (its lock file no longer exists and it is long past its expiry). {@link LockAdmin#clean} removes these.
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
}
