package io.github.lockwatch.lock;

import java.time.Duration;

/**
 * How a waiting lock object pauses between attempts. The default waits on the lock's directory for
 * a deletion event, so that a released lock is noticed at once; tests inject a sleeper that advances
 * a fake clock instead.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Pauses for at most {@code duration}. Returning early is allowed (the caller polls again).
     *
     * @param duration the longest pause, positive
     * @throws InterruptedException if the thread is interrupted while pausing
     */
    void sleep(Duration duration) throws InterruptedException;
}
