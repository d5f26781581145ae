package io.github.lockwatch.inspect;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A process table the test decides: pids are alive with a start time, or absent (dead). */
final class FakeProbe implements ProcessProbe {
    final Map<Long, Instant> running = new ConcurrentHashMap<>();

    FakeProbe alive(long pid, Instant started) {
        running.put(pid, started);
        return this;
    }

    @Override
    public boolean isAlive(long pid) {
        return running.containsKey(pid);
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return Optional.ofNullable(running.get(pid));
    }
}
