package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.github.lockwatch.lock.Protocol.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Error paths and races on Jimfs with a fake clock: I/O failures, NFS's ESTALE, a lock that changes or
 * vanishes while we break it, argument checks, the back-off. Races are made deterministic with the
 * {@link Protocol.Interleaving} seam, which lets the test act (or fail an operation) at the exact point
 * where another process could.
 */
class FaultsAndInterleavingsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ESTALE = "Stale file handle";

    private FileSystem fs;
    private Path dir;
    private Path lockPath;
    private FakeClock clock;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").build());
        dir = Files.createDirectories(fs.getPath("/share/locks"));
        lockPath = dir.resolve("db.lck");
        clock = new FakeClock(T0);
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    private LockFile.Builder builder(String host, long pid) {
        return LockFile.builder(lockPath).identity(new ProcessIdentity(host, pid)).clock(clock)
                .sleeper(clock.sleeper()).random(new SplittableRandom(pid));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink")).longValue();
    }

    /** A holder whose lock expired past the slop, so that the next waiter decides to break it. */
    private HeldLock expiredHolder() throws Exception {
        HeldLock held = builder("hostA", 1).build().lock();
        clock.advance(Duration.ofSeconds(15 + 10 + 1));
        return held;
    }

    // ---- I/O errors are not "unsupported filesystem" (audit item 2) -------------------------------
    // The classification is tested with the errors the kernel would give: these tests run as root,
    // whom a read-only or unwritable directory does not stop, and a full disk, a quota or too many
    // links would each need a dedicated mount. The real cases are a symbolic link planted at our claim
    // path (LockContract, on every filesystem) and FAT's EPERM (UnsupportedFilesystemIT).

    @ParameterizedTest
    @ValueSource(strings = {"No space left on device", "Read-only file system", "Disk quota exceeded",
            "Too many links", "Input/output error", "Too many levels of symbolic links"})
    void linkFailuresOtherThanMissingHardLinksAreIoErrorsNamingTheFiles(String reason) {
        Protocol protocol = protocol();
        IOException e = protocol.linkFailure(
                new FileSystemException(lockPath.toString(), protocol.claimPath().toString(), reason));
        assertFalse(e instanceof UnsupportedFileSystemException, e.toString());
        FileSystemException fse = assertInstanceOf(FileSystemException.class, e);
        assertEquals(lockPath.toString(), fse.getFile());
        assertEquals(protocol.claimPath().toString(), fse.getOtherFile());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(reason, ((FileSystemException) e.getCause()).getReason(), "the original is the cause");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Operation not permitted", "Operation not supported"})
    void linkRefusedAsOnFatIsUnsupportedFilesystem(String reason) {
        Protocol protocol = protocol();
        IOException e = protocol.linkFailure(
                new FileSystemException(lockPath.toString(), protocol.claimPath().toString(), reason));
        assertInstanceOf(UnsupportedFileSystemException.class, e);
        assertTrue(e.getMessage().contains("hard links"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"No space left on device", "Read-only file system", "Disk quota exceeded",
            "Input/output error"})
    void claimCreationFailuresAreIoErrorsNamingTheClaimFile(String reason) {
        Protocol protocol = protocol();
        IOException e = protocol.claimFailure(new FileSystemException(protocol.claimPath().toString(), null, reason));
        assertFalse(e instanceof UnsupportedFileSystemException, e.toString());
        assertEquals(protocol.claimPath().toString(), ((FileSystemException) e).getFile());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aClaimNameRefusedBecauseOfTheSeparatorIsUnsupportedFilesystem() {
        Protocol protocol = protocol();
        IOException e = protocol.claimFailure(
                new FileSystemException(protocol.claimPath().toString(), null, "Invalid argument"));
        assertInstanceOf(UnsupportedFileSystemException.class, e);
        assertTrue(e.getMessage().contains("forbid '|'"), e.getMessage());
    }

    @Test
    void aFullDiskWhileWritingTheClaimIsReportedAsSuchAndLeavesNothing() throws Exception {
        LockFile lock = builder("h", 1).interleaving(step -> {
            if (step == Step.TOUCHING_CLAIM) { // the claim exists by now: it must be removed again
                throw new FileSystemException(lockPath + "|h|1|x", null, "No space left on device");
            }
        }).build();
        FileSystemException e = assertThrows(FileSystemException.class, lock::tryLock);
        assertFalse(e instanceof UnsupportedFileSystemException, e.toString());
        assertEquals(lock.claimFile().toString(), e.getFile());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(), names());
    }

    // ---- ESTALE and ENOENT are retried (audit item 5) ----------------------------------------------

    @Test
    void isTransientKnowsEstaleAndEnoentAndNothingElse() {
        assertTrue(Protocol.isTransient(new NoSuchFileException("/x")));
        assertTrue(Protocol.isTransient(new FileSystemException("/x", null, ESTALE)));
        assertTrue(Protocol.isTransient(new IOException(ESTALE)), "a read() on NFS throws a plain IOException");
        assertFalse(Protocol.isTransient(new FileSystemException("/x", null, "Input/output error")));
        assertFalse(Protocol.isTransient(new IOException("No space left on device")));
        assertFalse(Protocol.isTransient(new IOException((String) null)));
    }

    @Test
    void retryingTransientRetriesEstaleThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = Protocol.retryingTransient(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new FileSystemException("/x", null, ESTALE);
            }
            return "read";
        });
        assertEquals("read", result);
        assertEquals(3, calls.get());
    }

    @Test
    void retryingTransientGivesUpAfterTheLastAttemptAndNeverRetriesOtherErrors() {
        AtomicInteger calls = new AtomicInteger();
        FileSystemException stale = new FileSystemException("/x", null, ESTALE);
        assertSame(stale, assertThrows(FileSystemException.class, () -> Protocol.retryingTransient(() -> {
            calls.incrementAndGet();
            throw stale;
        })));
        assertEquals(Protocol.TRANSIENT_ATTEMPTS, calls.get());

        calls.set(0);
        assertThrows(IOException.class, () -> Protocol.retryingTransient(() -> {
            calls.incrementAndGet();
            throw new IOException("Input/output error");
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void estaleWhileWritingTheClaimIsRetried() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        LockFile lock = builder("h", 1).interleaving(step -> {
            if (step == Step.WRITING_CLAIM && failures.incrementAndGet() <= 2) {
                throw new FileSystemException(lockPath.toString(), null, ESTALE);
            }
        }).build();
        try (HeldLock held = lock.tryLock().orElseThrow()) {
            assertTrue(lock.isLocked());
        }
        assertEquals(3, failures.get());
    }

    /** The touch after linking happens only when the second changed since the claim was written. */
    private Protocol.Interleaving afterLink(Protocol.Interleaving action) {
        AtomicInteger linked = new AtomicInteger();
        return step -> {
            if (step == Step.LINKED) {
                linked.incrementAndGet();
                clock.advance(Duration.ofSeconds(1));
            } else if (step == Step.TOUCHING_CLAIM && linked.get() > 0) {
                action.reached(step);
            }
        };
    }

    @Test
    void estaleWhileTouchingAfterTheLinkIsRetried() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        LockFile lock = builder("h", 1).interleaving(afterLink(step -> {
            if (failures.incrementAndGet() == 1) {
                throw new FileSystemException(lockPath.toString(), null, ESTALE);
            }
        })).build();
        try (HeldLock held = lock.lock(Duration.ZERO)) {
            assertTrue(lock.isLocked());
            assertEquals(Optional.of(T0.plusSeconds(16)), lock.expiration(), "touched after the link");
        }
        assertEquals(2, failures.get());
    }

    @Test
    void aFailedTouchAfterTheLinkRemovesTheLockWeLinked() throws Exception {
        LockFile lock = builder("h", 1).interleaving(afterLink(step -> {
            throw new FileSystemException(lockPath.toString(), null, "Input/output error");
        })).build();
        IOException e = assertThrows(IOException.class, () -> lock.lock(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
        assertEquals(List.of(), names(), "no lock file of ours (nobody would hold it) and no claim");
    }

    @Test
    void ourClaimVanishingRightAfterTheLinkStartsOverWithoutLeavingAHalfLock() throws Exception {
        AtomicInteger linked = new AtomicInteger();
        AtomicReference<LockFile> lock = new AtomicReference<>();
        lock.set(builder("h", 1).interleaving(step -> {
            if (step == Step.LINKED && linked.incrementAndGet() == 1) {
                Files.delete(lock.get().claimFile()); // an over-eager clean-up
            }
        }).build());
        try (HeldLock held = lock.get().lock(Duration.ofSeconds(5))) {
            assertEquals(2, linked.get(), "linked again after writing the claim again");
            assertTrue(lock.get().isLocked());
            assertEquals(2, nlink(lockPath));
        }
        assertEquals(List.of(), names());
    }

    // ---- the re-check before breaking (audit item 4) and a lock vanishing meanwhile (item 10) -------

    @Test
    void aLockRefreshedBetweenTheExpiryDecisionAndTheBreakIsNotBroken() throws Exception {
        HeldLock holder = expiredHolder();
        Path holderClaim = holder.owner().claimFile();
        AtomicInteger judged = new AtomicInteger();
        LockFile waiter = builder("hostB", 2).interleaving(step -> {
            if (step == Step.BREAK_JUDGED) {
                judged.incrementAndGet();
                // the holder wakes up and refreshes its lock right now
                Files.setLastModifiedTime(holderClaim, FileTime.from(clock.instant().plusSeconds(15)));
            }
        }).build();
        assertEquals(Optional.empty(), waiter.tryLock());
        assertEquals(1, judged.get(), "the waiter did judge the lock breakable");
        assertTrue(holder.owner().isLocked(), "the refreshed lock stands");
        assertTrue(Files.exists(holderClaim));
        assertEquals(List.of("db.lck", holderClaim.getFileName().toString()), names());
    }

    @Test
    void aLockReacquiredByAnotherHolderBetweenTheExpiryDecisionAndTheBreakIsNotBroken() throws Exception {
        HeldLock oldHolder = expiredHolder();
        AtomicReference<HeldLock> newHolder = new AtomicReference<>();
        LockFile waiter = builder("hostB", 2).interleaving(step -> {
            if (step == Step.BREAK_JUDGED && newHolder.get() == null) {
                // another waiter broke it and took it just now
                Files.delete(lockPath);
                try {
                    newHolder.set(builder("hostC", 3).build().lock(Duration.ZERO));
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }).build();
        assertEquals(Optional.empty(), waiter.tryLock());
        assertTrue(newHolder.get().owner().isLocked(), "the new holder keeps its lock");
        assertFalse(oldHolder.owner().isLocked());
    }

    @Test
    void aLockThatVanishesWhileWeBreakItIsSimplyAcquired() throws Exception {
        expiredHolder();
        AtomicInteger breaking = new AtomicInteger();
        LockFile waiter = builder("hostB", 2).interleaving(step -> {
            if (step == Step.BREAKING && breaking.incrementAndGet() == 1) {
                Files.delete(lockPath); // another breaker was quicker
            }
        }).build();
        try (HeldLock held = waiter.tryLock().orElseThrow()) {
            assertEquals(1, breaking.get());
            assertTrue(waiter.isLocked());
        }
    }

    // ---- content flufl >= 6 refuses to break (audit item 9) -----------------------------------------

    /**
     * flufl.lock 6 and later refuse to break a lock whose content does not split into four fields with
     * an integer pid ("not safe to break"); 8.x raises on a non-integer pid. Debian's flufl.lock 5.0.1,
     * the one the interop tests run, breaks anything expired, so this is checked against that rule, not
     * against a real Python process.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "\u0000\u00ff\u0001binary\u0007", "/share/locks/db.lck|hostA|1",
            "/share/locks/db.lck|hostA|1|2|3", "/share/locks/db.lck|hostA|pid|2",
            "/share/locks/db.lck|hostA|1x|2", "/share/locks/db.lck|hostA|1|2\n|trailing garbage"})
    void contentThatIsNotAClaimIsNeverBroken(String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        Files.write(lockPath, bytes);
        Files.setLastModifiedTime(lockPath, FileTime.from(T0.minus(Duration.ofDays(1))));
        LockFile waiter = builder("hostB", 2).build();
        assertEquals(Optional.empty(), waiter.tryLock());
        assertThrows(LockTimeoutException.class, () -> waiter.lock(Duration.ofSeconds(30)));
        assertEquals(List.of("db.lck"), names(), "the lock stays and our claim is gone");
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(lockPath)), "the content is untouched");
    }

    // ---- arguments, a concurrent acquire, the back-off (audit item 10) -----------------------------

    @Test
    void argumentsAreChecked() throws Exception {
        LockFile lock = builder("h", 1).build();
        assertThrows(IllegalArgumentException.class, () -> lock.lock(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> lock.lock(null));
        assertThrows(NullPointerException.class, () -> LockFile.builder(null));
        assertThrows(NullPointerException.class, () -> LockFile.of(null));
        try (HeldLock held = lock.lock()) {
            FileTime before = Files.getLastModifiedTime(lockPath);
            clock.advance(Duration.ofSeconds(3));
            assertThrows(IllegalArgumentException.class, () -> lock.refresh(Duration.ofMillis(999)));
            assertThrows(IllegalArgumentException.class, () -> held.refresh(Duration.ZERO));
            assertThrows(NullPointerException.class, () -> lock.refresh(null));
            assertEquals(before, Files.getLastModifiedTime(lockPath), "a refused refresh touches nothing");
            assertEquals(LockFile.DEFAULT_LIFETIME, lock.lifetime());
        }
        assertEquals(List.of(), names(), "refused arguments leave no claim behind");
    }

    @Test
    @Timeout(10)
    void tryLockWhileAnotherThreadOfTheSameObjectIsAcquiringThrows() throws Exception {
        HeldLock holder = builder("hostA", 1).build().lock();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        LockFile shared = builder("hostB", 2).sleeper(d -> {
            waiting.countDown();
            letGo.await();
            clock.advance(d);
        }).build();
        AtomicReference<Throwable> waiterResult = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                shared.lock(Duration.ofSeconds(1));
            } catch (Throwable e) {
                waiterResult.set(e);
            }
        }, "acquirer");
        t.start();
        try {
            assertTrue(waiting.await(5, TimeUnit.SECONDS), "the other thread is waiting inside its acquire");
            AlreadyLockedException e = assertThrows(AlreadyLockedException.class, shared::tryLock);
            assertTrue(e.getMessage().contains("being acquired by another thread"), e.getMessage());
        } finally {
            letGo.countDown();
            t.join(5000);
        }
        assertInstanceOf(LockTimeoutException.class, waiterResult.get(), "the waiter timed out as usual");
        assertTrue(holder.owner().isLocked());
    }

    @Test
    void tryLockIgnoresAnInterruptAndLeavesTheInterruptStatusSet() throws Exception {
        LockFile lock = builder("h", 1).build();
        Thread.currentThread().interrupt();
        try {
            Optional<HeldLock> held = lock.tryLock();
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            assertTrue(held.isPresent(), "a single try does not wait, so it is not cut short");
            held.get().close();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anInterruptedThreadCanStillCheckRefreshAndReleaseItsLock() throws Exception {
        LockFile lock = builder("h", 1).build();
        HeldLock held = lock.lock();
        Thread.currentThread().interrupt(); // e.g. a shutdown hook interrupted the worker
        try {
            assertTrue(lock.isLocked(), "reading the lock file is not cut short by the interrupt");
            assertEquals(LockState.OURS, lock.state());
            held.refresh();
            held.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            assertThrows(InterruptedException.class, lock::lock, "a blocking acquire answers the interrupt");
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(), names());
    }

    @Test
    void theBackOffStartsNearOneMillisecondDoublesToTheCapAndIsJittered() throws Exception {
        builder("hostA", 1).build().lock();
        List<Duration> pauses = new ArrayList<>();
        LockFile waiter = builder("hostB", 2).sleeper(d -> {
            pauses.add(d);
            clock.advance(d);
        }).build();
        assertThrows(LockTimeoutException.class, () -> waiter.lock(Duration.ofSeconds(3)));
        assertTrue(pauses.size() > 20, pauses.toString());
        long nominal = Backoff.FIRST.toNanos();
        for (Duration pause : pauses.subList(0, pauses.size() - 1)) { // the last is cut to the timeout
            long n = pause.toNanos();
            assertTrue(n >= nominal / 2 && n <= nominal, pause + " outside [" + nominal / 2 + ", " + nominal + "] ns");
            nominal = Math.min(Backoff.CAP.toNanos(), nominal * 2);
        }
        assertTrue(Backoff.CAP.compareTo(Duration.ofMillis(250)) <= 0, "the cap is at most 250 ms");
        List<Duration> capped = pauses.subList(10, pauses.size() - 1);
        assertTrue(capped.stream().distinct().count() > capped.size() / 2, "jittered, not lock-step: " + capped);
        assertEquals(Duration.ofSeconds(3), pauses.stream().reduce(Duration.ZERO, Duration::plus),
                "the pauses add up to the timeout exactly: the last one is cut");
    }

    private Protocol protocol() {
        return new Protocol(lockPath, '|', new ProcessIdentity("h", 1), clock, clock.sleeper(),
                new SplittableRandom(1));
    }
}
