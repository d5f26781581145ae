package io.github.lockwatch.lock;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

/**
 * The flufl.lock protocol on one lock file for one claim: every file operation of {@link LockFile},
 * without its bookkeeping of handles and threads.
 */
final class Protocol {

    private static final System.Logger LOG = System.getLogger(LockFile.class.getName());
    /** More than any claim (PATH_MAX plus three fields); a longer file is not a claim. */
    static final int MAX_CONTENT = 16 * 1024;
    private static final int IMMEDIATE_RETRIES = 2;
    /** How often an operation that failed with ESTALE or ENOENT is tried before the error counts. */
    static final int TRANSIENT_ATTEMPTS = 5;
    private static final Set<OpenOption> CLAIM_OPEN_OPTIONS = Set.of(StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, NOFOLLOW_LINKS);
    /** A lock object re-acquiring this soon after its own contended release gives way to the waiters. */
    private static final long COURTESY_WINDOW_NANOS = 5_000_000;
    /** The head start a waiter of age zero gives older waiters after a release; it shrinks with age. */
    static final long HEAD_START_NANOS = 150_000;
    /** A waiter that has waited this long gives no head start: it takes the lock as soon as it can. */
    static final long HEAD_START_AGE_NANOS = 3_000_000;

    private final Path path;
    private final Path dir;
    private final String fileName;
    private final char separator;
    private final ProcessIdentity identity;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Interleaving interleaving;
    private final Claim claim;
    private final String claimText;
    private final byte[] claimBytes;
    private final Path claimPath;
    /** The claim as a java.io.File on the default filesystem (for the cheap touch), else null. */
    private final java.io.File claimFile;
    private volatile boolean warnedUnbreakable;
    /** The lock file as tryLink found it on EEXIST, for the break decision right after. */
    private Observed seenOnConflict;
    /** Whether the last acquisition had to wait, and when we last released: see giveWay. */
    private volatile boolean contended;
    private volatile long releasedAtNanos;
    /** Set once a link of ours showed a link count of 2: this filesystem reports hard links. */
    private volatile boolean linksReported;
    /** The lock file's identity while we hold it (file key of our claim's inode), else null. */
    private volatile Object heldKey;
    /** When (System.nanoTime) we last touched our claim: its ctime then was the file server's "now". */
    private volatile long claimTouchedNanos;
    private volatile boolean warnedClockAhead;
    /** The mtime in epoch seconds our claim file was last given, to skip a touch that changes nothing. */
    private volatile long claimTouchedTo = Long.MIN_VALUE;

    Protocol(Path lockFile, char separator, ProcessIdentity identity, InstantSource clock, Sleeper sleeper,
            RandomGenerator random) {
        this(lockFile, separator, identity, clock, sleeper, random, Interleaving.NONE);
    }

    Protocol(Path lockFile, char separator, ProcessIdentity identity, InstantSource clock, Sleeper sleeper,
            RandomGenerator random, Interleaving interleaving) {
        this.path = lockFile.toAbsolutePath().normalize();
        this.dir = path.getParent();
        if (dir == null || path.getFileName() == null) {
            throw new IllegalArgumentException("lock file needs a name and a directory: " + lockFile);
        }
        this.fileName = path.getFileName().toString();
        this.separator = separator;
        this.identity = identity;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.interleaving = interleaving;
        this.claim = new Claim(path.toString(), identity.host(), identity.pid(),
                Long.toString(random.nextLong(Long.MAX_VALUE)), separator);
        this.claimText = claim.text();
        this.claimBytes = claimText.getBytes(StandardCharsets.UTF_8);
        this.claimPath = dir.resolve(claim.fileName());
        this.claimFile = path.getFileSystem() == java.nio.file.FileSystems.getDefault() ? claimPath.toFile() : null;
    }

    Path path() {
        return path;
    }

    Claim claim() {
        return claim;
    }

    Path claimPath() {
        return claimPath;
    }

    InstantSource clock() {
        return clock;
    }

    /** The points where another process (or a failing disk) can act between our file operations. */
    enum Step {
        /** Our claim file is about to be created and written. */
        WRITING_CLAIM,
        /** Our claim file is about to be touched: after writing it, after linking, or to refresh. */
        TOUCHING_CLAIM,
        /** Our claim was just linked to the lock file; the link count check comes next. */
        LINKED,
        /** An expired lock was read and judged breakable; the confirming second read comes next. */
        BREAK_JUDGED,
        /** The second read found the lock unchanged; it is about to be deleted. */
        BREAKING
    }

    /**
     * A test seam: told when a {@link Step} is reached, so that a test can change the files there (as
     * another process would) or fail the next operation by throwing, deterministically. Production
     * lock objects use {@link #NONE}.
     */
    @FunctionalInterface
    interface Interleaving {
        Interleaving NONE = step -> { };

        void reached(Step step) throws IOException;
    }

    // ---- acquiring ---------------------------------------------------------------------------

    void acquire(Duration lifetime, Duration timeout, boolean once) throws IOException, InterruptedException {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        DirectoryEvents.Subscription signal = null;
        boolean acquired = false;
        if (contended && System.nanoTime() - releasedAtNanos < COURTESY_WINDOW_NANOS) {
            giveWay(0, once);
        }
        try {
            writeClaim(lifetime);
            Backoff backoff = new Backoff(random);
            int immediate = IMMEDIATE_RETRIES;
            long seen = 0;
            while (true) {
                if (tryLink(lifetime)) {
                    acquired = true;
                    contended = signal != null;
                    return;
                }
                if (breakIfBreakable(lifetime) && immediate-- > 0) {
                    continue;
                }
                Duration waited = Duration.between(start, clock.instant());
                if (once || (timeout != null && waited.compareTo(timeout) >= 0)) {
                    throw new LockTimeoutException(path.toString(), holderQuietly(), identity, waited);
                }
                if (signal == null && sleeper == null) {
                    // Only a waiter pays for directory events; subscribe, then look again before sleeping
                    // so that a release between our attempt and the subscription is not missed.
                    signal = DirectoryEvents.INSTANCE.subscribe(dir, fileName);
                    seen = signal.generation();
                    continue;
                }
                Duration pause = backoff.next();
                if (timeout != null && timeout.minus(waited).compareTo(pause) < 0) {
                    pause = timeout.minus(waited);
                }
                pause(signal, seen, pause);
                if (signal != null && signal.generation() != seen) {
                    seen = signal.generation();
                    giveWay(System.nanoTime() - startNanos, false); // woken by a release: the oldest waiter first
                }
                immediate = IMMEDIATE_RETRIES;
            }
        } finally {
            if (signal != null) {
                signal.close();
            }
            if (!acquired) {
                deleteClaimQuietly();
            }
        }
    }

    /**
     * Fairness without a queue. A release wakes every waiter at once and the first to link wins, so a
     * process that is slow to wake up could lose race after race. Instead, each contender gives the
     * others a head start that shrinks with its own age: a waiter that has waited {@link
     * #HEAD_START_AGE_NANOS} or more goes at once, a younger one pauses up to {@link #HEAD_START_NANOS},
     * and a lock object coming back right after its own contended release (age zero) pauses longest.
     * A lone waiter loses at most that pause per hand-off; nothing is paused for a lock without rivals.
     */
    private void giveWay(long waitedNanos, boolean once) throws InterruptedException {
        if (sleeper != null || waitedNanos >= HEAD_START_AGE_NANOS) {
            return;
        }
        LockSupport.parkNanos(HEAD_START_NANOS * (HEAD_START_AGE_NANOS - waitedNanos) / HEAD_START_AGE_NANOS);
        if (!once && Thread.interrupted()) { // a single try does not wait, so it ignores interrupts
            throw new InterruptedException("interrupted while waiting for " + path);
        }
    }

    private void pause(DirectoryEvents.Subscription signal, long seen, Duration pause) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for " + path);
        }
        if (sleeper != null) {
            sleeper.sleep(pause);
        } else if (signal != null) {
            signal.await(seen, pause);
        } else {
            Thread.sleep(Math.max(1, pause.toMillis()));
        }
    }

    /** Creates (or truncates) and writes our claim file, then touches it; ESTALE and ENOENT are retried. */
    private void writeClaim(Duration lifetime) throws IOException {
        claimTouchedTo = Long.MIN_VALUE;
        for (int attempt = 1; ; attempt++) {
            try {
                interleaving.reached(Step.WRITING_CLAIM);
                uninterruptibly(() -> {
                    try (SeekableByteChannel ch = Files.newByteChannel(claimPath, CLAIM_OPEN_OPTIONS)) {
                        return ch.write(ByteBuffer.wrap(claimBytes));
                    }
                });
                touch(claimPath, lifetime);
                return;
            } catch (IOException e) {
                if (!isTransient(e) || attempt >= TRANSIENT_ATTEMPTS || !Files.isDirectory(dir)) {
                    throw claimFailure(e);
                }
            }
        }
    }

    /**
     * Why our claim file could not be written, as the caller should see it. Only a name refused
     * because of the separator means the filesystem cannot carry the protocol; a full disk, a
     * read-only mount, a symbolic link planted at our claim's name and the like are plain I/O errors.
     */
    IOException claimFailure(IOException e) {
        if (e instanceof NoSuchFileException && !Files.isDirectory(dir)) {
            return new NoSuchFileException(dir.toString(), null, "the lock's directory does not exist");
        }
        if (e instanceof AccessDeniedException) {
            return withCause(new AccessDeniedException(dir.toString(), null,
                    "cannot create a claim file in the lock's directory: permission denied"), e);
        }
        String reason = reasonOf(e);
        // vfat answers EINVAL for a '|' in a name, fusefat EPERM.
        if ((reason.contains("Invalid argument") || reason.contains("Operation not permitted"))
                && claim.fileName().indexOf(separator) >= 0) {
            return withCause(unsupported("cannot create the claim file " + claim.fileName() + " (" + reason
                    + "): this filesystem refuses such names (FAT and SMB forbid '" + separator
                    + "' in file names)"), e);
        }
        if (Files.isSymbolicLink(claimPath)) {
            reason = "a symbolic link is in its place, which is refused, not followed (" + reason + ")";
        }
        return withCause(new FileSystemException(claimPath.toString(), null,
                "cannot write our claim file: " + reason), e);
    }

    /** One attempt: link our claim to the lock file. True if we hold the lock now. */
    private boolean tryLink(Duration lifetime) throws IOException, InterruptedException {
        try {
            Files.createLink(path, claimPath);
        } catch (FileAlreadyExistsException e) {
            return refuseNonLock();
        } catch (NoSuchFileException e) {
            // Our claim file was removed under us (a clean-up, a breaker that misread it): write it again.
            if (!Files.exists(claimPath, NOFOLLOW_LINKS)) {
                writeClaim(lifetime);
            }
            return false;
        } catch (UnsupportedOperationException e) {
            throw unsupported("this filesystem does not support hard links, which the protocol needs");
        } catch (FileSystemException e) {
            if (isTransient(e)) {
                return false;
            }
            throw linkFailure(e);
        }
        interleaving.reached(Step.LINKED);
        return verifyLinked(lifetime);
    }

    /**
     * Why link(2) of our claim failed, as the caller should see it. {@code EPERM} and
     * {@code EOPNOTSUPP} are how filesystems without hard links answer; anything else (a full disk, a
     * quota, a read-only mount, too many links, an I/O error) is a plain I/O error.
     */
    IOException linkFailure(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return e;
        }
        String reason = reasonOf(e);
        if (reason.contains("Operation not permitted") || reason.contains("not supported")
                || reason.contains("Function not implemented")) {
            return withCause(unsupported("link(2) failed (" + reason + "): this filesystem does not support"
                    + " hard links (FAT, exFAT and many SMB mounts do not), which the protocol needs"), e);
        }
        return withCause(new FileSystemException(path.toString(), claimPath.toString(),
                "cannot link our claim file to the lock file: " + reason), e);
    }

    private static String reasonOf(IOException e) {
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return reason != null ? reason : e.getClass().getSimpleName();
    }

    private static <T extends IOException> T withCause(T wrapper, IOException cause) {
        wrapper.initCause(cause);
        return wrapper;
    }

    /**
     * After a successful link: check the link count the way every flufl reader will. The lock file is
     * our claim's inode at this instant (nobody may break a lock we touched a moment ago), so its
     * attributes are enough; its file key identifies our lock until we release it. Once a link showed
     * a count of 2 the filesystem is known to report links, and later acquisitions read only the
     * basic attributes (the count costs a slower attribute read on every cycle).
     */
    private boolean verifyLinked(Duration lifetime) throws IOException, InterruptedException {
        Object key = null;
        boolean held = false;
        try {
            for (int attempt = 0; ; attempt++) {
                long nlink;
                if (linksReported) {
                    BasicFileAttributes lock = basicAttributes(path);
                    if (lock == null || !lock.isRegularFile()) {
                        return false; // broken the instant after we linked; try again
                    }
                    key = lock.fileKey();
                    nlink = 2;
                } else {
                    Observed lock = Observed.attributesOf(path);
                    if (lock == null || lock.kind() != Observed.Kind.REGULAR) {
                        return false;
                    }
                    key = lock.fileKey();
                    nlink = lock.nlink();
                }
                if (nlink >= 2 || nlink < 0) {
                    if (nlink > 2) {
                        LOG.log(System.Logger.Level.WARNING, "{0} has {1} links, expected 2", path, nlink);
                    }
                    if (!touchAfterLink(lifetime)) {
                        return false; // our claim vanished (removed by hand, or a breaker): start over
                    }
                    heldKey = key;
                    linksReported = nlink == 2;
                    held = true;
                    return true;
                }
                if (basicAttributes(claimPath) == null) {
                    return false; // the count is right after all: our claim vanished; start over
                }
                if (attempt >= 10) {
                    throw unsupported("link(2) succeeded but the lock file's link count stays "
                            + nlink + ", never 2: this filesystem does not report hard links"
                            + " (sshfs does this), so flufl.lock peers could never see the lock as held");
                }
                // Attribute caches (NFS, FUSE) can show the old count for a moment.
                pause(null, 0, Duration.ofMillis(50));
            }
        } finally {
            if (!held) {
                removeOurLockQuietly(key);
            }
        }
    }

    /**
     * We linked our claim but do not hold the lock after all (the claim vanished, the link count never
     * came right, the touch failed, we were interrupted): remove the lock file if it is still the inode
     * we linked and contains our claim, so that nobody waits for a lock that no one holds.
     */
    private void removeOurLockQuietly(Object linkedKey) {
        try {
            Observed lock = Observed.of(path);
            if (lock != null && lock.kind() == Observed.Kind.REGULAR && claimText.equals(lock.content())
                    && (linkedKey == null || linkedKey.equals(lock.fileKey()))) {
                delete(path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove the lock file {0} we linked but do not"
                    + " hold: {1}", path, e.toString());
        }
    }

    /**
     * The lock file exists: refuse what is not a lock. One lstat, no read: a waiter that lost a race
     * should cost the winner (and the CPU) as little as possible.
     */
    private boolean refuseNonLock() throws IOException {
        Observed lock = Observed.attributesOf(path);
        if (lock != null && lock.kind() == Observed.Kind.SYMLINK) {
            throw new FileSystemException(path.toString(), null,
                    "is a symbolic link; refusing to follow it or to lock through it");
        }
        if (lock != null && lock.kind() != Observed.Kind.REGULAR) {
            throw new FileSystemException(path.toString(), null,
                    "is not a regular file but a " + lock.kind().label + "; refusing to use it as a lock");
        }
        seenOnConflict = lock;
        return false;
    }

    /**
     * Breaks the lock if it expired more than the slop ago and its content is a claim. True when the
     * caller should retry at once (broken, or the lock changed or vanished meanwhile).
     */
    private boolean breakIfBreakable(Duration lifetime) throws IOException {
        Observed seen = seenOnConflict != null ? seenOnConflict : Observed.attributesOf(path);
        seenOnConflict = null;
        if (seen == null) {
            return true;
        }
        if (seen.kind() != Observed.Kind.REGULAR
                || !clock.instant().isAfter(seen.mtime().plus(LockFile.CLOCK_SLOP))) {
            return false; // the usual case: held and not expired, decided without reading the file
        }
        if (fileServerSaysUnexpired(seen.mtime())) {
            return false;
        }
        Observed before = Observed.of(path);
        if (before == null) {
            return true;
        }
        if (before.kind() != Observed.Kind.REGULAR
                || !clock.instant().isAfter(before.mtime().plus(LockFile.CLOCK_SLOP))) {
            return false;
        }
        Optional<Claim> holder = Claim.parse(before.content(), separator);
        if (holder.isEmpty()) {
            if (!warnedUnbreakable) {
                warnedUnbreakable = true;
                LOG.log(System.Logger.Level.WARNING, "{0} expired but does not contain a claim; like"
                        + " flufl.lock 6+, we never break it: remove it by hand (lockctl break --force)", path);
            }
            return false;
        }
        // Decide on two reads: a holder that refreshed or re-acquired in between is left alone.
        interleaving.reached(Step.BREAK_JUDGED);
        Observed again = Observed.of(path);
        if (again == null || !before.sameLockAs(again)) {
            return true;
        }
        touchQuietly(path, lifetime); // as flufl: other flufl breakers now see an unexpired lock
        interleaving.reached(Step.BREAKING);
        try {
            Files.delete(path);
        } catch (NoSuchFileException e) {
            return true;
        }
        removeClaimOf(holder.get(), before.content());
        LOG.log(System.Logger.Level.INFO, "broke lock {0} of host {1} pid {2}, expired at {3}", path,
                holder.get().host(), holder.get().pid(), before.mtime());
        return true;
    }

    /**
     * Guards against our own clock running ahead: a lock that looks expired past the slop by this
     * machine's clock is left alone if the file server's clock says otherwise. The server's "now" is
     * our claim file's ctime, which the server set when we last touched the claim, plus the monotonic
     * time elapsed since. A ctime that is missing or more than a day away from our clock (a filesystem
     * that does not keep ctime, or a test clock set to another day) is ignored. This only ever delays a
     * break; the holder's own clock running behind still makes its lock look expired early.
     */
    private boolean fileServerSaysUnexpired(Instant expiry) {
        if (claimTouchedNanos == 0) {
            return false;
        }
        Instant serverNow;
        try {
            FileTime ctime = (FileTime) Files.getAttribute(claimPath, "unix:ctime", NOFOLLOW_LINKS);
            serverNow = ctime.toInstant().plusNanos(System.nanoTime() - claimTouchedNanos);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
        Duration ahead = Duration.between(serverNow, clock.instant());
        if (ahead.abs().compareTo(Duration.ofDays(1)) > 0 || serverNow.isAfter(expiry.plus(LockFile.CLOCK_SLOP))) {
            return false;
        }
        if (!warnedClockAhead) {
            warnedClockAhead = true;
            LOG.log(System.Logger.Level.WARNING, "not breaking {0}: it expired at {1}, which is more than the"
                    + " slop ago by this machine''s clock but not by the file server''s: this clock is about {2} s"
                    + " ahead of the server (fix the clock, e.g. with NTP)", path, expiry, ahead.toSeconds());
        }
        return true;
    }

    /**
     * Removes a broken holder's claim file: by base name in the lock's directory, only if that name is
     * this lock's claim name, and only if the file there is a regular file with the same content.
     */
    private void removeClaimOf(Claim holder, String content) throws IOException {
        String lockName = holder.lockFile().substring(
                Math.max(holder.lockFile().lastIndexOf('/'), holder.lockFile().lastIndexOf('\\')) + 1);
        String name = holder.fileName();
        if (!lockName.equals(fileName) || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0) {
            return;
        }
        Path holderClaim = dir.resolve(name);
        Observed observed = Observed.of(holderClaim);
        if (observed != null && observed.kind() == Observed.Kind.REGULAR && observed.nlink() <= 1
                && content.strip().equals(observed.content().strip())) {
            Files.deleteIfExists(holderClaim);
        }
    }

    // ---- holding -------------------------------------------------------------------------------

    /** Empty if we hold the lock (flufl's is_locked, read-only); otherwise why not. */
    Optional<String> checkOwnership() throws IOException {
        Observed lock = Observed.of(path);
        if (lock == null) {
            return Optional.of("the lock file is gone: it was broken or removed by hand");
        }
        if (lock.kind() != Observed.Kind.REGULAR) {
            return Optional.of("a " + lock.kind().label + " replaced the lock file");
        }
        if (!claimText.equals(lock.content())) {
            return Optional.of(Claim.parse(lock.content(), separator)
                    .map(c -> "the lock is now held by host " + c.host() + " pid " + c.pid())
                    .orElse("the lock file no longer contains our claim"));
        }
        if (lock.nlink() >= 0 && lock.nlink() != 2) {
            return Optional.of("the lock file has " + lock.nlink() + " links instead of 2 (was our claim"
                    + " file removed?)");
        }
        return Optional.empty();
    }

    void touchClaim(Duration lifetime) throws IOException {
        touch(claimPath, lifetime);
    }

    /** Removes the lock file if it is still our inode, then our claim file. True if it was ours. */
    boolean release() throws IOException {
        boolean ours = false;
        Object key = heldKey;
        heldKey = null;
        if (key != null) {
            // The file key alone is not proof: after our lock was broken, a filesystem that reuses inode
            // numbers at once (ext4 does) can give the next holder's lock our key, and we would delete it.
            // An inode number is reused only once both names of our inode are gone; so if our claim file,
            // looked at after the lock file, still is that inode (and the size is our claim's), the lock
            // file was ours. Otherwise the content (a claim with its own random field) decides.
            BasicFileAttributes lock = basicAttributes(path);
            if (lock != null && lock.isRegularFile() && key.equals(lock.fileKey())) {
                BasicFileAttributes claimNow = basicAttributes(claimPath);
                ours = claimNow != null && key.equals(claimNow.fileKey()) && lock.size() == claimBytes.length
                        || contentIsOurs();
            }
        } else {
            ours = contentIsOurs();
        }
        if (ours) {
            delete(path);
        }
        delete(claimPath);
        releasedAtNanos = System.nanoTime();
        DirectoryEvents.INSTANCE.fire(dir, fileName);
        return ours;
    }

    /** Whether the lock file is a regular file holding exactly our claim. */
    private boolean contentIsOurs() throws IOException {
        Observed lock = Observed.of(path);
        return lock != null && lock.kind() == Observed.Kind.REGULAR && claimText.equals(lock.content());
    }

    private static BasicFileAttributes basicAttributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** unlink(2); NIO's delete costs an extra stat per file on the hot path. */
    private static void delete(Path file) throws IOException {
        if (file.getFileSystem() != java.nio.file.FileSystems.getDefault() || !file.toFile().delete()) {
            Files.deleteIfExists(file);
        }
    }

    /** Removes our claim file after a failed acquire; a symbolic link planted at its name is not ours. */
    private void deleteClaimQuietly() {
        try {
            BasicFileAttributes claimFile = basicAttributes(claimPath);
            if (claimFile != null && claimFile.isRegularFile()) {
                delete(claimPath);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove claim file {0}: {1}", claimPath, e.toString());
        }
    }

    // ---- reading -------------------------------------------------------------------------------

    Optional<Claim> readHolder() throws IOException {
        Observed lock = Observed.of(path);
        return lock == null ? Optional.empty() : Claim.parse(lock.content(), separator);
    }

    private Claim holderQuietly() {
        try {
            return readHolder().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    Optional<Instant> expiration() throws IOException {
        return Optional.ofNullable(Observed.attributesOf(path)).map(Observed::mtime);
    }

    LockState state() throws IOException {
        Observed lock = Observed.of(path);
        if (lock == null) {
            return LockState.UNLOCKED;
        }
        boolean expired = lock.mtime().isBefore(clock.instant());
        if (claimText.equals(lock.content().strip())) {
            return expired ? LockState.OURS_EXPIRED : LockState.OURS;
        }
        Optional<Claim> holder = Claim.parse(lock.content(), separator);
        if (holder.isEmpty() || !holder.get().host().equals(identity.host())) {
            return LockState.UNKNOWN;
        }
        boolean alive = holder.get().pid() == identity.pid()
                || ProcessHandle.of(holder.get().pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            return LockState.STALE;
        }
        return expired ? LockState.THEIRS_EXPIRED : LockState.UNKNOWN;
    }

    // ---- file helpers --------------------------------------------------------------------------

    /**
     * Sets mtime and atime to now + lifetime in whole seconds, as flufl's touch does. Our own claim is
     * touched with one utimensat(2); anything else (a lock we break) without following links.
     */
    private void touch(Path file, Duration lifetime) throws IOException {
        long seconds = Math.floorDiv(clock.instant().plus(lifetime).toEpochMilli(), 1000);
        boolean ourClaim = file.equals(claimPath);
        if (ourClaim) {
            interleaving.reached(Step.TOUCHING_CLAIM);
        }
        if (ourClaim && claimFile != null && claimFile.setLastModified(seconds * 1000)) {
            claimTouchedTo = seconds; // stat + utimes; NIO's setTimes costs open + futimens + close
            claimTouchedNanos = System.nanoTime();
            return;
        }
        FileTime time = FileTime.from(seconds, java.util.concurrent.TimeUnit.SECONDS);
        BasicFileAttributeView view = ourClaim
                ? Files.getFileAttributeView(file, BasicFileAttributeView.class)
                : Files.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW_LINKS);
        view.setTimes(time, time, null);
        if (ourClaim) {
            claimTouchedTo = seconds;
            claimTouchedNanos = System.nanoTime();
        }
    }

    /**
     * Lifetime counts from acquisition, as in flufl; skipped when the claim was written this second.
     * ESTALE is retried, as flufl retries it. False if our claim file is gone.
     */
    private boolean touchAfterLink(Duration lifetime) throws IOException {
        if (Math.floorDiv(clock.instant().plus(lifetime).toEpochMilli(), 1000) == claimTouchedTo) {
            return true;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                touch(claimPath, lifetime);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                if (!isTransient(e) || attempt >= TRANSIENT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void touchQuietly(Path file, Duration lifetime) {
        try {
            touch(file, lifetime);
        } catch (IOException e) {
            // flufl ignores a failed touch too (another owner's file); the break still proceeds.
        }
    }

    /**
     * ESTALE and ENOENT from NFS mean "the file changed under us: retry", as in flufl. Java has no
     * exception for ESTALE: it comes as a plain FileSystemException (or IOException) with the
     * C library's message.
     */
    static boolean isTransient(IOException e) {
        if (e instanceof NoSuchFileException) {
            return true;
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return text != null && text.contains("Stale file handle");
    }

    /**
     * Runs a short operation on an NIO channel so that an interrupt does not fail it. NIO channels
     * are interruptible: with the interrupt status set, opening or using one closes it with
     * {@link java.nio.channels.ClosedByInterruptException}, so an interrupted thread could neither
     * write its claim nor read a lock file (not even to release or check it). The status is cleared
     * for the operation and restored after it; an interrupt that arrives during it closes the channel,
     * and the operation is tried again. Interrupts are answered where we wait, not here.
     */
    static <T> T uninterruptibly(IoAction<T> action) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return action.run();
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An I/O action that {@link #retryingTransient} and {@link #uninterruptibly} run. */
    @FunctionalInterface
    interface IoAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action}, again after a transient failure, {@link #TRANSIENT_ATTEMPTS} times at most. */
    static <T> T retryingTransient(IoAction<T> action) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.run();
            } catch (IOException e) {
                if (!isTransient(e) || attempt >= TRANSIENT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private UnsupportedFileSystemException unsupported(String reason) {
        String type;
        try {
            type = Files.getFileStore(dir).type();
        } catch (IOException | RuntimeException e) {
            type = "unknown";
        }
        return new UnsupportedFileSystemException(path.toString(), reason + " [filesystem type: " + type + "]");
    }

    /** One look at a file without following links: its identity, times, links and (if regular) content. */
    record Observed(Object fileKey, long nlink, Instant mtime, Kind kind, String content) {

        enum Kind {
            REGULAR("regular file"), DIRECTORY("directory"), SYMLINK("symbolic link"), OTHER("special file");

            final String label;

            Kind(String label) {
                this.label = label;
            }
        }

        private static final String UNIX_ATTRIBUTES =
                "unix:nlink,lastModifiedTime,fileKey,size,isRegularFile,isDirectory,isSymbolicLink";

        /** Reads a file's state; null if it does not exist. Never opens anything but a regular file. */
        static Observed of(Path file) throws IOException {
            return readRetrying(file, true);
        }

        /** As {@link #of}, without the content (one lstat). */
        static Observed attributesOf(Path file) throws IOException {
            return readRetrying(file, false);
        }

        /** NFS answers ESTALE when another client replaced the file between lookup and read: look again. */
        private static Observed readRetrying(Path file, boolean withContent) throws IOException {
            return retryingTransient(() -> read(file, withContent));
        }

        private static Observed read(Path file, boolean withContent) throws IOException {
            Map<String, Object> a;
            long nlink;
            try {
                try {
                    a = Files.readAttributes(file, UNIX_ATTRIBUTES, NOFOLLOW_LINKS);
                    nlink = ((Number) a.get("nlink")).longValue();
                } catch (UnsupportedOperationException | IllegalArgumentException e) {
                    a = Files.readAttributes(file, "*", NOFOLLOW_LINKS);
                    nlink = -1;
                }
            } catch (NoSuchFileException e) {
                return null;
            }
            Kind kind = Boolean.TRUE.equals(a.get("isSymbolicLink")) ? Kind.SYMLINK
                    : Boolean.TRUE.equals(a.get("isDirectory")) ? Kind.DIRECTORY
                    : Boolean.TRUE.equals(a.get("isRegularFile")) ? Kind.REGULAR : Kind.OTHER;
            Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
            String content = "";
            if (kind == Kind.REGULAR && withContent) {
                try {
                    content = read(file, ((Number) a.get("size")).longValue());
                } catch (NoSuchFileException e) {
                    return null;
                }
            }
            return new Observed(a.get("fileKey"), nlink, mtime, kind, content);
        }

        boolean sameLockAs(Observed other) {
            return java.util.Objects.equals(fileKey, other.fileKey) && mtime.equals(other.mtime)
                    && content.equals(other.content) && kind == other.kind;
        }

        private static String read(Path file, long size) throws IOException {
            return uninterruptibly(() -> {
                try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, NOFOLLOW_LINKS)) {
                    // One byte more than the size seen, so a file that grew is noticed (and cut at the cap).
                    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_CONTENT, Math.max(0, size) + 1));
                    while (buf.hasRemaining() && ch.read(buf) > 0) {
                        // keep reading: a claim is short, a longer file is cut and will not parse
                    }
                    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                }
            });
        }
    }
}
