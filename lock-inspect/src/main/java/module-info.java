/**
 * The Lockwatch inspection engine: read-only discovery and classification of flufl.lock-protocol
 * locks, watching, compare-and-act administration with an audit trail, and a filesystem doctor.
 *
 * <p>Start with {@link io.github.lockwatch.inspect.LockScanner}.
 */
module io.github.lockwatch.inspect {
    requires transitive io.github.lockwatch.lock;

    exports io.github.lockwatch.inspect;
}
