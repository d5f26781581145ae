package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockSnapshot;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The fresh snapshot that break and refresh act on, and the {@code --expect-claim} check. */
final class Snapshots {

    private Snapshots() {
    }

    static LockSnapshot fresh(LockScanner scanner, Path lock) throws IOException {
        LockOptions.checkDirectory(lock);
        try {
            return scanner.inspect(lock);
        } catch (NoSuchFileException e) {
            throw CliException.refused(lock.toAbsolutePath().normalize() + ": not held (no lock file)");
        }
    }

    /** Refuses (exit 3) when the lock's current claim is not the one the admin looked at. */
    static void expectClaim(LockSnapshot seen, String expected) {
        if (expected == null) {
            return;
        }
        String actual = seen.claimText().orElse(null);
        if (!expected.strip().equals(actual)) {
            throw CliException.refused(seen.path() + ": the lock changed since you looked: it is now "
                    + (actual == null ? "without a parseable claim" : "held by " + seen.holderDescription()
                            + " (claim " + actual + ")")
                    + ", not by the expected claim " + expected.strip() + "; nothing was done");
        }
    }
}
