package io.github.lockwatch.inspect;

import java.util.Objects;

/**
 * What a {@link LockAdmin} action did. Every action says what it did: never a silent no-op.
 *
 * @param outcome the outcome
 * @param message one line for humans, naming the lock and the holder
 * @param seen the snapshot the action was asked to act on
 */
public record ActionResult(Outcome outcome, String message, LockSnapshot seen) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public ActionResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(seen, "seen");
    }

    /** How an action ended. */
    public enum Outcome {
        /** Done as asked. */
        DONE,
        /** Refused: the lock file's inode, content or mtime is no longer what the snapshot showed. */
        REFUSED_CHANGED,
        /** Refused: the snapshot's state may not be broken without force. */
        REFUSED_NOT_BREAKABLE,
        /** Refused: the lock file no longer exists. */
        REFUSED_GONE,
        /** An I/O error stopped the action; the message says how far it got. */
        FAILED;

        /**
         * The stable name used in JSON and audit records.
         *
         * @return the lower-case name with dashes, e.g. {@code refused-changed}
         */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
