package io.github.lockwatch.lock;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Early wake-ups for waiters: one signal per lock directory, fired when the directory reports the
 * deletion of a lock file someone in this JVM waits for (through one shared {@link WatchService}) and
 * when a lock object of this JVM releases such a lock. Deletions of other files there (claim files,
 * which every release removes right after its lock file, and other locks) wake nobody. A signal only
 * shortens a pause; polling stays the authority, because NFS delivers no events for changes made by
 * other clients.
 */
final class DirectoryEvents {

    private static final System.Logger LOG = System.getLogger(DirectoryEvents.class.getName());
    static final DirectoryEvents INSTANCE = new DirectoryEvents();
    private static final long KEEP_IDLE_NANOS = 30_000_000_000L;

    private final Map<Path, Signal> signals = new HashMap<>();
    private WatchService watchService;
    private boolean watchUnavailable;

    private DirectoryEvents() {
    }

    /** A counter of relevant events in one directory that waiters can block on. */
    static final class Signal {
        private final Path directory;
        /** Guarded by the DirectoryEvents instance, like the fields below. */
        private final Map<String, Integer> waitedFor = new HashMap<>();
        private WatchKey key;
        private int users;
        private long idleSince;
        private long generation;

        private Signal(Path directory) {
            this.directory = directory;
        }

        synchronized long generation() {
            return generation;
        }

        synchronized void fire() {
            generation++;
            notifyAll();
        }

        /** Waits until an event newer than {@code seen} happened, or {@code max} elapsed. */
        synchronized void await(long seen, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            long left;
            while (generation == seen && (left = deadline - System.nanoTime()) > 0) {
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
    }

    /** One waiter's interest in one lock file; close it when done waiting. */
    static final class Subscription implements AutoCloseable {
        private final Signal signal;
        private final String fileName;

        private Subscription(Signal signal, String fileName) {
            this.signal = signal;
            this.fileName = fileName;
        }

        long generation() {
            return signal.generation();
        }

        void await(long seen, Duration max) throws InterruptedException {
            signal.await(seen, max);
        }

        Signal signal() {
            return signal;
        }

        @Override
        public void close() {
            INSTANCE.release(this);
        }
    }

    /** Subscribes to deletions of the lock file {@code fileName} in {@code directory}. */
    synchronized Subscription subscribe(Path directory, String fileName) {
        cancelIdle();
        Path dir = directory.toAbsolutePath().normalize();
        Signal signal = signals.computeIfAbsent(dir, Signal::new);
        signal.users++;
        signal.waitedFor.merge(fileName, 1, Integer::sum);
        if (signal.key == null && dir.getFileSystem() == FileSystems.getDefault()) {
            signal.key = register(dir);
        }
        return new Subscription(signal, fileName);
    }

    /** A lock object of this JVM released {@code fileName} in {@code directory} (normalized). */
    void fire(Path directory, String fileName) {
        Signal signal;
        synchronized (this) {
            signal = signals.get(directory);
            if (signal == null || !signal.waitedFor.containsKey(fileName)) {
                return;
            }
        }
        signal.fire();
    }

    /**
     * The last waiter leaving keeps the directory watched for a while: cancelling a watch key waits
     * for the watch service's thread, and a waiter that just won the lock should not pay for that
     * before returning it. Watches idle for {@link #KEEP_IDLE_NANOS} go at the next subscription.
     */
    private synchronized void release(Subscription s) {
        Signal signal = s.signal;
        signal.waitedFor.computeIfPresent(s.fileName, (name, n) -> n == 1 ? null : n - 1);
        if (--signal.users == 0) {
            signal.idleSince = System.nanoTime();
        }
    }

    private void cancelIdle() {
        long now = System.nanoTime();
        signals.values().removeIf(s -> {
            boolean stale = s.users == 0 && now - s.idleSince > KEEP_IDLE_NANOS;
            if (stale && s.key != null) {
                s.key.cancel();
            }
            return stale;
        });
    }

    private WatchKey register(Path dir) {
        if (watchUnavailable) {
            return null;
        }
        try {
            if (watchService == null) {
                FileSystem fs = FileSystems.getDefault();
                watchService = fs.newWatchService();
                Thread t = new Thread(this::dispatch, "lockwatch-directory-events");
                t.setDaemon(true);
                t.start();
            }
            return dir.register(watchService, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            // inotify limits reached, or a filesystem that cannot be watched: polling still works.
            LOG.log(System.Logger.Level.DEBUG, "no directory events for {0}: {1}", dir, e.toString());
            if (watchService == null) {
                watchUnavailable = true;
            }
            return null;
        }
    }

    private void dispatch() {
        while (true) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            var events = key.pollEvents();
            Signal target = null;
            synchronized (this) {
                for (Signal s : signals.values()) {
                    if (s.key == key) {
                        target = s;
                        break;
                    }
                }
                if (target != null && !concernsWaiters(target, events)) {
                    target = null;
                }
            }
            key.reset();
            if (target != null) {
                target.fire();
            }
        }
    }

    /** Whether a waiter's lock file is among the deleted names (or events were lost: wake everyone). */
    static boolean concernsWaiters(Signal signal, Iterable<? extends WatchEvent<?>> events) {
        for (WatchEvent<?> e : events) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW
                    || (e.context() instanceof Path name && signal.waitedFor.containsKey(name.toString()))) {
                return true;
            }
        }
        return false;
    }
}
