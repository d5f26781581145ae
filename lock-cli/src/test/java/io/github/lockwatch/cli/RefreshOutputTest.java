package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.testing.MiniJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** refresh reports the expiry it set, and says when that is earlier than before. */
class RefreshOutputTest {

    @TempDir
    Path dir;

    @TempDir
    Path home;

    @Test
    @SuppressWarnings("unchecked")
    void jsonShowsTheNewExpiry() throws Exception {
        Path lock = dir.resolve("db.lck");
        try (HeldLock held = LockFile.builder(lock).lifetime(Duration.ofSeconds(30)).build().lock(Duration.ZERO)) {
            Instant before = held.expiration().orElseThrow();
            var r = Cli.run("refresh", "--lifetime", "1h", "--audit-log", home.resolve("a.jsonl").toString(),
                    "--json", lock.toString()).expect(0);
            Map<String, Object> l = (Map<String, Object>) MiniJson.parseObject(r.out()).get("lock");
            Instant reported = Instant.parse((String) l.get("expires"));
            assertEquals(held.expiration().orElseThrow(), reported, "the expiry after the refresh");
            assertTrue(reported.isAfter(before.plusSeconds(3000)), reported + " vs " + before);
            assertTrue(((Number) l.get("remaining_ms")).longValue() > 3_000_000L, l.toString());
        }
    }

    @Test
    void anEarlierExpiryIsSaid() throws Exception {
        Path lock = dir.resolve("db.lck");
        String audit = home.resolve("a.jsonl").toString();
        try (HeldLock held = LockFile.builder(lock).lifetime(Duration.ofHours(1)).build().lock(Duration.ZERO)) {
            var r = Cli.run("refresh", "--lifetime", "20s", "--audit-log", audit, lock.toString()).expect(0);
            assertTrue(r.out().contains("EARLIER than before"), r.out());
            var later = Cli.run("refresh", "--lifetime", "2h", "--audit-log", audit, lock.toString()).expect(0);
            assertFalse(later.out().contains("EARLIER"), later.out());
        }
    }

    @Test
    void helpSaysItSetsTheExpiryRatherThanExtendsIt() {
        var r = Cli.run("refresh", "--help").expect(0);
        assertTrue(r.out().contains("Set a lock's expiry to now + LIFETIME"), r.out());
        assertFalse(r.out().contains("Extend"), r.out());
    }
}
