package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link LockWatcher} is doing with one directory.
 *
 * @param directory the watched directory
 * @param mode whether events supplement polling
 * @param lastScan when the last completed scan started, or null if none has completed yet
 * @param lastScanTook how long the last completed scan took, or null if none has completed yet
 * @param problem why the directory is unreachable (a failed scan, or a scan running longer than the
 *     watcher's scan timeout), or empty if the last scan succeeded
 */
public record DirectoryStatus(Path directory, WatchMode mode, Instant lastScan, Duration lastScanTook,
        Optional<String> problem) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if {@code directory}, {@code mode} or {@code problem} is null
     */
    public DirectoryStatus {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(problem, "problem");
    }
}
