package io.github.lockwatch.inspector;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Measures how far this machine's clock is ahead of a directory's file server. Does file I/O (it
 * creates and removes a probe file): called on background threads only. The app uses the engine's
 * {@code Doctor.clockOffset}; view-model tests pass a fake.
 */
@FunctionalInterface
public interface ClockProbe {

    /**
     * @param directory a watched directory
     * @return this clock minus the server's; negative if behind
     * @throws IOException if it cannot be measured ({@link java.nio.file.AccessDeniedException} when
     *     the directory is read-only)
     */
    Duration offset(Path directory) throws IOException;
}
