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
            for (String g : globs) {
                try {
                    java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + g);
                } catch (IllegalArgumentException e) {
                    String why = e instanceof java.util.regex.PatternSyntaxException p ? p.getDescription()
                            : e.getMessage();
                    throw new CliException(ExitCodes.USAGE, "--glob '" + g + "' is not a valid glob: "
                            + (why == null ? "syntax error" : why.replace("'", "").toLowerCase(java.util.Locale.ROOT))
                            + " (examples: *.lck, *.lock, db-*.lck)");
                }
            }
            b.globs(globs);
        }
        if (expiringWindow != null) {
            b.expiringWindow(expiringWindow);
        }
        return b;
    }
}
