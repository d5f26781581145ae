package io.github.lockwatch.cli;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.LockLostListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Option;

/** {@code --lifetime} and {@code --timeout}, shared by the commands that acquire a lock. */
final class LockOptions {

    @Option(names = "--lifetime", paramLabel = "D", defaultValue = "15s", converter = DurationConverter.class,
            description = "How long the lock lasts between refreshes; at least 1s (default: ${DEFAULT-VALUE}).")
    Duration lifetime;

    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "Give up (exit 75) after waiting this long; 0 = one attempt (default: wait forever).")
    Duration timeout;

    LockFile.Builder builder(LockCtlCommand command, Path lock) {
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw command.usage("--lifetime must be at least 1s (the protocol keeps whole seconds): "
                    + DurationConverter.format(lifetime));
        }
        checkDirectory(lock);
        return LockFile.builder(lock).lifetime(lifetime);
    }

    /**
     * Acquires the lock, waiting as the options say. SIGTERM or SIGINT during the wait interrupts it, so
     * that our claim file is removed before the JVM exits instead of staying behind as an orphan; a lock
     * acquired at that very instant is released by the same shutdown hook.
     */
    HeldLock acquire(LockFile lock) throws IOException, InterruptedException {
        Thread waiter = Thread.currentThread();
        AtomicReference<HeldLock> acquired = new AtomicReference<>();
        CountDownLatch waitOver = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            waiter.interrupt();
            try {
                waitOver.await(5, TimeUnit.SECONDS);
                HeldLock held = acquired.get();
                if (held != null) {
                    held.close();
                }
            } catch (InterruptedException | IOException e) {
                // exiting anyway; the claim or lock expires on its own
            }
        }, "lockctl-stop-waiting " + lock.path().getFileName());
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            acquired.set(timeout == null ? lock.lock() : lock.lock(timeout));
        } finally {
            waitOver.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                throw new InterruptedException("stopped by a signal while acquiring " + lock.path());
            }
        }
        return acquired.get();
    }

    /** A missing parent directory gets a clear message instead of a failed link(2). */
    static void checkDirectory(Path lock) {
        Path dir = lock.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.io.UncheckedIOException(new NotDirectoryException(dir.toString()));
            }
            throw new java.io.UncheckedIOException(new NoSuchFileException(dir.toString()));
        }
    }

    /** A listener that says loudly on stderr that the lock was lost. */
    static LockLostListener loud(String command, java.io.PrintWriter err, Runnable then) {
        return (held, reason) -> {
            err.println(command + ": LOCK LOST: " + held.lockFile() + ": " + reason
                    + "; whatever it protects may now be used by another process");
            err.flush();
            if (then != null) {
                then.run();
            }
        };
    }
}
