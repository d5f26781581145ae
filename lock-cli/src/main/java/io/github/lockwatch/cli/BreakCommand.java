package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl break --reason TEXT LOCK}. */
@Command(name = "break",
        header = "Break a lock, only if it is still the lock you looked at.",
        description = {
            "Break LOCK: remove the lock file and its holder's claim file, only if the lock file still has the inode, content and mtime of the snapshot read just before (or, with --expect-claim, the claim you looked at).",
            "%nWithout --force only breakable, holder-dead, corrupt and inconsistent locks are broken; a live holder may come back and find its lock stolen. Every attempt is appended to the audit log. Exit 0 broken, 3 refused (changed, not breakable, gone), 1 failed.",
        })
final class BreakCommand extends LockCtlCommand {

    @Option(names = "--force", description = "Also break a lock whose holder may be alive (held, expiring, expired).")
    boolean force;

    @Option(names = "--expect-claim", paramLabel = "CLAIM",
            description = "Act only if the lock still holds this claim (from ls, status or hold).")
    String expectClaim;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the audit log.")
    String reason;

    @Mixin
    AdminOptions admin;

    @Mixin
    ScanOptions scanOptions;

    @Parameters(index = "0", paramLabel = "LOCK", description = "The lock file.")
    Path lock;

    @Override
    int execute() throws Exception {
        if (reason.isBlank()) {
            throw usage("--reason must not be empty");
        }
        LockScanner scanner = scanOptions.builder().build();
        LockSnapshot seen = Snapshots.fresh(scanner, lock);
        Snapshots.expectClaim(seen, expectClaim);
        return Outcomes.report(admin.admin(scanner).breakLock(seen, force, reason), admin.json, name(), out(), err());
    }
}
