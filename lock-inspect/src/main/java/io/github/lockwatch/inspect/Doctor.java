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
            boolean coarse = server.getNano() == 0;
            // With whole-second timestamps the server truncates, so up to 1 s of offset is granularity.
            Duration tolerance = coarse ? Duration.ofMillis(1100) : Duration.ofMillis(500);
            checks.add(new Check("clock-offset", abs.compareTo(LockFile.CLOCK_SLOP) > 0 ? Check.Result.FAIL
                    : abs.compareTo(tolerance) > 0 ? Check.Result.WARN : Check.Result.PASS,
                    "this clock minus the file server's (a new file's mtime): " + off.toMillis() + " ms"
                            + (abs.compareTo(LockFile.CLOCK_SLOP) > 0
                                    ? ", more than the 10 s slop: waiters will break live locks or wait too long" : "")));
            checks.add(new Check("timestamp-granularity", coarse ? Check.Result.WARN : Check.Result.PASS, coarse
                    ? "whole seconds (a new file's mtime has no fraction): fine for the protocol, which writes"
                            + " whole seconds, but refreshes within one second are invisible"
                    : "sub-second (mtime " + server + ")"));
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

    private Check futureMtime(Path probe) {
        Instant want = Instant.ofEpochSecond(clock.instant().getEpochSecond() + 3600);
        try {
            Files.setLastModifiedTime(probe, FileTime.from(want));
            Instant got = Files.getLastModifiedTime(probe, LinkOption.NOFOLLOW_LINKS).toInstant();
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

    /** Filesystem type and mount options from /proc/mounts (longest mount point containing the directory). */
    private static Check mount(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            real = dir;
        }
        String best = null;
        String[] bestFields = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length < 4) {
                    continue;
                }
                String mp = f[1].replace("\\040", " ");
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
