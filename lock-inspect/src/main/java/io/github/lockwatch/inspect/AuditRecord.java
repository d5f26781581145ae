package io.github.lockwatch.inspect;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the {@link AuditLog}: who did what to which lock, and how it ended.
 *
 * @param time when (the admin's clock)
 * @param user the acting user name ({@code user.name})
 * @param host the acting host
 * @param pid the acting process
 * @param action {@code refresh}, {@code break}, {@code break-force} or {@code clean}
 * @param lock the lock file (or, for clean, the claim file) acted on, as text
 * @param holderHost the holder's host from the snapshot, or null
 * @param holderPid the holder's pid from the snapshot, or -1
 * @param holderClaim the holder's claim text from the snapshot, or null
 * @param reason the reason the admin gave, or null
 * @param outcome the {@linkplain ActionResult.Outcome#jsonName() outcome name}, e.g. {@code done}
 * @param message the action's one-line message
 */
public record AuditRecord(Instant time, String user, String host, long pid, String action, String lock,
        String holderHost, long holderPid, String holderClaim, String reason, String outcome, String message) {

    /**
     * Checks the mandatory fields.
     *
     * @throws NullPointerException if {@code time}, {@code user}, {@code host}, {@code action},
     *     {@code lock}, {@code outcome} or {@code message} is null
     */
    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }
}
