package io.github.lockwatch.lock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * A lock on a file in a shared directory that Java and Python processes, on this host or on other
 * hosts of an NFS share, can hold in turn, one at a time. It speaks the
 * <a href="https://flufl-lock.readthedocs.io/">flufl.lock</a> on-disk protocol exactly, so a Java
 * process holding {@code /shared/db.lck} excludes a Python process using {@code flufl.lock.Lock} on
 * the same path, and the other way round.
 *
 * <pre>{@code
 * LockFile lock = LockFile.builder(Path.of("/shared/db.lck"))
 *         .lifetime(Duration.ofSeconds(30))
 *         .keepAlive(true)
 *         .onLockLost((held, reason) -> log.error("lost {}: {}", held.lockFile(), reason))
 *         .build();
 * try (HeldLock held = lock.lock(Duration.ofSeconds(10))) {
 *     // critical section
 * }
 * }</pre>
 *
 * <h2>How it works</h2>
 * Each lock object owns a <em>claim file</em> next to the lock file, named and filled with its
 * {@link Claim} {@code <lockfile>|<host>|<pid>|<random>}. Acquiring hard-links the claim file to the
 * lock file; {@code link(2)} is atomic on every filesystem that has hard links, NFS included. The
 * lock file's modification time is its expiry: the holder sets it to <em>now + lifetime</em> on
 * acquiring and on every refresh. A waiter breaks a lock only when it expired more than
 * {@link #CLOCK_SLOP} (10 s) ago.
 *
 * <h2>Differences from flufl.lock</h2>
 * <ul>
 *   <li>{@link #tryLock()} breaks a breakable lock before giving up; flufl's {@code lock(timeout=0)}
 *       never does, because it checks the timeout before expiry.</li>
 *   <li>{@link #isLocked()} only reads; flufl's {@code is_locked} refreshes the claim as a side effect.</li>
 *   <li>Waiters back off from about 1 ms to 100 ms and wake early when the directory reports a
 *       deletion, instead of sleeping a random 0.01–2.01 s: a released lock is handed over in
 *       milliseconds.</li>
 *   <li>Before breaking, the lock file is read twice and broken only if its inode, mtime and content
 *       did not change in between; the old holder's claim file is removed by its base name in the
 *       lock's own directory, never by the path written in the content.</li>
 *   <li>A symbolic link at the lock path is refused, not followed; a filesystem without working hard
 *       links fails with {@link UnsupportedFileSystemException} instead of misbehaving.</li>
 *   <li>Waiters take turns roughly oldest first: after a release, a contender that has waited less
 *       than 3 ms pauses up to 0.15 ms (the younger, the longer) before trying, and a lock object that
 *       asks again right after its own contended release pauses the longest. A process looping on a
 *       hot lock does not starve the others, and one that is slow to wake up does not lose every
 *       race.</li>
 *   <li>Reads that fail with NFS's {@code ESTALE} (another client replaced the file) are retried, in
 *       {@link #state()}, {@link #details()} and {@link #isLocked()} too.</li>
 *   <li>{@link #state()} calls a lock {@link LockState#OURS ours} only if the content is this
 *       object's own claim; flufl compares the pid alone, which is wrong across PID namespaces.</li>
 * </ul>
 *
 * <h2>Threads and processes</h2>
 * A lock object is thread-safe and may be shared by threads: its acquire, release, refresh and
 * keep-alive never interleave their file operations (they all act on the one claim file of the
 * object). It is not re-entrant, and it holds the lock for all its threads: while it holds the lock,
 * acquiring from any thread throws {@link AlreadyLockedException}. Threads of one object that call
 * {@code lock} at the same time wait their turn (the first acquires, the others then find the lock
 * held by their object and throw); {@link #tryLock()} does not wait for another thread's acquire and
 * throws instead. Two lock objects on the same file, in one JVM or in different processes, exclude
 * each other.
 *
 * <h2>Platform dependencies</h2>
 * <ul>
 *   <li><b>Hard links.</b> The filesystem must support {@code link(2)} and report a link count of 2
 *       for a linked file: local POSIX filesystems and NFS do; FAT and some SMB mounts refuse links,
 *       sshfs always reports 1. Both fail with {@link UnsupportedFileSystemException}. Windows is not
 *       supported yet.</li>
 *   <li><b>Attribute caching.</b> NFS clients cache attributes (typically 3–60 s, {@code actimeo}).
 *       Ownership is checked on the lock file's own name, whose attributes the client revalidates on
 *       lookup; expiry decisions may still see an mtime a few seconds old, which the 10 s slop
 *       absorbs.</li>
 *   <li><b>Clock skew.</b> The holder writes the expiry from its clock; a waiter judges it by its own.
 *       A waiter of this library whose clock runs ahead also asks the file server's clock (the ctime
 *       the server gave its own claim file when it last touched it) and does not break a lock that
 *       is unexpired by that clock, logging a warning; a flufl.lock waiter does not, and a holder
 *       whose clock runs behind still writes expiries that look early to everyone. Keep clocks in
 *       sync (NTP) or use a lifetime well above the skew. {@code lockctl doctor} measures the
 *       offset.</li>
 *   <li><b>Whole-second mtimes.</b> Expiry is written in whole seconds, as flufl does, so
 *       filesystems that keep only seconds lose nothing. A lifetime shorter than a few seconds is
 *       not meaningful.</li>
 *   <li><b>No events over NFS.</b> Waiters are woken early by local deletion events; changes made by
 *       another NFS client are seen by polling, at most 100 ms late.</li>
 * </ul>
 *
 * @see HeldLock
 * @see Claim
 */
public final class LockFile {

    /** How long past its expiry a lock must be before a waiter breaks it, as in flufl.lock. */
    public static final Duration CLOCK_SLOP = Duration.ofSeconds(10);

    /** The lifetime used when the builder sets none, as in flufl.lock. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(15);

    private final Protocol protocol;
    private final Duration defaultTimeout;
    private final boolean keepAlive;
    private final LockLostListener lockLostListener;
    private final KeepAlive.Scheduler keepAliveScheduler;
    /**
     * Serializes everything that changes the files of this lock object (acquire, release, refresh,
     * keep-alive): they all act on the same claim path, so one thread's release must never run
     * while another thread writes or links that claim.
     */
    private final ReentrantLock guard = new ReentrantLock();
    /** True while a thread holds the guard to acquire: it may keep it for as long as it waits. */
    private volatile boolean acquiring;
    private volatile Duration lifetime;
    private volatile HeldLock current; // written under guard

    private LockFile(Builder b) {
        this.lifetime = b.lifetime;
        this.defaultTimeout = b.defaultTimeout;
        this.keepAlive = b.keepAlive;
        this.lockLostListener = b.lockLostListener;
        this.keepAliveScheduler = b.keepAliveScheduler;
        ProcessIdentity identity;
        if (b.hostname != null) {
            long pid = b.identity != null ? b.identity.pid() : ProcessHandle.current().pid();
            identity = new ProcessIdentity(b.hostname, pid);
        } else {
            identity = b.identity != null ? b.identity : ProcessIdentity.current();
        }
        this.protocol = new Protocol(b.path, b.separator, identity, b.clock, b.sleeper, b.random, b.interleaving);
    }

    /**
     * Starts building a lock object for a lock file.
     *
     * @param lockFile the lock file; made absolute, because its path is written into claims that other
     *     processes read
     * @return a builder with flufl.lock's defaults
     * @throws NullPointerException if {@code lockFile} is null
     */
    public static Builder builder(Path lockFile) {
        return new Builder(lockFile);
    }

    /**
     * A lock object with default options: 15 s lifetime, no default timeout, no keep-alive.
     *
     * <p>May block once per JVM: the first lock object built without a host name (from the builder,
     * an identity or the {@value ProcessIdentity#HOSTNAME_PROPERTY} property) resolves this machine's
     * name as Python's {@code socket.getfqdn()} does, one forward and one reverse DNS lookup; later
     * lock objects reuse the result. See {@link Builder#build()}.
     *
     * @param lockFile the lock file
     * @return the lock object; no file is touched until it is used
     * @throws NullPointerException if {@code lockFile} is null
     */
    public static LockFile of(Path lockFile) {
        return builder(lockFile).build();
    }

    /**
     * Acquires the lock, waiting for as long as the builder's default timeout (forever if none was
     * set). Breaks the lock on the way if it is breakable: expired more than {@link #CLOCK_SLOP} ago
     * with content that parses as a claim.
     *
     * <p>Blocks on the filesystem and, between attempts, on a pause of 1–100 ms that a deletion in
     * the lock's directory ends early. Another thread of this lock object that is acquiring at the
     * same time is waited for.
     *
     * @return the handle of the held lock; close it to release
     * @throws LockTimeoutException if the default timeout passed first (our claim file is removed)
     * @throws InterruptedException if the thread was interrupted while waiting (our claim file is
     *     removed, and so is the lock file if we had just linked it)
     * @throws AlreadyLockedException if this lock object already holds the lock, acquired by this or
     *     another thread
     * @throws UnsupportedFileSystemException if the filesystem cannot carry the protocol: link(2) is
     *     refused ({@code EPERM}, {@code EOPNOTSUPP}), link counts are not reported, or names with the
     *     separator are refused
     * @throws java.nio.file.FileSystemException if a symbolic link or a non-regular file sits at the
     *     lock path or at our claim's path, which is refused
     * @throws IOException if the directory is missing or not writable, or another I/O error happens
     *     (a full disk, a quota, a read-only mount, too many links, an I/O error): the exception names
     *     the file and the cause, and no file of ours is left behind. NFS's transient {@code ESTALE}
     *     and {@code ENOENT} are retried instead
     */
    public HeldLock lock() throws IOException, InterruptedException {
        return acquire(defaultTimeout, false);
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}. See {@link #lock()}.
     *
     * @param timeout the longest wait; zero means one attempt (which may break a breakable lock)
     * @return the handle of the held lock
     * @throws LockTimeoutException if {@code timeout} passed first (our claim file is removed)
     * @throws InterruptedException if the thread was interrupted while waiting (our claim file is
     *     removed)
     * @throws AlreadyLockedException if this lock object already holds the lock, acquired by this or
     *     another thread
     * @throws UnsupportedFileSystemException if the filesystem cannot carry the protocol, as for
     *     {@link #lock()}
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     * @throws IOException on other I/O errors, as for {@link #lock()}
     */
    public HeldLock lock(Duration timeout) throws IOException, InterruptedException {
        requireNonNegative(timeout, "timeout");
        return acquire(timeout, false);
    }

    /**
     * Tries once to acquire the lock without waiting. Unlike flufl's {@code lock(timeout=0)}, a
     * breakable lock (expired more than {@link #CLOCK_SLOP} ago) is broken and then acquired.
     *
     * <p>Does not wait for the lock, nor for another thread of this lock object that is acquiring
     * (that throws, see below). It does wait for a release or refresh of this object that another
     * thread has under way, which lasts as long as their file operations.
     *
     * <p>It ignores interrupts and leaves the interrupt status as it was, except in the pause of the
     * link-count re-check that a filesystem with a slow attribute cache can need: interrupted there,
     * it removes the lock file it had just linked and its claim, and returns empty with the interrupt
     * status set.
     *
     * @return the handle, or empty if another lock object or process holds the lock (or on the
     *     interrupt described above)
     * @throws AlreadyLockedException if this lock object already holds the lock, acquired by this or
     *     another thread, or if another thread of this lock object is acquiring it right now
     * @throws UnsupportedFileSystemException if the filesystem cannot carry the protocol, as for
     *     {@link #lock()}
     * @throws IOException on other I/O errors, as for {@link #lock()}
     */
    public Optional<HeldLock> tryLock() throws IOException {
        try {
            return Optional.of(acquire(Duration.ZERO, true));
        } catch (LockTimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HeldLock acquire(Duration timeout, boolean once) throws IOException, InterruptedException {
        enterGuardToAcquire(once);
        acquiring = true;
        try {
            if (current != null) {
                throw new AlreadyLockedException("this lock object already holds " + protocol.path()
                        + "; locks are not re-entrant");
            }
            protocol.acquire(lifetime, timeout, once);
            HeldLock held = new HeldLock(this, protocol.claim(), protocol.clock().instant());
            current = held;
            if (keepAlive) {
                scheduleKeepAlive(held);
            }
            return held;
        } finally {
            acquiring = false;
            guard.unlock();
        }
    }

    /**
     * A blocking acquire queues behind other threads of this object. A single try does not wait for
     * another thread's acquire (that may last as long as its timeout) but does wait for a release or
     * refresh in progress, which takes only the time of its file operations.
     */
    private void enterGuardToAcquire(boolean once) throws InterruptedException {
        if (!once) {
            guard.lockInterruptibly();
            return;
        }
        while (!guard.tryLock()) {
            if (acquiring) {
                throw new AlreadyLockedException(protocol.path() + " is being acquired by another thread"
                        + " of this lock object");
            }
            LockSupport.parkNanos(10_000);
        }
    }

    /** Schedules the next keep-alive tick a third of the current lifetime from now (under the guard). */
    private void scheduleKeepAlive(HeldLock held) {
        long generation = held.nextKeepAliveGeneration(); // a tick scheduled before this one is void
        held.keepAlive(keepAliveScheduler.schedule(() -> keepAliveTick(held, generation),
                KeepAlive.period(lifetime)));
    }

    /**
     * Releases the lock: removes the lock file, then our claim file.
     *
     * @throws NotLockedException if this lock object does not hold the lock: never acquired, already
     *     released, or lost (broken by another process). In the last case our claim file is removed and
     *     the lock file, which is someone else's now, is left alone
     * @throws IOException if the files cannot be removed
     */
    public void unlock() throws IOException {
        HeldLock held = current;
        if (held == null) {
            throw new NotLockedException(protocol.path() + " is not held by this lock object");
        }
        if (!release(held)) {
            throw new NotLockedException(protocol.path() + " was lost before unlock: "
                    + held.lostReason().orElse("it no longer holds our claim"));
        }
    }

    /**
     * Releases the lock if this lock object holds it, and otherwise does nothing (flufl's
     * {@code unlock(unconditionally=True)}).
     *
     * @return true if the lock was held and is now released
     * @throws IOException if the files cannot be removed
     */
    public boolean unlockIfHeld() throws IOException {
        HeldLock held = current;
        return held != null && release(held);
    }

    /** Releases {@code held} if it is the current handle; true if it was still ours on disk. */
    boolean release(HeldLock held) throws IOException {
        if (current != held) {
            return false; // without waiting for the guard: another thread may be waiting to acquire
        }
        guard.lock();
        try {
            if (current != held) {
                return false;
            }
            current = null;
            held.markReleased();
            held.stopKeepAlive();
            return protocol.release();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Extends the lock's expiry to now + the current lifetime.
     *
     * @throws NotLockedException if this lock object does not hold the lock (including when it was
     *     lost to a breaker)
     * @throws IOException if the claim file cannot be touched
     */
    public void refresh() throws IOException {
        refresh(lifetime);
    }

    /**
     * Sets a new lifetime and extends the lock's expiry to now + {@code lifetime}. Later refreshes,
     * including keep-alive ones, use the new lifetime.
     *
     * @param lifetime the new lifetime, at least one second
     * @throws NotLockedException if this lock object does not hold the lock
     * @throws IllegalArgumentException if {@code lifetime} is shorter than one second
     * @throws NullPointerException if {@code lifetime} is null
     * @throws IOException if the claim file cannot be touched
     */
    public void refresh(Duration lifetime) throws IOException {
        refresh(null, lifetime);
    }

    /** Refreshes the current acquisition; if {@code expected} is not null, only if it is that one. */
    void refresh(HeldLock expected, Duration newLifetime) throws IOException {
        requireLifetime(newLifetime);
        HeldLock held;
        String lost;
        guard.lock();
        try {
            held = current;
            if (held == null || (expected != null && held != expected)) {
                throw new NotLockedException("cannot refresh " + protocol.path() + ": not held by this "
                        + (expected == null ? "lock object" : "handle"));
            }
            Optional<String> ownership = protocol.checkOwnership();
            if (ownership.isEmpty()) {
                boolean changed = !newLifetime.equals(this.lifetime);
                this.lifetime = newLifetime;
                protocol.touchClaim(newLifetime);
                if (keepAlive && changed) {
                    scheduleKeepAlive(held); // the period follows the lifetime
                }
                return;
            }
            lost = ownership.get();
        } finally {
            guard.unlock();
        }
        lockLost(held, lost); // outside the guard: the listener may call back into this object
        throw new NotLockedException("cannot refresh " + protocol.path() + ": " + lost);
    }

    /** A scheduled keep-alive tick: runs unless a newer schedule replaced it. */
    private void keepAliveTick(HeldLock held, long generation) {
        if (held.keepAliveGeneration() == generation) {
            keepAliveTick(held);
        }
    }

    /**
     * Called by the keep-alive: verify ownership and refresh, or report the loss. A failed refresh is
     * tolerated until the lock would expire; until the loss, the next tick is scheduled from the
     * lifetime of now.
     */
    void keepAliveTick(HeldLock held) {
        String lost = null;
        guard.lock();
        try {
            if (current != held || !held.isValid()) {
                return;
            }
            try {
                Optional<String> ownership = protocol.checkOwnership();
                if (ownership.isPresent()) {
                    lost = ownership.get();
                } else {
                    protocol.touchClaim(lifetime);
                }
            } catch (IOException | RuntimeException e) {
                IOException failure = e instanceof IOException io ? io : new IOException(e);
                lost = held.noteRefreshFailure(failure, protocol.clock().instant()).orElse(null);
            }
            if (lost == null && keepAlive) {
                scheduleKeepAlive(held);
            }
        } finally {
            guard.unlock();
        }
        if (lost != null) {
            lockLost(held, lost); // outside the guard: the listener may call back into this object
        }
    }

    void lockLost(HeldLock held, String reason) {
        if (held.markLost(reason)) {
            held.stopKeepAlive();
            System.getLogger(LockFile.class.getName()).log(System.Logger.Level.WARNING,
                    "lost lock {0}: {1}", protocol.path(), reason);
            if (lockLostListener != null) {
                try {
                    lockLostListener.lockLost(held, reason);
                } catch (RuntimeException e) {
                    System.getLogger(LockFile.class.getName()).log(System.Logger.Level.ERROR,
                            "lock-lost listener failed", e);
                }
            }
        }
    }

    /**
     * Whether this lock object holds the lock, judged from the disk as flufl does: the lock file has a
     * link count of 2 and contains our claim. Unlike flufl's {@code is_locked}, this only reads: it
     * never touches (refreshes) anything.
     *
     * @return true if the lock file holds our claim
     * @throws IOException if the lock file exists but cannot be read
     */
    public boolean isLocked() throws IOException {
        return protocol.checkOwnership().isEmpty();
    }

    /**
     * Who holds the lock, as read from the lock file (flufl's {@code details}).
     *
     * @return the holder's claim; empty if the lock file does not exist or its content is not a claim
     * @throws IOException if the lock file exists but cannot be read
     */
    public Optional<Claim> details() throws IOException {
        return protocol.readHolder();
    }

    /**
     * When the lock expires: the lock file's modification time, whoever holds it.
     *
     * @return the expiry, or empty if the lock file does not exist
     * @throws IOException if the lock file's attributes cannot be read
     */
    public Optional<Instant> expiration() throws IOException {
        return protocol.expiration();
    }

    /**
     * The lock's state as this lock object sees it, with flufl.lock's meanings. Reads only.
     *
     * @return the state
     * @throws IOException if the lock file exists but cannot be read
     */
    public LockState state() throws IOException {
        return protocol.state();
    }

    /**
     * The lock file.
     *
     * @return the absolute, normalized lock-file path
     */
    public Path path() {
        return protocol.path();
    }

    /**
     * This lock object's claim, fixed when it was built.
     *
     * @return the claim written into our claim file
     */
    public Claim claim() {
        return protocol.claim();
    }

    /**
     * Our claim file: the lock file's sibling named after {@link #claim()}.
     *
     * @return the claim-file path
     */
    public Path claimFile() {
        return protocol.claimPath();
    }

    /**
     * The lifetime that acquiring and refreshing give the lock.
     *
     * @return the current lifetime
     */
    public Duration lifetime() {
        return lifetime;
    }

    /**
     * The handle of the lock this object holds.
     *
     * @return the handle, or empty if this object does not hold the lock
     */
    public Optional<HeldLock> heldLock() {
        return Optional.ofNullable(current);
    }

    @Override
    public String toString() {
        return "LockFile[" + protocol.path() + ", claim " + protocol.claim().fileName() + "]";
    }

    static void requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
    }

    static void requireLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lifetime must be at least 1 s: " + lifetime);
        }
    }

    /**
     * Options of a {@link LockFile}, validated by {@link #build()}. Not thread-safe; build once, then
     * share the lock object.
     */
    public static final class Builder {
        private final Path path;
        private Duration lifetime = DEFAULT_LIFETIME;
        private Duration defaultTimeout;
        private char separator = Claim.PLATFORM_SEPARATOR;
        private String hostname;
        private ProcessIdentity identity;
        private InstantSource clock = InstantSource.system();
        private Sleeper sleeper;
        private RandomGenerator random;
        private boolean keepAlive;
        private LockLostListener lockLostListener;
        private Protocol.Interleaving interleaving = Protocol.Interleaving.NONE;
        private KeepAlive.Scheduler keepAliveScheduler = KeepAlive.SHARED;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "lockFile");
        }

        /**
         * How long the lock lasts after acquiring or refreshing. Default 15 s.
         *
         * @param lifetime at least one second
         * @return this builder
         * @throws IllegalArgumentException if shorter than one second
         * @throws NullPointerException if {@code lifetime} is null
         */
        public Builder lifetime(Duration lifetime) {
            requireLifetime(lifetime);
            this.lifetime = lifetime;
            return this;
        }

        /**
         * How long {@link LockFile#lock()} waits. Default: forever.
         *
         * @param timeout the wait, not negative; null for forever
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder defaultTimeout(Duration timeout) {
            if (timeout != null) {
                requireNonNegative(timeout, "timeout");
            }
            this.defaultTimeout = timeout;
            return this;
        }

        /**
         * The claim field separator. Default {@link Claim#PLATFORM_SEPARATOR}; every process using a
         * lock file must use the same.
         *
         * @param separator a character that cannot appear in host names or path separators
         * @return this builder
         * @throws IllegalArgumentException for letters, digits, {@code '.'}, {@code '-'} or path
         *     separators
         */
        public Builder separator(char separator) {
            if (Character.isLetterOrDigit(separator) || separator == '.' || separator == '-'
                    || separator == '/' || separator == '\\' || Character.isWhitespace(separator)) {
                throw new IllegalArgumentException("unusable separator: '" + separator + "'");
            }
            this.separator = separator;
            return this;
        }

        /**
         * The host name written into our claim. Default: the {@value ProcessIdentity#HOSTNAME_PROPERTY}
         * system property, else what Python's {@code socket.getfqdn()} gives here.
         *
         * @param hostname a non-blank name
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder hostname(String hostname) {
            if (hostname == null || hostname.isBlank()) {
                throw new IllegalArgumentException("hostname must not be blank");
            }
            this.hostname = hostname.strip();
            return this;
        }

        /**
         * The process identity written into our claim and used by {@link LockFile#state()}. Default
         * {@link ProcessIdentity#current()}. A {@link #hostname(String)} set as well wins over the
         * identity's host.
         *
         * @param identity host and pid
         * @return this builder
         * @throws NullPointerException if {@code identity} is null
         */
        public Builder identity(ProcessIdentity identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /**
         * The clock for expiry, slop and timeouts. Default {@link InstantSource#system()}.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How to pause between acquire attempts. Default: a timed wait that a deletion in the lock's
         * directory ends early. Tests pass a sleeper that advances their fake clock.
         *
         * @param sleeper the sleeper
         * @return this builder
         * @throws NullPointerException if {@code sleeper} is null
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * The source of the claim's random field and of back-off jitter. Default: a new
         * {@link java.util.SplittableRandom} seeded from the system.
         *
         * @param random the generator
         * @return this builder
         * @throws NullPointerException if {@code random} is null
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Whether to keep a held lock alive: refresh it every third of its current lifetime on a shared
         * daemon thread, checking each time that the lock file still holds our claim. A
         * {@link LockFile#refresh(Duration)} that changes the lifetime changes the period from then on.
         * A refresh that fails with an I/O error is tried again at the next tick; the lock counts as
         * lost only when it expired without one succeeding. A lost lock is reported to the
         * {@linkplain #onLockLost listener} and makes {@link HeldLock#isValid()} false. Default off.
         *
         * @param keepAlive true to refresh automatically
         * @return this builder
         */
        public Builder keepAlive(boolean keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Who to tell when a lock is found lost, by the keep-alive or by {@link LockFile#refresh()}.
         *
         * @param listener called once per lost lock, on the keep-alive thread or the refreshing thread
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder onLockLost(LockLostListener listener) {
            this.lockLostListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Test seam: runs keep-alive ticks instead of the shared daemon thread. */
        Builder keepAliveScheduler(KeepAlive.Scheduler scheduler) {
            this.keepAliveScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Test seam: see {@link Protocol.Interleaving}. */
        Builder interleaving(Protocol.Interleaving interleaving) {
            this.interleaving = Objects.requireNonNull(interleaving, "interleaving");
            return this;
        }

        /**
         * Builds the lock object. Touches no file.
         *
         * <p>Unless a host name was given ({@link #hostname(String)}, {@link #identity(ProcessIdentity)}
         * or the {@value ProcessIdentity#HOSTNAME_PROPERTY} system property), the first call in a JVM
         * resolves this machine's name as Python's {@code socket.getfqdn()} does and may block for as
         * long as the resolver takes for one forward and one reverse lookup (seconds, where reverse
         * DNS is slow). The name is computed once per JVM; later calls do not block on it, and a
         * failed lookup falls back to the kernel's host name instead of throwing.
         *
         * @return the lock object
         * @throws IllegalArgumentException if the lock path has no parent directory name or the host
         *     name contains the separator
         */
        public LockFile build() {
            if (random == null) {
                random = new java.util.SplittableRandom();
            }
            return new LockFile(this);
        }
    }
}
