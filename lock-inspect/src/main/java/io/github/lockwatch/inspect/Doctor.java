package io.github.lockwatch.inspect;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Qualifies a directory's filesystem for the flufl.lock protocol by trying it: hard links and a visible
 * link count of 2, a future mtime set and read back exactly, timestamp granularity, {@code |} allowed
 * in names, the filesystem type and mount options (from {@code /proc/mounts}), and this machine's clock
 * offset from the file server (a freshly written probe file's server-set mtime against our clock).
 *
 * <p>The probes are files named {@code .lockwatch-doctor-<random>…} in the directory; all of them are
 * removed before {@link #check(Path)} returns, also when a check fails.
 */
public final class Doctor {

    private final InstantSource clock;

    private Doctor(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * A doctor using the system clock.
     *
     * @return the doctor
     */
    public static Doctor create() {
        return new Doctor(InstantSource.system());
    }

    /**
     * A doctor judging the clock offset by {@code clock}.
     *
     * @param clock the clock
     * @return the doctor
     */
    public static Doctor withClock(InstantSource clock) {
        return new Doctor(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Runs every check in {@code directory}.
     *
     * @param directory a directory where locks would live; must be writable
     * @return the report (a failing check is a FAIL in it, not an exception)
     * @throws IOException only if the directory does not exist or is not a directory
     */
    public DoctorReport check(Path directory) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
