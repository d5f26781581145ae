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
 * @param action {@code refresh}, {@code break}, {@code break-force}, {@code clean} or
 *     {@code clean-include-unknown} (a clean that also removed stale claims of unknown liveness)
 * @param lock the lock file (or, for clean, the claim file) acted on, as text
 * @param holderHost the holder's host from the snapshot, or null
 * @param holderPid the holder's pid from the snapshot, or -1
 * @param holderClaim the holder's claim text from the snapshot, or null
 * @param reason the reason the admin gave, or null
 * @param outcome the {@linkplain ActionResult.Outcome#jsonName() outcome name}, e.g. {@code done}
 * @param message the action's one-line message
 * @param node the acting machine's kernel host name ({@code uname -n}), or null if unknown: {@code host} is
 *     the name written into claims, which is {@code localhost} on many machines and tells none apart
 */
public record AuditRecord(Instant time, String user, String host, long pid, String action, String lock,
        String holderHost, long holderPid, String holderClaim, String reason, String outcome, String message,
        String node) {

    /**
     * A record without the kernel host name (as written before it was recorded).
     *
     * @param time when
     * @param user the acting user
     * @param host the acting host
     * @param pid the acting process
     * @param action the action
     * @param lock the lock acted on
     * @param holderHost the holder's host, or null
     * @param holderPid the holder's pid, or -1
     * @param holderClaim the holder's claim, or null
     * @param reason the reason, or null
     * @param outcome the outcome name
     * @param message the message
     */
    public AuditRecord(Instant time, String user, String host, long pid, String action, String lock,
            String holderHost, long holderPid, String holderClaim, String reason, String outcome, String message) {
        this(time, user, host, pid, action, lock, holderHost, holderPid, holderClaim, reason, outcome, message, null);
    }

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
