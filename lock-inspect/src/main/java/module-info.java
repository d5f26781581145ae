/**
 * Read-only inspection and safe administration of flufl.lock-protocol locks.
 */
module io.github.lockwatch.inspect {
    requires transitive io.github.lockwatch.lock;
    exports io.github.lockwatch.inspect;
}
