package io.github.lockwatch.cli;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl hold LOCK}. */
@Command(name = "hold",
        header = "Acquire a lock, print its claim, hold it until stdin ends or --for.",
        description = {
            "Acquire LOCK, print its claim (<lockfile>|<host>|<pid>|<random>) on one line of stdout, and hold it until --for has passed or, without --for, until stdin ends (Ctrl-D, or the writing end of a pipe closes); SIGTERM and SIGINT release it too.",
            "%nThe lock is refreshed every third of its lifetime unless --no-refresh, which lets it expire (for demonstrations). A lost lock is reported on stderr and ends the command with status 1.",
        })
final class HoldCommand extends LockCtlCommand {

    @Mixin
    LockOptions options;

    @Option(names = "--for", paramLabel = "D", converter = DurationConverter.class,
            description = "Hold this long, then release (stdin is not read).")
    Duration holdFor;

    @Option(names = "--no-refresh", description = "Do not refresh: the lock expires after --lifetime.")
    boolean noRefresh;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock file.")
    Path lock;

    @Override
    int execute() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean lost = new AtomicBoolean();
        LockFile lockFile = options.builder(this, lock)
                .keepAlive(!noRefresh)
                .onLockLost(LockOptions.loud(name(), err(), () -> {
                    lost.set(true);
                    done.countDown();
                }))
                .build();
        HeldLock held = options.acquire(lockFile);
        Release release = new Release(held, null);
        try {
            out().println(held.claim().text());
            out().flush();
            if (holdFor != null) {
                done.await(holdFor.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                Thread reader = new Thread(() -> drain(root().stdin(), done), "lockctl-hold-stdin");
                reader.setDaemon(true);
                reader.start();
                done.await();
            }
            if (!lost.get()) {
                held.verify();
            }
            return lost.get() ? ExitCodes.FAILURE : ExitCodes.OK;
        } finally {
            release.releaseAndForget();
        }
    }

    private static void drain(InputStream in, CountDownLatch eof) {
        byte[] buffer = new byte[512];
        try {
            while (in.read(buffer) >= 0) {
                // discard; only the end matters
            }
        } catch (IOException e) {
            // a broken stdin counts as its end
        } finally {
            eof.countDown();
        }
    }
}
