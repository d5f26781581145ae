package io.github.lockwatch.cli;

import io.github.lockwatch.lock.HeldLock;
import java.io.IOException;

/**
 * Releases a held lock exactly once, from the command's own thread or from a shutdown hook (SIGTERM,
 * SIGINT), whichever comes first. The hook is removed again when the command ends normally, so that
 * in-process runs (tests) leave nothing behind.
 */
final class Release {

    private final HeldLock held;
    private final Runnable beforeRelease;
    private final Thread hook;
    private boolean released;

    /**
     * @param held the lock
     * @param beforeRelease run by the shutdown hook before releasing (stop a child process); may be null
     */
    Release(HeldLock held, Runnable beforeRelease) {
        this.held = held;
        this.beforeRelease = beforeRelease;
        this.hook = new Thread(this::onShutdown, "lockctl-release " + held.lockFile().getFileName());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onShutdown() {
        if (beforeRelease != null) {
            beforeRelease.run();
        }
        try {
            release();
        } catch (IOException e) {
            System.err.println("lockctl: could not release " + held.lockFile() + ": " + Errors.describe(e));
        }
    }

    /** Releases the lock if not yet released. */
    synchronized void release() throws IOException {
        if (released) {
            return;
        }
        released = true;
        held.close();
    }

    /** Releases the lock and removes the shutdown hook (unless the JVM is already shutting down). */
    void releaseAndForget() throws IOException {
        try {
            release();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or ran; it finds the lock released
            }
        }
    }
}
