package io.github.lockwatch.bench;

import io.github.lockwatch.lock.HeldLock;
import io.github.lockwatch.lock.LockFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended cycle: acquire and release one {@link LockFile} in one process, nobody else around.
 * The same work as {@code bench/floor/cycle.c} (the syscall floor) and {@code bench/python/flufl_cycle.py}.
 *
 * <p>{@code dir} is the directory the lock lives in; {@code bench/run} passes a tmpfs and an ext4 mount
 * ({@code -p dir=/a,/b}). The default, empty, means a fresh temporary directory under
 * {@code java.io.tmpdir}. Each trial uses its own subdirectory, removed afterwards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CycleBench {

    @Param({""})
    public String dir;

    private Path workDir;
    private LockFile lock;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path parent = dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir);
        workDir = Files.createTempDirectory(parent.toAbsolutePath(), "cycle-");
        lock = LockFile.builder(workDir.resolve("bench.lck")).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        lock.unlockIfHeld();
        try (var s = Files.list(workDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(workDir);
    }

    /** One acquire + release: what a caller of {@code try (HeldLock h = lock.lock()) {}} pays. */
    @Benchmark
    public void cycle() throws IOException, InterruptedException {
        try (HeldLock held = lock.lock()) {
            // empty critical section
        }
    }
}
