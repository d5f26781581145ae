package io.github.lockwatch.lock;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Pauses between acquire attempts: starts near 1 ms and doubles up to a cap, each pause jittered
 * to between half and all of its nominal length, so waiters do not move in lock-step.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(1);
    static final Duration CAP = Duration.ofMillis(100);

    private final RandomGenerator random;
    private long nominalNanos = FIRST.toNanos();

    Backoff(RandomGenerator random) {
        this.random = random;
    }

    Duration next() {
        long n = nominalNanos;
        nominalNanos = Math.min(CAP.toNanos(), nominalNanos * 2);
        return Duration.ofNanos(n / 2 + random.nextLong(n / 2 + 1));
    }
}
