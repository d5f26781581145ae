package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.ProcessIdentity;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Compare-and-act administration: refresh or break a lock only if it is still the lock the admin looked
 * at, and remove orphan claims. Every action appends an {@link AuditRecord} to the {@link AuditLog} and
 * returns an {@link ActionResult} that says what it did.
 *
 * <h2>Safety rules</h2>
 * <ul>
 *   <li>Refresh acts only if the lock file has the snapshot's inode and content; it sets mtime and atime
 *       to {@code floor(now + lifetime)} in whole seconds, as flufl does; it never creates a file.
 *   <li>Break acts only if the lock file still has the snapshot's inode, content <em>and</em> mtime (a
 *       holder that refreshed or re-acquired since is left alone: "the lock changed since you looked").
 *       Without force only {@link LockStatus#breakableWithoutForce() breakable states} are broken.
 *   <li>Break removes the holder's claim file by its base name in the lock's own directory only, never
 *       by the path written in the content (another host's view of the share), only if it is a regular
 *       file (never following a symlink) with the holder's claim as content.
 *   <li>Nothing outside the lock's directory is touched.
 * </ul>
 * A tiny window remains between the last check and the unlink (POSIX has no compare-and-unlink); the
 * break re-checks immediately before unlinking, as flufl's own breakers do, and a holder that
 * re-acquires in that window gets a new inode that the check of the next admin catches.
 */
public final class LockAdmin {

    private final InstantSource clock;
    private final ProcessIdentity actor;
    private final AuditLog audit;
    private final LockScanner scanner;

    private LockAdmin(Builder b) {
        this.clock = b.clock;
        this.actor = b.actor != null ? b.actor : ProcessIdentity.current();
        this.audit = b.audit != null ? b.audit : AuditLog.defaultLog();
        this.scanner = b.scanner != null ? b.scanner
                : LockScanner.builder().clock(clock).localHost(actor.host()).build();
    }

    /**
     * A builder: system clock, {@link ProcessIdentity#current()}, the default audit log.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Moves the lock's expiry to {@code floor(now + lifetime)} if it is still the lock of {@code seen}.
     *
     * @param seen the snapshot the admin looked at
     * @param lifetime the new lifetime from now; positive
     * @param reason why (for the audit log), may be null
     * @return DONE, REFUSED_CHANGED, REFUSED_GONE or FAILED
     */
    public ActionResult refresh(LockSnapshot seen, Duration lifetime, String reason) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Breaks the lock of {@code seen}: removes the lock file and the holder's claim file, if the lock
     * file still has the snapshot's inode, content and mtime.
     *
     * @param seen the snapshot the admin looked at
     * @param force true to break a lock whose state is not {@link LockStatus#breakableWithoutForce()}
     * @param reason why (for the audit log), may be null
     * @return DONE, REFUSED_CHANGED, REFUSED_NOT_BREAKABLE, REFUSED_GONE or FAILED
     */
    public ActionResult breakLock(LockSnapshot seen, boolean force, String reason) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Removes the orphan claims of a scan (or, dry run, lists them). Each is re-checked first: it must
     * still be a regular file in the scanned directory with the same content and still be an orphan.
     *
     * @param scan the scan the admin looked at
     * @param apply false for a dry run (the default in lockctl): nothing is removed or audited
     * @return what was (or would be) removed
     */
    public CleanResult clean(DirectoryScan scan, boolean apply) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The audit log this admin writes to.
     *
     * @return the log
     */
    public AuditLog auditLog() {
        return audit;
    }

    /**
     * The scanner used to re-check locks before acting.
     *
     * @return the scanner
     */
    public LockScanner scanner() {
        return scanner;
    }

    /** Options of a {@link LockAdmin}; validated once, in {@link #build()}. */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private ProcessIdentity actor;
        private AuditLog audit;
        private LockScanner scanner;

        private Builder() {
        }

        /**
         * The clock for new expiries and audit times; default the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Who acts (host and pid in audit records); default {@link ProcessIdentity#current()}.
         *
         * @param actor the identity
         * @return this builder
         */
        public Builder actor(ProcessIdentity actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /**
         * Where audit records go; default {@link AuditLog#defaultLog()}.
         *
         * @param audit the log
         * @return this builder
         */
        public Builder auditLog(AuditLog audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        /**
         * The scanner that re-checks orphans before clean; default one with this builder's clock and
         * the actor's host.
         *
         * @param scanner the scanner
         * @return this builder
         */
        public Builder scanner(LockScanner scanner) {
            this.scanner = Objects.requireNonNull(scanner, "scanner");
            return this;
        }

        /**
         * Builds the admin.
         *
         * @return the admin
         */
        public LockAdmin build() {
            return new LockAdmin(this);
        }
    }
}
