package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.DirectoryStatus;
import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockWatcher;
import io.github.lockwatch.inspect.Subscription;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the app needs from {@link LockWatcher}, as an interface: the engine's watcher behind it
 * ({@link #of(LockWatcher)}) in the app, a hand-driven fake in view-model tests.
 */
public interface LockFeed extends AutoCloseable {

    void watch(Path directory);

    void unwatch(Path directory);

    Subscription subscribe(Consumer<LockEvent> listener);

    List<DirectoryStatus> directories();

    Map<Path, DirectoryScan> latest();

    void rescanNow();

    @Override
    void close();

    /** The engine's watcher as a feed. */
    static LockFeed of(LockWatcher w) {
        return new LockFeed() {
            @Override
            public void watch(Path directory) {
                w.watch(directory);
            }

            @Override
            public void unwatch(Path directory) {
                w.unwatch(directory);
            }

            @Override
            public Subscription subscribe(Consumer<LockEvent> listener) {
                return w.subscribe(listener);
            }

            @Override
            public List<DirectoryStatus> directories() {
                return w.directories();
            }

            @Override
            public Map<Path, DirectoryScan> latest() {
                return w.latest();
            }

            @Override
            public void rescanNow() {
                w.rescanNow();
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }
}
