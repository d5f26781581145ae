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
            "Remove orphan claim files in DIR: claims whose owner is proven dead (a local process that no longer runs, or whose pid was reused).",
            "%nStale claims whose owner's liveness is unknown (another host, or a host name such as localhost on a shared filesystem) with no lock file, past their expiry, are listed but kept: a waiting flufl process never re-touches its claim, and one whose claim is deleted retries forever. --include-unknown removes them too.",
            "%nA dry run unless --apply: it lists what it would remove. Each file is re-checked before removal against a fresh scan (still an orphan, still a lone regular file, its content still the claim its name spells). Removals are audited. Exit 0 when done (or nothing to do), 1 when an orphan could not be removed.",
        })
final class CleanCommand extends LockCtlCommand {

    @Option(names = "--apply", description = "Really remove the orphans (default: dry run).")
    boolean apply;

    @Option(names = "--include-unknown",
            description = "Also remove stale claims whose owner's liveness is unknown (other hosts): only if you know those processes are gone.")
    boolean includeUnknown;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
    String reason;

    @Mixin
    AdminOptions admin;

    @Mixin
    GlobOptions globOptions; // no --expiring-window: clean judges orphan claims, not expiring locks

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory.")
    Path directory;

    @Override
    int execute() throws Exception {
        LockScanner scanner = globOptions.builder().build();
        DirectoryScan scan = scanner.scan(directory);
        CleanResult result = admin.admin(scanner).clean(scan, apply, includeUnknown, reason);
        if (admin.json) {
            out().println(Json.toJson(result));
        } else {
            if (result.candidates().isEmpty()) {
                out().println(Text.visible(scan.directory() + ": no orphan claim files"
                        + (result.skipped().isEmpty() ? "" : " whose owner is proven dead")));
            }
            for (OrphanClaim orphan : result.candidates()) {
                String verb = !apply ? "would remove" : result.removed().contains(orphan.claimFile()) ? "removed" : "kept";
                out().println(Text.visible(verb + " " + orphan.claimFile() + " (" + orphan.reason() + ")"));
            }
            for (OrphanClaim orphan : result.skipped()) {
                out().println(Text.visible("kept " + orphan.claimFile() + " (" + orphan.reason()
                        + "; --include-unknown removes it)"));
            }
            if (!apply && !result.candidates().isEmpty()) {
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
