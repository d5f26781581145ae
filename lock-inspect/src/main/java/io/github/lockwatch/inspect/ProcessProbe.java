package io.github.lockwatch.inspect;

import java.time.Instant;
import java.util.Optional;

/**
 * How the scanner learns about local processes: whether a pid runs, and when it started. A seam so
 * tests can fake dead holders and pid reuse.
 *
 * <p>{@link #system()} uses {@link ProcessHandle}; on Linux the start time comes from
 * {@code /proc/<pid>/stat} field 22 plus the boot time where {@code ProcessHandle.Info} has none.
 */
public interface ProcessProbe {

    /**
     * Whether a process with this pid runs on this host.
     *
     * @param pid the process id
     * @return true if it runs (a zombie counts as not running where that can be told)
     */
    boolean isAlive(long pid);

    /**
     * When the process with this pid started.
     *
     * @param pid the process id
     * @return the start time, or empty if the process does not run or its start time is unknown
     */
    Optional<Instant> startTime(long pid);

    /**
     * The probe of the real process table of this host.
     *
     * @return the system probe
     */
    static ProcessProbe system() {
        return SystemProcessProbe.INSTANCE;
    }
}
