package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.DirectoryStatus;
import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.Subscription;
import io.github.lockwatch.inspect.WatchMode;
import java.nio.file.Path;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * STOP-GAP adapter, used only while {@code LockWatcher} in lock-inspect has no body: polls each
 * directory with the engine's {@link LockScanner} (all classification stays in the engine) on its own
 * thread and turns consecutive scans into {@link LockEvent}s with the rules documented on
 * {@code LockWatcher}. Polling only; a scan that outlasts the timeout marks the directory unreachable.
 */
final class PollingFeed implements LockFeed {

    private static final System.Logger LOG = System.getLogger(PollingFeed.class.getName());

    private final LockScanner scanner;
    private final Duration poll;
    private final Duration scanTimeout;
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("lockwatch-poll"));
    private final ExecutorService scans = Executors.newCachedThreadPool(BackgroundThreads.named("lockwatch-scan"));
    private final ExecutorService events = Executors.newSingleThreadExecutor(BackgroundThreads.named("lockwatch-events"));
    private final Map<Path, Dir> dirs = new ConcurrentHashMap<>();
    private final List<Consumer<LockEvent>> listeners = new CopyOnWriteArrayList<>();

    private final class Dir {
        final Path path;
        volatile DirectoryScan last;
        volatile Instant lastScan;
        volatile Duration took;
        volatile String problem;
        volatile Future<?> running;
        volatile Instant runningSince;

        Dir(Path path) {
            this.path = path;
        }
    }

    PollingFeed(LockScanner scanner, Duration poll, Duration scanTimeout) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.poll = poll;
        this.scanTimeout = scanTimeout;
        ticker.scheduleWithFixedDelay(this::tick, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void watch(Path directory) {
        Path p = directory.toAbsolutePath().normalize();
        dirs.computeIfAbsent(p, Dir::new);
        ticker.execute(this::tick);
    }

    @Override
    public void unwatch(Path directory) {
        dirs.remove(directory.toAbsolutePath().normalize());
    }

    @Override
    public Subscription subscribe(Consumer<LockEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<DirectoryStatus> directories() {
        List<DirectoryStatus> out = new ArrayList<>();
        for (Dir d : dirs.values()) {
            out.add(new DirectoryStatus(d.path, WatchMode.POLLING_ONLY, d.lastScan, d.took, Optional.ofNullable(d.problem)));
        }
        out.sort((a, b) -> a.directory().compareTo(b.directory()));
        return out;
    }

    @Override
    public Map<Path, DirectoryScan> latest() {
        Map<Path, DirectoryScan> out = new HashMap<>();
        for (Dir d : dirs.values()) {
            if (d.last != null) {
                out.put(d.path, d.last);
            }
        }
        return Map.copyOf(out);
    }

    @Override
    public void rescanNow() {
        ticker.execute(this::tick);
    }

    private void tick() {
        for (Dir d : dirs.values()) {
            Future<?> f = d.running;
            if (f != null && !f.isDone()) {
                if (d.problem == null && Duration.between(d.runningSince, Instant.now()).compareTo(scanTimeout) > 0) {
                    d.problem = "no answer for " + scanTimeout.toSeconds() + " s (hung mount?)";
                    emit(new LockEvent(LockEvent.Kind.DIRECTORY_UNREACHABLE, d.path, null, null, null, Instant.now(), d.problem));
                }
                continue; // never a second scan of a hung directory
            }
            d.runningSince = Instant.now();
            d.running = scans.submit(() -> scan(d));
        }
    }

    private void scan(Dir d) {
        try {
            DirectoryScan scan = scanner.scan(d.path);
            if (!dirs.containsKey(d.path)) {
                return;
            }
            DirectoryScan before = d.last;
            d.last = scan;
            d.lastScan = scan.scannedAt();
            d.took = scan.took();
            if (d.problem != null) {
                d.problem = null;
                emit(new LockEvent(LockEvent.Kind.DIRECTORY_RECOVERED, d.path, null, null, null, scan.scannedAt(), ""));
            }
            diff(d.path, before, scan);
        } catch (Exception e) {
            String why = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!why.equals(d.problem)) {
                d.problem = why;
                emit(new LockEvent(LockEvent.Kind.DIRECTORY_UNREACHABLE, d.path, null, null, null, Instant.now(), why));
            }
        }
    }

    private void diff(Path dir, DirectoryScan before, DirectoryScan after) {
        Map<Path, LockSnapshot> old = new HashMap<>();
        if (before != null) {
            for (LockSnapshot s : before.locks()) {
                old.put(s.path(), s);
            }
        }
        Instant at = after.scannedAt();
        for (LockSnapshot s : after.locks()) {
            LockSnapshot o = old.remove(s.path());
            if (o == null) {
                emit(new LockEvent(LockEvent.Kind.APPEARED, dir, s.path(), null, s, at, ""));
            } else if (!Objects.equals(o.rawContent(), s.rawContent()) || o.inode() != s.inode()) {
                emit(new LockEvent(LockEvent.Kind.ACQUIRED, dir, s.path(), o, s, at, ""));
            } else if (o.status() != s.status()) {
                emit(new LockEvent(LockEvent.Kind.STATE_CHANGED, dir, s.path(), o, s, at, ""));
            } else if (!Objects.equals(o.expires(), s.expires())) {
                emit(new LockEvent(LockEvent.Kind.REFRESHED, dir, s.path(), o, s, at, ""));
            }
        }
        for (LockSnapshot o : old.values()) {
            boolean broken = o.status().breakableWithoutForce();
            emit(new LockEvent(broken ? LockEvent.Kind.BROKEN : LockEvent.Kind.RELEASED, dir, o.path(), o, null, at, ""));
        }
    }

    private void emit(LockEvent e) {
        events.execute(() -> {
            for (Consumer<LockEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "listener failed", ex);
                }
            }
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        scans.shutdownNow();
        events.shutdown();
        dirs.clear();
    }
}
