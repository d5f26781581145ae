package io.github.lockwatch.lock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told; its sleeper advances it instead of waiting. */
final class FakeClock implements InstantSource {

    private Instant now;

    FakeClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    Sleeper sleeper() {
        return this::advance;
    }
}
