package io.github.lockwatch.inspect;

import java.time.Instant;
import java.util.Optional;

/** The real process table: ProcessHandle, with /proc as a fallback for the start time. */
final class SystemProcessProbe implements ProcessProbe {

    static final SystemProcessProbe INSTANCE = new SystemProcessProbe();

    private SystemProcessProbe() {
    }

    @Override
    public boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
    }
}
