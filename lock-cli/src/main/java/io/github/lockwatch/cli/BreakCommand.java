package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lockctl break --reason TEXT LOCK}. */
@Command(name = "break",
        header = "Break a lock, only if it is still the lock you looked at.",
        description = {
            "Break LOCK: remove the lock file and its holder's claim file, only if the lock file still has the inode, content and mtime of the snapshot read just before (or, with --expect-claim, the claim you looked at).",
            "%nWithout --force only breakable, holder-dead, corrupt and inconsistent locks are broken; a live holder may come back and find its lock stolen. Every attempt is appended to the audit log. Exit 0 broken, 3 refused (changed, not breakable, gone), 1 failed or not a lock (a directory, symlink, FIFO, or a file that is not a claim, has no claim files and matches no --glob: never touched).",
        })
final class BreakCommand extends LockCtlCommand {

    @Option(names = "--force", description = "Also break a lock whose holder may be alive (held, expiring, expired).")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why, for the audit log.")
    String reason;

    @Mixin
    AdminOptions admin;

    @Mixin
    ActedOnLock target;

    @Override
    int execute() throws Exception {
        if (reason.isBlank()) {
            throw usage("--reason must not be empty");
        }
        LockScanner scanner = target.scanner();
        LockAdmin lockAdmin = admin.admin(scanner);
        LockSnapshot seen = target.snapshot(scanner, lockAdmin, force ? "break-force" : "break", reason);
        return Outcomes.report(lockAdmin.breakLock(seen, force, reason), admin.json, name(), out(), err());
    }
}
