package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.AuditLog;
import io.github.lockwatch.inspect.Doctor;
import io.github.lockwatch.inspect.LockAdmin;
import io.github.lockwatch.inspect.LockScanner;
import io.github.lockwatch.inspect.LockWatcher;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The inspection engine as the app uses it: all protocol knowledge (classification, compare-and-break,
 * audit) lives in {@code lock-inspect}; the app only wires these together.
 *
 * @param scanner classifies lock files
 * @param watcher keeps the latest scan of every watched directory and reports changes: the engine's
 *     {@link LockWatcher} (an interface only so view-model tests can drive it by hand)
 * @param admin refreshes, breaks and cleans, compare-and-act, with an audit record each
 * @param doctor qualifies a directory's filesystem and measures the clock offset
 */
public record Engine(LockScanner scanner, LockFeed watcher, LockAdmin admin, Doctor doctor) implements AutoCloseable {

    public Engine {
        Objects.requireNonNull(scanner, "scanner");
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(doctor, "doctor");
    }

    /** The engine on the system clock, writing audit records to {@code audit}. */
    public static Engine create(AuditLog audit) {
        return create(InstantSource.system(), audit, Duration.ofSeconds(1));
    }

    /** The engine on {@code clock}, writing audit records to {@code audit}, polling every {@code poll}. */
    public static Engine create(InstantSource clock, AuditLog audit, Duration poll) {
        LockScanner scanner = LockScanner.builder().clock(clock).build();
        LockFeed watcher = LockFeed.of(LockWatcher.builder(scanner)
                .pollInterval(poll)
                .scanTimeout(Duration.ofSeconds(10))
                .threadFactory(BackgroundThreads.named("lockwatch-scan"))
                .build());
        LockAdmin admin = LockAdmin.builder().clock(clock).auditLog(audit).scanner(scanner).build();
        return new Engine(scanner, watcher, admin, Doctor.withClock(clock));
    }

    /** Stops the watcher's threads. */
    @Override
    public void close() {
        watcher.close();
    }
}
