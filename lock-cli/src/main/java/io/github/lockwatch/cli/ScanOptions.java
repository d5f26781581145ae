package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.LockScanner;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How locks are found and judged. */
final class ScanOptions {

    @Option(names = "--glob", paramLabel = "GLOB", split = ",",
            description = "File names that are locks even with garbage content (default: *.lck,*.lock).")
    List<String> globs;

    @Option(names = "--expiring-window", paramLabel = "D", converter = DurationConverter.class,
            description = "Call a lock 'expiring' this long before its expiry (default: 5s).")
    Duration expiringWindow;

    LockScanner.Builder builder() {
        LockScanner.Builder b = LockScanner.builder();
        if (globs != null) {
            b.globs(globs);
        }
        if (expiringWindow != null) {
            b.expiringWindow(expiringWindow);
        }
        return b;
    }
}
