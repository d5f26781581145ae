package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.Json;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl status LOCK}. */
@Command(name = "status",
        header = "Show one lock: state, holder, expiry, waiters, findings.",
        description = {
            "Show one lock: state and why, holder and its liveness, claim, expiry, link count, waiters, findings.",
            "%nReads only. Exits 0 when a lock file exists (whatever its state), 3 when there is none (not held; JSON: {\"path\": ..., \"state\": \"unlocked\"}), 1 when it cannot be examined (permission denied) or is not a lock (a directory, symlink, FIFO, or a file that is not a claim, has no claim files and matches no --glob).",
        })
final class StatusCommand extends LockCtlCommand {

    @Option(names = "--json", description = "Print the lock as one JSON object (the fields of ls --json).")
    boolean json;

    @Mixin
    ScanOptions scanOptions;

    @Mixin
    ColorOption color;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock file.")
    Path lock;

    @Override
    int execute() throws Exception {
        LockOptions.checkDirectory(lock);
        LockScanner scanner = scanOptions.builder().build();
        LockSnapshot snapshot;
        try {
            snapshot = scanner.inspect(lock);
        } catch (NoSuchFileException e) {
            Path p = lock.toAbsolutePath().normalize();
            if (json) {
                out().println("{\"path\":" + Json.quote(p.toString()) + ",\"state\":\"unlocked\"}");
            } else {
                out().println(Text.visible(p + ": unlocked (no lock file)"));
            }
            out().flush();
            return ExitCodes.REFUSED;
        }
        if (json) {
            out().println(Json.toJson(snapshot));
        } else {
            LockTable.renderOne(snapshot, scanner.clock().instant(), color.ansi(), out());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
