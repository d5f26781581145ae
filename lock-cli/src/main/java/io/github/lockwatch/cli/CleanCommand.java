package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.CleanResult;
import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.Json;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.OrphanClaim;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockctl clean [--apply] DIR}. */
@Command(name = "clean",
        header = "Remove orphan claim files (dry run unless --apply).",
        description = {
            "Remove orphan claim files in DIR: claims left by dead local processes, or by flufl breakers that missed them.",
            "%nA dry run unless --apply: it lists what it would remove. Each file is re-checked before removal (still a regular file, same content, still an orphan). Removals are audited. Exit 0 when done (or nothing to do), 1 when an orphan could not be removed.",
        })
final class CleanCommand extends LockCtlCommand {

    @Option(names = "--apply", description = "Really remove the orphans (default: dry run).")
    boolean apply;

    @Mixin
    AdminOptions admin;

    @Mixin
    ScanOptions scanOptions;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory.")
    Path directory;

    @Override
    int execute() throws Exception {
        LockScanner scanner = scanOptions.builder().build();
        DirectoryScan scan = scanner.scan(directory);
        CleanResult result = admin.admin(scanner).clean(scan, apply);
        if (admin.json) {
            out().println(Json.toJson(result));
        } else if (result.candidates().isEmpty()) {
            out().println(scan.directory() + ": no orphan claim files");
        } else {
            for (OrphanClaim orphan : result.candidates()) {
                String verb = !apply ? "would remove" : result.removed().contains(orphan.claimFile()) ? "removed" : "kept";
                out().println(verb + " " + orphan.claimFile() + " (" + orphan.reason() + ")");
            }
            if (!apply) {
                out().println("dry run: nothing removed; run again with --apply to remove "
                        + result.candidates().size() + " file" + (result.candidates().size() == 1 ? "" : "s"));
            }
        }
        out().flush();
        for (String problem : result.problems()) {
            err().println(name() + ": " + problem);
        }
        err().flush();
        return apply && !result.problems().isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
