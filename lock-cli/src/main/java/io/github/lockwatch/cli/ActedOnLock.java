package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.ActionResult;
import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The lock a compare-and-act command ({@code break}, {@code refresh}) acts on, and how it is judged. */
final class ActedOnLock {

    @Option(names = "--expect-claim", paramLabel = "CLAIM",
            description = "Act only if the lock still holds this claim (from ls, status or hold).")
    String expectClaim;

    @Mixin
    ScanOptions scanOptions;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock file.")
    Path lock;

    /** The scanner that judges the lock (and re-checks it when acting). */
    LockScanner scanner() {
        return scanOptions.builder().build();
    }

    /**
     * A fresh snapshot of the lock, refused if it no longer holds the expected claim. A refusal or failure
     * here (not held, not a lock, not the expected claim, the directory missing) is audited as the
     * attempted {@code action}, as the engine audits the ones it refuses itself.
     */
    LockSnapshot snapshot(LockScanner scanner, LockAdmin admin, String action, String reason) throws IOException {
        LockSnapshot seen = null;
        try {
            seen = Snapshots.fresh(scanner, lock);
            Snapshots.expectClaim(seen, expectClaim);
            return seen;
        } catch (CliException e) {
            ActionResult.Outcome outcome = e.exitCode() != ExitCodes.REFUSED ? ActionResult.Outcome.FAILED
                    : seen == null ? ActionResult.Outcome.REFUSED_GONE : ActionResult.Outcome.REFUSED_CHANGED;
            throw new CliException(e.exitCode(), admin.auditAttempt(action, lock, seen, reason, outcome, e.getMessage()));
        } catch (IOException | java.io.UncheckedIOException e) {
            String message = Errors.describe(Errors.unwrap(e));
            String audited = admin.auditAttempt(action, lock, null, reason, ActionResult.Outcome.FAILED, message);
            if (audited.equals(message)) {
                throw e;
            }
            throw CliException.failure(audited);
        }
    }
}
