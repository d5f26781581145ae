package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code lockctl stress} run at once on both NFS clients, on one lock: zero overlaps on either side. */
class StressIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    static final int ITERATIONS = 150;

    @Test
    @Timeout(180)
    void lockctlStressOnBothClientsAtOnceReportsZeroOverlaps() throws Exception {
        String lock = "stress.lck";
        try (Peer onA = Peer.lockctl("stress-A", "stress", "--iterations", "" + ITERATIONS, "--hold", "5ms", "--json",
                nfs.a().resolve(lock).toString());
                Peer onB = Peer.lockctl("stress-B", "stress", "--iterations", "" + ITERATIONS, "--hold", "5ms", "--json",
                        nfs.b().resolve(lock).toString())) {
            for (Peer p : List.of(onA, onB)) {
                Map<String, Object> report = p.await(null, Duration.ofSeconds(160));
                int code = p.waitFor(Duration.ofSeconds(30));
                System.out.println(p.label() + ": " + report);
                assertEquals(0L, ((Number) report.get("overlaps")).longValue(), p.label() + ": " + p.stderr());
                assertEquals(0L, ((Number) report.get("lost")).longValue(), p.label() + ": " + p.stderr());
                assertEquals((long) ITERATIONS, ((Number) report.get("iterations")).longValue());
                assertEquals(Boolean.TRUE, report.get("ok"));
                assertEquals(0, code, p.label() + ": " + p.stderr());
            }
        }
        assertFalse(Files.exists(nfs.b().resolve(lock)), "lock released");
        assertFalse(Files.exists(nfs.b().resolve(lock + ".stress-marker")), "marker removed");
        try (var s = Files.list(nfs.a())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("|")), "no claim files left");
        }
    }
}
