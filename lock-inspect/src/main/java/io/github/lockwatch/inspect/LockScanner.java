package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.Claim;
import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds and classifies flufl.lock-protocol locks, strictly read-only.
 *
 * <h2>What a scan does and never does</h2>
 * A scan never creates, writes, touches, renames, locks or deletes anything. It never follows symbolic
 * links; it checks every entry's type without following links before opening it and never opens a
 * FIFO, socket or device (opening a FIFO blocks forever); it reads at most a few KiB of any file. Every
 * per-file problem (permission denied, a file that vanished mid-scan, ESTALE on NFS, a name that is not
 * UTF-8 or contains a newline) becomes a finding on that entry or a problem of the scan: one bad file
 * never aborts a scan.
 *
 * <h2>Discovery</h2>
 * An entry is a lock file if its content parses as a claim naming it (the claim's lock-file field has
 * the entry's base name: a saved copy of another lock's claim is not a lock), or it has claim-file siblings
 * {@code <name>|host|pid|random}, or its name matches one of the globs (default {@code *.lck} and
 * {@code *.lock}) whatever its content. Lockwatch's own files (the shared audit log, doctor probes, a
 * lock moved aside mid-break) are never locks. Claim files that are not the current holder's are
 * {@linkplain Waiter waiters} (process alive, or on another host) or {@linkplain OrphanClaim orphans}
 * (local process dead, or the lock file is gone and the claim's expiry is past plus the slop: a stale
 * claim whose owner's liveness is unknown).
 *
 * <h2>Which holders are local</h2>
 * A claim's pid is checked (so its holder can be proven dead) only if its host is this scanner's
 * {@linkplain #localHost() local host} and either that name is not generic ({@code localhost},
 * {@code localhost.localdomain}, {@code localhost6}, {@code ip6-localhost}, loopback addresses: what
 * Python's {@code getfqdn()} and Java give on machines without a DNS name, so every VM or container on a
 * shared mount may write it) or the lock's filesystem is local by its {@code /proc/mounts} type (ext2/3/4,
 * xfs, btrfs, tmpfs, f2fs, zfs, vfat, overlay, ramfs...; network, FUSE and unknown types are shared).
 * Otherwise its liveness is {@link Liveness#UNKNOWN}: "host name 'localhost' is not unique on a shared
 * filesystem".
 *
 * <h2>States</h2>
 * See {@link LockStatus} for the states and their priorities. The clock slop is
 * {@link LockFile#CLOCK_SLOP}: a lock is breakable when {@code now > expiry + slop}, as flufl decides.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder()}.
 */
public final class LockScanner {

    private final InstantSource clock;
    private final Duration expiringWindow;
    private final List<String> globs;
    private final boolean recursive;
    private final int maxDepth;
    private final char separator;
    private final String localHost;
    private final ProcessProbe probe;
    private final List<PathMatcher> matchers;
    private final List<String> globSuffixes; // per glob: its literal suffix if it is *<literal>, else null
    private final java.util.function.Function<Path, Optional<String>> mountType;
    private final boolean localHostGeneric; // many machines may call themselves what we do
    private final java.util.function.UnaryOperator<FileLook.Opener> openers; // tests: count opens

    private LockScanner(Builder b) {
        this.clock = b.clock;
        this.expiringWindow = b.expiringWindow;
        this.globs = List.copyOf(b.globs);
        this.recursive = b.recursive;
        this.maxDepth = b.maxDepth;
        this.separator = b.separator;
        this.localHost = b.localHost != null ? b.localHost : ProcessIdentity.current().host();
        this.probe = b.probe;
        this.matchers = globs.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        this.globSuffixes = globs.stream().map(LockScanner::globSuffix).toList();
        this.mountType = b.mountType;
        this.localHostGeneric = Hosts.isGenericHere(localHost);
        this.openers = b.openers;
    }

    /**
     * A builder with the defaults: system clock, 5 s expiring window, globs {@code *.lck} and
     * {@code *.lock}, not recursive, the platform separator, this host's name and the system process probe.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A scanner with all defaults.
     *
     * @return a new scanner
     */
    public static LockScanner create() {
        return builder().build();
    }

    /**
     * Scans one directory (and, if recursive, its subdirectories up to the depth limit).
     *
     * @param directory the directory to scan
     * @return what was found; per-file problems are findings or problems inside it
     * @throws IOException only if the directory itself does not exist, is not a directory or cannot be
     *     listed; the message is one clear line naming it
     */
    public DirectoryScan scan(Path directory) throws IOException {
        return scan(directory, null);
    }

    /**
     * Scans one directory again, reading only what changed since {@code previous}: the same result as
     * {@link #scan(Path)}, for less I/O and garbage when most locks are unchanged (a watcher's rescans).
     *
     * <p>Every entry is still listed and lstat'ed, and every state is judged afresh against this scan's
     * clock (held, expiring, expired, breakable), and every local holder's process is probed afresh (its
     * pid, its start time). What is taken from {@code previous} is only the content of a lock file (and the
     * claim parsed from it, and a waiter's claim text) whose lstat shows it unchanged: the same file key,
     * inode, link count, size, owner, mtime and ctime. Any write, truncation, rename, chmod, chown, link,
     * unlink or touch changes the ctime; but a filesystem that keeps timestamps in whole seconds (or in two
     * seconds, like FAT) can show one ctime for two writes within one tick. So content is reused only if
     * {@code previous} looked at the file at least {@link #TIMESTAMP_GRANULARITY} after its ctime; a file
     * changed more recently than that is read again. (The ctime is the file server's clock, the scan time
     * ours: a server clock more than that far behind ours weakens this margin.) Only a complete content
     * that parsed as a claim and decoded losslessly is reused; anything else (corrupt, truncated, binary,
     * unreadable) is read again.
     *
     * @param directory the directory to scan
     * @param previous an earlier scan of the same directory by a scanner with the same separator, or
     *     null; a scan of another directory is ignored
     * @return what was found, equal to what {@link #scan(Path)} would find at this scan's instant
     * @throws IOException as {@link #scan(Path)}
     */
    public DirectoryScan scan(Path directory, DirectoryScan previous) throws IOException {
        Instant start = clock.instant();
        Path dir = directory.toAbsolutePath().normalize();
        checkDirectory(dir);
        Map<Path, LockSnapshot> before = Map.of();
        if (previous != null && previous.directory().equals(dir) && !previous.locks().isEmpty()) {
            before = new HashMap<>(previous.locks().size() * 4 / 3 + 1);
            for (LockSnapshot l : previous.locks()) {
                before.put(l.path(), l);
            }
        }
        List<LockSnapshot> locks = new ArrayList<>();
        List<OrphanClaim> orphans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean oneDirectory;
        DirectoryStream<Path> ds;
        List<Path> entries;
        try {
            ds = Files.newDirectoryStream(dir);
            try {
                entries = listUnsorted(ds);
            } catch (IOException | RuntimeException e) {
                ds.close();
                throw e;
            }
        } catch (IOException e) {
            throw new FileSystemException(dir.toString(), null, "cannot list the directory: " + FileLook.describe(e));
        }
        try (ds) {
            oneDirectory = scanDirectory(dir, entries, openers.apply(FileLook.in(ds)), 1, locks, orphans, problems,
                    new FileLook.OwnerNames(), before);
        }
        if (!oneDirectory) {
            locks.sort(Comparator.comparing(LockSnapshot::path)); // one directory's come sorted
        }
        orphans.sort(Comparator.comparing(OrphanClaim::claimFile));
        Duration took = Duration.between(start, clock.instant());
        return new DirectoryScan(dir, start, took.isNegative() ? Duration.ZERO : took, locks, orphans, problems);
    }

    /**
     * Looks at one lock file (and its claim-file siblings for waiters).
     *
     * <p>The file must be a lock by the discovery rules: a regular file whose content parses as a claim,
     * or that has claim-file siblings, or whose name matches one of the globs. Anything else (a directory,
     * a symlink, a FIFO, a plain file such as {@code notes.txt}) is refused with a
     * {@link NotALockException}; it is never opened (a FIFO) or followed (a symlink).
     *
     * @param lockFile the lock file
     * @return its snapshot
     * @throws java.nio.file.NoSuchFileException if no file exists at that path (not locked)
     * @throws NotALockException if the file is not a lock
     * @throws java.nio.file.AccessDeniedException if the file cannot be examined (its directory is not searchable)
     * @throws IOException if the file cannot be examined for another reason
     */
    public LockSnapshot inspect(Path lockFile) throws IOException {
        Path path = lockFile.toAbsolutePath().normalize();
        Path dir = path.getParent();
        if (dir == null || path.getFileName() == null) {
            throw new IllegalArgumentException("not a file in a directory: " + lockFile);
        }
        FileLook.OwnerNames owners = new FileLook.OwnerNames();
        FileLook look = lookAt(path, owners);
        List<String> extra = new ArrayList<>();
        List<ClaimEntry> claims = claimsOf(path, owners, extra);
        requireLock(path, look, () -> claims);
        return snapshot(path, path.getFileName().toString(), look, null, null, claims, extra, clock.instant(),
                new ArrayList<>(), openers.apply(FileLook.BY_PATH), new LocalFs(dir));
    }

    /**
     * Checks, reading only what it must, that {@code file} is a lock by the discovery rules (what
     * {@link #inspect} checks first); {@link LockAdmin} asks this before acting.
     *
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws NotALockException if it is not a lock
     * @throws IOException if it cannot be examined
     */
    void requireLock(Path file) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        FileLook.OwnerNames owners = new FileLook.OwnerNames();
        FileLook look = lookAt(path, owners);
        requireLock(path, look, () -> claimsOf(path, owners, new ArrayList<>()));
    }

    /** lstat of a file named as a lock: null never (absent is NoSuchFileException); failures are one line. */
    private static FileLook lookAt(Path path, FileLook.OwnerNames owners) throws IOException {
        FileLook look;
        try {
            look = FileLook.of(path, owners);
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(path.toString(), null,
                    "permission denied (cannot examine it: is its directory searchable?)");
        } catch (IOException e) {
            throw new FileSystemException(path.toString(), null, "cannot examine it: " + FileLook.describe(e));
        }
        if (look == null) {
            throw new NoSuchFileException(path.toString(), null, "no such lock file (not locked)");
        }
        return look;
    }

    /** The claim files naming {@code path} as their lock, in path order. */
    private List<ClaimEntry> claimsOf(Path path, FileLook.OwnerNames owners, List<String> findings) {
        String name = path.getFileName().toString();
        List<ClaimEntry> claims = new ArrayList<>();
        try {
            for (Path p : list(path.getParent())) {
                String n = p.getFileName().toString();
                ClaimName cn = ClaimName.parse(n, separator);
                if (cn != null && cn.base().equals(name)) {
                    claims.add(ClaimEntry.look(p, n, cn, owners));
                }
            }
        } catch (IOException e) {
            findings.add("cannot list the lock's directory, waiters unknown: " + FileLook.describe(e));
        }
        claims.sort(Comparator.comparing(c -> c.path));
        return claims;
    }

    /** The discovery rules, for one file named by the user; the directory is listed only if need be. */
    private void requireLock(Path path, FileLook look, java.util.function.Supplier<List<ClaimEntry>> claims)
            throws IOException {
        if (look.kind() != FileLook.Kind.REGULAR) {
            throw new NotALockException(path, "it is a " + look.kind().label + ", not a regular file; a lock file"
                    + " is always a regular file; not " + (look.kind() == FileLook.Kind.SYMLINK ? "followed" : "opened"));
        }
        String name = path.getFileName().toString();
        if (isLockwatchOwn(name)) {
            throw new NotALockException(path, "it is one of Lockwatch's own files (the shared audit log, a doctor"
                    + " probe or a lock being broken), never a lock; nothing was changed");
        }
        if (matchesGlob(name, path)) {
            return;
        }
        String content;
        if (look.size() > FileLook.MAX_CONTENT) {
            content = "its content is " + look.size() + " bytes, too long for a claim";
        } else {
            try {
                FileLook.Content c = FileLook.read(path, look.size());
                Optional<Claim> parsed = c.truncated() ? Optional.empty() : Claim.parse(c.text(), separator);
                if (parsed.isPresent() && namesThisFile(parsed.get(), name)) {
                    return;
                }
                content = c.text().isEmpty() ? "it is empty"
                        : parsed.isPresent() ? "its content is a claim of another lock file, " + parsed.get().lockFile()
                                + " (a copy of a claim, not a lock)"
                        : "its content is not a claim";
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(path.toString(), null, "no such lock file (not locked)");
            } catch (IOException e) {
                content = "its content cannot be read (" + FileLook.describe(e) + ")";
            }
        }
        if (!claims.get().isEmpty()) {
            return;
        }
        throw new NotALockException(path, content + ", no claim file names it, and its name matches none of "
                + (globs.isEmpty() ? "the lock globs (none configured)" : String.join(", ", globs))
                + "; nothing was changed");
    }

    /**
     * The clock this scanner judges expiry by.
     *
     * @return the clock
     */
    public InstantSource clock() {
        return clock;
    }

    /**
     * The window before expiry in which a lock is {@link LockStatus#EXPIRING}.
     *
     * @return the window
     */
    public Duration expiringWindow() {
        return expiringWindow;
    }

    /**
     * The claim separator this scanner parses with.
     *
     * @return the separator
     */
    public char separator() {
        return separator;
    }

    /**
     * The host name this scanner considers local (claims with another host are never called dead).
     *
     * @return the local host name
     */
    public String localHost() {
        return localHost;
    }

    /**
     * The process probe used for liveness checks.
     *
     * @return the probe
     */
    public ProcessProbe processProbe() {
        return probe;
    }

    /**
     * The globs that mark lock files regardless of content.
     *
     * @return the globs
     */
    public List<String> globs() {
        return globs;
    }

    /**
     * Whether scans descend into subdirectories.
     *
     * @return true if recursive
     */
    public boolean recursive() {
        return recursive;
    }

    /**
     * The depth limit of recursive scans (1 = the directory itself only).
     *
     * @return the maximum depth
     */
    public int maxDepth() {
        return maxDepth;
    }

    // ---- engine --------------------------------------------------------------------------------

    /** A pid whose process started later than this after the lock changed is a reused pid. */
    static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);

    /** More than this in the future: a clock far ahead or an absurd lifetime. */
    private static final Duration FAR_FUTURE = Duration.ofDays(1);

    private static void checkDirectory(Path dir) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class); // the root may be a link to a directory
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(dir.toString(), null, "permission denied");
        } catch (IOException e) {
            throw new FileSystemException(dir.toString(), null, "cannot read the directory: " + FileLook.describe(e));
        }
        if (!a.isDirectory()) {
            throw new NotDirectoryException(dir.toString());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = listUnsorted(dir);
        sortByName(out);
        return out;
    }

    /** The directory's entries in the order the directory gives them. */
    private static List<Path> listUnsorted(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return listUnsorted(ds);
        }
    }

    private static List<Path> listUnsorted(DirectoryStream<Path> ds) throws IOException {
        List<Path> out = new ArrayList<>();
        try {
            for (Path p : ds) {
                out.add(p);
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return out;
    }

    /**
     * Sorts entries of one directory in path order. When every name is ASCII, comparing the names as
     * strings gives that order (the paths share the directory prefix), without comparing the prefix.
     */
    private static void sortByName(List<Path> paths) {
        int n = paths.size();
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            Path f = paths.get(i).getFileName();
            names[i] = f == null ? null : f.toString();
            if (names[i] == null || !isAscii(names[i])) {
                paths.sort(null);
                return;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> names[x].compareTo(names[y]));
        Path[] sorted = new Path[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = paths.get(order[i]);
        }
        for (int i = 0; i < n; i++) {
            paths.set(i, sorted[i]);
        }
    }

    /** A claim-file name {@code <base>|host|pid|random}, split from the right. */
    record ClaimName(String base, String host, long pid, String random) {
        static ClaimName parse(String name, char sep) {
            int r = name.lastIndexOf(sep);
            int p = r > 0 ? name.lastIndexOf(sep, r - 1) : -1;
            int h = p > 0 ? name.lastIndexOf(sep, p - 1) : -1;
            if (h <= 0) {
                return null;
            }
            // The pid: 1 to 18 digits, parsed in place.
            if (p == h + 1 || r + 1 == name.length() || r - p - 1 < 1 || r - p - 1 > 18) {
                return null;
            }
            long pid = 0;
            for (int i = p + 1; i < r; i++) {
                char c = name.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                pid = pid * 10 + (c - '0');
            }
            return new ClaimName(name.substring(0, h), name.substring(h + 1, p), pid, name.substring(r + 1));
        }
    }

    /** A claim file beside a lock, as looked at. */
    static final class ClaimEntry {
        final Path path;
        final String fileName;
        final ClaimName name;
        final FileLook look;
        final String error;

        private ClaimEntry(Path path, String fileName, ClaimName name, FileLook look, String error) {
            this.path = path;
            this.fileName = fileName;
            this.name = name;
            this.look = look;
            this.error = error;
        }

        static ClaimEntry look(Path path, String fileName, ClaimName name, FileLook.OwnerNames owners) {
            try {
                FileLook l = FileLook.of(path, owners);
                return new ClaimEntry(path, fileName, name, l, l == null ? "vanished during the scan" : null);
            } catch (IOException e) {
                return new ClaimEntry(path, fileName, name, null, FileLook.describe(e));
            }
        }

        static ClaimEntry of(Path path, String fileName, ClaimName name, FileLook look, String error) {
            return new ClaimEntry(path, fileName, name, look, error);
        }

        /**
         * Whether this file's name is {@code lockName<sep>host<sep>pid<sep>random} of claim {@code c}, without
         * building that string: the parsed fields are equal and the name is as long as that string, so its
         * pid has no leading zeros (the name is split from the right, and host and random hold no separator).
         */
        boolean isClaimFileOf(String lockName, io.github.lockwatch.lock.Claim c) {
            return name.pid() == c.pid() && name.random().equals(c.random()) && name.host().equals(c.host())
                    && name.base().equals(lockName) && fileName.length() == lockName.length() + c.host().length()
                    + decimalDigits(c.pid()) + c.random().length() + 3;
        }

        private static int decimalDigits(long n) {
            int digits = 1;
            for (long v = n; v >= 10; v /= 10) {
                digits++;
            }
            return digits;
        }

        /** The claim text: the content if it is a regular file that reads as a claim, else built from the name. */
        String claimText(char sep, FileLook.Opener opener) {
            if (look != null && look.kind() == FileLook.Kind.REGULAR && look.size() <= FileLook.MAX_CONTENT) {
                try {
                    String text = FileLook.read(opener, path, look.size()).text();
                    if (io.github.lockwatch.lock.Claim.parse(text, sep).isPresent()) {
                        return text.strip();
                    }
                } catch (IOException e) {
                    // fall back to the name
                }
            }
            return path.toString();
        }
    }

    /** What is known of a process named by a claim; {@code ambiguousHost}: our name, but not unique here. */
    private record Live(Liveness liveness, String evidence, boolean ambiguousHost) {
        Live(Liveness liveness, String evidence) {
            this(liveness, evidence, false);
        }
    }

    /**
     * Whether one directory's filesystem is seen by this machine only, looked up (in /proc/mounts) at most
     * once per scan of it, and only when a claim names a generic host such as {@code localhost}.
     */
    final class LocalFs {
        private final Path dir;
        final boolean printable; // its path is printable ASCII
        private Optional<String> type;
        // Per scan of this directory, so a holder of many locks is probed once per scan (never across scans:
        // a pid that died, or died and was reused, since the last scan is seen at this one).
        private final Map<Long, Probed> probed = new HashMap<>();
        private final Map<String, Live> otherHosts = new HashMap<>();

        LocalFs(Path dir) {
            this.dir = dir;
            this.printable = printableAscii(dir.toString());
        }

        Optional<String> type() {
            if (type == null) {
                Optional<String> t;
                try {
                    t = mountType.apply(dir);
                } catch (RuntimeException e) {
                    t = Optional.empty();
                }
                type = t == null ? Optional.empty() : t;
            }
            return type;
        }

        boolean local() {
            return type().map(Hosts::isLocalType).orElse(false);
        }

        Probed probe(long pid) {
            Probed p = probed.get(pid);
            if (p == null) {
                try {
                    boolean alive = probe.isAlive(pid);
                    p = new Probed(alive, alive ? probe.startTime(pid) : Optional.empty(), null);
                } catch (RuntimeException e) {
                    p = new Probed(false, Optional.empty(), e);
                }
                probed.put(pid, p);
            }
            return p;
        }
    }

    /** What the process probe said of one pid; {@code failure} if it threw. */
    private record Probed(boolean alive, Optional<Instant> started, RuntimeException failure) {
    }

    /**
     * A claim's host counts as this machine, so that its pid may be checked, only if it is our host name
     * and either that name is not one every machine gives itself ({@code localhost}...) or the lock's
     * filesystem is local (no other machine, writing the same generic name, can use it).
     */
    private Live liveness(String host, long pid, Instant changedAt, LocalFs fs) {
        if (!host.equals(localHost)) {
            return fs.otherHosts.computeIfAbsent(host,
                    h -> new Live(Liveness.UNKNOWN_OTHER_HOST, "liveness unknown (other host " + h + ")"));
        }
        if (localHostGeneric && !fs.local()) {
            return new Live(Liveness.UNKNOWN, "liveness unknown (host name '" + host + "' is not unique on a shared"
                    + " filesystem" + fs.type().map(t -> ": this one is " + t).orElse(": its type is unknown")
                    + "; pid " + pid + " may run on another machine)", true);
        }
        Probed probed = fs.probe(pid);
        if (probed.failure() != null) {
            return new Live(Liveness.UNKNOWN, "cannot check pid " + pid + ": " + probed.failure());
        }
        boolean alive = probed.alive();
        Optional<Instant> started = probed.started();
        if (!alive) {
            return new Live(Liveness.DEAD, "pid " + pid + " is not running on this host");
        }
        if (started.isPresent() && changedAt != null && started.get().isAfter(changedAt.plus(START_TIME_TOLERANCE))) {
            return new Live(Liveness.PID_REUSED, "pid " + pid + " is running but started at " + started.get()
                    + ", after the claim was last changed at " + changedAt + ": the pid was reused");
        }
        return new Live(Liveness.ALIVE, "pid " + pid + " is running on this host"
                + started.map(t -> " (started " + t + ")").orElse(" (start time unknown: pid reuse not checked)"));
    }

    /**
     * Lockwatch's own short-lived files, which are not locks: a lock moved aside while
     * {@link LockAdmin} breaks it ({@code .<name>.lockwatch-break-<random>}) and the
     * {@link Doctor}'s probes ({@code .lockwatch-doctor-<random>…}).
     */
    static boolean isLockwatchTransient(String name) {
        return name.startsWith(".lockwatch-doctor-") || (name.startsWith(".") && name.contains(".lockwatch-break-"));
    }

    /** Lockwatch's own files, never locks whatever their content: the transient ones and the shared audit log. */
    static boolean isLockwatchOwn(String name) {
        return isLockwatchTransient(name) || name.equals(AuditLog.SHARED_FILE_NAME);
    }

    /**
     * Whether a claim's lock-file field names a file with this base name. A file that is a lock only by
     * its content must be the lock its claim names; a copy of a claim (a saved {@code hold} output, a
     * backup) names another file and is not a lock. The base name is compared, not the path: a holder
     * that mounted the share elsewhere writes its own view of the path.
     */
    static boolean namesThisFile(Claim claim, String name) {
        String lf = claim.lockFile();
        int slash = Math.max(lf.lastIndexOf('/'), lf.lastIndexOf('\\'));
        return lf.substring(slash + 1).equals(name);
    }

    private boolean matchesGlob(String name, Path path) {
        for (int i = 0; i < matchers.size(); i++) {
            String suffix = globSuffixes.get(i);
            if (suffix != null ? name.endsWith(suffix) : matchers.get(i).matches(path.getFileName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a glob {@code *<literal>} the literal: on a base name (never containing a slash) the glob
     * matches exactly the names ending with it. Null for any other glob.
     */
    private static String globSuffix(String glob) {
        if (!glob.startsWith("*") || glob.length() < 2) {
            return null;
        }
        String rest = glob.substring(1);
        for (int i = 0; i < rest.length(); i++) {
            if ("*?[]{}\\/".indexOf(rest.charAt(i)) >= 0) {
                return null;
            }
        }
        return rest;
    }

    private static boolean printableAscii(String s) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Findings about the name {@code n} of {@code p}, in a directory whose path is printable ASCII or not. */
    private static void nameFindings(Path p, String n, boolean dirPrintable, List<String> out) {
        if (dirPrintable && printableAscii(n)) {
            return; // ASCII bytes decode and encode back unchanged, and there is no control character
        }
        Path again;
        try {
            again = p.getFileSystem().getPath(p.toString());
        } catch (RuntimeException e) {
            again = null;
        }
        if (again == null || !again.equals(p) || n.indexOf('\uFFFD') >= 0) {
            out.add("the name is not valid UTF-8 (shown with replacement characters)");
        }
        if (n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
            out.add("the name contains a newline");
        } else if (n.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            out.add("the name contains control characters");
        }
    }

    /** One directory entry as listed and looked at: each entry is lstat'ed once per scan. */
    private static final class Entry {
        final Path path;
        final String name;
        final FileLook look;
        final String error;
        ClaimName claimName; // if the name is claim-shaped
        ClaimEntry claim; // then: the claim
        Group group; // the group named like this entry (its would-be claims), if any
        boolean candidate; // to be looked at as a lock

        Entry(Path path, String name, FileLook look, String error) {
            this.path = path;
            this.name = name;
            this.look = look;
            this.error = error;
        }
    }

    /** A would-be lock name: the claim files naming it as their base, and its entry once known. */
    private static final class Group {
        final List<ClaimEntry> claims = new ArrayList<>(1);
        Entry lock; // the non-claim-shaped entry with this (ASCII) name
        Entry resolved; // after resolution: the entry this base names, as dir.resolve(base) finds it
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Returns false if it scanned subdirectories too (then {@code locks} is not in path order). */
    private boolean scanDirectory(Path dir, List<Path> entries, FileLook.Opener opener, int depth, List<LockSnapshot> locks,
            List<OrphanClaim> orphans, List<String> problems, FileLook.OwnerNames owners, Map<Path, LockSnapshot> before) {
        Instant now = clock.instant();
        LocalFs fs = new LocalFs(dir);
        // Entries in listing (= path) order, each lstat'ed once. Claims are grouped by the lock name they
        // name. A name string stands for exactly one entry only if it is ASCII (another name may not
        // survive decoding): an entry is looked up by string only then, else by path.
        List<Entry> seen = new ArrayList<>(entries.size());
        Map<String, Group> groups = new HashMap<>(Math.max(16, entries.size()));
        Map<Path, Entry> nonAscii = new HashMap<>();
        List<Path> subdirs = new ArrayList<>();
        Entry prev = null;
        for (Named named : sortedByName(entries)) {
            Path p = named.path;
            String name = named.name;
            if (prev != null && prev.name.equals(name) && prev.path.equals(p)) {
                continue; // listed twice: looked at once
            }
            if (isLockwatchOwn(name)) {
                continue;
            }
            FileLook look = null;
            String error = null;
            try {
                look = FileLook.of(p, owners);
                if (look == null) {
                    problems.add(p + ": vanished during the scan");
                    continue;
                }
                if (look.kind() == FileLook.Kind.DIRECTORY) {
                    subdirs.add(p);
                }
            } catch (IOException e) {
                error = FileLook.describe(e);
            }
            Entry e = new Entry(p, name, look, error);
            prev = e;
            seen.add(e);
            boolean ascii = isAscii(name);
            if (!ascii) {
                nonAscii.put(p, e);
            }
            ClaimName cn = ClaimName.parse(name, separator);
            if (cn != null) {
                e.claimName = cn;
                e.claim = ClaimEntry.of(p, name, cn, look, error);
                groups.computeIfAbsent(cn.base(), k -> new Group()).claims.add(e.claim);
                continue;
            }
            Group g = groups.computeIfAbsent(name, k -> new Group());
            e.group = g;
            if (ascii) {
                g.lock = e;
            }
            if (matchesGlob(name, p)) {
                e.candidate = true;
            } else if (unchanged(before.get(p), look) != null) {
                e.candidate = true; // its content, unchanged, parsed as a claim
            } else if (look != null && look.kind() == FileLook.Kind.REGULAR && look.size() <= FileLook.MAX_CONTENT
                    && look.size() > 0) {
                try {
                    e.candidate = io.github.lockwatch.lock.Claim.parse(FileLook.read(opener, p, look.size()).text(), separator)
                            .filter(c -> namesThisFile(c, name)).isPresent();
                } catch (IOException ex) {
                    // not readable and not named like a lock: not ours to report
                }
            }
        }
        // An existing entry that claims name is a lock, whatever its name or content.
        Map<String, Entry> claimShaped = null; // by ASCII name, built only if some claim names one
        for (Map.Entry<String, Group> ge : groups.entrySet()) {
            Group g = ge.getValue();
            if (g.claims.isEmpty()) {
                continue;
            }
            String base = ge.getKey();
            String ascii = base;
            Entry lock = null;
            if (!isAscii(base)) {
                Path p = dir.resolve(base);
                ascii = p.getFileName().toString();
                if (!isAscii(ascii)) {
                    ascii = null;
                    lock = nonAscii.get(p);
                }
            }
            if (ascii != null) {
                Group named = ascii.equals(base) ? g : groups.get(ascii);
                lock = named == null ? null : named.lock;
                if (lock == null && ClaimName.parse(ascii, separator) != null) {
                    if (claimShaped == null) {
                        claimShaped = new HashMap<>();
                        for (Entry e : seen) {
                            if (e.claimName != null && isAscii(e.name)) {
                                claimShaped.put(e.name, e);
                            }
                        }
                    }
                    lock = claimShaped.get(ascii);
                }
            }
            g.resolved = lock;
            if (lock != null) {
                lock.candidate = true;
            }
        }
        for (Entry e : seen) {
            if (!e.candidate) {
                if (e.look == null && e.error != null && e.claimName == null) {
                    // Could not even be lstat'ed, and its name says nothing: it may be a lock, so say so.
                    problems.add(e.path + ": cannot be examined (" + e.error + "); it may be a lock");
                }
                continue;
            }
            Group g = e.group != null ? e.group : groups.get(e.name);
            List<ClaimEntry> claims = g == null ? List.of() : g.claims;
            List<String> extra = new ArrayList<>();
            try {
                locks.add(snapshotSettled(e.path, e.name, e.look, e.error, unchanged(before.get(e.path), e.look), claims,
                        extra, now, orphans, owners, opener, fs));
            } catch (NoSuchFileException ex) {
                problems.add(e.path + ": vanished during the scan");
            } catch (IOException | RuntimeException ex) {
                problems.add(e.path + ": " + ex);
            }
        }
        // Claims whose lock file does not exist, in name order.
        for (Entry e : seen) {
            if (e.claimName == null) {
                continue;
            }
            Group g = groups.get(e.claimName.base());
            if (g.resolved != null) {
                continue;
            }
            ClaimEntry c = e.claim;
            if (c.look == null) {
                problems.add(c.path + ": " + c.error);
                continue;
            }
            Instant changed = c.look.ctime() != null ? c.look.ctime() : c.look.mtime();
            Live live = liveness(c.name.host(), c.name.pid(), changed, fs);
            if (live.liveness().provenDead()) {
                orphans.add(new OrphanClaim(c.path, c.name.host(), c.name.pid(), live.liveness(),
                        "its lock file does not exist and " + live.evidence()));
            } else if (now.isAfter(c.look.mtime().plus(LockFile.CLOCK_SLOP))
                    && live.liveness() != Liveness.ALIVE) {
                orphans.add(new OrphanClaim(c.path, c.name.host(), c.name.pid(), live.liveness(),
                        "stale claim, owner's liveness unknown: its lock file does not exist and it expired at "
                                + c.look.mtime() + ", more than " + LockFile.CLOCK_SLOP.toSeconds() + " s ago ("
                                + live.evidence() + "); a waiting flufl process never re-touches its claim"));
            }
        }
        if (recursive && depth < maxDepth && !subdirs.isEmpty()) {
            for (Path sub : subdirs) {
                try {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(sub)) {
                        scanDirectory(sub, listUnsorted(ds), openers.apply(FileLook.in(ds)), depth + 1, locks,
                                orphans, problems, owners, before);
                    }
                } catch (IOException e) {
                    problems.add(sub + ": cannot list the directory: " + FileLook.describe(e));
                }
            }
            return false;
        }
        return true;
    }

    /** A listed path and its file name. */
    private record Named(Path path, String name) {
    }

    /**
     * The entries of one directory in path order, with their names. When every name is ASCII, comparing
     * the names as strings gives that order (the paths share the directory prefix).
     */
    private static List<Named> sortedByName(List<Path> paths) {
        List<Named> out = new ArrayList<>(paths.size());
        boolean ascii = true;
        for (Path p : paths) {
            Path f = p.getFileName();
            String name = f == null ? "" : f.toString();
            ascii = ascii && f != null && isAscii(name);
            out.add(new Named(p, name));
        }
        out.sort(ascii ? (x, y) -> x.name.compareTo(y.name) : (x, y) -> x.path.compareTo(y.path));
        return out;
    }

    /** The entry named {@code name} in {@code dir} (as {@code dir.resolve(name)} would find it), or null. */
    private static Entry find(Path dir, String name, Map<String, Entry> byAsciiName, Map<Path, Entry> byPath) {
        if (isAscii(name)) {
            return byAsciiName.get(name);
        }
        Path p = dir.resolve(name);
        String again = p.getFileName().toString();
        return isAscii(again) ? byAsciiName.get(again) : byPath.get(p);
    }

    /**
     * {@link #snapshot}, looking again (a few times) at a file that changed between the lstat and the
     * read, as NFS reports with ESTALE while another client replaces a lock.
     */
    private LockSnapshot snapshotSettled(Path path, String name, FileLook look, String lookError, LockSnapshot was,
            List<ClaimEntry> claims, List<String> findings, Instant now, List<OrphanClaim> orphans,
            FileLook.OwnerNames owners, FileLook.Opener opener, LocalFs fs) throws IOException {
        int findingsBefore = findings.size();
        int orphansBefore = orphans.size();
        for (int attempt = 1; ; attempt++) {
            try {
                return snapshot(path, name, look, lookError, was, claims, findings, now, orphans, opener, fs);
            } catch (IOException | RuntimeException e) {
                // A failed attempt leaves nothing behind.
                findings.subList(findingsBefore, findings.size()).clear();
                orphans.subList(orphansBefore, orphans.size()).clear();
                if (!(e instanceof NoSuchFileException) || attempt == 3 || (look = FileLook.of(path, owners)) == null) {
                    throw e;
                }
                lookError = null;
                was = null; // it changed: read it
            }
        }
    }

    private static boolean isTransient(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
        return reason != null && reason.contains("Stale file handle");
    }

    /**
     * Classifies one lock file. {@code look} null means the lstat failed with {@code lookError}. Orphan
     * claims among its siblings go to {@code orphans}. {@code was}, if not null, is an earlier snapshot of
     * this file that {@link #unchanged} vouches for: its content and claim stand for the file's.
     */
    private LockSnapshot snapshot(Path path, String name, FileLook look, String lookError, LockSnapshot was,
            List<ClaimEntry> claims, List<String> findings, Instant now, List<OrphanClaim> orphans,
            FileLook.Opener opener, LocalFs fs) throws IOException {
        nameFindings(path, name, fs.printable, findings);
        if (look == null) {
            String why = lookError == null ? "could not be examined" : lookError;
            findings.add("cannot examine the file: " + why);
            return new LockSnapshot(path, "", Optional.empty(), null, -1, null, null, null, null, -1, -1, null,
                    waiters(claims, null, null, null, now, findings, orphans, opener, fs), findings,
                    LockStatus.INCONSISTENT,
                    "cannot be examined (" + why + "): its state is unknown", Liveness.UNKNOWN,
                    "no claim could be read", now);
        }
        String content = "";
        Optional<io.github.lockwatch.lock.Claim> claim = Optional.empty();
        String corrupt = null;
        String unreadable = null;
        if (look.kind() != FileLook.Kind.REGULAR) {
            corrupt = "is a " + look.kind().label + ", not a regular file; not opened or followed";
            findings.add(corrupt);
        } else if (was != null) {
            // Unchanged since a complete read that parsed (so not truncated, binary or corrupt).
            path = was.path(); // the equal path whose string is already made
            content = was.rawContent();
            claim = was.claim();
        } else {
            try {
                FileLook.Content c = FileLook.read(opener, path, look.size());
                content = c.text();
                if (c.truncated()) {
                    findings.add("content is " + (look.size() >= 0 ? look.size() + " bytes" : "long")
                            + "; only the first " + FileLook.MAX_CONTENT + " bytes were read");
                }
                if (c.binary()) {
                    findings.add("content is binary, not text");
                }
                claim = c.truncated() ? Optional.empty()
                        : io.github.lockwatch.lock.Claim.parse(content, separator);
                if (claim.isEmpty()) {
                    corrupt = content.isEmpty() ? "the file is empty, not a claim"
                            : "the content is not a claim of the form <lockfile>" + separator + "<host>"
                                    + separator + "<pid>" + separator + "<random>";
                    findings.add(corrupt);
                }
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                if (isTransient(e)) {
                    // NFS: another client replaced the file between our lstat and read. Not corrupt.
                    throw new NoSuchFileException(path.toString(), null, "changed during the scan");
                }
                unreadable = "cannot read: " + FileLook.describe(e);
                findings.add(unreadable);
            }
        }
        String host = claim.isPresent() ? claim.get().host() : null;
        long pid = claim.isPresent() ? claim.get().pid() : -1;
        Instant expires = look.mtime();
        Duration remaining = Duration.between(now, expires);

        // Inconsistencies.
        List<String> inconsistent = new ArrayList<>();
        ClaimEntry holderClaim = null;
        if (claim.isPresent()) {
            io.github.lockwatch.lock.Claim c = claim.get();
            if (!hasBaseName(c.lockFile(), name)) {
                inconsistent.add("the content names another lock file: " + c.lockFile());
            } else if (!c.lockFile().equals(path.toString())) {
                findings.add("the holder names the lock " + c.lockFile() + " (mounted at another path?)");
            }
            if (look.nlink() >= 0 && look.nlink() != 2) {
                inconsistent.add("link count is " + look.nlink() + ", not 2");
            }
            for (ClaimEntry e : claims) {
                if (e.isClaimFileOf(name, c)) {
                    holderClaim = e;
                }
            }
            if (holderClaim == null) {
                inconsistent.add("the holder's claim file " + name + separator + c.host() + separator + c.pid()
                        + separator + c.random() + " is missing");
            } else if (holderClaim.look != null && !holderClaim.look.sameFile(look)) {
                inconsistent.add("the holder's claim file is not hard-linked to the lock file");
            } else if (holderClaim.look == null) {
                findings.add("cannot examine the holder's claim file: " + holderClaim.error);
            }
            if (remaining.compareTo(FAR_FUTURE) > 0) {
                findings.add("expires " + Durations.human(remaining) + " from now: the holder's clock is ahead"
                        + " or its lifetime is very long");
            }
        }
        if (!inconsistent.isEmpty()) {
            findings.addAll(inconsistent);
        }

        Live live = claim.isPresent()
                ? liveness(host, pid, look.ctime() != null ? look.ctime() : look.mtime(), fs)
                : new Live(Liveness.UNKNOWN, unreadable != null ? "the claim could not be read" : "no parseable claim");
        ClaimEntry holder = holderClaim;
        List<Waiter> waiters = waiters(claims, holder, look, was, now, findings, orphans, opener, fs);

        boolean expired = !expires.isAfter(now);
        boolean breakable = now.isAfter(expires.plus(LockFile.CLOCK_SLOP));
        LockStatus status;
        String explanation;
        String who = claim.isPresent() ? "host " + host + " pid " + pid : "";
        if (corrupt != null) {
            status = LockStatus.CORRUPT;
            explanation = corrupt + (look.kind() == FileLook.Kind.REGULAR
                    ? "; flufl.lock 6+ never breaks it: remove it by hand if nothing uses it" : "");
        } else if (unreadable != null) {
            // Unreadable is not unparseable: a holder may well have written a valid claim.
            status = LockStatus.INCONSISTENT;
            explanation = unreadable + ": its claim, and so its holder, is unknown until it can be read; expires "
                    + Durations.human(remaining.abs())
                    + (remaining.isNegative() ? " ago" : " from now") + " by its mtime";
        } else if (!inconsistent.isEmpty()) {
            status = LockStatus.INCONSISTENT;
            explanation = "held by " + who + " but " + String.join("; ", inconsistent);
        } else if (live.liveness().provenDead()) {
            status = LockStatus.HOLDER_DEAD;
            explanation = "the holder is dead: " + live.evidence();
        } else if (breakable) {
            status = LockStatus.BREAKABLE;
            explanation = "held by " + who + ", expired " + Durations.human(remaining.negated())
                    + " ago, past the " + LockFile.CLOCK_SLOP.toSeconds() + " s slop: any waiter will break it";
        } else if (expired) {
            status = LockStatus.EXPIRED;
            explanation = "held by " + who + ", expired " + Durations.human(remaining.negated())
                    + " ago; waiters break it only after the " + LockFile.CLOCK_SLOP.toSeconds() + " s slop";
        } else if (remaining.compareTo(expiringWindow) <= 0) {
            status = LockStatus.EXPIRING;
            explanation = "held by " + who + ", expires in " + Durations.human(remaining);
        } else {
            status = LockStatus.HELD;
            explanation = "held by " + who + ", expires in " + Durations.human(remaining);
        }
        if (live.ambiguousHost() && status != LockStatus.CORRUPT) {
            explanation = explanation + "; " + live.evidence();
        }
        // Conditions that also apply, below the winning one.
        if (status != LockStatus.HOLDER_DEAD && live.liveness().provenDead()) {
            findings.add("the holder is dead: " + live.evidence());
        }
        if (claim.isPresent() && status.ordinal() > LockStatus.BREAKABLE.ordinal() && breakable) {
            findings.add("expired " + Durations.human(remaining.negated()) + " ago, past the slop");
        } else if (claim.isPresent() && status.ordinal() > LockStatus.EXPIRED.ordinal() && expired) {
            findings.add("expired " + Durations.human(remaining.negated()) + " ago");
        }
        LockSnapshot s = was == null
                ? new LockSnapshot(path, content, claim, host, pid, expires, look.mtime(), look.ctime(),
                        look.fileKeyText(), look.inode(), look.nlink(), look.owner(), waiters, findings, status,
                        explanation, live.liveness(), live.evidence(), now)
                // Equal values, the old objects: what survives from one scan to the next stays put in the heap.
                : new LockSnapshot(path, content, claim, host, pid, was.expires(), was.mtime(), was.ctime(),
                        was.fileKey(), look.inode(), look.nlink(), was.owner(), waiters, findings, status,
                        explanation, live.liveness(), live.evidence(), now);
        return s.equals(was) ? was : s;
    }

    /**
     * The coarsest timestamps a filesystem keeps, 2 s (FAT; many keep a second): two writes this close
     * may leave one ctime, so {@link #scan(Path, DirectoryScan)} reuses nothing of a file that the previous
     * scan looked at sooner than this after its last change.
     */
    public static final Duration TIMESTAMP_GRANULARITY = Duration.ofSeconds(2);

    /**
     * {@code was} if it may stand for the content of the lock file {@code look} shows now, else null:
     * its content was read whole and parsed as a claim, decoded losslessly (so its UTF-8 length is the
     * file's size), and the file's lstat is the same as then, looked at long enough after its last change
     * (mode and uid are not compared: changing them changes the ctime).
     */
    private LockSnapshot unchanged(LockSnapshot was, FileLook look) {
        if (was == null || look == null || look.kind() != FileLook.Kind.REGULAR || look.ctime() == null
                || was.claim().isEmpty() || was.claim().get().separator() != separator) {
            return null;
        }
        boolean same = look.ctime().equals(was.ctime()) && look.mtime().equals(was.mtime())
                && look.inode() == was.inode() && look.nlink() == was.linkCount()
                && !was.scannedAt().isBefore(look.ctime().plus(TIMESTAMP_GRANULARITY))
                && look.size() == losslessUtf8Length(was.rawContent())
                && Objects.equals(look.owner(), was.owner()) && Objects.equals(look.fileKeyText(), was.fileKey());
        return same ? was : null;
    }

    /**
     * The UTF-8 length of text decoded by {@link FileLook#read}, or -1 if it may not be the bytes read:
     * a replacement character (invalid input was replaced), a NUL (binary) or an unpaired surrogate.
     */
    static long losslessUtf8Length(String text) {
        long n = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            char ch = text.charAt(i);
            if (ch == 0 || ch == '\uFFFD') {
                return -1;
            } else if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(ch)) {
                return -1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private List<Waiter> waiters(List<ClaimEntry> claims, ClaimEntry holder, FileLook lock, LockSnapshot was,
            Instant now, List<String> findings, List<OrphanClaim> orphans, FileLook.Opener opener, LocalFs fs) {
        List<Waiter> out = new ArrayList<>();
        for (ClaimEntry c : claims) {
            if (c == holder) {
                continue;
            }
            if (c.look == null) {
                findings.add("cannot examine claim file " + c.path.getFileName() + ": " + c.error);
                continue;
            }
            if (c.look.kind() != FileLook.Kind.REGULAR) {
                findings.add("claim-shaped entry " + c.path.getFileName() + " is a " + c.look.kind().label);
                continue;
            }
            if (lock != null && c.look.sameFile(lock)) {
                // Hard-linked to the lock but not the name the content gives: already an inconsistency.
                findings.add("claim file " + c.path.getFileName() + " is hard-linked to the lock but is not"
                        + " the claim its content names");
                continue;
            }
            Instant changed = c.look.ctime() != null ? c.look.ctime() : c.look.mtime();
            Live live = liveness(c.name.host(), c.name.pid(), changed, fs);
            if (live.liveness().provenDead()) {
                orphans.add(new OrphanClaim(c.path, c.name.host(), c.name.pid(), live.liveness(),
                        "not the holder's claim and " + live.evidence()));
                continue;
            }
            Waiter seen = was == null ? null : unchanged(was, c);
            out.add(seen != null && seen.liveness() == live.liveness() ? seen : new Waiter(c.name.host(),
                    c.name.pid(), seen != null ? seen.claim() : c.claimText(separator, opener), c.path, changed,
                    live.liveness()));
        }
        return out;
    }

    /**
     * The waiter of {@code was} for claim file {@code c} if that file is unchanged since (same ctime, looked
     * at long enough after it: see {@link #unchanged(LockSnapshot, FileLook)}), so that its claim text stands.
     */
    private static Waiter unchanged(LockSnapshot was, ClaimEntry c) {
        Instant ctime = c.look.ctime();
        if (ctime == null || was.scannedAt().isBefore(ctime.plus(TIMESTAMP_GRANULARITY))) {
            return null;
        }
        for (Waiter w : was.waiters()) {
            if (w.claimFile().equals(c.path) && ctime.equals(w.since())) {
                return w;
            }
        }
        return null;
    }

    /** Whether the last element of {@code path} (after a slash or backslash) is {@code name}. */
    private static boolean hasBaseName(String path, String name) {
        int start = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
        return path.length() - start == name.length() && path.startsWith(name, start);
    }

    /** Options of a {@link LockScanner}; validated once, in {@link #build()}. */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private Duration expiringWindow = Duration.ofSeconds(5);
        private List<String> globs = List.of("*.lck", "*.lock");
        private boolean recursive;
        private int maxDepth = 8;
        private char separator = Claim.PLATFORM_SEPARATOR;
        private String localHost;
        private ProcessProbe probe = ProcessProbe.system();
        private java.util.function.Function<Path, Optional<String>> mountType = Hosts.MOUNT_TYPE;
        private java.util.function.UnaryOperator<FileLook.Opener> openers = o -> o;

        private Builder() {
        }

        /**
         * The clock that expiry is judged by.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long before expiry a lock counts as {@link LockStatus#EXPIRING}; default 5 s.
         *
         * @param window a non-negative duration
         * @return this builder
         */
        public Builder expiringWindow(Duration window) {
            this.expiringWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Globs (as {@link java.nio.file.FileSystem#getPathMatcher} {@code glob:} patterns on the base
         * name) whose matches are lock files even with garbage content; default {@code *.lck}, {@code *.lock}.
         *
         * @param globs the globs; may be empty
         * @return this builder
         */
        public Builder globs(List<String> globs) {
            this.globs = List.copyOf(globs);
            return this;
        }

        /**
         * Whether to descend into subdirectories (never through symbolic links); default false.
         *
         * @param recursive true to descend
         * @return this builder
         */
        public Builder recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        /**
         * The depth limit of recursive scans: 1 is the directory itself; default 8.
         *
         * @param maxDepth at least 1
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * The claim separator; default {@link Claim#PLATFORM_SEPARATOR}.
         *
         * @param separator the separator
         * @return this builder
         */
        public Builder separator(char separator) {
            this.separator = separator;
            return this;
        }

        /**
         * The host name to consider local; default {@link ProcessIdentity#current()}'s host (which may
         * take a while to resolve the first time).
         *
         * @param localHost the host name as claims spell it
         * @return this builder
         */
        public Builder localHost(String localHost) {
            this.localHost = Objects.requireNonNull(localHost, "localHost");
            return this;
        }

        /**
         * How local process liveness and start times are read; default {@link ProcessProbe#system()}.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder processProbe(ProcessProbe probe) {
            this.probe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /**
         * How a directory's filesystem type is found (as /proc/mounts spells it; empty if unknown); by
         * default from /proc/mounts. Only asked when a claim names a generic host such as {@code localhost}.
         *
         * @param mountType the look-up
         * @return this builder
         */
        Builder mountType(java.util.function.Function<Path, Optional<String>> mountType) {
            this.mountType = Objects.requireNonNull(mountType, "mountType");
            return this;
        }

        /** Tests: wraps every opener a scan reads files with (e.g. to count the opens). */
        Builder openers(java.util.function.UnaryOperator<FileLook.Opener> openers) {
            this.openers = Objects.requireNonNull(openers, "openers");
            return this;
        }

        /**
         * Validates the options and builds the scanner.
         *
         * @return the scanner
         * @throws IllegalArgumentException if the window is negative, the depth below 1, a glob invalid,
         *     the separator a slash or NUL, or the local host blank
         */
        public LockScanner build() {
            if (expiringWindow.isNegative()) {
                throw new IllegalArgumentException("expiring window must not be negative: " + expiringWindow);
            }
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
            }
            if (separator == '/' || separator == '\0') {
                throw new IllegalArgumentException("invalid separator");
            }
            if (localHost != null && localHost.isBlank()) {
                throw new IllegalArgumentException("local host must not be blank");
            }
            for (String g : globs) {
                java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + g);
            }
            return new LockScanner(this);
        }
    }
}
