package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.testing.MiniJson;
import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Poll;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** clean, hold and doctor against real processes and the real temp filesystem. */
class EngineCommandsProcessIT {

    @TempDir
    Path dir;

    @TempDir
    Path home;

    private List<Path> claimFiles(String lockName) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(lockName + "|")).sorted().toList();
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void cleanApplyRemovesTheClaimOfAKilledWaiterAndNothingElse() throws Exception {
        Path lock = dir.resolve("x.lck");
        Path audit = home.resolve("audit.jsonl");
        try (HeldLock held = LockFile.builder(lock).lifetime(Duration.ofSeconds(60)).build().lock(Duration.ZERO);
                Peer waiter = Peer.python("try", lock.toString(), "--timeout", "60")) {
            Poll.until(Duration.ofSeconds(30), () -> claimFiles("x.lck").size() == 2, "the Python waiter's claim file");
            waiter.kill(); // a waiter killed while waiting leaves its claim file behind: an orphan
            Path orphan = claimFiles("x.lck").stream().filter(p -> p.toString().contains("|" + waiter.pid() + "|"))
                    .findFirst().orElseThrow();

            var dry = Cli.run("clean", "--audit-log", audit.toString(), dir.toString()).expect(0);
            assertTrue(dry.out().contains(orphan.toString()), dry.out());
            assertTrue(dry.out().contains("dry run"), dry.out());
            assertTrue(Files.exists(orphan, LinkOption.NOFOLLOW_LINKS), "a dry run removes nothing");

            var apply = Cli.run("clean", "--apply", "--audit-log", audit.toString(), dir.toString()).expect(0);
            assertTrue(apply.out().contains(orphan.toString()), apply.out());
            assertFalse(Files.exists(orphan, LinkOption.NOFOLLOW_LINKS), "the orphan is removed");
            assertEquals(List.of(held.claim().fileName()),
                    claimFiles("x.lck").stream().map(p -> p.getFileName().toString()).toList(),
                    "the holder's claim stays");
            assertTrue(held.verify(), "the live lock is untouched");
            String log = Files.readString(audit);
            assertTrue(log.contains("clean") && log.contains(orphan.getFileName().toString()), log);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void holdWithNoRefreshLetsTheLockExpireAfterItsLifetimeAndStatusShowsThatExpiry() throws Exception {
        Path lock = dir.resolve("n.lck");
        Instant before = Instant.now();
        try (Child hold = Child.lockctl("hold", "--no-refresh", "--lifetime", "3s", lock.toString())) {
            String claim = hold.nextLine(60);
            Instant after = Instant.now();
            Map<String, Object> s = status(lock);
            assertEquals(claim, s.get("claim"));
            Instant expires = Instant.parse((String) s.get("expires"));
            // flufl writes floor(now + lifetime) in whole seconds.
            assertTrue(!expires.isBefore(before.plusSeconds(3).minusSeconds(1)) && !expires.isAfter(after.plusSeconds(3)),
                    "expires " + expires + " is the acquisition (" + before + " .. " + after + ") plus 3 s");
            Poll.until(Duration.ofSeconds(30), () -> "expired".equals(status(lock).get("state")),
                    "the unrefreshed lock expires");
            assertEquals(expires.toString(), Instant.parse((String) status(lock).get("expires")).toString(),
                    "nothing refreshed it");
            assertTrue(hold.process.isAlive(), "hold still runs; it just does not refresh");
            hold.closeStdin();
            hold.waitFor(60);
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void holdWithALifetimeRefreshesSoTheExpiryInStatusMovesOn() throws Exception {
        Path lock = dir.resolve("r.lck");
        try (Child hold = Child.lockctl("hold", "--lifetime", "3s", lock.toString())) {
            String claim = hold.nextLine(60);
            Map<String, Object> first = status(lock);
            assertEquals(claim, first.get("claim"));
            Instant expires = Instant.parse((String) first.get("expires"));
            assertTrue(Duration.between(Instant.now(), expires).compareTo(Duration.ofSeconds(3)) <= 0, "3 s lifetime");
            Poll.until(Duration.ofSeconds(30), () -> Instant.parse((String) status(lock).get("expires")).isAfter(expires),
                    "the keep-alive moves the expiry");
            String state = (String) status(lock).get("state");
            assertTrue(state.equals("held") || state.equals("expiring"), state);
            hold.closeStdin();
            assertEquals(0, hold.waitFor(60), hold.err());
        }
    }

    @Test
    @Timeout(60)
    void doctorJsonOnTheTempDirectoryHasEveryCheckAndAVerdict() throws Exception {
        var r = Cli.run("doctor", "--json", dir.toString());
        Map<String, Object> report = MiniJson.parseObject(r.out());
        assertEquals(dir.toAbsolutePath().normalize().toString(), report.get("directory"));
        assertEquals(r.code() == 0, report.get("safe"), r.out());
        assertTrue(((String) report.get("verdict")).startsWith(Boolean.TRUE.equals(report.get("safe")) ? "safe" : "unsafe"));
        assertTrue(report.get("clock_offset_ms") instanceof Number, "the offset was measured on a local disk");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) report.get("checks");
        List<String> names = checks.stream().map(c -> (String) c.get("name")).toList();
        for (String expected : List.of("filesystem", "clock-offset", "timestamp-granularity", "future-mtime",
                "hard-links", "separator-in-names")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        for (Map<String, Object> c : checks) {
            assertTrue(List.of("pass", "warn", "fail").contains(c.get("result")), c.toString());
            assertFalse(((String) c.get("detail")).isBlank(), c.toString());
        }
        Map<String, Object> links = checks.stream().filter(c -> c.get("name").equals("hard-links")).findFirst().orElseThrow();
        assertEquals("pass", links.get("result"), "the temp directory has hard links: " + links);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "doctor leaves nothing behind");
        }
    }

    private static Map<String, Object> status(Path lock) {
        var r = Cli.run("status", "--json", lock.toString()).expect(0);
        return MiniJson.parseObject(r.out());
    }
}
