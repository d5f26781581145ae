/**
 * NFS-safe file locks that speak the flufl.lock on-disk protocol.
 *
 * <p>Start with {@link io.github.lockwatch.lock.LockFile}.
 */
module io.github.lockwatch.lock {
    exports io.github.lockwatch.lock;
}
