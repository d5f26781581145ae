package io.github.lockwatch.cli;

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

    /** A fresh snapshot of the lock, refused if it no longer holds the expected claim. */
    LockSnapshot snapshot(LockScanner scanner) throws IOException {
        LockSnapshot seen = Snapshots.fresh(scanner, lock);
        Snapshots.expectClaim(seen, expectClaim);
        return seen;
    }
}
