package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.LockFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Qualifies a directory's filesystem for the flufl.lock protocol by trying it: hard links and a visible
 * link count of 2, a future mtime set and read back exactly, timestamp granularity, {@code |} allowed
 * in names, the filesystem type and mount options (from {@code /proc/mounts}), and this machine's clock
 * offset from the file server (a freshly written probe file's server-set mtime against our clock).
 *
 * <p>The probes are files named {@code .lockwatch-doctor-<random>…} in the directory; all of them are
 * removed before {@link #check(Path)} returns, also when a check fails.
 */
public final class Doctor {

    private final InstantSource clock;

    private Doctor(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * A doctor using the system clock.
     *
     * @return the doctor
     */
    public static Doctor create() {
        return new Doctor(InstantSource.system());
    }

    /**
     * A doctor judging the clock offset by {@code clock}.
     *
     * @param clock the clock
     * @return the doctor
     */
    public static Doctor withClock(InstantSource clock) {
        return new Doctor(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Runs every check in {@code directory}.
     *
     * @param directory a directory where locks would live; must be writable
     * @return the report (a failing check is a FAIL in it, not an exception)
     * @throws IOException only if the directory does not exist or is not a directory
     */
    public DoctorReport check(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + " (not a directory, or it does not exist)");
        }
        List<Check> checks = new ArrayList<>();
        Optional<Duration> offset = Optional.empty();
        Path probe = ServerTime.probeIn(dir, "");
        String stem = probe.getFileName().toString();
        Path link = dir.resolve(stem + ".link");
        Path piped = dir.resolve(stem + "|host|1|2");
        List<Path> created = List.of(probe, link, piped);
        try {
            checks.add(mount(dir));
            Instant before = clock.instant();
            try {
                Files.writeString(probe, stem, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                checks.add(new Check("create", Check.Result.FAIL, "cannot create a file here: " + FileLook.describe(e)));
                return report(dir, checks, offset);
            }
            ServerTime serverTime = ServerTime.of(probe, before, clock.instant());
            Instant server = serverTime.server();
            Duration off = serverTime.ahead();
            offset = Optional.of(off);
            Duration abs = off.abs();
            Granularity granularity = granularity(probe);
            boolean coarse = granularity.unit() != null ? granularity.unit().compareTo(Duration.ofSeconds(1)) >= 0
                    : server.getNano() == 0;
            // With whole-second timestamps the server truncates, so up to one unit of offset is granularity.
            Duration tolerance = coarse
                    ? (granularity.unit() != null ? granularity.unit() : Duration.ofSeconds(1)).plusMillis(100)
                    : Duration.ofMillis(500);
            checks.add(new Check("clock-offset", abs.compareTo(LockFile.CLOCK_SLOP) > 0 ? Check.Result.FAIL
                    : abs.compareTo(tolerance) > 0 ? Check.Result.WARN : Check.Result.PASS,
                    "this clock minus the file server's (a new file's mtime): " + off.toMillis() + " ms"
                            + (abs.compareTo(LockFile.CLOCK_SLOP) > 0
                                    ? ", more than the 10 s slop: waiters will break live locks or wait too long" : "")));
            checks.add(granularity.check());
            checks.add(futureMtime(probe));
            Check hardLinks = hardLink(probe, link);
            checks.add(hardLinks);
            if (hardLinks.result() == Check.Result.PASS) {
                checks.add(attributeCache(probe, link));
            }
            checks.add(separatorInNames(piped));
            return report(dir, checks, offset);
        } finally {
            for (Path p : created) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    checks.add(new Check("cleanup", Check.Result.WARN, "could not remove " + p + ": "
                            + FileLook.describe(e)));
                }
            }
        }
    }

    /**
     * Measures only this machine's clock offset from the file server of {@code directory}: creates an
     * empty probe file ({@code .lockwatch-doctor-clock-…}, which scans skip), takes its server-set mtime
     * as the server's "now" and removes it. Cheap enough to repeat every few minutes.
     *
     * @param directory a watched directory; must be writable
     * @return this clock minus the server's; negative if this clock is behind
     * @throws IOException if the probe cannot be created or read, e.g.
     *     {@link java.nio.file.AccessDeniedException} in a read-only directory
     */
    public Duration clockOffset(Path directory) throws IOException {
        Path probe = ServerTime.probeIn(directory.toAbsolutePath().normalize(), "clock-");
        Instant before = clock.instant();
        Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return ServerTime.of(probe, before, clock.instant()).ahead();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // a leftover empty probe is skipped by scans
            }
        }
    }

    private static DoctorReport report(Path dir, List<Check> checks, Optional<Duration> offset) {
        List<String> failed = checks.stream().filter(c -> c.result() == Check.Result.FAIL)
                .map(c -> c.name() + " (" + c.detail() + ")").toList();
        boolean safe = failed.isEmpty();
        return new DoctorReport(dir, safe, safe ? "safe: " + dir + " supports the flufl.lock protocol"
                : "unsafe: " + String.join("; ", failed), checks, offset);
    }

    /** The measured timestamp granularity: the unit, or null if the read-backs fit none. */
    record Granularity(Duration unit, String label, String detail) {
        Check check() {
            if (unit == null) {
                return new Check("timestamp-granularity", Check.Result.WARN, detail);
            }
            boolean coarse = unit.compareTo(Duration.ofSeconds(1)) >= 0;
            return new Check("timestamp-granularity", coarse ? Check.Result.WARN : Check.Result.PASS, label + ": "
                    + detail + (unit.compareTo(Duration.ofSeconds(1)) > 0
                            ? "; the protocol's whole-second expiry times are rounded to " + label
                                    + ", so a lock can look expired up to that much early"
                            : coarse ? "; fine for the protocol, which writes whole seconds, but refreshes within one"
                                    + " second are invisible" : ""));
        }
    }

    /** The units told apart, finest first, and mtimes whose sub-second and odd-second parts separate them. */
    private static final List<Duration> UNITS = List.of(Duration.ofNanos(1), Duration.ofNanos(1000),
            Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final long[] SAMPLE_NANOS = {123_456_789L, 987_654_321L, 500_000_500L};

    /**
     * Sets the probe's mtime to a few instants with distinct sub-second parts on an odd second and reads them
     * back: the finest unit to which every read-back equals the instant set, truncated or rounded, is the
     * granularity (1 ns: ext4, tmpfs; 1 µs: some FUSE and NFS servers; 10 ms; 1 s; 2 s: FAT).
     */
    private Granularity granularity(Path probe) {
        long odd = clock.instant().getEpochSecond() + 3601;
        if (odd % 2 == 0) {
            odd++;
        }
        List<Instant> set = new ArrayList<>();
        List<Instant> got = new ArrayList<>();
        try {
            for (int i = 0; i < SAMPLE_NANOS.length; i++) {
                Instant want = Instant.ofEpochSecond(odd + 2L * i, SAMPLE_NANOS[i]);
                Files.setLastModifiedTime(probe, FileTime.from(want));
                set.add(want);
                got.add(readBackMtime(probe));
            }
        } catch (IOException e) {
            return new Granularity(null, "unknown", "cannot set and read back mtimes: " + FileLook.describe(e));
        }
        return granularityOf(set, got);
    }

    /** The granularity that explains every read-back {@code got[i]} of {@code set[i]}; package-private for tests. */
    static Granularity granularityOf(List<Instant> set, List<Instant> got) {
        for (Duration unit : UNITS) {
            boolean fits = true;
            for (int i = 0; i < set.size() && fits; i++) {
                fits = got.get(i).equals(truncate(set.get(i), unit)) || got.get(i).equals(round(set.get(i), unit));
            }
            if (fits) {
                String label = unit.equals(Duration.ofNanos(1)) ? "1 ns" : unit.equals(Duration.ofNanos(1000)) ? "1 µs"
                        : unit.equals(Duration.ofMillis(10)) ? "10 ms" : unit.toSeconds() + " s";
                return new Granularity(unit, label, "set " + set.size() + " mtimes with distinct sub-second parts and"
                        + " read back " + got.get(0) + " for " + set.get(0));
            }
        }
        return new Granularity(null, "unknown", "read-backs fit no granularity (1 ns, 1 µs, 10 ms, 1 s, 2 s): set "
                + set + ", read back " + got);
    }

    private static Instant truncate(Instant t, Duration unit) {
        if (unit.compareTo(Duration.ofSeconds(1)) < 0) {
            long u = unit.toNanos();
            return Instant.ofEpochSecond(t.getEpochSecond(), t.getNano() - t.getNano() % u);
        }
        long s = unit.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    private static Instant round(Instant t, Duration unit) {
        return truncate(t.plus(unit.dividedBy(2)), unit);
    }

    /**
     * Reads a probe's mtime back after opening it: on NFS, open(2) makes the Linux client revalidate the
     * file's attributes with the server (close-to-open consistency), so the value read is the server's,
     * not only what this client cached when it sent the SETATTR. (Another client's view is not checked.)
     */
    private static Instant readBackMtime(Path probe) throws IOException {
        try (var ch = Files.newByteChannel(probe, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ch.read(java.nio.ByteBuffer.allocate(1));
        }
        return Files.getLastModifiedTime(probe, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    private Check futureMtime(Path probe) {
        Instant want = Instant.ofEpochSecond(clock.instant().getEpochSecond() + 3600);
        try {
            Files.setLastModifiedTime(probe, FileTime.from(want));
            Instant got = readBackMtime(probe);
            return got.equals(want)
                    ? new Check("future-mtime", Check.Result.PASS, "set an mtime one hour ahead and read it back exactly")
                    : new Check("future-mtime", Check.Result.FAIL, "set mtime " + want + " but read back " + got
                            + ": expiry times would be wrong");
        } catch (IOException e) {
            return new Check("future-mtime", Check.Result.FAIL, "cannot set a future mtime: " + FileLook.describe(e));
        }
    }

    private static Check hardLink(Path probe, Path link) {
        try {
            Files.createLink(link, probe);
        } catch (IOException | UnsupportedOperationException e) {
            return new Check("hard-links", Check.Result.FAIL, "link(2) failed: "
                    + (e instanceof IOException io ? FileLook.describe(io) : e.toString())
                    + "; the protocol acquires by hard-linking");
        }
        try {
            long nlink = -1;
            for (int i = 0; i < 20; i++) { // attribute caches may show the old count briefly
                nlink = ((Number) Files.getAttribute(link, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
                if (nlink == 2) {
                    break;
                }
                Thread.sleep(50);
            }
            return nlink == 2 ? new Check("hard-links", Check.Result.PASS, "link(2) works and the link count reads 2")
                    : new Check("hard-links", Check.Result.FAIL, "link(2) succeeded but the link count reads " + nlink
                            + ", never 2 (sshfs does this): flufl peers would never see a lock as held");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("hard-links", Check.Result.WARN, "interrupted while reading the link count");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new Check("hard-links", Check.Result.WARN, "link(2) works, but the link count cannot be read: " + e);
        }
    }

    /**
     * After the link, the probe's own (already looked-up) name should show 2 links too; a client that
     * caches attributes per name (FUSE, NFS) shows the old count for a while.
     */
    private static Check attributeCache(Path probe, Path link) {
        try {
            long start = System.nanoTime();
            long nlink = nlink(probe);
            if (nlink == 2) {
                return new Check("attribute-cache", Check.Result.PASS,
                        "the claim's own name shows the new link count at once");
            }
            while (nlink != 2 && System.nanoTime() - start < 5_000_000_000L) {
                Thread.sleep(20);
                nlink = nlink(probe);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Check("attribute-cache", Check.Result.WARN, "stale attribute cache: after link(2) the"
                    + " claim's own name showed link count 1 for " + (nlink == 2 ? "about " + ms + " ms" : "over 5 s")
                    + " while the lock's name showed 2; ownership must be judged on the lock file's name (lock-lib"
                    + " and flufl.lock do), and other attributes (mtime) may lag as much");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("attribute-cache", Check.Result.WARN, "interrupted");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new Check("attribute-cache", Check.Result.WARN, "cannot read the link count: " + e);
        }
    }

    private static long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static Check separatorInNames(Path piped) {
        try {
            Files.writeString(piped, "x", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Check("separator-in-names", Check.Result.PASS, "file names may contain '|'");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return new Check("separator-in-names", Check.Result.FAIL, "cannot create a name containing '|' ("
                    + e.getMessage() + "): claim files need it (FAT and SMB refuse it)");
        }
    }

    /**
     * Decodes a field of /proc/mounts: the kernel writes space, tab, newline and backslash in paths as
     * octal escapes {@code \040}, {@code \011}, {@code \012}, {@code \134}; any other {@code \ooo} is
     * decoded too.
     */
    static String decodeMountField(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }

    /** Filesystem type and mount options from /proc/mounts (longest mount point containing the directory). */
    private static Check mount(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            lines = null;
        }
        return mount(dir, real, lines);
    }

    /** As {@link #mount(Path)} with the lines of /proc/mounts given (null: there is none); for tests. */
    static Check mount(Path dir, Path real, List<String> mounts) {
        String best = null;
        String[] bestFields = null;
        try {
            if (mounts == null) {
                throw new IOException("no /proc/mounts");
            }
            for (String line : mounts) {
                String[] f = line.split(" ");
                if (f.length < 4) {
                    continue;
                }
                for (int i = 0; i < 4; i++) {
                    f[i] = decodeMountField(f[i]);
                }
                String mp = f[1];
                if ((real.toString().equals(mp) || real.startsWith(mp)) && (best == null || mp.length() > best.length())) {
                    best = mp;
                    bestFields = f;
                }
            }
        } catch (IOException | RuntimeException e) {
            String type;
            try {
                type = Files.getFileStore(dir).type();
            } catch (IOException ex) {
                type = "unknown";
            }
            return new Check("filesystem", Check.Result.PASS, "type " + type + " (no /proc/mounts)");
        }
        if (bestFields == null) {
            return new Check("filesystem", Check.Result.WARN, "no /proc/mounts entry covers " + real);
        }
        String type = bestFields[2];
        String opts = bestFields[3];
        String detail = "type " + type + " mounted at " + best + " from " + bestFields[0] + " (" + opts + ")";
        if (type.matches("vfat|msdos|exfat|fuse\\.sshfs|sshfs")) {
            return new Check("filesystem", Check.Result.FAIL, detail + ": known not to support the protocol"
                    + " (no hard links, no link counts or no '|' in names)");
        }
        if (type.startsWith("nfs") || type.startsWith("cifs") || type.startsWith("smb") || type.startsWith("fuse")) {
            return new Check("filesystem", Check.Result.WARN, detail + ": a network or FUSE filesystem; attribute"
                    + " caching and clock skew matter (see the clock-offset check)");
        }
        return new Check("filesystem", Check.Result.PASS, detail);
    }
}
