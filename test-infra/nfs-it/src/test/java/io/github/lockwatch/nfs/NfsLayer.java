package io.github.lockwatch.nfs;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.Poll;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two-client NFS layer of {@code test-infra/nfs} for a test class:
 * {@code @RegisterExtension static final NfsLayer nfs = new NfsLayer();}.
 *
 * <p>Once per test run (the JUnit root store): if {@code ${LOCKWATCH_NFS_ROOT}/env} exists and
 * {@code up.sh --check-alive} says the instance is healthy (its processes run and both mounts answer
 * within a few seconds), it uses it. Otherwise (no env file, or a stale one: a killed client, a dead FUSE
 * mount that still lists as {@code fuse.libnfs}) it runs {@code up.sh --check} (exit 2: a facility is
 * missing, so every test skips with the message, or fails when {@code lockwatch.ci=true}) and then
 * {@code up.sh}, which clears the broken instance and starts a new one. It runs {@code down.sh} when the
 * run ends (root-store close, with a shutdown hook as a backstop) only if it started the layer itself.
 *
 * <p>Per test it creates a fresh subdirectory of the export through client A, waits until client B sees
 * it, and removes it (through A) afterwards; {@link #a()} and {@link #b()} are that directory as seen by
 * the two clients.
 */
final class NfsLayer implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

    private Layer layer;
    private Path dirA;
    private Path dirB;

    /** The started (or found) layer, shared by every test class of the run. */
    @SuppressWarnings("deprecation")
    static final class Layer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final String unavailable;
        final Path clientA;
        final Path clientB;
        final Path export;
        final Path statsA;
        final Path statsB;
        final boolean startedByUs;
        private boolean closed;

        private Layer(String unavailable, Path a, Path b, Path export, Path statsA, Path statsB, boolean startedByUs) {
            this.unavailable = unavailable;
            this.clientA = a;
            this.clientB = b;
            this.export = export;
            this.statsA = statsA;
            this.statsB = statsB;
            this.startedByUs = startedByUs;
        }

        static Path root() {
            String r = System.getenv("LOCKWATCH_NFS_ROOT");
            return Path.of(r != null && !r.isBlank() ? r : "/tmp/lockwatch-nfs");
        }

        static Path script(String name) {
            return Facilities.projectRoot().resolve("test-infra/nfs").resolve(name);
        }

        static Layer start() {
            Path envFile = root().resolve("env");
            boolean started = false;
            String reuse = "no " + envFile;
            if (Files.isRegularFile(envFile)) {
                Facilities.Result alive = Facilities.run(60, script("up.sh").toString(), "--check-alive");
                reuse = alive.code() == 0 ? null
                        : envFile + " exists but the instance is not healthy (up.sh --check-alive exited " + alive.code()
                                + ": " + alive.output().strip() + ")";
            }
            if (reuse != null) {
                Facilities.Result check = Facilities.run(60, script("up.sh").toString(), "--check");
                if (check.code() != 0) {
                    return new Layer("the userspace NFS layer (test-infra/nfs/up.sh --check exited " + check.code()
                            + ": " + check.output().strip() + ")", null, null, null, null, null, false);
                }
                System.err.println("NfsLayer: " + reuse + "; running test-infra/nfs/up.sh");
                Facilities.Result up = Facilities.run(120, script("up.sh").toString());
                if (up.code() != 0) {
                    // A real failure, not a missing facility: up.sh has cleaned up after itself.
                    throw new IllegalStateException("test-infra/nfs/up.sh exited " + up.code() + ":\n" + up.output());
                }
                started = true;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(envFile)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + envFile, e);
            }
            Layer layer = new Layer(null, Path.of(p.getProperty("LOCKWATCH_NFS_A")),
                    Path.of(p.getProperty("LOCKWATCH_NFS_B")), Path.of(p.getProperty("LOCKWATCH_NFS_EXPORT")),
                    optionalPath(p, "LOCKWATCH_NFS_STATS_A"), optionalPath(p, "LOCKWATCH_NFS_STATS_B"), started);
            if (started) {
                Runtime.getRuntime().addShutdownHook(new Thread(layer::close, "lockwatch-nfs-down"));
            }
            try {
                for (Path m : List.of(layer.clientA, layer.clientB)) {
                    String type = Facilities.mountType(m);
                    if (!"fuse.libnfs".equals(type)) {
                        throw new IllegalStateException(envFile + " names " + m + ", but it is mounted as " + type
                                + " (a stale env file? run test-infra/nfs/down.sh)");
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return layer;
        }

        private static Path optionalPath(Properties p, String key) {
            String v = p.getProperty(key);
            return v == null || v.isBlank() ? null : Path.of(v);
        }

        @Override
        public synchronized void close() {
            if (closed || !startedByUs) {
                return;
            }
            closed = true;
            Facilities.Result down = Facilities.run(120, script("down.sh").toString());
            if (down.code() != 0) {
                System.err.println("test-infra/nfs/down.sh exited " + down.code() + ":\n" + down.output());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        layer = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Layer.class.getName(), k -> Layer.start(), Layer.class);
        if (layer.unavailable != null) {
            Facilities.require(false, layer.unavailable);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        String name = (context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName())
                .replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
        dirA = layer.clientA.resolve(name);
        dirB = layer.clientB.resolve(name);
        Files.createDirectory(dirA);
        Poll.until(Duration.ofSeconds(10), () -> Files.isDirectory(dirB), "client B sees " + dirB);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (dirA == null) {
            return;
        }
        Path dir = dirA;
        dirA = null;
        dirB = null;
        // Retried: a peer killed a moment ago may still hold a file open (a .fuse_hidden* rename).
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                deleteTree(dir);
                if (!Files.exists(dir)) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        String left;
        try (Stream<Path> s = Files.list(dir)) {
            left = s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        } catch (IOException e) {
            left = e.toString();
        }
        fail("could not remove the test directory " + dir + " (left: " + left + ")", last);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException ignored) {
                    // gone meanwhile
                }
            }
        }
    }

    /** This test's directory as seen through client A. */
    Path a() {
        return dirA;
    }

    /** The same directory as seen through client B. */
    Path b() {
        return dirB;
    }

    /**
     * How many ESTALE errors client {@code 'A'} or {@code 'B'} has returned to its callers since it started
     * (the bridge's {@code --stats} file).
     */
    long estaleCount(char client) throws IOException {
        String json = stats(client);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"estale\":\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            fail("no \"estale\" counter in client " + client + "'s stats: " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * How many of those ESTALEs went to threads whose name (the kernel's {@code comm}, which the JVM sets to
     * the first 15 characters of the Java thread name) starts with {@code threadPrefix}.
     */
    long estaleCount(char client, String threadPrefix) throws IOException {
        String json = stats(client);
        int at = json.indexOf("\"estale_callers\"");
        if (at < 0) {
            fail("no \"estale_callers\" in client " + client + "'s stats: " + json);
        }
        String callers = json.substring(json.indexOf('{', at) + 1, json.indexOf('}', at));
        long n = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\":\\s*(\\d+)").matcher(callers);
        while (m.find()) {
            if (m.group(1).startsWith(threadPrefix)) {
                n += Long.parseLong(m.group(2));
            }
        }
        return n;
    }

    private String stats(char client) throws IOException {
        Path stats = client == 'A' ? layer.statsA : layer.statsB;
        if (stats == null) {
            fail("the NFS layer's env file names no stats file for client " + client
                    + " (started by an older up.sh? run test-infra/nfs/down.sh)");
        }
        return Files.readString(stats);
    }

    /** The same directory as seen by the server (its local view, not an NFS client). */
    Path server() {
        return layer.export.resolve(dirA.getFileName());
    }
}
