package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of {@link Doctor#check(Path)} on a directory's filesystem.
 *
 * @param directory the checked directory
 * @param safe true if no check failed
 * @param verdict one line for humans: "safe" or "unsafe: " with the failed checks
 * @param checks every check, in the order run
 * @param clockOffset this machine's clock minus the file server's, if it could be measured (positive:
 *     we are ahead)
 */
public record DoctorReport(Path directory, boolean safe, String verdict, List<Check> checks,
        Optional<Duration> clockOffset) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException if a field is null
     */
    public DoctorReport {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(verdict, "verdict");
        checks = List.copyOf(checks);
        Objects.requireNonNull(clockOffset, "clockOffset");
    }
}
