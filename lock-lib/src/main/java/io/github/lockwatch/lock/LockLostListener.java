package io.github.lockwatch.lock;

/**
 * Told when a lock that was being kept alive turned out not to be ours any more: it was broken by a
 * waiter (after it expired, for example because this process was paused longer than its lifetime),
 * removed by hand, or could not be refreshed in time.
 *
 * <p>Called once per lost lock, on the keep-alive thread; keep it short and do not block. After the
 * call, {@link HeldLock#isValid()} returns {@code false}. Whatever the critical section protects may
 * already be in use by another process: stop writing to it.
 */
@FunctionalInterface
public interface LockLostListener {

    /**
     * The lock was lost.
     *
     * @param lock the handle of the lost lock
     * @param reason what was found, in one human-readable sentence
     */
    void lockLost(HeldLock lock, String reason);
}
