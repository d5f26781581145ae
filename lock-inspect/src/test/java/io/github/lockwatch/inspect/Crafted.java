package io.github.lockwatch.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** Writes protocol files by hand, as a flufl holder would leave them. */
final class Crafted {
    private Crafted() {
    }

    static String claimText(Path lock, String host, long pid, String random) {
        return lock.toAbsolutePath() + "|" + host + "|" + pid + "|" + random;
    }

    /** A held lock: claim file written, hard-linked to the lock, mtime = expires. Returns the claim file. */
    static Path hold(Path lock, String host, long pid, String random, Instant expires) throws IOException {
        Path claim = waiter(lock, host, pid, random, expires);
        Files.createLink(lock, claim);
        return claim;
    }

    /** A claim file (a waiter's), mtime = expires. */
    static Path waiter(Path lock, String host, long pid, String random, Instant expires) throws IOException {
        String text = claimText(lock, host, pid, random);
        Path claim = lock.resolveSibling(lock.getFileName() + "|" + host + "|" + pid + "|" + random);
        Files.writeString(claim, text, StandardCharsets.UTF_8);
        setMtime(claim, expires);
        return claim;
    }

    static void setMtime(Path f, Instant t) throws IOException {
        Files.setLastModifiedTime(f, FileTime.from(t));
    }
}
