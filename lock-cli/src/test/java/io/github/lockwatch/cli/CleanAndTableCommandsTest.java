package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspect.AuditRecord;
import io.github.lockwatch.lock.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clean's handling of claims whose owner may be alive elsewhere, and what the table shows of hostile names. */
class CleanAndTableCommandsTest {

    @TempDir
    Path dir;

    @TempDir
    Path home;

    private Path claim(String lock, String host, long pid, String random, Instant mtime) throws Exception {
        Path l = dir.resolve(lock);
        Path c = dir.resolve(lock + "|" + host + "|" + pid + "|" + random);
        Files.writeString(c, l + "|" + host + "|" + pid + "|" + random);
        Files.setLastModifiedTime(c, FileTime.from(mtime));
        return c;
    }

    @Test
    void cleanKeepsARemoteStaleClaimUnlessIncludeUnknownAndAuditsTheReason() throws Exception {
        Path audit = home.resolve("audit.jsonl");
        Path remote = claim("gone.lck", "there.example", 7, "1", Instant.now().minusSeconds(60));
        Path dead = claim("gone.lck", ProcessIdentity.current().host(), 3999999, "2", Instant.now().minusSeconds(60));

        var dry = Cli.run("clean", dir.toString()).expect(0);
        assertTrue(dry.out().contains("would remove " + dead), dry.out());
        assertTrue(dry.out().contains("kept " + remote) && dry.out().contains("--include-unknown"), dry.out());
        assertTrue(dry.out().contains("owner's liveness unknown"), dry.out());

        Cli.run("clean", "--apply", "--reason", "cleanup after reboot", "--audit-log", audit.toString(), dir.toString())
                .expect(0);
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(remote), "a remote flufl waiter's claim is not removed by default");
        List<AuditRecord> records = AuditLog.read(audit);
        assertEquals(1, records.size());
        assertEquals("cleanup after reboot", records.get(0).reason());

        var ls = Cli.run("ls", dir.toString()).expect(0);
        assertTrue(ls.out().contains("stale claim") && ls.out().contains("--include-unknown"), ls.out());

        Cli.run("clean", "--apply", "--include-unknown", "--reason", "host there is gone", "--audit-log",
                audit.toString(), dir.toString()).expect(0);
        assertFalse(Files.exists(remote));
        assertEquals("clean-include-unknown", AuditLog.read(audit).get(1).action());
    }

    @Test
    void theTableShowsControlCharactersInNamesVisibly() throws Exception {
        Files.writeString(dir.resolve("esc\u001b[31mred.lck"), "junk");
        Files.writeString(dir.resolve("new\nline.lck"), "junk");
        var r = Cli.run("ls", "--color", "never", dir.toString()).expect(0);
        assertFalse(r.out().contains("\u001b"), "no raw escape character: " + r.out());
        assertTrue(r.out().contains("esc\\x1b[31mred.lck"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("corrupt") && l.endsWith("new\\nline.lck")), r.out());
        assertFalse(r.out().lines().anyMatch(l -> l.strip().equals("line.lck")), "no row split: " + r.out());

        var s = Cli.run("status", dir.resolve("esc\u001b[31mred.lck").toString()).expect(0);
        assertFalse(s.out().contains("\u001b"), s.out());
        assertTrue(s.out().contains("\\x1b[31mred.lck"), s.out());

        var j = Cli.run("ls", "--json", dir.toString()).expect(0);
        assertTrue(j.out().contains("\\u001b[31mred.lck") || j.out().contains("\\u001B[31mred.lck"), j.out());
    }

    @Test
    void visibleEscapesControlAndFormatCharactersOnly() {
        assertEquals("a\\nb\\rc\\td\\x1be\\x7ff\\u202eg", Text.visible("a\nb\rc\td\u001be\u007ff\u202eg"));
        assertEquals("plain ÄÖü 日本 | ok", Text.visible("plain ÄÖü 日本 | ok"));
    }
}
