package io.github.lockwatch.cli;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lockctl run LOCK -- CMD [ARG...]}. */
@Command(name = "run",
        header = "Run a command while holding a lock (kept alive), then release it.",
        description = {
            "Acquire LOCK, run CMD with this terminal's stdin/stdout/stderr while refreshing the lock every third of its lifetime, then release it.",
            "%nExits with CMD's status; 75 if the lock was not acquired within --timeout. If the lock is lost while CMD runs (broken by someone, or this process was paused past its lifetime) that is reported at once on stderr; CMD is left running, and when it then exits 0 lockctl exits 1 instead. SIGTERM/SIGINT stop CMD and release the lock (or, while still waiting, remove our claim file).",
        })
final class RunCommand extends LockCtlCommand {

    @Mixin
    LockOptions options;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock file.")
    Path lock;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD",
            description = "The command and its arguments; put them after -- if they start with '-'.")
    List<String> command;

    @Override
    int execute() throws Exception {
        AtomicBoolean lost = new AtomicBoolean();
        LockFile lockFile = options.builder(this, lock)
                .keepAlive(true)
                .onLockLost(LockOptions.loud(name(), err(), () -> lost.set(true)))
                .build();
        HeldLock held = options.acquire(lockFile);
        AtomicReference<Process> child = new AtomicReference<>();
        Release release = new Release(held, () -> stop(child.get()));
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            try {
                child.set(pb.start());
            } catch (IOException e) {
                String why = e.getMessage() == null ? "" : e.getMessage();
                boolean notFound = why.contains("error=2,") || why.contains("No such file");
                String cannot = notFound ? "command not found"
                        : why.contains("error=13,") ? (java.nio.file.Files.isDirectory(java.nio.file.Path.of(command.get(0)))
                                ? "it is a directory, not a program" : "permission denied (not executable)")
                        : why.replaceFirst("^Cannot run program \"[^\"]*\": ", "").replaceFirst("^error=\\d+, ", "");
                throw new CliException(notFound ? ExitCodes.NOT_FOUND : ExitCodes.CANNOT_EXECUTE,
                        "cannot run " + command.get(0) + ": " + cannot);
            }
            int status = child.get().waitFor();
            if (!lost.get()) {
                held.verify(); // a loss the keep-alive has not noticed yet is reported now
            }
            if (lost.get()) {
                err().println(name() + ": " + String.join(" ", command) + " exited with status " + status
                        + " but did not hold " + lock + " to the end"
                        + (status == 0 ? "; exiting 1" : ""));
                err().flush();
                return status == 0 ? ExitCodes.FAILURE : status;
            }
            return status;
        } finally {
            release.releaseAndForget();
        }
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
