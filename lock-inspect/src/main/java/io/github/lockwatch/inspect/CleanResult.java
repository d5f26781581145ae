package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LockAdmin#clean} did or (dry run) would do.
 *
 * @param directory the scanned directory
 * @param applied false for a dry run (nothing removed)
 * @param candidates the orphan claims considered
 * @param removed the claim files actually removed (empty for a dry run)
 * @param problems one line per orphan that was skipped (it changed since the scan, is no longer an
 *     orphan, or could not be removed)
 */
public record CleanResult(Path directory, boolean applied, List<OrphanClaim> candidates, List<Path> removed,
        List<String> problems) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a field is null
     */
    public CleanResult {
        Objects.requireNonNull(directory, "directory");
        candidates = List.copyOf(candidates);
        removed = List.copyOf(removed);
        problems = List.copyOf(problems);
    }
}
