package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.Check;
import io.github.lockwatch.inspect.Doctor;
import io.github.lockwatch.inspect.DoctorReport;
import io.github.lockwatch.inspect.Json;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl doctor DIR}. */
@Command(name = "doctor",
        header = "Check whether a directory's filesystem is safe for these locks.",
        description = {
            "Check whether DIR's filesystem can carry the protocol: hard links with a visible link count of 2, a future mtime set and read back exactly, timestamp granularity, '|' in names, filesystem type and mount options, and this machine's clock offset from the file server.",
            "%nProbe files are removed again. Exit 0 when safe, 1 when not (the verdict says why).",
        })
final class DoctorCommand extends LockCtlCommand {

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Mixin
    ColorOption color;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory that will hold the locks.")
    Path directory;

    @Override
    int execute() throws Exception {
        // One plain line for a wrong DIR ("DIR: no such file or directory" / "DIR: not a directory").
        Path dir = directory.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? new java.nio.file.NotDirectoryException(dir.toString())
                    : new java.nio.file.NoSuchFileException(dir.toString());
        }
        DoctorReport report = Doctor.create().check(directory);
        if (json) {
            out().println(Json.toJson(report));
        } else {
            out().println(report.directory());
            int width = report.checks().stream().mapToInt(c -> c.name().length()).max().orElse(0);
            for (Check c : report.checks()) {
                String result = c.result().name().toLowerCase(Locale.ROOT);
                String style = switch (c.result()) {
                    case PASS -> "fg(green)";
                    case WARN -> "fg(yellow)";
                    case FAIL -> "bold,fg(red)";
                };
                String label = color.ansi().enabled() ? color.ansi().string("@|" + style + " " + result + "|@") : result;
                out().println("  " + label + " ".repeat(5 - result.length()) + c.name()
                        + " ".repeat(width - c.name().length() + 2) + c.detail());
            }
            report.clockOffset().ifPresent(o -> out().println("clock offset from the file server: "
                    + (o.isNegative() ? "-" : "+") + DurationConverter.format(o)));
            out().println(report.verdict());
        }
        out().flush();
        return report.safe() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
