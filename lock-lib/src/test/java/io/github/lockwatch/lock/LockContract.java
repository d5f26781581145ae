package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol contract with a fake clock: expiry, slop, timeouts, refresh, break, error paths. Runs on
 * Jimfs ({@link JimfsLockContractTest}) and on real filesystems ({@code *ContractIT}).
 */
abstract class LockContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Path root;
    private Path dir;
    private Path lockPath;
    private FakeClock clock;

    /** A fresh, empty directory on the filesystem under test, which may hold sibling directories. */
    abstract Path newRoot() throws IOException;

    @BeforeEach
    void setUp() throws IOException {
        root = newRoot();
        dir = Files.createDirectories(root.resolve("share/locks"));
        lockPath = dir.resolve("db.lck");
        clock = new FakeClock(T0);
    }

    private LockFile.Builder builder(String host, long pid) {
        return LockFile.builder(lockPath).identity(new ProcessIdentity(host, pid)).clock(clock)
                .sleeper(clock.sleeper()).random(new SplittableRandom(pid));
    }

    private LockFile lockObject(String host, long pid) {
        return builder(host, pid).build();
    }

    private String content(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink")).longValue();
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            names.sort(null);
            return names;
        }
    }

    @Test
    void acquireLinksTheClaimAndWritesTheProtocolExactly() throws Exception {
        LockFile lock = lockObject("hostA", 42);
        try (HeldLock held = lock.lock()) {
            Claim claim = held.claim();
            assertEquals(lockPath.toAbsolutePath() + "|hostA|42|" + claim.random(), claim.text());
            Path claimFile = dir.resolve("db.lck|hostA|42|" + claim.random());
            assertEquals(claim.text(), content(lockPath), "lock content is the claim path, no newline");
            assertEquals(claim.text(), content(claimFile));
            assertEquals(2, nlink(lockPath));
            assertEquals(Files.getAttribute(lockPath, "unix:ino"), Files.getAttribute(claimFile, "unix:ino"));
            assertEquals(FileTime.from(T0.plusSeconds(15)), Files.getLastModifiedTime(lockPath),
                    "expiry = now + lifetime, whole seconds");
            assertTrue(lock.isLocked());
            assertEquals(LockState.OURS, lock.state());
            assertEquals(Optional.of(claim), lock.details());
        }
        assertEquals(List.of(), names(), "release removes the lock file and the claim file");
        assertEquals(LockState.UNLOCKED, lock.state());
    }

    @Test
    void expiryIsFlooredToWholeSeconds() throws Exception {
        clock.advance(Duration.ofMillis(1700));
        try (HeldLock held = lockObject("h", 1).lock()) {
            assertEquals(Optional.of(T0.plusSeconds(16)), held.expiration());
        }
    }

    @Test
    void aSecondLockObjectTimesOutWithAMessageNamingBothSides() throws Exception {
        LockFile a = lockObject("hostA", 10);
        LockFile b = lockObject("hostB", 20);
        try (HeldLock ignored = a.lock()) {
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> b.lock(Duration.ofSeconds(3)));
            assertEquals(lockPath.toString(), e.getFile());
            assertTrue(e.getMessage().contains("held by host hostA pid 10"), e.getMessage());
            assertTrue(e.getMessage().contains("we are host hostB pid 20"), e.getMessage());
            assertTrue(e.getMessage().contains("3.0 s"), e.getMessage());
            assertEquals(10, e.holder().orElseThrow().pid());
        }
    }

    @Test
    void aTimedOutWaiterLeavesNoClaimFileBehind() throws Exception {
        LockFile a = lockObject("hostA", 10);
        LockFile b = lockObject("hostB", 20);
        try (HeldLock ignored = a.lock()) {
            assertThrows(LockTimeoutException.class, () -> b.lock(Duration.ofSeconds(2)));
            assertTrue(names().stream().noneMatch(n -> n.contains("hostB")), names().toString());
        }
    }

    @Test
    void waitersDoNotBreakBeforeExpiryPlusSlopButDoAfter() throws Exception {
        LockFile a = lockObject("hostA", 10);
        HeldLock held = a.lock(); // expires at T0+15s; breakable only after T0+25s
        LockFile b = lockObject("hostB", 20);
        assertThrows(LockTimeoutException.class, () -> b.lock(Duration.ofSeconds(24)));
        assertTrue(clock.instant().isBefore(T0.plusSeconds(25).plusMillis(1)));
        assertTrue(a.isLocked(), "inside the slop the lock stands");
        try (HeldLock mine = b.lock(Duration.ofSeconds(5))) {
            assertTrue(clock.instant().isAfter(T0.plusSeconds(25)), "broken strictly after expiry + slop");
            assertEquals("hostB", b.details().orElseThrow().host());
            assertFalse(a.isLocked());
            assertTrue(names().stream().noneMatch(n -> n.contains("hostA")), "the old claim is removed: " + names());
            assertFalse(held.isValid() && held.verify(), "the old holder learns it lost the lock");
        }
    }

    @Test
    void tryLockBreaksABreakableLockUnlikeFluflsTimeoutZero() throws Exception {
        lockObject("hostA", 10).lock();
        LockFile b = lockObject("hostB", 20);
        assertTrue(b.tryLock().isEmpty(), "held and not expired");
        clock.advance(Duration.ofSeconds(15 + 10));
        assertTrue(b.tryLock().isEmpty(), "expired but inside the slop (not strictly after)");
        clock.advance(Duration.ofSeconds(1));
        Optional<HeldLock> mine = b.tryLock();
        assertTrue(mine.isPresent(), "breakable: tryLock breaks and acquires");
        mine.get().close();
    }

    @Test
    void corruptContentIsNeverBroken() throws Exception {
        Files.writeString(lockPath, "garbage without separators");
        Files.setLastModifiedTime(lockPath, FileTime.from(T0.minusSeconds(3600)));
        LockFile b = lockObject("hostB", 20);
        assertThrows(LockTimeoutException.class, () -> b.lock(Duration.ofSeconds(30)));
        assertEquals("garbage without separators", content(lockPath));
        assertEquals(LockState.UNKNOWN, b.state());
        assertEquals(Optional.empty(), b.details());
    }

    @Test
    void aBrokenHoldersClaimIsRemovedByBaseNameNeverByThePathInTheContent() throws Exception {
        Path outside = Files.createDirectories(root.resolve("etc"));
        Path victim = Files.writeString(outside.resolve("db.lck|hostA|10|7"), "keep me");
        String content = outside.resolve("db.lck") + "|hostA|10|7\n"; // names another dir; trailing newline
        Path claim = Files.writeString(dir.resolve("db.lck|hostA|10|7"), content);
        Files.createLink(lockPath, claim);
        Files.setLastModifiedTime(lockPath, FileTime.from(T0.minusSeconds(60)));
        try (HeldLock ignored = lockObject("hostB", 20).lock(Duration.ofSeconds(1))) {
            assertEquals("keep me", content(victim), "nothing outside the lock's directory is touched");
            assertFalse(Files.exists(claim), "the holder's claim in our directory is removed");
        }
    }

    @Test
    void claimsOfOtherLockFilesAreNotRemovedWhenBreaking() throws Exception {
        String otherClaim = dir.resolve("other.lck") + "|hostA|10|7";
        Path other = Files.writeString(dir.resolve("other.lck|hostA|10|7"), otherClaim);
        Files.writeString(lockPath, otherClaim);
        Files.setLastModifiedTime(lockPath, FileTime.from(T0.minusSeconds(60)));
        try (HeldLock ignored = lockObject("hostB", 20).lock(Duration.ofSeconds(1))) {
            assertTrue(Files.exists(other), "a claim of another lock file stays");
        }
    }

    @Test
    void aSymlinkAtTheLockPathIsRefused() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Files.createSymbolicLink(lockPath, target);
        LockFile lock = lockObject("h", 1);
        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.lock(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals(List.of("db.lck", "target"), names(), "no claim left, the link untouched");
        assertEquals("x", content(target));
    }

    @Test
    void aSymlinkPlantedAtOurClaimPathIsAnIoErrorAndIsLeftAlone() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        LockFile lock = lockObject("h", 1);
        Files.createSymbolicLink(lock.claimFile(), victim);
        FileSystemException e = assertThrows(FileSystemException.class, () -> lock.lock(Duration.ofSeconds(1)));
        assertFalse(e instanceof UnsupportedFileSystemException, "not a filesystem problem: " + e);
        assertEquals(lock.claimFile().toString(), e.getFile(), "names our claim file");
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("keep me", content(victim), "the link was not followed");
        assertTrue(Files.isSymbolicLink(lock.claimFile()), "what is not ours is not deleted");
        assertFalse(Files.exists(lockPath, java.nio.file.LinkOption.NOFOLLOW_LINKS), "no lock file");
    }

    @Test
    void theBuilderHostnameWinsOverTheIdentityAndShowsInClaimAndDetails() throws Exception {
        LockFile lock = builder("identity-host", 7).hostname("override.example").build();
        assertEquals("override.example", lock.claim().host());
        assertEquals(7, lock.claim().pid(), "the pid still comes from the identity");
        try (HeldLock held = lock.lock()) {
            assertTrue(lock.claimFile().getFileName().toString().startsWith("db.lck|override.example|7|"),
                    lock.claimFile().toString());
            Claim holder = lockObject("other", 8).details().orElseThrow();
            assertEquals("override.example", holder.host());
            assertEquals(7, holder.pid());
            assertEquals(LockState.OURS, lock.state());
        }
    }

    @Test
    void aDirectoryAtTheLockPathIsRefused() throws Exception {
        Files.createDirectory(lockPath);
        FileSystemException e = assertThrows(FileSystemException.class, () -> lockObject("h", 1).tryLock());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        assertEquals(List.of("db.lck"), names());
    }

    @Test
    void aMissingDirectoryGivesAClearError() {
        LockFile lock = LockFile.builder(root.resolve("nope/db.lck")).clock(clock).sleeper(clock.sleeper())
                .hostname("h").build();
        IOException e = assertThrows(IOException.class, lock::lock);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void locksAreNotReentrant() throws Exception {
        LockFile lock = lockObject("h", 1);
        try (HeldLock ignored = lock.lock()) {
            assertThrows(AlreadyLockedException.class, lock::lock);
            assertThrows(AlreadyLockedException.class, lock::tryLock);
        }
    }

    @Test
    void unlockWhenNotHeldThrowsAndUnconditionalUnlockDoesNot() throws Exception {
        LockFile lock = lockObject("h", 1);
        assertThrows(NotLockedException.class, lock::unlock);
        assertFalse(lock.unlockIfHeld());
        lock.lock();
        assertTrue(lock.unlockIfHeld());
        assertEquals(List.of(), names());
    }

    @Test
    void closeIsIdempotentAndAnOldHandleNeverReleasesANewerAcquisition() throws Exception {
        LockFile lock = lockObject("h", 1);
        HeldLock first = lock.lock();
        first.close();
        first.close();
        HeldLock second = lock.lock();
        first.close();
        assertTrue(lock.isLocked(), "the old handle did not release the new acquisition");
        assertTrue(second.isValid());
        assertFalse(first.isValid());
        second.close();
    }

    @Test
    void refreshMovesTheExpiryAndKeepsTheNewLifetime() throws Exception {
        LockFile lock = lockObject("h", 1);
        try (HeldLock held = lock.lock()) {
            clock.advance(Duration.ofSeconds(10));
            held.refresh();
            assertEquals(Optional.of(T0.plusSeconds(25)), lock.expiration());
            held.refresh(Duration.ofMinutes(2));
            assertEquals(Optional.of(T0.plusSeconds(130)), lock.expiration());
            assertEquals(Duration.ofMinutes(2), lock.lifetime());
        }
    }

    @Test
    void refreshOfALostLockThrowsAndReportsTheLoss() throws Exception {
        List<String> reasons = new ArrayList<>();
        LockFile lock = builder("h", 1).onLockLost((h, reason) -> reasons.add(reason)).build();
        HeldLock held = lock.lock();
        Files.delete(lockPath);
        assertThrows(NotLockedException.class, held::refresh);
        assertFalse(held.isValid());
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("gone"), reasons.toString());
        assertThrows(NotLockedException.class, lock::unlock, "unlock of a lost lock says so");
        assertEquals(List.of(), names(), "our claim is cleaned up");
    }

    @Test
    void aLockTakenOverByAnotherHolderIsReportedWithTheNewHolder() throws Exception {
        List<String> reasons = new ArrayList<>();
        LockFile a = builder("hostA", 1).onLockLost((h, reason) -> reasons.add(reason)).build();
        HeldLock held = a.lock();
        clock.advance(Duration.ofSeconds(26)); // A was paused past expiry + slop
        try (HeldLock b = lockObject("hostB", 2).lock(Duration.ZERO)) {
            a.keepAliveTick(held);
            assertEquals(1, reasons.size());
            assertTrue(reasons.get(0).contains("host hostB pid 2"), reasons.get(0));
            assertTrue(b.isValid());
        }
    }

    @Test
    void keepAliveTickRefreshesWhileOurs() throws Exception {
        LockFile lock = builder("h", 1).build();
        try (HeldLock held = lock.lock()) {
            clock.advance(Duration.ofSeconds(5));
            lock.keepAliveTick(held);
            assertEquals(Optional.of(T0.plusSeconds(20)), lock.expiration());
            assertTrue(held.isValid());
        }
    }

    @Test
    void stateFollowsFluflsMeanings() throws Exception {
        LockFile ours = lockObject("hostA", ProcessHandle.current().pid());
        assertEquals(LockState.UNLOCKED, ours.state());
        ours.lock();
        assertEquals(LockState.OURS, ours.state());
        clock.advance(Duration.ofSeconds(16));
        assertEquals(LockState.OURS_EXPIRED, ours.state());
        LockFile otherHost = lockObject("hostB", 5);
        assertEquals(LockState.UNKNOWN, otherHost.state(), "another host: liveness unknown");
        LockFile sameHostLive = LockFile.builder(lockPath).identity(new ProcessIdentity("hostA", 999_999))
                .clock(clock).build();
        assertEquals(LockState.THEIRS_EXPIRED, sameHostLive.state(), "our pid is alive, lock expired");
        ours.unlock();
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void stateIsStaleWhenTheHolderProcessIsGone() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        LockFile dead = lockObject("hostA", deadPid);
        dead.lock();
        LockFile observer = lockObject("hostA", ProcessHandle.current().pid());
        assertEquals(LockState.STALE, observer.state());
    }

    @Test
    void isLockedNeverTouchesTheFile() throws Exception {
        LockFile lock = lockObject("h", 1);
        lock.lock();
        FileTime before = Files.getLastModifiedTime(lockPath);
        clock.advance(Duration.ofSeconds(5));
        assertTrue(lock.isLocked());
        lock.state();
        lock.details();
        assertEquals(before, Files.getLastModifiedTime(lockPath));
        lock.unlock();
    }

    @Test
    void anInterruptedWaiterRemovesItsClaim() throws Exception {
        lockObject("hostA", 1).lock();
        LockFile b = LockFile.builder(lockPath).identity(new ProcessIdentity("hostB", 2)).clock(clock)
                .sleeper(d -> {
                    throw new InterruptedException("test");
                }).build();
        assertThrows(InterruptedException.class, b::lock);
        assertTrue(names().stream().noneMatch(n -> n.contains("hostB")), names().toString());
    }

    @Test
    void aClaimRemovedWhileWaitingIsWrittenAgain() throws Exception {
        HeldLock a = lockObject("hostA", 1).lock();
        AtomicReference<LockFile> waiter = new AtomicReference<>();
        AtomicInteger pauses = new AtomicInteger();
        waiter.set(LockFile.builder(lockPath).identity(new ProcessIdentity("hostB", 2)).clock(clock)
                .sleeper(d -> {
                    clock.advance(d);
                    if (pauses.incrementAndGet() == 3) {
                        try {
                            Files.delete(waiter.get().claimFile()); // an over-eager clean-up
                            a.close();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                }).build());
        try (HeldLock mine = waiter.get().lock(Duration.ofSeconds(5))) {
            assertTrue(waiter.get().isLocked());
            assertEquals(2, nlink(lockPath));
        }
    }

    @Test
    void builderValidatesOptions() {
        assertThrows(IllegalArgumentException.class, () -> LockFile.builder(lockPath).lifetime(Duration.ofMillis(10)));
        assertThrows(IllegalArgumentException.class, () -> LockFile.builder(lockPath).separator('a'));
        assertThrows(IllegalArgumentException.class, () -> LockFile.builder(lockPath).hostname(" "));
        assertThrows(IllegalArgumentException.class, () -> LockFile.builder(lockPath).defaultTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> LockFile.builder(root.getRoot()).build());
    }

    @Test
    void theDefaultTimeoutApplies() throws Exception {
        lockObject("hostA", 1).lock();
        LockFile b = builder("hostB", 2).defaultTimeout(Duration.ofSeconds(2)).build();
        LockTimeoutException e = assertThrows(LockTimeoutException.class, b::lock);
        assertEquals(Duration.ofSeconds(2), e.waited());
    }

    @Test
    void aCustomSeparatorIsUsedThroughout() throws Exception {
        LockFile lock = builder("h", 1).separator('^').build();
        try (HeldLock held = lock.lock()) {
            assertTrue(content(lockPath).startsWith(lockPath.toAbsolutePath() + "^h^1^"));
            assertTrue(Files.exists(dir.resolve("db.lck^h^1^" + held.claim().random())));
        }
    }
}
