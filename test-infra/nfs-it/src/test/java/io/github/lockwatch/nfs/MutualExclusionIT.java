package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Facilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Java processes on NFS client A and two real Python flufl.lock 5.0.1 processes on client B take one
 * lock in turn around a read-increment-rename of a shared counter, with an O_EXCL marker inside the
 * critical section: any two holders at once show up as an overlap or as a lost update.
 */
class MutualExclusionIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    static final int JAVA_ITERATIONS = 150;
    static final int PYTHON_ITERATIONS = 30;

    @Test
    @Timeout(240)
    void javaOnClientAAndPythonOnClientBCountExactlyWithoutEverOverlapping() throws Exception {
        Facilities.python();
        String lock = "counter.lck";
        List<Peer> peers = new ArrayList<>();
        long start = System.nanoTime();
        long estale = 0;
        StringBuilder estaleBy = new StringBuilder();
        try {
            for (int i = 0; i < 2; i++) {
                Path d = nfs.a();
                peers.add(Peer.java("contend", d.resolve(lock).toString(), "--iterations", "" + JAVA_ITERATIONS,
                        "--counter", d.resolve("counter").toString(), "--marker", d.resolve("inside").toString(),
                        "--hold-ms", "2", "--pause-ms", "150"));
            }
            for (int i = 0; i < 2; i++) {
                Path d = nfs.b();
                peers.add(Peer.python("contend", d.resolve(lock).toString(), "--iterations", "" + PYTHON_ITERATIONS,
                        "--counter", d.resolve("counter").toString(), "--marker", d.resolve("inside").toString(),
                        "--hold-ms", "2"));
            }
            for (Peer p : peers) {
                Map<String, Object> done = p.await("done", Duration.ofSeconds(200));
                assertEquals(0L, ((Number) done.get("overlaps")).longValue(),
                        p.label() + " found another process inside the critical section");
                if (done.containsKey("lost")) {
                    assertEquals(0L, ((Number) done.get("lost")).longValue(), p.label() + " lost the lock to a breaker");
                }
                assertEquals(0, p.waitFor(Duration.ofSeconds(30)), p.label() + ": " + p.stderr());
                if (done.get("estale") instanceof Number n && n.longValue() > 0) {
                    estale += n.longValue();
                    estaleBy.append(p.label()).append(": ").append(p.stderr().lines().limit(2).toList()).append('\n');
                }
            }
        } finally {
            for (Peer p : peers) {
                p.close();
            }
        }
        System.out.printf("mutual exclusion over NFS: %d acquisitions in %.1f s%n",
                2 * JAVA_ITERATIONS + 2 * PYTHON_ITERATIONS, (System.nanoTime() - start) / 1e9);
        int expected = 2 * JAVA_ITERATIONS + 2 * PYTHON_ITERATIONS;
        assertEquals(expected, Integer.parseInt(Files.readString(nfs.b().resolve("counter")).strip()),
                "counter read through client B");
        assertEquals(expected, Integer.parseInt(Files.readString(nfs.a().resolve("counter")).strip()),
                "counter read through client A");
        assertFalse(Files.exists(nfs.b().resolve(lock)), "lock released at the end");
        assertEquals(0, estale, "exclusion held, but LockFile.lock() let ESTALE escape " + estale
                + " time(s) (the peers retried them):\n" + estaleBy);
        for (Path d : List.of(nfs.a(), nfs.b())) {
            try (Stream<Path> s = Files.list(d)) {
                List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.contains("|")).toList();
                assertTrue(left.isEmpty(), "claim files left in " + d + ": " + left);
            }
        }
    }
}
