package io.github.lockwatch.cli;

import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockScanner;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that change something: where the audit trail goes. */
final class AdminOptions {

    // Paths on lines of their own: picocli wraps at punctuation and would break them ("~/.", "local/…").
    @Option(names = "--audit-log", paramLabel = "FILE", description = {
        "Append the audit record to FILE (default:",
        "$XDG_DATA_HOME/lockwatch/audit.jsonl, else",
        "~/.local/share/lockwatch/audit.jsonl)."})
    Path auditLog;

    @Option(names = "--shared-audit", description = {
        "Also append the audit record to",
        AuditLog.SHARED_FILE_NAME + " in the lock's",
        "directory (clean: in DIR)."})
    boolean sharedAudit;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    LockAdmin admin(LockScanner scanner) {
        AuditLog.Builder audit = AuditLog.builder().sharedBesideLocks(sharedAudit);
        if (auditLog != null) {
            audit.file(auditLog);
        }
        return LockAdmin.builder().auditLog(audit.build()).scanner(scanner).build();
    }
}
