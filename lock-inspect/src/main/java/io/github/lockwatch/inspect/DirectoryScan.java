package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link LockScanner#scan(Path)}: every lock found in a directory (and, if recursive,
 * below it), orphan claim files, and problems that concern the scan rather than a single lock.
 *
 * @param directory the scanned directory (absolute, normalized)
 * @param scannedAt the scanner's clock when the scan started
 * @param took how long the scan took
 * @param locks the locks found, sorted by path
 * @param orphans claim files left by dead processes or missed by breakers, sorted by path
 * @param problems per-entry problems that belong to no lock (an unreadable subdirectory, an entry that
 *     vanished mid-scan, a name that is not UTF-8), one line each
 */
public record DirectoryScan(Path directory, Instant scannedAt, Duration took, List<LockSnapshot> locks,
        List<OrphanClaim> orphans, List<String> problems) {

    /**
     * Copies the lists and checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public DirectoryScan {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(scannedAt, "scannedAt");
        Objects.requireNonNull(took, "took");
        locks = List.copyOf(locks);
        orphans = List.copyOf(orphans);
        problems = List.copyOf(problems);
    }

    /**
     * The snapshot of one lock file of this scan.
     *
     * @param lockFile the lock file; compared after {@code toAbsolutePath().normalize()}
     * @return its snapshot, or empty if this scan did not find it
     */
    public Optional<LockSnapshot> find(Path lockFile) {
        Path p = lockFile.toAbsolutePath().normalize();
        return locks.stream().filter(l -> l.path().equals(p)).findFirst();
    }
}
