package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LockAdmin#clean} did or (dry run) would do.
 *
 * @param directory the scanned directory
 * @param applied false for a dry run (nothing removed)
 * @param candidates the orphan claims to be removed: those whose owner is proven dead, and, only when
 *     asked for, the stale claims whose owner's liveness is unknown
 * @param removed the claim files actually removed (empty for a dry run)
 * @param problems one line per orphan that was skipped (it changed since the scan, is no longer an
 *     orphan, or could not be removed)
 * @param skipped stale claims whose owner's liveness is unknown (another host, or a host name that is not
 *     unique on a shared filesystem), left alone because they were not asked for: a flufl waiter never
 *     re-touches its claim, and one whose claim is deleted retries forever
 */
public record CleanResult(Path directory, boolean applied, List<OrphanClaim> candidates, List<Path> removed,
        List<String> problems, List<OrphanClaim> skipped) {

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
        skipped = List.copyOf(skipped);
    }

    /**
     * A result with nothing skipped.
     *
     * @param directory the scanned directory
     * @param applied false for a dry run
     * @param candidates the orphan claims to be removed
     * @param removed the claim files removed
     * @param problems the problems
     */
    public CleanResult(Path directory, boolean applied, List<OrphanClaim> candidates, List<Path> removed,
            List<String> problems) {
        this(directory, applied, candidates, removed, problems, List.of());
    }
}
