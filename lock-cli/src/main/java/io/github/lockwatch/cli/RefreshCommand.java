package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lockctl refresh LOCK}. */
@Command(name = "refresh",
        header = "Set a lock's expiry to now + LIFETIME, only if it is still the lock you looked at.",
        description = {
            "Set LOCK's expiry to now + LIFETIME (--lifetime) on behalf of its holder (a holder that stopped refreshing, a long job), only if the lock file still has the inode and content of the snapshot read just before (or, with --expect-claim, the claim you looked at).",
            "%nNever creates a lock; never opens a FIFO or follows a symlink. Only a regular file holding a parseable claim is refreshed. This can move the expiry earlier, and the output then says so. --json reports the lock as re-read after the refresh. Audited. Exit 0 refreshed, 3 refused (changed, gone), 1 failed or not a lock (a directory, symlink, FIFO, a corrupt lock, a file that is not a lock).",
        })
final class RefreshCommand extends LockCtlCommand {

    @Option(names = "--lifetime", paramLabel = "LIFETIME", defaultValue = "15s", converter = DurationConverter.class,
            description = "The new expiry is now + LIFETIME; at least 1s (default: ${DEFAULT-VALUE}).")
    Duration lifetime;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
    String reason;

    @Mixin
    AdminOptions admin;

    @Mixin
    ActedOnLock target;

    @Override
    int execute() throws Exception {
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw usage("--lifetime must be at least 1s: " + DurationConverter.format(lifetime));
        }
        LockScanner scanner = target.scanner();
        LockAdmin lockAdmin = admin.admin(scanner);
        LockSnapshot seen = target.snapshot(scanner, lockAdmin, "refresh", reason);
        ActionResult result = lockAdmin.refresh(seen, lifetime, reason);
        if (result.outcome() == ActionResult.Outcome.DONE) {
            // Report the lock as it is now (its new expiry), not the snapshot from before the refresh.
            try {
                result = new ActionResult(result.outcome(), result.message(), scanner.inspect(seen.path()));
            } catch (IOException | RuntimeException e) {
                result = new ActionResult(result.outcome(), result.message() + " (could not re-read the lock: "
                        + Errors.describe(e) + "; the lock shown is from before the refresh)", seen);
            }
        }
        return Outcomes.report(result, admin.json, name(), out(), err());
    }
}
