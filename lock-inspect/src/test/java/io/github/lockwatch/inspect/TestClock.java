package io.github.lockwatch.inspect;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A settable clock for deterministic tests. */
final class TestClock implements InstantSource {
    private volatile Instant now;

    TestClock(Instant now) {
        this.now = now;
    }

    @Override
    public Instant instant() {
        return now;
    }

    void set(Instant i) {
        now = i;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
