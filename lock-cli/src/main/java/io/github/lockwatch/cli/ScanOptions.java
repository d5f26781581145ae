package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.LockScanner;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How locks are found ({@code --glob}) and judged ({@code --expiring-window}). */
final class ScanOptions {

    @Mixin
    GlobOptions globOptions;

    @Option(names = "--expiring-window", paramLabel = "D", converter = DurationConverter.class,
            description = "Call a lock 'expiring' this long before its expiry (default: 5s).")
    Duration expiringWindow;

    LockScanner.Builder builder() {
        LockScanner.Builder b = globOptions.builder();
        if (expiringWindow != null) {
            b.expiringWindow(expiringWindow);
        }
        return b;
    }
}
