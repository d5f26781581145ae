package io.github.lockwatch.lock;

import io.github.lockwatch.lock.testing.Peer;
import io.github.lockwatch.lock.testing.Facilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holders on simulated hosts (UTS + PID namespaces): different host names, the same pid 1, as two
 * containers on one share. The random claim field keeps ownership apart.
 */
class SimulatedHostsIT {

    @TempDir
    Path dir;
    Path lock;

    @BeforeEach
    void requireNamespaces() {
        Facilities.simhost();
        lock = dir.resolve("hosts.lck");
    }

    @Test
    @Timeout(120)
    void twoPid1HoldersOnDifferentHostsExcludeEachOtherAndReportTheRightDetails() throws Exception {
        try (Peer a = Peer.onHost("hosta", Peer.javaCommand("hold", lock.toString()))) {
            Map<String, Object> acquired = a.await("acquired", Duration.ofSeconds(60));
            assertEquals("hosta", acquired.get("host"));
            assertEquals(1L, acquired.get("pid"), "the holder is pid 1 of its namespace");

            try (Peer b = Peer.onHost("hostb", Peer.javaCommand("try", lock.toString(), "--timeout", "1"))) {
                Map<String, Object> timeout = b.await("timeout", Duration.ofSeconds(60));
                assertTrue(((String) timeout.get("message")).contains("held by host hosta pid 1"),
                        timeout.toString());
                assertTrue(((String) timeout.get("message")).contains("we are host hostb pid 1"),
                        timeout.toString());
                assertEquals(75, b.waitFor(Duration.ofSeconds(30)));
            }
            try (Peer b = Peer.onHost("hostb", Peer.javaCommand("inspect", lock.toString()))) {
                Map<String, Object> seen = b.await(null, Duration.ofSeconds(60));
                assertEquals(List.of("hosta", 1L, lock.toString()), seen.get("details"));
                assertEquals("unknown", seen.get("state"), "another host: liveness cannot be judged");
            }
            try (Peer py = Peer.onHost("hostc", Peer.pythonCommand("try", lock.toString(), "--timeout", "1"))) {
                py.await("timeout", Duration.ofSeconds(60));
            }
            a.send("release");
            a.await("released", Duration.ofSeconds(30));
        }
        try (Peer b = Peer.onHost("hostb", Peer.javaCommand("try", lock.toString(), "--timeout", "10"))) {
            Map<String, Object> acquired = b.await("acquired", Duration.ofSeconds(60));
            assertEquals("hostb", acquired.get("host"));
            assertEquals(1L, acquired.get("pid"));
        }
    }

    @Test
    @Timeout(120)
    void aPythonHolderOnAnotherHostWithTheSamePidIsNotOurs() throws Exception {
        try (Peer py = Peer.onHost("hostp", Peer.pythonCommand("hold", lock.toString()))) {
            Map<String, Object> acquired = py.await("acquired", Duration.ofSeconds(60));
            assertEquals("hostp", acquired.get("host"), "flufl's getfqdn() there");
            assertEquals(1L, acquired.get("pid"));
            try (Peer j = Peer.onHost("hostj", Peer.javaCommand("inspect", lock.toString()))) {
                Map<String, Object> seen = j.await(null, Duration.ofSeconds(60));
                assertEquals(List.of("hostp", 1L, lock.toString()), seen.get("details"));
                assertEquals("unknown", seen.get("state"));
            }
            try (Peer j = Peer.onHost("hostj", Peer.javaCommand("try", lock.toString(), "--timeout", "1"))) {
                assertTrue(((String) j.await("timeout", Duration.ofSeconds(60)).get("message"))
                        .contains("held by host hostp pid 1"));
            }
        }
    }
}
