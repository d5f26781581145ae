package io.github.lockwatch.inspect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Watches a set of directories: keeps the latest {@link DirectoryScan} of each and tells subscribers
 * what changed as {@link LockEvent}s.
 *
 * <h2>How</h2>
 * Every watched directory has its own scanning thread (from the builder's thread factory), so a hung
 * or unreachable directory (a dead NFS server) never stalls the others. Polling every
 * {@linkplain Builder#pollInterval poll interval} (default 1 s) is the authority; a
 * {@link java.nio.file.WatchService} is registered where possible for quick reaction to local changes
 * (NFS delivers no events for remote changes). A scan that has not finished within the
 * {@linkplain Builder#scanTimeout scan timeout} marks the directory unreachable
 * ({@link LockEvent.Kind#DIRECTORY_UNREACHABLE}); its thread stays blocked in the filesystem, no new scan
 * of that directory is started meanwhile, and the other directories carry on.
 *
 * <h2>Released or broken?</h2>
 * The disk keeps no record of who removed a lock file. A lock that disappears (or whose claim is
 * replaced) while its last snapshot was {@code breakable}, {@code holder-dead}, {@code corrupt} or
 * {@code inconsistent} is reported {@link LockEvent.Kind#BROKEN}; otherwise
 * {@link LockEvent.Kind#RELEASED}. A lock released and re-acquired between two scans shows up as
 * {@link LockEvent.Kind#ACQUIRED}.
 *
 * <h2>Delivery</h2>
 * Events are delivered on the builder's event executor (default: one daemon thread), in order per
 * directory; a listener that throws is logged and kept. Scanning never happens on the event executor,
 * so a UI may pass its own thread's executor.
 */
public final class LockWatcher implements AutoCloseable {

    private LockWatcher(Builder b) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A builder for a watcher using {@code scanner}.
     *
     * @param scanner the scanner to scan with (its clock stamps the events)
     * @return a new builder
     */
    public static Builder builder(LockScanner scanner) {
        return new Builder(scanner);
    }

    /**
     * Starts watching a directory (idempotent). The first scan runs at once, on the directory's own thread.
     *
     * @param directory the directory
     * @throws IllegalStateException if the watcher is closed
     */
    public void watch(Path directory) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Stops watching a directory (idempotent); its latest scan is forgotten.
     *
     * @param directory the directory
     */
    public void unwatch(Path directory) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Registers a listener for every future event of every watched directory.
     *
     * @param listener the listener, called on the event executor
     * @return the subscription; close it to unsubscribe
     */
    public Subscription subscribe(Consumer<LockEvent> listener) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * How each watched directory is doing.
     *
     * @return one status per watched directory, sorted by path
     */
    public List<DirectoryStatus> directories() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The latest completed scan of each watched directory (directories without one are absent).
     *
     * @return an immutable copy
     */
    public Map<Path, DirectoryScan> latest() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Asks every directory's thread to scan now instead of at the next poll; returns at once. */
    public void rescanNow() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Stops all threads and the watch service; idempotent. Events already queued may still be delivered. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Options of a {@link LockWatcher}; validated once, in {@link #build()}. */
    public static final class Builder {
        private final LockScanner scanner;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration scanTimeout = Duration.ofSeconds(10);
        private ThreadFactory threadFactory;
        private Executor eventExecutor;
        private boolean useWatchService = true;

        private Builder(LockScanner scanner) {
            this.scanner = Objects.requireNonNull(scanner, "scanner");
        }

        /**
         * How often every directory is rescanned; default 1 s.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * How long a scan may run before its directory is reported unreachable; default 10 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder scanTimeout(Duration timeout) {
            this.scanTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Where the per-directory scanning threads come from; default named daemon threads
         * {@code lockwatch-scan-<dir>}.
         *
         * @param factory the thread factory
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Where listeners are called; default one daemon thread {@code lockwatch-events}.
         *
         * @param executor the executor (e.g. a UI dispatcher)
         * @return this builder
         */
        public Builder eventExecutor(Executor executor) {
            this.eventExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Whether to use a {@link java.nio.file.WatchService} besides polling; default true.
         *
         * @param use false for polling only
         * @return this builder
         */
        public Builder useWatchService(boolean use) {
            this.useWatchService = use;
            return this;
        }

        /**
         * Validates the options and starts the watcher (no directories yet).
         *
         * @return the watcher
         * @throws IllegalArgumentException if a duration is not positive
         */
        public LockWatcher build() {
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
            }
            if (scanTimeout.isNegative() || scanTimeout.isZero()) {
                throw new IllegalArgumentException("scan timeout must be positive: " + scanTimeout);
            }
            return new LockWatcher(this);
        }
    }
}
