package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** status, break and refresh of things that are not locks: one line, exit 1, nothing touched. */
class NotALockCommandsTest {

    @TempDir
    Path dir;

    @TempDir
    Path home;

    private String[] admin(String... args) {
        String[] out = new String[args.length + 2];
        out[0] = args[0];
        out[1] = "--audit-log";
        out[2] = home.resolve("audit.jsonl").toString();
        System.arraycopy(args, 1, out, 3, args.length - 1);
        return out;
    }

    @Test
    void breakOfAPlainFileIsRefusedAndTheFileKept() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        var r = Cli.run(admin("break", "--reason", "r", notes.toString())).expect(1).oneCleanErrorLine();
        assertTrue(r.err().startsWith("lockctl break: not a lock: " + notes + " ("), r.err());
        assertEquals("hello\n", Files.readString(notes));
        Cli.run(admin("refresh", notes.toString())).expect(1).oneCleanErrorLine();
        var s = Cli.run("status", notes.toString()).expect(1).oneCleanErrorLine();
        assertTrue(s.err().contains("not a lock: " + notes), s.err());
        Cli.run("status", "--json", notes.toString()).expect(1).oneCleanErrorLine();
        assertEquals("hello\n", Files.readString(notes));
    }

    @Test
    void statusOfADirectoryIsOneLine() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        var r = Cli.run("status", sub.toString()).expect(1).oneCleanErrorLine();
        assertTrue(r.err().contains("not a lock") && r.err().contains("directory"), r.err());
        assertEquals("", r.out());
        Path lck = Files.createDirectory(dir.resolve("x.lck"));
        Cli.run("status", lck.toString()).expect(1).oneCleanErrorLine();
    }

    @Test
    void refreshOfADirectoryLeavesItsMtime() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(sub, FileTime.from(old));
        Cli.run(admin("refresh", sub.toString())).expect(1).oneCleanErrorLine();
        Cli.run(admin("break", "--force", "--reason", "r", sub.toString())).expect(1).oneCleanErrorLine();
        assertEquals(old, Files.getLastModifiedTime(sub).toInstant());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refreshOfAFifoReturnsAtOnce() throws Exception {
        Path fifo = dir.resolve("fifo.lck");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
        var r = Cli.run(admin("refresh", fifo.toString())).expect(1).oneCleanErrorLine();
        assertTrue(r.err().contains("FIFO"), r.err());
        Cli.run(admin("break", "--force", "--reason", "r", fifo.toString())).expect(1).oneCleanErrorLine();
        Cli.run("status", fifo.toString()).expect(1).oneCleanErrorLine();
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refreshOfASymlinkTouchesNeitherLinkNorTarget() throws Exception {
        Path target = Files.writeString(home.resolve("target.lck"), "junk");
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(target, FileTime.from(old));
        Path link = Files.createSymbolicLink(dir.resolve("link.lck"), target);
        Instant linkTime = Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toInstant();
        Cli.run(admin("refresh", link.toString())).expect(1).oneCleanErrorLine();
        assertEquals(linkTime, Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS).toInstant());
        assertEquals(old, Files.getLastModifiedTime(target).toInstant());
    }

    @Test
    void refreshOfACorruptLockIsRefused() throws Exception {
        Path lock = Files.writeString(dir.resolve("garbage.lck"), "junk");
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(lock, FileTime.from(old));
        var r = Cli.run(admin("refresh", lock.toString())).expect(1).oneCleanErrorLine();
        assertTrue(r.err().contains("no parseable claim"), r.err());
        assertEquals(old, Files.getLastModifiedTime(lock).toInstant());
    }

    /** x.lck held by this process, as {@code lockctl hold} leaves it; returns its claim text. */
    private String holdByHand(Path lock) throws Exception {
        String claim = lock + "|localhost|" + ProcessHandle.current().pid() + "|12345";
        Path claimFile = lock.resolveSibling(lock.getFileName() + claim.substring(lock.toString().length()));
        Files.writeString(claimFile, claim);
        Files.setLastModifiedTime(claimFile, FileTime.from(Instant.now().plusSeconds(3600)));
        Files.createLink(lock, claimFile);
        return claim;
    }

    @Test
    void aSavedHoldOutputIsNotALockAndBreakKeepsIt() throws Exception {
        Path lock = dir.resolve("x.lck");
        String claim = holdByHand(lock);
        Path out = Files.writeString(dir.resolve("hold.out"), claim + "\n"); // lockctl hold x.lck > hold.out
        var ls = Cli.run("ls", "--json", dir.toString()).expect(0);
        assertTrue(ls.out().contains("x.lck") && !ls.out().contains("hold.out"), ls.out());
        var r = Cli.run(admin("break", "--reason", "r", out.toString())).expect(1).oneCleanErrorLine();
        assertTrue(r.err().startsWith("lockctl break: not a lock: " + out), r.err());
        Cli.run(admin("break", "--force", "--reason", "r", out.toString())).expect(1).oneCleanErrorLine();
        Cli.run(admin("refresh", out.toString())).expect(1).oneCleanErrorLine();
        Cli.run("status", out.toString()).expect(1).oneCleanErrorLine();
        assertEquals(claim + "\n", Files.readString(out));
        assertEquals(claim, Files.readString(lock));
    }

    @Test
    void theSharedAuditLogIsNotALockAndBreakKeepsIt() throws Exception {
        Path lock = dir.resolve("x.lck");
        String claim = holdByHand(lock);
        Path shared = dir.resolve(".lockwatch-audit.jsonl");
        String record = "{\"action\":\"break\",\"lock\":\"" + lock + "\",\"holder_claim\":\"" + claim + "\"}\n";
        Files.writeString(shared, record);
        var ls = Cli.run("ls", "--json", dir.toString()).expect(0);
        assertTrue(!ls.out().contains(".lockwatch-audit"), ls.out());
        var r = Cli.run(admin("break", "--reason", "cleanup", shared.toString())).expect(1).oneCleanErrorLine();
        assertTrue(r.err().contains("not a lock") && r.err().contains("Lockwatch's own"), r.err());
        Cli.run(admin("break", "--force", "--reason", "cleanup", shared.toString())).expect(1);
        assertEquals(record, Files.readString(shared));
    }
}
