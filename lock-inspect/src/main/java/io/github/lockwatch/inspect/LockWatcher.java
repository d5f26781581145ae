package io.github.lockwatch.inspect;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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
 * (NFS delivers no events for remote changes); events ask for a scan no sooner than 100 ms, and ten
 * times the last scan's duration, after the previous scan ended, so a directory full of busy locks is
 * not rescanned for every touch. A scan that has not finished within the
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

    private static final System.Logger LOG = System.getLogger(LockWatcher.class.getName());

    /** The least time between the end of a scan and a scan asked for by a file event. */
    static final Duration MIN_EVENT_RESCAN_GAP = Duration.ofMillis(100);

    /** An event-requested scan waits at least this many times the last scan's duration. */
    static final int EVENT_RESCAN_FACTOR = 10;

    /** Scans one directory; a seam so tests can make a directory hang. */
    interface DirectoryScanner {
        DirectoryScan scan(Path directory) throws IOException;

        /** A rescan, reading only what changed since {@code previous} (null: none); by default a full scan. */
        default DirectoryScan scan(Path directory, DirectoryScan previous) throws IOException {
            return scan(directory);
        }
    }

    /**
     * Registers a directory with the watch service; a seam so tests can make registration hang
     * ({@code inotify_add_watch} on a hung NFS directory blocks like any other syscall on it).
     */
    interface Registrar {
        WatchKey register(Path directory, WatchService service) throws IOException;
    }

    private static WatchKey registerForChanges(Path directory, WatchService service) throws IOException {
        return directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
    }

    private final LockScanner scanner;
    private final DirectoryScanner scanFunction;
    private final Registrar registrar;
    private final Duration pollInterval;
    private final Duration scanTimeout;
    private final ThreadFactory threadFactory;
    private final Executor events;
    private final ExecutorService ownEvents;
    private final boolean useWatchService;
    private final Map<Path, Dir> dirs = new ConcurrentHashMap<>();
    private final List<Consumer<LockEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService supervisor;
    private final WatchService watchService;
    private final Thread watchThread;
    private volatile boolean closed;

    private LockWatcher(Builder b) {
        this.scanner = b.scanner;
        this.scanFunction = b.scanFunction != null ? b.scanFunction : new DirectoryScanner() {
            @Override
            public DirectoryScan scan(Path directory) throws IOException {
                return scanner.scan(directory);
            }

            @Override
            public DirectoryScan scan(Path directory, DirectoryScan previous) throws IOException {
                return scanner.scan(directory, previous);
            }
        };
        this.registrar = b.registrar != null ? b.registrar : LockWatcher::registerForChanges;
        this.pollInterval = b.pollInterval;
        this.scanTimeout = b.scanTimeout;
        this.threadFactory = b.threadFactory != null ? b.threadFactory : r -> daemon(r, "lockwatch-scan");
        if (b.eventExecutor != null) {
            this.ownEvents = null;
            this.events = new SerialExecutor(b.eventExecutor);
        } else {
            this.ownEvents = Executors.newSingleThreadExecutor(r -> daemon(r, "lockwatch-events"));
            this.events = ownEvents;
        }
        this.useWatchService = b.useWatchService;
        this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lockwatch-supervisor"));
        long period = Math.max(50, Math.min(scanTimeout.toMillis() / 4, 1000));
        supervisor.scheduleWithFixedDelay(this::supervise, period, period, TimeUnit.MILLISECONDS);
        WatchService ws = null;
        if (useWatchService) {
            try {
                ws = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.log(System.Logger.Level.INFO, "no watch service, polling only: {0}", e.toString());
            }
        }
        this.watchService = ws;
        if (ws != null) {
            watchThread = daemon(this::pumpWatchEvents, "lockwatch-watch-service");
            watchThread.start();
        } else {
            watchThread = null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One watched directory: its own thread, its latest scan and status. */
    private final class Dir {
        final Path path;
        final Thread thread;
        final Object signal = new Object();
        volatile boolean wanted = true;
        volatile boolean requested;
        volatile WatchMode mode = WatchMode.POLLING_ONLY;
        volatile WatchKey key;
        volatile DirectoryScan latest;
        volatile Instant lastScan;
        volatile Duration lastTook;
        volatile String problem;
        volatile Instant busySince; // null when not in the filesystem
        volatile String busyWith; // what it is doing there, for the unreachable message

        Dir(Path path) {
            this.path = path;
            this.thread = threadFactory.newThread(this::run);
            this.thread.setName("lockwatch-scan " + path);
            this.thread.setDaemon(true);
        }

        void request() {
            synchronized (signal) {
                requested = true;
                signal.notifyAll();
            }
        }

        private void run() {
            while (wanted && !closed) {
                try {
                    registerIfNeeded();
                    scanOnce();
                } catch (RuntimeException e) {
                    // One bad scan must not end this directory's watch.
                    LOG.log(System.Logger.Level.WARNING, "scan of " + path + " failed", e);
                }
                synchronized (signal) {
                    long now = System.nanoTime();
                    long deadline = now + pollInterval.toNanos();
                    long earliest = now + restAfterScanNanos(lastTook);
                    while (wanted && !closed) {
                        long left = (requested ? earliest : deadline) - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        try {
                            TimeUnit.NANOSECONDS.timedWait(signal, left);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    requested = false;
                }
            }
        }

        /**
         * How long an event-requested scan waits after the previous one ended: at least
         * {@link #MIN_EVENT_RESCAN_GAP}, and {@value #EVENT_RESCAN_FACTOR} times the last scan's duration,
         * so that a directory whose files change all the time (live holders refreshing) keeps its scanning
         * to about a tenth of a core: a small directory still reacts within 100 ms, one of 10,000 locks
         * (a 70 ms scan) is rescanned about once a second, as polling would.
         */
        private static long restAfterScanNanos(Duration lastTook) {
            long scaled = lastTook == null ? 0 : lastTook.multipliedBy(EVENT_RESCAN_FACTOR).toNanos();
            return Math.max(MIN_EVENT_RESCAN_GAP.toNanos(), scaled);
        }

        /**
         * Registers this directory with the watch service, on this directory's thread (registration is a
         * syscall on the directory, and can hang like a scan). Retried before every scan until it works:
         * a directory that is missing at first gets events once it exists.
         */
        private void registerIfNeeded() {
            if (watchService == null || key != null) {
                return;
            }
            WatchKey k = null;
            busyWith = "registering for change events";
            busySince = scanner.clock().instant();
            try {
                k = registrar.register(path, watchService);
            } catch (IOException | RuntimeException e) {
                // POLLING_ONLY until a later attempt works; a missing directory is reported by the scan.
                LOG.log(System.Logger.Level.DEBUG, "no change events for {0}: {1}", path, e.toString());
            } finally {
                busySince = null;
            }
            if (k == null) {
                return;
            }
            if (!wanted || closed) {
                k.cancel();
                return;
            }
            key = k;
            mode = WatchMode.EVENTS_AND_POLLING;
        }

        /** The watch key stopped working (the directory was removed or unmounted): register again later. */
        void keyInvalid(WatchKey k) {
            if (key == k) {
                key = null;
                mode = WatchMode.POLLING_ONLY;
                request();
            }
        }

        private void scanOnce() {
            Instant start = scanner.clock().instant();
            busyWith = "the scan";
            busySince = start;
            DirectoryScan scan = null;
            String failure = null;
            try {
                scan = scanFunction.scan(path, latest);
                if (latest != null && !latest.locks().isEmpty() && scan.locks().isEmpty() && scan.problems().isEmpty()) {
                    // Every lock gone at once deserves a second look before it is announced: an NFS server
                    // can fail a listing when an entry vanishes mid-way (ganesha does), and readdir(3)
                    // takes that error for the end of the directory, so the listing comes back empty.
                    scan = scanFunction.scan(path);
                }
            } catch (IOException | RuntimeException e) {
                failure = describe(e);
            } finally {
                busySince = null;
            }
            if (!wanted || closed) {
                return;
            }
            Instant at = scanner.clock().instant();
            if (scan == null) {
                setProblem(failure, at);
                return;
            }
            DirectoryScan before = latest;
            latest = scan;
            lastScan = scan.scannedAt();
            lastTook = scan.took();
            String old;
            synchronized (this) {
                old = problem;
                problem = null;
            }
            if (old != null) {
                publish(new LockEvent(LockEvent.Kind.DIRECTORY_RECOVERED, path, null, null, null, at,
                        "scanned again after: " + old));
            }
            diff(path, before, scan, at).forEach(LockWatcher.this::publish);
        }

        void setProblem(String why, Instant at) {
            boolean fresh;
            synchronized (this) {
                fresh = problem == null;
                problem = why;
            }
            if (fresh) {
                publish(new LockEvent(LockEvent.Kind.DIRECTORY_UNREACHABLE, path, null, null, null, at, why));
            }
        }

        DirectoryStatus status() {
            return new DirectoryStatus(path, mode, lastScan, lastTook, Optional.ofNullable(problem));
        }
    }

    /** Marks directories whose registration or scan runs longer than the scan timeout as unreachable. */
    private void supervise() {
        Instant now = scanner.clock().instant();
        for (Dir d : dirs.values()) {
            Instant started = d.busySince;
            String what = d.busyWith;
            if (started != null && Duration.between(started, now).compareTo(scanTimeout) > 0) {
                d.setProblem(what + " has not finished after " + Durations.human(Duration.between(started, now))
                        + " (hung or unreachable filesystem?)", now);
            }
        }
    }

    /** One line for a failed scan: the file and what is wrong with it. */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            String what;
            if (e instanceof java.nio.file.NoSuchFileException) {
                what = "no such directory";
            } else if (e instanceof java.nio.file.AccessDeniedException) {
                what = "permission denied";
            } else if (e instanceof java.nio.file.NotDirectoryException) {
                what = "not a directory";
            } else {
                what = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
            }
            return f.getFile() + ": " + what;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private void pumpWatchEvents() {
        while (!closed) {
            WatchKey k;
            try {
                k = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            k.pollEvents();
            boolean valid = k.reset();
            for (Dir d : dirs.values()) {
                if (d.key == k) {
                    if (valid) {
                        d.request();
                    } else {
                        d.keyInvalid(k);
                    }
                }
            }
        }
    }

    private void publish(LockEvent event) {
        try {
            deliver(event);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The event executor was shut down (by close(), or by its owner): a scan finishing late must
            // not die of it.
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "lock event dropped: the event executor refused it", e);
            }
        }
    }

    private void deliver(LockEvent event) {
        events.execute(() -> {
            for (Consumer<LockEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a lock event listener failed", e);
                }
            }
        });
    }

    /** The events between two scans of one directory; see the class doc for the heuristics. */
    static List<LockEvent> diff(Path dir, DirectoryScan before, DirectoryScan after, Instant at) {
        List<LockEvent> out = new ArrayList<>();
        Map<Path, LockSnapshot> old = new HashMap<>();
        if (before != null) {
            before.locks().forEach(l -> old.put(l.path(), l));
        }
        for (LockSnapshot now : after.locks()) {
            LockSnapshot was = old.remove(now.path());
            if (was == null) {
                boolean acquired = before != null && now.claim().isPresent() && now.status() != LockStatus.CORRUPT;
                out.add(new LockEvent(acquired ? LockEvent.Kind.ACQUIRED : LockEvent.Kind.APPEARED, dir, now.path(),
                        null, now, at, (acquired ? "acquired: " : "found: ") + now.explanation()));
            } else if ((was.claim() != now.claim() && !Objects.equals(was.claimText(), now.claimText()))
                    || !Objects.equals(was.fileKey(), now.fileKey()) || !was.rawContent().equals(now.rawContent())) {
                if (was.status().breakableWithoutForce()) {
                    out.add(new LockEvent(LockEvent.Kind.BROKEN, dir, now.path(), was, now, at,
                            "broken (it was " + was.status().jsonName() + ") and taken again"));
                }
                out.add(new LockEvent(LockEvent.Kind.ACQUIRED, dir, now.path(), was, now, at,
                        "acquired: " + now.explanation()));
            } else if (!Objects.equals(was.mtime(), now.mtime())) {
                out.add(new LockEvent(LockEvent.Kind.REFRESHED, dir, now.path(), was, now, at,
                        "refreshed: expires " + now.expires()));
            } else if (was.status() != now.status()) {
                out.add(new LockEvent(LockEvent.Kind.STATE_CHANGED, dir, now.path(), was, now, at,
                        was.status().jsonName() + " -> " + now.status().jsonName() + ": " + now.explanation()));
            }
        }
        for (LockSnapshot gone : old.values()) {
            boolean broken = gone.status().breakableWithoutForce();
            out.add(new LockEvent(broken ? LockEvent.Kind.BROKEN : LockEvent.Kind.RELEASED, dir, gone.path(), gone,
                    null, at, (broken ? "gone while " + gone.status().jsonName() + ": presumably broken"
                            : "released by " + gone.holderDescription())));
        }
        return out;
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
     * Starts watching a directory (idempotent) and returns at once: the caller never waits for the
     * filesystem. Registering for change events and the first scan happen on the directory's own thread;
     * until registration has worked the directory's {@linkplain DirectoryStatus#mode() mode} is
     * {@link WatchMode#POLLING_ONLY}. A directory that is missing or unreachable is reported
     * ({@link LockEvent.Kind#DIRECTORY_UNREACHABLE}) and retried at every poll.
     *
     * @param directory the directory
     * @throws IllegalStateException if the watcher is closed
     */
    public void watch(Path directory) {
        if (closed) {
            throw new IllegalStateException("the watcher is closed");
        }
        Path dir = directory.toAbsolutePath().normalize();
        Dir[] created = new Dir[1];
        dirs.computeIfAbsent(dir, p -> created[0] = new Dir(p));
        if (created[0] != null) {
            created[0].thread.start();
        }
    }

    /**
     * Stops watching a directory (idempotent); its latest scan is forgotten.
     *
     * @param directory the directory
     */
    public void unwatch(Path directory) {
        Dir d = dirs.remove(directory.toAbsolutePath().normalize());
        if (d != null) {
            d.wanted = false;
            if (d.key != null) {
                d.key.cancel();
            }
            d.request();
        }
    }

    /**
     * Registers a listener for every future event of every watched directory.
     *
     * @param listener the listener, called on the event executor
     * @return the subscription; close it to unsubscribe
     */
    public Subscription subscribe(Consumer<LockEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * How each watched directory is doing.
     *
     * @return one status per watched directory, sorted by path
     */
    public List<DirectoryStatus> directories() {
        return dirs.values().stream().map(Dir::status)
                .sorted(java.util.Comparator.comparing(DirectoryStatus::directory)).toList();
    }

    /**
     * The latest completed scan of each watched directory (directories without one are absent).
     *
     * @return an immutable copy
     */
    public Map<Path, DirectoryScan> latest() {
        Map<Path, DirectoryScan> out = new HashMap<>();
        dirs.forEach((p, d) -> {
            DirectoryScan s = d.latest;
            if (s != null) {
                out.put(p, s);
            }
        });
        return Map.copyOf(out);
    }

    /** The poll interval this watcher was built with (default 1 s). */
    Duration pollInterval() {
        return pollInterval;
    }

    /** Asks every directory's thread to scan now instead of at the next poll; returns at once. */
    public void rescanNow() {
        dirs.values().forEach(Dir::request);
    }

    /** Stops all threads and the watch service; idempotent. Events already queued may still be delivered. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Path p : List.copyOf(dirs.keySet())) {
            unwatch(p);
        }
        supervisor.shutdownNow();
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (ownEvents != null) {
            ownEvents.shutdown();
        }
    }

    /** Options of a {@link LockWatcher}; validated once, in {@link #build()}. */
    public static final class Builder {
        private final LockScanner scanner;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration scanTimeout = Duration.ofSeconds(10);
        private ThreadFactory threadFactory;
        private Executor eventExecutor;
        private boolean useWatchService = true;
        private DirectoryScanner scanFunction;
        private Registrar registrar;

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

        /** Tests: scan with this instead of the scanner (e.g. one that hangs on one directory). */
        Builder scanFunction(DirectoryScanner scanFunction) {
            this.scanFunction = scanFunction;
            return this;
        }

        /** Tests: register for change events with this (e.g. one that hangs on one directory). */
        Builder registrar(Registrar registrar) {
            this.registrar = registrar;
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
