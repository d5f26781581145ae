package io.github.lockwatch.inspector;

import io.github.lockwatch.lock.Claim;
import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A temporary directory filled with real locks made by the library, so a newcomer sees every state
 * within seconds: live holders that keep refreshing (one claiming another host), a waiter, one about
 * to expire, one expired inside the 10 s slop, one breakable, one whose holder (a child JVM) was
 * killed, a corrupt file, an inconsistent one and an orphan claim. The "expiring" and "in the slop"
 * locks are re-pinned every second so they stay in their states. Everything is removed on
 * {@link #close()} (and by a shutdown hook).
 *
 * <p>Creating one does file I/O and starts a child process: never call {@link #create()} on the FX
 * thread.
 */
public final class DemoWorkspace implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DemoWorkspace.class.getName());

    /** One lock of the demo in every state: what a newcomer (and the smoke test) must see. */
    static final java.util.Map<String, io.github.lockwatch.inspect.LockStatus> ONE_PER_STATE = java.util.Map.of(
            "build.lck", io.github.lockwatch.inspect.LockStatus.HELD,
            "nightly-report.lck", io.github.lockwatch.inspect.LockStatus.EXPIRING,
            "index.lck", io.github.lockwatch.inspect.LockStatus.EXPIRED,
            "cache-warmup.lck", io.github.lockwatch.inspect.LockStatus.BREAKABLE,
            "reports.lck", io.github.lockwatch.inspect.LockStatus.HOLDER_DEAD,
            "export.lck", io.github.lockwatch.inspect.LockStatus.CORRUPT,
            "mirror.lck", io.github.lockwatch.inspect.LockStatus.INCONSISTENT);

    /**
     * The demo locks of {@link #ONE_PER_STATE} that {@code rows} show in their state.
     *
     * @return the names of those shown; all of them once the demo is filled
     */
    static Set<String> shownOfOnePerState(java.util.Collection<LockRow> rows) {
        Set<String> shown = new java.util.TreeSet<>();
        for (LockRow r : rows) {
            if (ONE_PER_STATE.get(r.name()) == r.status()) {
                shown.add(r.name());
            }
        }
        return shown;
    }

    private final Path directory;
    private final List<HeldLock> held = new ArrayList<>();
    private final List<Thread> waiters = new ArrayList<>();
    private final ScheduledExecutorService pinner =
            Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("lockwatch-demo-pin"));
    private final Thread shutdownHook;
    private volatile boolean closed;
    private long killedPid = -1;

    private DemoWorkspace(Path directory) {
        this.directory = directory;
        this.shutdownHook = new Thread(this::cleanUp, "lockwatch-demo-cleanup");
    }

    /** The demo directory. */
    public Path directory() {
        return directory;
    }

    /** The pid of the killed child JVM whose lock is left behind (holder dead). */
    public long killedPid() {
        return killedPid;
    }

    /**
     * Creates and fills a demo workspace in a new temporary directory.
     *
     * @throws IOException if the directory or a lock cannot be made
     * @throws InterruptedException if interrupted while waiting for the child holder
     */
    public static DemoWorkspace create() throws IOException, InterruptedException {
        removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
        DemoWorkspace demo = new DemoWorkspace(Files.createTempDirectory("lockwatch-demo-"));
        Runtime.getRuntime().addShutdownHook(demo.shutdownHook);
        try {
            demo.fill();
        } catch (IOException | InterruptedException | RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    /**
     * Deletes demo workspaces left behind by inspectors that were killed (no shutdown hook ran): those
     * whose owner file names a process that is no longer alive.
     */
    static void removeAbandoned(Path tmp) {
        try (var dirs = Files.newDirectoryStream(tmp, "lockwatch-demo-*")) {
            for (Path d : dirs) {
                Path owner = d.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(Files.readString(owner).strip());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException | IOException e) {
                    continue;
                }
                deleteTree(d);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not look for abandoned demo workspaces", e);
        }
    }

    private static final String OWNER_FILE = ".demo-owner-pid";

    private void fill() throws IOException, InterruptedException {
        Files.writeString(directory.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        Files.writeString(directory.resolve("README-DEMO.txt"),
                "Demo workspace of the Lockwatch inspector. It is deleted when the inspector exits.\n");

        // Live holders that keep refreshing.
        HeldLock build = hold("build.lck", Duration.ofSeconds(60), true, null);
        hold("deploy.lck", Duration.ofSeconds(30), true, "ci-runner-3.example.org");

        // A waiter: a second lock object blocked on build.lck, its claim file sits in the directory.
        startWaiter(build.lockFile());

        // About to expire, and expired inside the slop: pinned below.
        HeldLock expiring = hold("nightly-report.lck", Duration.ofSeconds(5), false, null);
        HeldLock inSlop = hold("index.lck", Duration.ofSeconds(5), false, null);
        setExpiry(inSlop.lockFile(), Instant.now().minusSeconds(2));
        pinner.scheduleWithFixedDelay(() -> pin(expiring.lockFile(), inSlop.lockFile()), 1, 1, TimeUnit.SECONDS);

        // Breakable: expired long ago, held by a host we cannot ask.
        HeldLock stale = hold("cache-warmup.lck", Duration.ofSeconds(30), false, "batch-07.example.org");
        setExpiry(stale.lockFile(), Instant.now().minus(Duration.ofMinutes(12)));

        // Holder dead: a child JVM acquires, then we kill it.
        killedPid = holdInChildAndKill(directory.resolve("reports.lck"), Duration.ofMinutes(20));

        // A corrupt lock file.
        Files.writeString(directory.resolve("export.lck"), "<<garbage written by an old script>>\n");

        // Inconsistent: a claim as content, but a link count of 1 (its claim file is gone).
        ProcessIdentity me = ProcessIdentity.current();
        Path lonely = directory.resolve("mirror.lck");
        Files.writeString(lonely, new Claim(lonely.toString(), me.host(), me.pid(), "1a2b3c4d5e", Claim.PLATFORM_SEPARATOR).text());

        // An orphan claim file of the killed process, for a lock that no longer exists.
        Path gone = directory.resolve("retired.lck");
        Claim orphan = new Claim(gone.toString(), me.host(), killedPid, "9f8e7d6c5b", Claim.PLATFORM_SEPARATOR);
        Files.writeString(directory.resolve(orphan.fileName()), orphan.text());
    }

    private HeldLock hold(String name, Duration lifetime, boolean keepAlive, String host)
            throws IOException, InterruptedException {
        LockFile.Builder b = LockFile.builder(directory.resolve(name)).lifetime(lifetime).keepAlive(keepAlive);
        if (host != null) {
            b.hostname(host);
        }
        HeldLock h = b.build().lock(Duration.ofSeconds(10));
        synchronized (held) {
            held.add(h);
        }
        return h;
    }

    private void startWaiter(Path lock) {
        Thread t = new Thread(() -> {
            LockFile waiter = LockFile.builder(lock).lifetime(Duration.ofSeconds(60)).build();
            try (HeldLock h = waiter.lock(Duration.ofHours(2))) {
                // got it only if build.lck was released: give it back at once
                LOG.log(System.Logger.Level.DEBUG, "demo waiter acquired {0}", h.lockFile());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "demo waiter failed", e);
                }
            }
        }, "lockwatch-demo-waiter");
        t.setDaemon(true);
        t.start();
        waiters.add(t);
    }

    private void pin(Path expiring, Path inSlop) {
        try {
            Instant now = Instant.now();
            Instant e = Files.getLastModifiedTime(expiring).toInstant();
            if (Duration.between(now, e).toSeconds() < 2) {
                setExpiry(expiring, now.plusSeconds(5)); // the engine calls <= 5 s "expiring"
            }
            Instant s = Files.getLastModifiedTime(inSlop).toInstant();
            if (Duration.between(s, now).toSeconds() > 7) {
                setExpiry(inSlop, now.minusSeconds(1));
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.DEBUG, "demo pin failed", e);
            }
        }
    }

    private static void setExpiry(Path lock, Instant expiry) throws IOException {
        // The library writes whole seconds, as flufl does.
        Files.setLastModifiedTime(lock, FileTime.from(expiry.getEpochSecond(), TimeUnit.SECONDS));
    }

    /**
     * Starts a child JVM (from {@code java.home}) that acquires {@code lock} through
     * {@link DemoHolder}, waits for its claim line, then kills it with {@code destroyForcibly()}.
     *
     * @return the dead child's pid
     */
    static long holdInChildAndKill(Path lock, Duration lifetime) throws IOException, InterruptedException {
        Process child = startHolder(lock, lifetime);
        long pid = child.pid();
        child.destroyForcibly();
        if (!child.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("child holder " + pid + " did not die");
        }
        return pid;
    }

    /**
     * Starts a child JVM that holds {@code lock} and returns once it printed its claim.
     * Closing the child's stdin makes it release; {@code destroyForcibly()} leaves the lock behind.
     */
    static Process startHolder(Path lock, Duration lifetime) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", childClassPath(), DemoHolder.class.getName(), lock.toString(),
                Long.toString(Math.max(1, lifetime.toSeconds())));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = pb.start();
        // One reader thread per child, ended with it: shut down below, so no idle pool thread stays behind.
        java.util.concurrent.ExecutorService reader =
                Executors.newSingleThreadExecutor(BackgroundThreads.named("lockwatch-demo-child-reader"));
        CompletableFuture<String> claim = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("CLAIM ")) {
                        return line.substring(6);
                    }
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, reader);
        reader.shutdown(); // the thread ends when the read does (the claim line, or EOF when the child dies)
        try {
            String line = claim.get(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new IOException("child holder exited with " + child.waitFor() + " before claiming " + lock);
            }
            return child;
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            child.destroyForcibly();
            throw new IOException("child holder did not claim " + lock + " within 30 s", e);
        } catch (InterruptedException e) {
            child.destroyForcibly();
            throw e;
        }
    }

    /** The class path for the child: where this class and the library were loaded from. */
    private static String childClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(DemoHolder.class, LockFile.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | RuntimeException e) {
                entries.add(System.getProperty("java.class.path"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Releases the demo's locks, stops the waiter and deletes the directory. Idempotent. */
    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        pinner.shutdownNow();
        for (Thread t : waiters) {
            t.interrupt();
        }
        synchronized (held) {
            for (HeldLock h : held) {
                try {
                    h.close();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "demo release failed", e);
                }
            }
        }
        for (Thread t : waiters) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteTree(directory);
    }

    private static void deleteTree(Path dir) {
        try {
            if (!Files.exists(dir)) {
                return;
            }
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete demo workspace " + dir, e);
        }
    }
}
