package io.github.lockwatch.inspect;

/**
 * A registration of a listener with a {@link LockWatcher}; {@link #close()} removes it.
 */
public interface Subscription extends AutoCloseable {

    /** Stops delivery to the listener; idempotent. Events already being delivered may still arrive. */
    @Override
    void close();
}
