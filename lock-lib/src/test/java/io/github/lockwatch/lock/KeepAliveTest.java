package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive on Jimfs with a fake clock and a scheduler whose ticks the test runs by hand: the
 * period, a refreshed lifetime, a lost lock, failing refreshes and a listener that throws.
 */
class KeepAliveTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private FileSystem fs;
    private Path lockPath;
    private FakeClock clock;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> lost = new ArrayList<>();

    /** Records what the lock object schedules; the test runs the ticks. */
    static final class ManualScheduler implements KeepAlive.Scheduler {
        record Scheduled(Runnable tick, Duration delay, CompletableFuture<Void> future) {
        }

        final List<Scheduled> scheduled = new ArrayList<>();

        @Override
        public Future<?> schedule(Runnable tick, Duration delay) {
            Scheduled s = new Scheduled(tick, delay, new CompletableFuture<>());
            scheduled.add(s);
            return s.future();
        }

        Scheduled last() {
            return scheduled.get(scheduled.size() - 1);
        }

        /** Runs the last scheduled tick after advancing the clock by its delay. */
        void runLast(FakeClock clock) {
            Scheduled s = last();
            assertFalse(s.future().isCancelled(), "the last scheduled tick is live");
            clock.advance(s.delay());
            s.tick().run();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        lockPath = Files.createDirectories(fs.getPath("/locks")).resolve("db.lck");
        clock = new FakeClock(T0);
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    private LockFile.Builder builder() {
        return LockFile.builder(lockPath).identity(new ProcessIdentity("h", 1)).clock(clock)
                .sleeper(clock.sleeper()).random(new SplittableRandom(1)).keepAlive(true)
                .keepAliveScheduler(scheduler).onLockLost((held, reason) -> lost.add(reason));
    }

    @Test
    void ticksComeEveryThirdOfTheLifetimeAndFollowARefreshedLifetime() throws Exception {
        LockFile lock = builder().lifetime(Duration.ofSeconds(15)).build();
        HeldLock held = lock.lock();
        assertEquals(1, scheduler.scheduled.size());
        assertEquals(Duration.ofSeconds(5), scheduler.last().delay());

        scheduler.runLast(clock); // at T0+5s
        assertEquals(Optional.of(T0.plusSeconds(5 + 15)), lock.expiration(), "the tick refreshed");
        assertEquals(2, scheduler.scheduled.size());
        assertEquals(Duration.ofSeconds(5), scheduler.last().delay());

        ManualScheduler.Scheduled beforeRefresh = scheduler.last();
        held.refresh(Duration.ofSeconds(60));
        assertTrue(beforeRefresh.future().isCancelled(), "the old schedule is cancelled");
        assertEquals(3, scheduler.scheduled.size());
        assertEquals(Duration.ofSeconds(20), scheduler.last().delay(), "a third of the new lifetime");
        beforeRefresh.tick().run(); // a tick of the old schedule that was already running
        assertEquals(3, scheduler.scheduled.size(), "a stale tick neither refreshes nor reschedules");

        scheduler.runLast(clock); // at T0+25s
        assertEquals(Optional.of(T0.plusSeconds(25 + 60)), lock.expiration());
        assertEquals(Duration.ofSeconds(20), scheduler.last().delay());

        lock.refresh(Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(1), scheduler.last().delay(), "shorter lifetime, shorter period");
        int count = scheduler.scheduled.size();
        lock.refresh(Duration.ofSeconds(3));
        assertEquals(count, scheduler.scheduled.size(), "the same lifetime keeps the schedule");

        held.close();
        assertTrue(scheduler.last().future().isCancelled(), "release stops the keep-alive");
        assertEquals(List.of(), lost);
    }

    @Test
    void aLockWhoseLinkCountIsNoLongerTwoIsReportedLost() throws Exception {
        LockFile lock = builder().build();
        HeldLock held = lock.lock();
        Files.delete(lock.claimFile()); // the lock file keeps our content but has one link
        scheduler.runLast(clock);
        assertEquals(1, lost.size());
        assertTrue(lost.get(0).contains("1 links instead of 2"), lost.get(0));
        assertFalse(held.isValid());
        assertEquals(Optional.of(lost.get(0)), held.lostReason());
        assertEquals(1, scheduler.scheduled.size(), "no tick after the loss");
        held.close(); // does not throw
    }

    @Test
    void aFailingRefreshIsToleratedUntilTheLockWouldExpireThenTheLockIsLost() throws Exception {
        AtomicBoolean diskFails = new AtomicBoolean();
        LockFile lock = builder().lifetime(Duration.ofSeconds(15)).interleaving(step -> {
            if (step == Protocol.Step.TOUCHING_CLAIM && diskFails.get()) {
                throw new FileSystemException(lockPath.toString(), null, "Input/output error");
            }
        }).build();
        HeldLock held = lock.lock(); // expires at T0+15s
        diskFails.set(true);
        scheduler.runLast(clock); // T0+5s: failed, tolerated
        scheduler.runLast(clock); // T0+10s: failed, tolerated
        assertTrue(held.isValid());
        assertEquals(List.of(), lost);
        assertEquals(3, scheduler.scheduled.size(), "still ticking");

        scheduler.runLast(clock); // T0+15s: the lock expired without a refresh
        assertEquals(1, lost.size());
        assertTrue(lost.get(0).contains("could not refresh before the lock expired")
                && lost.get(0).contains("Input/output error"), lost.get(0));
        assertFalse(held.isValid());
        assertEquals(3, scheduler.scheduled.size(), "no tick after the loss");
    }

    @Test
    void aRefreshThatRecoversKeepsTheLock() throws Exception {
        AtomicBoolean diskFails = new AtomicBoolean(true);
        LockFile lock = builder().lifetime(Duration.ofSeconds(15)).interleaving(step -> {
            if (step == Protocol.Step.TOUCHING_CLAIM && diskFails.get() && clock.instant().isAfter(T0)) {
                throw new FileSystemException(lockPath.toString(), null, "Input/output error");
            }
        }).build();
        HeldLock held = lock.lock();
        scheduler.runLast(clock); // T0+5s: failed
        diskFails.set(false);
        scheduler.runLast(clock); // T0+10s: refreshed
        assertEquals(Optional.of(T0.plusSeconds(25)), lock.expiration());
        assertTrue(held.isValid());
    }

    @Test
    void aListenerThatThrowsDoesNotEscapeTheTick() throws Exception {
        LockFile lock = builder().onLockLost((held, reason) -> {
            throw new IllegalStateException("listener bug");
        }).build();
        HeldLock held = lock.lock();
        Files.delete(lockPath);
        scheduler.runLast(clock); // would throw out of the scheduler's task if the error escaped
        assertFalse(held.isValid());
        assertTrue(held.lostReason().orElseThrow().contains("gone"));
    }
}
