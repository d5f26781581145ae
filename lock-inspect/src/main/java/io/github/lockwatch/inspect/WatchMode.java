package io.github.lockwatch.inspect;

/** How a {@link LockWatcher} follows one directory. */
public enum WatchMode {
    /**
     * A {@link java.nio.file.WatchService} triggers quick rescans of local changes, and polling remains
     * the authority (remote changes on NFS deliver no events).
     */
    EVENTS_AND_POLLING,
    /** Only periodic polling (no watch service for this filesystem, or registering failed). */
    POLLING_ONLY
}
