package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Facilities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bridge's own test, {@code test-infra/nfs/test_bridge.sh}, run as a process against the running layer:
 * the two mounts behave like two NFS clients (links, attribute caches, times, flufl.lock across clients),
 * and a read of a file the other client removed fails with exactly ESTALE (libnfs says EFAULT).
 */
class BridgeIT {

    @RegisterExtension
    static final NfsLayer nfs = new NfsLayer();

    @Test
    @Timeout(150)
    void testBridgeShPassesAndProvesTheEstaleMapping() {
        String script = Facilities.projectRoot().resolve("test-infra/nfs/test_bridge.sh").toString();
        Facilities.Result r = Facilities.run(120, script);
        String out = r.output();
        System.out.println(out);
        assertEquals(0, r.code(), "test_bridge.sh exited " + r.code() + ":\n" + out);
        List<String> failed = out.lines().filter(l -> l.startsWith("FAIL")).toList();
        assertTrue(failed.isEmpty(), "test_bridge.sh reported failed checks: " + failed);
        assertTrue(out.contains("ok   read through A's open fd after B's unlink: ESTALE (must be ESTALE)"),
                "test_bridge.sh did not show the stale read mapped to ESTALE:\n" + out);
        assertTrue(out.contains("ok   client A's stats file counted the ESTALE it returned"),
                "test_bridge.sh did not show the ESTALE counted:\n" + out);
        assertTrue(out.strip().endsWith("all checks passed"), "test_bridge.sh's last line:\n" + out);
    }
}
