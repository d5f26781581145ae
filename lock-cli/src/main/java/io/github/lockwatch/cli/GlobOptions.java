package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.LockScanner;
import java.util.List;
import picocli.CommandLine.Option;

/** Which files are locks whatever their content: {@code --glob}. */
final class GlobOptions {

    @Option(names = "--glob", paramLabel = "GLOB", split = ",",
            description = "File names that are locks even with garbage content (default: *.lck,*.lock).")
    List<String> globs;

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
        return b;
    }
}
