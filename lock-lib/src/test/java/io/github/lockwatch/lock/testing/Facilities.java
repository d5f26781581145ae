package io.github.lockwatch.lock.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Facilities that integration tests need (mounts, Python flufl.lock, namespaces): a test skips with the reason
 * where one is missing, but in CI ({@code lockwatch.ci=true}, set by the parent POM from {@code CI}) a
 * missing facility fails the test.
 */
public final class Facilities {

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private Facilities() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getProperty("lockwatch.ci"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean available, String what) {
        if (!available) {
            if (ci()) {
                fail("CI must provide " + what);
            }
            Assumptions.abort("skipped: needs " + what);
        }
    }

    /** The project root (the directory holding test-infra/), found from this module's directory. */
    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("test-infra"))) {
            p = p.getParent();
        }
        require(p != null, "the project's test-infra/ directory");
        return p;
    }

    /** Debian's python3 with flufl.lock importable. */
    public static Path python() {
        require(Files.isExecutable(PYTHON) && run(30, PYTHON.toString(), "-c", "import flufl.lock").code == 0,
                "/usr/bin/python3 with flufl.lock (apt-get install python3-flufl.lock)");
        return PYTHON;
    }

    /** libfaketime's faketime(1), which moves a process's clock (not the kernel's file timestamps). */
    public static Path faketime() {
        Path faketime = Path.of("/usr/bin/faketime");
        require(Files.isExecutable(faketime) && run(30, faketime.toString(), "-f", "+1h", "true").code() == 0,
                "faketime (apt-get install faketime)");
        return faketime;
    }

    /** Root with unshare(1): UTS, mount and PID namespaces for simulated hosts. */
    public static Path simhost() {
        Path script = projectRoot().resolve("test-infra/simhost.sh");
        require(Files.isExecutable(script) && run(30, script.toString(), "probe-host", "true").code() == 0,
                "namespaces for simulated hosts (root and unshare; test-infra/simhost.sh)");
        return script;
    }

    public static Path fluflPeer() {
        return projectRoot().resolve("lock-lib/src/test/python/flufl_peer.py");
    }

    /** The mount point of a filesystem from {@code test-infra/mounts.sh up}, mounting it if needed. */
    public static Path mount(String name, String fsType) throws IOException {
        String rootEnv = System.getenv("LOCKWATCH_MOUNTS");
        Path mountPoint = Path.of(rootEnv != null ? rootEnv : "/tmp/lockwatch-mounts", name).toAbsolutePath();
        if (mountType(mountPoint) == null) {
            Path script = projectRoot().resolve("test-infra/mounts.sh");
            Result r = run(120, script.toString(), "up");
            require(r.code == 0 && mountType(mountPoint) != null,
                    "a " + fsType + " mount at " + mountPoint + " (test-infra/mounts.sh up exited " + r.code + ": "
                            + r.output.strip() + ")");
        }
        String type = mountType(mountPoint);
        require(type != null && type.equals(fsType), "a " + fsType + " mount at " + mountPoint + " (found " + type + ")");
        return mountPoint;
    }

    /** The type of the filesystem mounted exactly at {@code dir} (last entry wins), or null. */
    public static String mountType(Path dir) throws IOException {
        String type = null;
        for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[1].equals(dir.toString())) {
                type = f[2];
            }
        }
        return type;
    }

    public record Result(int code, String output) {
    }

    /** Runs a command to completion (stdout and stderr merged); code -1 if it could not run or timed out. */
    public static Result run(long timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            reader.join(5000);
            synchronized (out) {
                return new Result(p.exitValue(), out.toString());
            }
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
