package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission denied, for real: lockctl runs as a child JVM without the capabilities that let root ignore
 * file permissions (tests run as root here), so mode 000 means what it means for everyone else.
 */
class PermissionDeniedCommandsTest {

    private static final String DROP = "-dac_override,-dac_read_search";

    @TempDir
    Path dir;

    @BeforeAll
    static void setprivWorks() throws Exception {
        Path probe = Files.createTempFile("lockctl-perm", ".txt");
        try {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
            Process p;
            try {
                p = new ProcessBuilder("setpriv", "--bounding-set=" + DROP, "--inh-caps=" + DROP, "cat",
                        probe.toString()).redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                p = null;
            }
            assumeTrue(p != null && p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() != 0,
                    "needs setpriv and a process that permissions apply to");
        } finally {
            Files.delete(probe);
        }
    }

    private static Child lockctlWithoutOverride(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=" + DROP, "--inh-caps=" + DROP,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LockCtl.class.getName()));
        cmd.addAll(List.of(args));
        return Child.start(cmd);
    }

    @Test
    @Timeout(60)
    void anUnreadableLockIsReportedAsUnreadableNotCorrupt() throws Exception {
        Path lock = Files.writeString(dir.resolve("db.lck"), dir.resolve("db.lck") + "|h.example|1|2");
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("---------"));
        try (Child c = lockctlWithoutOverride("status", lock.toString())) {
            int code = c.waitFor(30);
            assertEquals(0, code, c.err());
            assertTrue(c.out().contains("cannot read: permission denied"), c.out());
            assertTrue(c.out().contains("inconsistent"), c.out());
            assertFalse(c.out().contains("corrupt") || c.out().contains("remove it by hand"), c.out());
        }
        try (Child c = lockctlWithoutOverride("status", "--json", lock.toString())) {
            assertEquals(0, c.waitFor(30), c.err());
            assertTrue(c.out().contains("\"state\":\"inconsistent\""), c.out());
        }
    }

    @Test
    @Timeout(60)
    void aLockInADirectoryWithoutSearchPermissionIsOneLineAndExit1() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("closed"));
        Path lock = Files.writeString(sub.resolve("db.lck"), "x");
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rw-------"));
        try (Child c = lockctlWithoutOverride("status", lock.toString())) {
            assertEquals(1, c.waitFor(30), c.out() + c.err());
            assertEquals(1, c.err().strip().lines().count(), c.err());
            assertTrue(c.err().contains("permission denied"), c.err());
            assertFalse(c.err().contains("Exception") || c.out().contains("corrupt"), c.out() + c.err());
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
