package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Facilities that integration tests need (mounts, Python flufl.lock, namespaces): a test skips with
 * the reason where one is missing, but in CI ({@code CI=true}) a missing facility fails the test.
 */
final class Facilities {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Facilities() {
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getProperty("lockwatch.ci"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void require(boolean available, String what) {
        if (!available) {
            if (ci()) {
                fail("CI must provide " + what);
            }
            Assumptions.abort("skipped: needs " + what);
        }
    }

    /** The project root (the directory holding test-infra/), found from this module's directory. */
    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("test-infra"))) {
            p = p.getParent();
        }
        require(p != null, "the project's test-infra/ directory");
        return p;
    }

    /** A mounted filesystem prepared by {@code test-infra/mounts.sh up}. */
    static Path mount(String name, String type) throws IOException {
        String rootEnv = System.getenv("LOCKWATCH_MOUNTS");
        Path mountPoint = Path.of(rootEnv != null ? rootEnv : "/tmp/lockwatch-mounts", name).toAbsolutePath();
        boolean mounted = false;
        Path mounts = Path.of("/proc/mounts");
        if (Files.isReadable(mounts)) {
            for (String line : Files.readAllLines(mounts)) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[1].equals(mountPoint.toString()) && f[2].contains(type)) {
                    mounted = true;
                }
            }
        }
        require(mounted, "a " + type + " mount at " + mountPoint + " (run test-infra/mounts.sh up)");
        return mountPoint;
    }

    /** Debian's python3 with flufl.lock importable. */
    static Path python() {
        require(Files.isExecutable(PYTHON) && succeeds(PYTHON.toString(), "-c", "import flufl.lock"),
                "/usr/bin/python3 with flufl.lock (apt-get install python3-flufl.lock)");
        return PYTHON;
    }

    /** Root with unshare(1): UTS, mount and PID namespaces for simulated hosts. */
    static Path simhost() {
        Path script = projectRoot().resolve("test-infra/simhost.sh");
        require(Files.isExecutable(script) && succeeds(script.toString(), "probe-host", "true"),
                "namespaces for simulated hosts (root and unshare; test-infra/simhost.sh)");
        return script;
    }

    static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
