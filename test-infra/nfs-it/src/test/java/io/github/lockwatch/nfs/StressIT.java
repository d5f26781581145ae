package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lockctl stress} run at once on both NFS clients, on one lock: zero overlaps on either side. Both runs
 * get the same {@code --start-at} time (a start barrier: JVM start-up takes a different time for each), and
 * their reports must show that they really ran at the same time and contended for the lock.
 */
class StressIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    static final int ITERATIONS = 150;

    @Test
    @Timeout(180)
    void lockctlStressOnBothClientsAtOnceReportsZeroOverlaps() throws Exception {
        String lock = "stress.lck";
        // Far enough ahead for both JVMs to start on a busy 2-core machine.
        String startAt = Instant.now().plusSeconds(8).toString();
        Map<String, Map<String, Object>> reports = new LinkedHashMap<>();
        try (Peer onA = Peer.lockctl("stress-A", "stress", "--iterations", "" + ITERATIONS, "--hold", "5ms", "--json",
                "--start-at", startAt, nfs.a().resolve(lock).toString());
                Peer onB = Peer.lockctl("stress-B", "stress", "--iterations", "" + ITERATIONS, "--hold", "5ms", "--json",
                        "--start-at", startAt, nfs.b().resolve(lock).toString())) {
            for (Peer p : List.of(onA, onB)) {
                Map<String, Object> report = p.await(null, Duration.ofSeconds(160));
                int code = p.waitFor(Duration.ofSeconds(30));
                System.out.println(p.label() + ": " + report);
                assertEquals(0L, ((Number) report.get("overlaps")).longValue(), p.label() + ": " + p.stderr());
                assertEquals(0L, ((Number) report.get("lost")).longValue(), p.label() + ": " + p.stderr());
                assertEquals((long) ITERATIONS, ((Number) report.get("iterations")).longValue());
                assertEquals(Boolean.TRUE, report.get("ok"));
                assertEquals(0, code, p.label() + ": " + p.stderr());
                // Taking turns: some acquisitions came straight after the other client's (a hand-off).
                assertTrue(((Number) report.get("handoffs")).longValue() > 0,
                        p.label() + " never took the lock over from the other run: " + report);
                reports.put(p.label(), report);
            }
        }
        Instant startA = Instant.parse((String) reports.get("stress-A").get("started_at"));
        Instant endA = Instant.parse((String) reports.get("stress-A").get("finished_at"));
        Instant startB = Instant.parse((String) reports.get("stress-B").get("started_at"));
        Instant endB = Instant.parse((String) reports.get("stress-B").get("finished_at"));
        assertTrue(!startA.isBefore(Instant.parse(startAt)) && !startB.isBefore(Instant.parse(startAt)),
                "both waited for --start-at " + startAt + ": A " + startA + ", B " + startB);
        assertTrue(startA.isBefore(endB) && startB.isBefore(endA),
                "the two runs did not overlap in time: A " + startA + ".." + endA + ", B " + startB + ".." + endB);
        assertFalse(Files.exists(nfs.b().resolve(lock)), "lock released");
        assertFalse(Files.exists(nfs.b().resolve(lock + ".stress-marker")), "marker removed");
        assertFalse(Files.exists(nfs.b().resolve(lock + ".stress-last")), "last-holder file removed");
        try (var s = Files.list(nfs.a())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("|")), "no claim files left");
        }
    }
}
