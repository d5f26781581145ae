package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspect.AuditRecord;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempts that lockctl refuses before the engine acts are audited too: every attempt is. */
class RefusalAuditTest {

    @TempDir
    Path dir;

    @TempDir
    Path home;

    private AuditRecord onlyRecord(Path audit) throws Exception {
        List<AuditRecord> records = AuditLog.read(audit);
        assertEquals(1, records.size(), records.toString());
        return records.get(0);
    }

    @Test
    void anExpectClaimMismatchIsAudited() throws Exception {
        Path lock = dir.resolve("db.lck");
        Path audit = home.resolve("a1.jsonl");
        try (HeldLock held = LockFile.of(lock).lock(Duration.ZERO)) {
            Cli.run("break", "--force", "--expect-claim", lock + "|elsewhere|1|2", "--reason", "stuck",
                    "--audit-log", audit.toString(), lock.toString()).expect(3).oneCleanErrorLine();
            AuditRecord r = onlyRecord(audit);
            assertEquals("break-force", r.action());
            assertEquals(lock.toString(), r.lock());
            assertEquals("stuck", r.reason());
            assertEquals("refused-changed", r.outcome());
            assertEquals(held.claim().text(), r.holderClaim());
            assertTrue(r.message().contains("changed since you looked"), r.message());
        }
    }

    @Test
    void aMissingLockFileIsAuditedAsGone() throws Exception {
        Path lock = dir.resolve("gone.lck");
        Path audit = home.resolve("a2.jsonl");
        Cli.run("refresh", "--reason", "long job", "--audit-log", audit.toString(), "--shared-audit",
                lock.toString()).expect(3).oneCleanErrorLine();
        AuditRecord r = onlyRecord(audit);
        assertEquals("refresh", r.action());
        assertEquals("refused-gone", r.outcome());
        assertEquals("long job", r.reason());
        assertTrue(r.message().contains("not held"), r.message());
        assertEquals(1, AuditLog.read(dir.resolve(AuditLog.SHARED_FILE_NAME)).size(), "--shared-audit too");
        assertTrue(!Files.exists(lock), "nothing created");
    }

    @Test
    void notALockIsAuditedAsFailed() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        Path audit = home.resolve("a3.jsonl");
        Cli.run("break", "--reason", "oops", "--audit-log", audit.toString(), notes.toString())
                .expect(1).oneCleanErrorLine();
        AuditRecord r = onlyRecord(audit);
        assertEquals("break", r.action());
        assertEquals("failed", r.outcome());
        assertTrue(r.message().startsWith("not a lock: " + notes), r.message());
        assertEquals("hello", Files.readString(notes));
    }

    @Test
    void aMissingDirectoryIsAuditedAndStillOneLine() throws Exception {
        Path audit = home.resolve("a4.jsonl");
        Cli.run("break", "--reason", "r", "--shared-audit", "--audit-log", audit.toString(),
                dir.resolve("nope/x.lck").toString()).expect(1).oneCleanErrorLine();
        assertEquals("failed", onlyRecord(audit).outcome());
    }
}
