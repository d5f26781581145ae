package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.Claim;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Finds and classifies flufl.lock-protocol locks, strictly read-only.
 *
 * <h2>What a scan does and never does</h2>
 * A scan never creates, writes, touches, renames, locks or deletes anything. It never follows symbolic
 * links; it checks every entry's type without following links before opening it and never opens a
 * FIFO, socket or device (opening a FIFO blocks forever); it reads at most a few KiB of any file. Every
 * per-file problem (permission denied, a file that vanished mid-scan, ESTALE on NFS, a name that is not
 * UTF-8 or contains a newline) becomes a finding on that entry or a problem of the scan: one bad file
 * never aborts a scan.
 *
 * <h2>Discovery</h2>
 * An entry is a lock file if its content parses as a claim, or it has claim-file siblings
 * {@code <name>|host|pid|random}, or its name matches one of the globs (default {@code *.lck} and
 * {@code *.lock}) whatever its content. Claim files that are not the current holder's are
 * {@linkplain Waiter waiters} (process alive, or on another host) or {@linkplain OrphanClaim orphans}
 * (local process dead, or the lock file is gone and the claim's expiry is past plus the slop).
 *
 * <h2>States</h2>
 * See {@link LockStatus} for the states and their priorities. The clock slop is
 * {@link LockFile#CLOCK_SLOP}: a lock is breakable when {@code now > expiry + slop}, as flufl decides.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder()}.
 */
public final class LockScanner {

    private final InstantSource clock;
    private final Duration expiringWindow;
    private final List<String> globs;
    private final boolean recursive;
    private final int maxDepth;
    private final char separator;
    private final String localHost;
    private final ProcessProbe probe;

    private LockScanner(Builder b) {
        this.clock = b.clock;
        this.expiringWindow = b.expiringWindow;
        this.globs = List.copyOf(b.globs);
        this.recursive = b.recursive;
        this.maxDepth = b.maxDepth;
        this.separator = b.separator;
        this.localHost = b.localHost != null ? b.localHost : ProcessIdentity.current().host();
        this.probe = b.probe;
    }

    /**
     * A builder with the defaults: system clock, 5 s expiring window, globs {@code *.lck} and
     * {@code *.lock}, not recursive, the platform separator, this host's name and the system process probe.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A scanner with all defaults.
     *
     * @return a new scanner
     */
    public static LockScanner create() {
        return builder().build();
    }

    /**
     * Scans one directory (and, if recursive, its subdirectories up to the depth limit).
     *
     * @param directory the directory to scan
     * @return what was found; per-file problems are findings or problems inside it
     * @throws IOException only if the directory itself does not exist, is not a directory or cannot be
     *     listed; the message is one clear line naming it
     */
    public DirectoryScan scan(Path directory) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Looks at one lock file (and its claim-file siblings for waiters).
     *
     * <p>An entry that is not a regular file (a symlink, a FIFO, a directory) yields a
     * {@link LockStatus#CORRUPT} snapshot with a finding; it is never opened or followed.
     *
     * @param lockFile the lock file
     * @return its snapshot
     * @throws java.nio.file.NoSuchFileException if no file exists at that path (not locked)
     * @throws IOException if the lock's directory cannot be read at all
     */
    public LockSnapshot inspect(Path lockFile) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The clock this scanner judges expiry by.
     *
     * @return the clock
     */
    public InstantSource clock() {
        return clock;
    }

    /**
     * The window before expiry in which a lock is {@link LockStatus#EXPIRING}.
     *
     * @return the window
     */
    public Duration expiringWindow() {
        return expiringWindow;
    }

    /**
     * The claim separator this scanner parses with.
     *
     * @return the separator
     */
    public char separator() {
        return separator;
    }

    /**
     * The host name this scanner considers local (claims with another host are never called dead).
     *
     * @return the local host name
     */
    public String localHost() {
        return localHost;
    }

    /**
     * The process probe used for liveness checks.
     *
     * @return the probe
     */
    public ProcessProbe processProbe() {
        return probe;
    }

    /**
     * The globs that mark lock files regardless of content.
     *
     * @return the globs
     */
    public List<String> globs() {
        return globs;
    }

    /**
     * Whether scans descend into subdirectories.
     *
     * @return true if recursive
     */
    public boolean recursive() {
        return recursive;
    }

    /**
     * The depth limit of recursive scans (1 = the directory itself only).
     *
     * @return the maximum depth
     */
    public int maxDepth() {
        return maxDepth;
    }

    /** Options of a {@link LockScanner}; validated once, in {@link #build()}. */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private Duration expiringWindow = Duration.ofSeconds(5);
        private List<String> globs = List.of("*.lck", "*.lock");
        private boolean recursive;
        private int maxDepth = 8;
        private char separator = Claim.PLATFORM_SEPARATOR;
        private String localHost;
        private ProcessProbe probe = ProcessProbe.system();

        private Builder() {
        }

        /**
         * The clock that expiry is judged by.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long before expiry a lock counts as {@link LockStatus#EXPIRING}; default 5 s.
         *
         * @param window a non-negative duration
         * @return this builder
         */
        public Builder expiringWindow(Duration window) {
            this.expiringWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Globs (as {@link java.nio.file.FileSystem#getPathMatcher} {@code glob:} patterns on the base
         * name) whose matches are lock files even with garbage content; default {@code *.lck}, {@code *.lock}.
         *
         * @param globs the globs; may be empty
         * @return this builder
         */
        public Builder globs(List<String> globs) {
            this.globs = List.copyOf(globs);
            return this;
        }

        /**
         * Whether to descend into subdirectories (never through symbolic links); default false.
         *
         * @param recursive true to descend
         * @return this builder
         */
        public Builder recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        /**
         * The depth limit of recursive scans: 1 is the directory itself; default 8.
         *
         * @param maxDepth at least 1
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * The claim separator; default {@link Claim#PLATFORM_SEPARATOR}.
         *
         * @param separator the separator
         * @return this builder
         */
        public Builder separator(char separator) {
            this.separator = separator;
            return this;
        }

        /**
         * The host name to consider local; default {@link ProcessIdentity#current()}'s host (which may
         * take a while to resolve the first time).
         *
         * @param localHost the host name as claims spell it
         * @return this builder
         */
        public Builder localHost(String localHost) {
            this.localHost = Objects.requireNonNull(localHost, "localHost");
            return this;
        }

        /**
         * How local process liveness and start times are read; default {@link ProcessProbe#system()}.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder processProbe(ProcessProbe probe) {
            this.probe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /**
         * Validates the options and builds the scanner.
         *
         * @return the scanner
         * @throws IllegalArgumentException if the window is negative, the depth below 1, a glob invalid,
         *     the separator a slash or NUL, or the local host blank
         */
        public LockScanner build() {
            if (expiringWindow.isNegative()) {
                throw new IllegalArgumentException("expiring window must not be negative: " + expiringWindow);
            }
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
            }
            if (separator == '/' || separator == '\0') {
                throw new IllegalArgumentException("invalid separator");
            }
            if (localHost != null && localHost.isBlank()) {
                throw new IllegalArgumentException("local host must not be blank");
            }
            for (String g : globs) {
                java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + g);
            }
            return new LockScanner(this);
        }
    }
}
