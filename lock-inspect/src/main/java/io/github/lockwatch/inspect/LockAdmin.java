package io.github.lockwatch.inspect;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.github.lockwatch.lock.LockFile;
import io.github.lockwatch.lock.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * Compare-and-act administration: refresh or break a lock only if it is still the lock the admin looked
 * at, and remove orphan claims. Every action appends an {@link AuditRecord} to the {@link AuditLog} and
 * returns an {@link ActionResult} that says what it did.
 *
 * <h2>Safety rules</h2>
 * <ul>
 *   <li>Break and refresh act only on a lock by the scanner's discovery rules (a regular file whose content
 *       is a claim, that has claim files beside it, or whose name matches the globs); anything else fails
 *       with "not a lock" and is not touched. A directory, symlink, FIFO, socket or device is never a lock.
 *   <li>Refresh looks first without following links and never opens a FIFO; it acts only on a regular
 *       file holding a parseable claim, with the snapshot's inode and content; it sets mtime and atime
 *       to {@code floor(now + lifetime)} in whole seconds, as flufl does; it never creates a file.
 *   <li>Break acts only if the lock file still has the snapshot's inode, content <em>and</em> mtime (a
 *       holder that refreshed or re-acquired since is left alone: "the lock changed since you looked").
 *       Without force only {@link LockStatus#breakableWithoutForce() breakable states} are broken, and
 *       a lock that is {@code breakable} only by this machine's clock is refused: the file server's clock
 *       is asked first (an empty probe file's mtime), so an admin whose clock runs ahead cannot break a
 *       live lock by mistake.
 *   <li>Break removes the holder's claim file by its base name in the lock's own directory only, never
 *       by the path written in the content (another host's view of the share), only if it is a regular
 *       file (never following a symlink) with the holder's claim as content.
 *   <li>Nothing outside the lock's directory is touched.
 * </ul>
 * POSIX has no compare-and-unlink, so break first renames the lock file atomically to a private name
 * beside it ({@code .<name>.lockwatch-break-<random>}), compares what it moved with the snapshot, and only
 * then deletes it; if a newer lock was moved instead, it is linked back at once and the break is refused.
 * Before the rename, the inode change time is compared too, which catches a lock re-created with a
 * reused inode number, the same content and the same whole-second mtime. The residual risk is the
 * microseconds between the rename and the link-back: a peer that looks then sees no lock, and a waiter
 * that acquires then takes the name, so the newer lock cannot be put back and its holder has lost it
 * (the result says so in a WARNING; the break itself is refused). It needs a lock released and
 * re-acquired between the last compare and the rename, and a waiter acquiring in the next instant.
 */
public final class LockAdmin {

    private final InstantSource clock;
    private final ProcessIdentity actor;
    private final AuditLog audit;
    private final LockScanner scanner;
    private final java.util.concurrent.atomic.AtomicInteger clockProbes = new java.util.concurrent.atomic.AtomicInteger();

    private LockAdmin(Builder b) {
        this.clock = b.clock;
        this.actor = b.actor != null ? b.actor : ProcessIdentity.current();
        this.audit = b.audit != null ? b.audit : AuditLog.defaultLog();
        this.scanner = b.scanner != null ? b.scanner
                : LockScanner.builder().clock(clock).localHost(actor.host()).build();
    }

    /**
     * A builder: system clock, {@link ProcessIdentity#current()}, the default audit log.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Moves the lock's expiry to {@code floor(now + lifetime)} if it is still the lock of {@code seen}.
     *
     * @param seen the snapshot the admin looked at
     * @param lifetime the new lifetime from now; positive
     * @param reason why (for the audit log), may be null
     * @return DONE, REFUSED_CHANGED, REFUSED_GONE or FAILED
     */
    public ActionResult refresh(LockSnapshot seen, Duration lifetime, String reason) {
        Objects.requireNonNull(seen, "seen");
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        ActionResult result;
        try {
            FileLook now = FileLook.of(seen.path()); // lstat: a FIFO is never opened, a symlink never followed
            String notLock = now == null || now.kind() != FileLook.Kind.REGULAR ? null : notALock(seen.path());
            String changed;
            if (now == null) {
                result = new ActionResult(ActionResult.Outcome.REFUSED_GONE, seen.path()
                        + ": the lock file no longer exists; refresh never creates a lock", seen);
            } else if (now.kind() != FileLook.Kind.REGULAR) {
                result = new ActionResult(ActionResult.Outcome.FAILED, "not a lock: " + seen.path() + " (it is a "
                        + now.kind().label + ", not a regular file); not refreshed, nothing was touched", seen);
            } else if (notLock != null) {
                result = new ActionResult(ActionResult.Outcome.FAILED, notLock + "; not refreshed", seen);
            } else if (seen.claim().isEmpty()) {
                result = new ActionResult(ActionResult.Outcome.FAILED, seen.path() + " holds no parseable claim ("
                        + seen.status().jsonName() + "): there is no holder to refresh it for; not refreshed", seen);
            } else if ((changed = changedSince(seen, now, false)) != null) {
                result = new ActionResult(ActionResult.Outcome.REFUSED_CHANGED, seen.path()
                        + ": the lock changed since you looked (" + changed + "); not refreshed", seen);
            } else {
                long seconds = Math.floorDiv(clock.instant().plus(lifetime).toEpochMilli(), 1000);
                FileTime t = FileTime.from(seconds, TimeUnit.SECONDS);
                // The JDK sets the times through an O_NOFOLLOW open of what was, a moment ago, this regular
                // file; only a FIFO swapped in within that moment could still block it.
                Files.getFileAttributeView(seen.path(), BasicFileAttributeView.class, NOFOLLOW_LINKS)
                        .setTimes(t, t, null);
                FileLook after = FileLook.of(seen.path());
                String note = after != null && after.sameFile(now) ? ""
                        : "; WARNING: the lock file was replaced meanwhile, look again";
                String earlier = seen.expires() != null && t.toInstant().isBefore(seen.expires())
                        ? " (EARLIER than before: it expired at " + seen.expires() + "; the new expiry is now + "
                                + lifetime.toSeconds() + " s)"
                        : "";
                result = new ActionResult(ActionResult.Outcome.DONE, seen.path() + ": refreshed the lock of "
                        + seen.holderDescription() + "; it now expires at " + t.toInstant() + earlier + note, seen);
            }
        } catch (IOException e) {
            result = new ActionResult(ActionResult.Outcome.FAILED, seen.path() + ": refresh failed: "
                    + FileLook.describe(e), seen);
        }
        return audited("refresh", seen.path(), seen, reason, result);
    }

    /**
     * Breaks the lock of {@code seen}: removes the lock file and the holder's claim file, if the lock
     * file still has the snapshot's inode, content and mtime.
     *
     * <p>Without force, a {@link LockStatus#BREAKABLE} lock whose breakable time (expiry + slop) is less
     * than a day ago by this machine's clock is first checked against the file server's clock: an empty
     * probe file {@code .lockwatch-doctor-clock-<random>} is created beside the lock, its server-set
     * mtime read, and it is removed at once. That probe is the only file written besides the lock and
     * its claims (the break itself renames the lock aside under {@code .<name>.lockwatch-break-<random>}
     * before removing it). A lock breakable for longer, or any other state, is broken without a probe:
     * a server clock more than a day off is ignored anyway.
     *
     * @param seen the snapshot the admin looked at
     * @param force true to break a lock whose state is not {@link LockStatus#breakableWithoutForce()}
     * @param reason why (for the audit log), may be null
     * @return DONE, REFUSED_CHANGED, REFUSED_NOT_BREAKABLE, REFUSED_GONE or FAILED
     */
    public ActionResult breakLock(LockSnapshot seen, boolean force, String reason) {
        Objects.requireNonNull(seen, "seen");
        ActionResult result;
        Optional<String> unexpired = Optional.empty();
        String notLock = notALock(seen.path());
        if (notLock != null) {
            result = new ActionResult(ActionResult.Outcome.FAILED, notLock + "; not broken", seen);
        } else if (!force && !seen.status().breakableWithoutForce()) {
            result = new ActionResult(ActionResult.Outcome.REFUSED_NOT_BREAKABLE, seen.path() + " is "
                    + seen.status().jsonName() + " (" + seen.explanation() + "); breaking it needs force,"
                    + " and its holder may come back", seen);
        } else if (!force && seen.status() == LockStatus.BREAKABLE
                && (unexpired = unexpiredByServerClock(seen)).isPresent()) {
            result = new ActionResult(ActionResult.Outcome.REFUSED_NOT_BREAKABLE, seen.path() + " looks breakable"
                    + " by this machine's clock, but " + unexpired.get() + "; breaking it needs force", seen);
        } else {
            try {
                result = doBreak(seen);
            } catch (IOException e) {
                result = new ActionResult(ActionResult.Outcome.FAILED, seen.path() + ": break failed: "
                        + FileLook.describe(e), seen);
            }
        }
        return audited(force ? "break-force" : "break", seen.path(), seen, reason, result);
    }

    /** Null if {@code file} is a lock by the scanner's discovery rules (or cannot be examined); else why not. */
    private String notALock(Path file) {
        try {
            scanner.requireLock(file);
            return null;
        } catch (NotALockException e) {
            return e.getMessage();
        } catch (IOException e) {
            return null; // gone or unreadable: the action itself says so
        }
    }

    /**
     * "Breakable" is judged by this machine's clock; if that clock runs ahead of the file server's, a
     * live lock looks expired. Before breaking one without force, ask the server: create an empty probe
     * file beside the lock (named like {@link Doctor}'s probes, which scans skip), take its server-set
     * mtime as the server's "now", remove it. Empty if the server agrees, or if it cannot be asked (the
     * break itself then reports what is wrong) or gives an implausible time (more than a day off).
     */
    private Optional<String> unexpiredByServerClock(LockSnapshot seen) {
        if (seen.expires() == null
                || seen.expires().plus(LockFile.CLOCK_SLOP).isBefore(clock.instant().minus(ServerTime.PLAUSIBLE_OFFSET))) {
            return Optional.empty(); // breakable for over a day: no plausible server clock disagrees
        }
        clockProbes.incrementAndGet();
        Path probe = ServerTime.probeIn(seen.path().getParent(), "clock-");
        try {
            Instant before = clock.instant();
            Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ServerTime serverTime = ServerTime.of(probe, before, clock.instant());
            Instant server = serverTime.server();
            Duration ahead = serverTime.ahead();
            Instant breakableAt = seen.expires().plus(LockFile.CLOCK_SLOP);
            if (ahead.abs().compareTo(ServerTime.PLAUSIBLE_OFFSET) > 0 || !server.isBefore(breakableAt)) {
                return Optional.empty();
            }
            Duration left = Duration.between(server, seen.expires());
            return Optional.of("by the file server's clock it " + (left.isNegative()
                    ? "expired only " + left.negated().toSeconds() + " s ago, within the 10 s slop"
                    : "expires in " + left.toSeconds() + " s") + " (this clock is about " + ahead.toSeconds()
                    + " s ahead of the server's)");
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // a leftover empty probe is skipped by scans
            }
        }
    }

    /**
     * The break itself. To be sure the inode removed is the one the admin saw, the lock file is first
     * renamed (atomically, in its directory) to a private name; the renamed file is then compared with
     * the snapshot. Only if it matches is it removed; otherwise it is linked back under the lock name
     * (a lock taken in the microseconds between is left alone, and reported). A plain check-then-unlink
     * could remove a lock re-acquired between the check and the unlink.
     */
    private ActionResult doBreak(LockSnapshot seen) throws IOException {
        Path lock = seen.path();
        Path dir = lock.getParent();
        FileLook first = FileLook.of(lock);
        if (first == null) {
            return new ActionResult(ActionResult.Outcome.REFUSED_GONE, lock + ": the lock file no longer exists"
                    + " (released or broken by someone else)", seen);
        }
        if (seen.fileKey() == null && seen.inode() < 0) {
            return new ActionResult(ActionResult.Outcome.REFUSED_CHANGED, lock + ": the snapshot has no file"
                    + " identity to compare with (it could not be examined); look again", seen);
        }
        if (first.kind() == FileLook.Kind.DIRECTORY) {
            return new ActionResult(ActionResult.Outcome.FAILED, lock + " is a directory, not a lock; not removed", seen);
        }
        String changed;
        try {
            changed = changedSince(seen, first, true);
            if (changed == null && seen.ctime() != null && first.ctime() != null && !seen.ctime().equals(first.ctime())) {
                // Same inode number, content and mtime, but the inode changed: a re-created lock whose
                // inode number was reused, or a re-link. Whole-second mtimes cannot tell these apart.
                changed = "its inode changed at " + first.ctime() + " (re-created or re-linked)";
            }
        } catch (NoSuchFileException e) {
            return new ActionResult(ActionResult.Outcome.REFUSED_GONE, lock + ": the lock file no longer exists"
                    + " (released or broken by someone else)", seen);
        }
        if (changed != null) {
            return new ActionResult(ActionResult.Outcome.REFUSED_CHANGED, lock
                    + ": the lock changed since you looked (" + changed + "); not broken", seen);
        }
        Path aside = dir.resolve("." + lock.getFileName() + ".lockwatch-break-" + Long.toUnsignedString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36));
        try {
            Files.move(lock, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return new ActionResult(ActionResult.Outcome.REFUSED_GONE, lock + ": the lock file vanished just"
                    + " before the break (released or broken by someone else)", seen);
        }
        FileLook moved = FileLook.of(aside);
        String movedChange;
        try {
            movedChange = moved == null ? "it vanished" : changedSince(seen, moved, true);
        } catch (IOException e) {
            movedChange = "it could not be compared: " + FileLook.describe(e);
        }
        if (movedChange != null) {
            String restored = restore(aside, lock, moved);
            return new ActionResult(ActionResult.Outcome.REFUSED_CHANGED, lock
                    + ": the lock changed since you looked (" + movedChange + "); not broken" + restored, seen);
        }
        Files.delete(aside);
        String claimNote = removeHolderClaim(seen, moved);
        return new ActionResult(ActionResult.Outcome.DONE, lock + ": broke the lock of " + seen.holderDescription()
                + " (" + seen.status().jsonName() + ")" + claimNote, seen);
    }

    /**
     * Puts a newer lock that was moved aside back under its name. Linking back leaves the inode with 3
     * links (claim, lock, aside) until the aside name is removed a moment later; a flufl holder that checks
     * {@code nlink == 2} in those microseconds sees its lock as not held.
     *
     * <p>The name may be taken meanwhile. By the newer lock's own holder: lock-lib relinks its claim when
     * it finds the name gone right after acquiring, so the lock is back already and only our extra name
     * must go (left behind, it kept the inode at 3 links for as long as the lock was held). Or by a waiter
     * that acquired in the instant the name was free: the newer lock's holder has then lost its lock, and
     * nothing can put it back without breaking the waiter's; that is reported, never silent.
     */
    private static String restore(Path aside, Path lock, FileLook moved) {
        try {
            Files.createLink(lock, aside);
            Files.delete(aside);
            return "";
        } catch (java.nio.file.FileAlreadyExistsException e) {
            try {
                FileLook now = FileLook.of(lock);
                boolean relinked = now != null && moved != null && now.sameFile(moved);
                String displaced = relinked ? null : FileLook.read(aside).text().strip();
                Files.delete(aside);
                if (relinked) {
                    return "";
                }
                return "; WARNING: the newer lock it had moved aside to compare could not be put back: another"
                        + " process acquired the lock in that instant, so the newer lock's holder (" + displaced
                        + ") has lost it";
            } catch (IOException ex) {
                return "; WARNING: could not put the newer lock back (" + FileLook.describe(ex) + "), it is at "
                        + aside;
            }
        } catch (IOException e) {
            return "; WARNING: could not put the newer lock back (" + FileLook.describe(e) + "), it is at "
                    + aside;
        }
    }

    /** The holder's claim file, by base name in the lock's directory only, only a regular file of that inode. */
    private String removeHolderClaim(LockSnapshot seen, FileLook removed) {
        if (seen.claim().isEmpty()) {
            return "";
        }
        io.github.lockwatch.lock.Claim c = seen.claim().get();
        char sep = c.separator();
        String name = seen.path().getFileName() + String.valueOf(sep) + c.host() + sep + c.pid() + sep + c.random();
        if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            return "; the holder's claim name is not a plain file name, left alone";
        }
        Path claimFile = seen.path().getParent().resolve(name);
        try {
            FileLook look = FileLook.of(claimFile);
            if (look == null) {
                return "; the holder's claim file was already gone";
            }
            boolean sameInode = look.sameFile(removed);
            boolean sameContent = false;
            if (look.kind() == FileLook.Kind.REGULAR && !sameInode && look.nlink() <= 1) {
                sameContent = FileLook.read(claimFile).text().strip().equals(seen.rawContent().strip());
            }
            if (look.kind() != FileLook.Kind.REGULAR || !(sameInode || sameContent)) {
                return "; left " + name + " alone: it is not the holder's claim file any more";
            }
            Files.delete(claimFile);
            return "; removed the holder's claim file " + name;
        } catch (NoSuchFileException e) {
            return "; the holder's claim file was already gone";
        } catch (IOException e) {
            return "; could not remove the holder's claim file " + name + ": " + FileLook.describe(e);
        }
    }

    /** Null if {@code now} is still the snapshot's lock; else what changed. */
    private static String changedSince(LockSnapshot seen, FileLook now, boolean compareMtime) throws IOException {
        String key = now.fileKeyText();
        if (seen.fileKey() != null ? !seen.fileKey().equals(key) : seen.inode() != now.inode()) {
            return "a different file now: " + (key == null ? "inode " + now.inode() : key) + " instead of "
                    + (seen.fileKey() != null ? seen.fileKey() : "inode " + seen.inode());
        }
        if (compareMtime && seen.mtime() != null && !seen.mtime().equals(now.mtime())) {
            return "its expiry moved from " + seen.mtime() + " to " + now.mtime() + ": the holder refreshed it";
        }
        if (now.kind() == FileLook.Kind.REGULAR) {
            String content = FileLook.read(now.path()).text();
            if (!content.equals(seen.rawContent())) {
                return "its content is now " + JsonText.quote(content.length() > 200 ? content.substring(0, 200) : content);
            }
        }
        return null;
    }

    private ActionResult audited(String action, Path target, LockSnapshot seen, String reason, ActionResult result) {
        String message = auditAttempt(action, target, seen, reason, result.outcome(), result.message());
        return message.equals(result.message()) ? result : new ActionResult(result.outcome(), message, result.seen());
    }

    /**
     * Appends the audit record of an attempt that a caller refused before asking this admin to act (the
     * lock did not hold the claim the admin expected, there was no lock file, it was not a lock), so that
     * every attempt is audited, whoever refused it. Nothing else is done.
     *
     * @param action the action, as {@link #breakLock} or {@link #refresh} would record it ({@code break},
     *     {@code break-force}, {@code refresh})
     * @param target the lock file named
     * @param seen the snapshot the refusal was based on, or null if there is none
     * @param reason why (for the audit log), may be null
     * @param outcome how it ended
     * @param message the one-line message
     * @return the message, with a warning appended if the record could not be written
     */
    public String auditAttempt(String action, Path target, LockSnapshot seen, String reason,
            ActionResult.Outcome outcome, String message) {
        Path absolute = target.toAbsolutePath().normalize();
        AuditRecord r = new AuditRecord(clock.instant(), System.getProperty("user.name", "unknown"), actor.host(),
                actor.pid(), action, absolute.toString(), seen == null ? null : seen.host(),
                seen == null ? -1 : seen.pid(), seen == null ? null : seen.claimText().orElse(null), reason,
                outcome.jsonName(), message, Hosts.node());
        try {
            Path dir = absolute.getParent();
            // A missing directory gets no shared record (and no second complaint about it).
            audit.append(r, dir != null && Files.isDirectory(dir, NOFOLLOW_LINKS) ? dir : null);
            return message;
        } catch (IOException e) {
            return message + " (WARNING: audit record not written: " + FileLook.describe(e) + ")";
        }
    }

    /**
     * Removes the orphan claims of a scan whose owner is proven dead (or, dry run, lists them), leaving
     * stale claims of unknown liveness alone; {@link #clean(DirectoryScan, boolean, boolean, String)}
     * with no reason.
     *
     * @param scan the scan the admin looked at
     * @param apply false for a dry run (the default in lockctl): nothing is removed or audited
     * @return what was (or would be) removed
     */
    public CleanResult clean(DirectoryScan scan, boolean apply) {
        return clean(scan, apply, false, null);
    }

    /**
     * Removes orphan claims of a scan (or, dry run, lists them). By default only claims whose owner is
     * proven dead ({@link OrphanClaim#ownerProvenDead()}: a local holder, by the scanner's rule for local
     * hosts, whose pid is not running or was reused); stale claims of other or unknown hosts only with
     * {@code includeUnknown}, since a waiting flufl process never re-touches its claim and, if it is
     * deleted, retries {@code link()} forever. Each is re-checked first against a fresh scan: it must still
     * be an orphan there, a regular file with one link in the scanned directory tree, and its content must
     * be the claim its name spells (same host, pid and random field).
     *
     * @param scan the scan the admin looked at
     * @param apply false for a dry run: nothing is removed or audited
     * @param includeUnknown also remove stale claims whose owner's liveness is unknown
     * @param reason why (for the audit log), may be null
     * @return what was (or would be) removed, and the stale claims left alone
     */
    public CleanResult clean(DirectoryScan scan, boolean apply, boolean includeUnknown, String reason) {
        Objects.requireNonNull(scan, "scan");
        List<OrphanClaim> candidates = new ArrayList<>();
        List<OrphanClaim> skipped = new ArrayList<>();
        for (OrphanClaim o : scan.orphans()) {
            (o.ownerProvenDead() || includeUnknown ? candidates : skipped).add(o);
        }
        List<Path> removed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        DirectoryScan fresh;
        try {
            fresh = scanner.scan(scan.directory());
        } catch (IOException e) {
            problems.add("cannot rescan " + scan.directory() + ": " + FileLook.describe(e));
            return new CleanResult(scan.directory(), apply, candidates, removed, problems, skipped);
        }
        java.util.Map<Path, OrphanClaim> stillOrphans = new java.util.HashMap<>();
        fresh.orphans().forEach(o -> stillOrphans.put(o.claimFile(), o));
        for (OrphanClaim o : candidates) {
            OrphanClaim now = stillOrphans.get(o.claimFile());
            if (now == null || (!now.ownerProvenDead() && !includeUnknown)) {
                problems.add(o.claimFile() + ": no longer an orphan; left alone");
                continue;
            }
            if (!apply) {
                continue;
            }
            String outcome;
            String message;
            try {
                FileLook look = FileLook.of(o.claimFile());
                String notClaim;
                if (look == null) {
                    outcome = "refused-gone";
                    message = o.claimFile() + ": already gone";
                } else if (look.kind() != FileLook.Kind.REGULAR || look.nlink() > 1
                        || !scan.directory().equals(o.claimFile().getParent())
                                && !o.claimFile().startsWith(scan.directory())) {
                    outcome = "refused-changed";
                    message = o.claimFile() + ": not a lone regular claim file in the scanned directory; left alone";
                } else if ((notClaim = notItsOwnClaim(o.claimFile(), look)) != null) {
                    outcome = "refused-changed";
                    message = o.claimFile() + ": " + notClaim + "; left alone";
                } else {
                    Files.delete(o.claimFile());
                    removed.add(o.claimFile());
                    outcome = "done";
                    message = o.claimFile() + ": removed orphan claim of host " + o.host() + " pid " + o.pid()
                            + " (" + o.reason() + ")";
                }
            } catch (IOException e) {
                outcome = "failed";
                message = o.claimFile() + ": could not remove: " + FileLook.describe(e);
            }
            if (!outcome.equals("done")) {
                problems.add(message);
            }
            AuditRecord r = new AuditRecord(clock.instant(), System.getProperty("user.name", "unknown"),
                    actor.host(), actor.pid(), includeUnknown ? "clean-include-unknown" : "clean",
                    o.claimFile().toString(), o.host(), o.pid(), null, reason, outcome, message, Hosts.node());
            try {
                audit.append(r, o.claimFile().getParent());
            } catch (IOException e) {
                problems.add("audit record not written: " + FileLook.describe(e));
            }
        }
        return new CleanResult(scan.directory(), apply, candidates, removed, problems, skipped);
    }

    /** Null if the file's content is the claim its name spells (host, pid, random field); else what it is. */
    private String notItsOwnClaim(Path claimFile, FileLook look) throws IOException {
        LockScanner.ClaimName name = LockScanner.ClaimName.parse(claimFile.getFileName().toString(),
                scanner.separator());
        if (name == null) {
            return "its name is not a claim name";
        }
        if (look.size() > FileLook.MAX_CONTENT) {
            return "its content is too long for a claim";
        }
        Optional<io.github.lockwatch.lock.Claim> c = io.github.lockwatch.lock.Claim.parse(
                FileLook.read(claimFile, look.size()).text(), scanner.separator());
        if (c.isEmpty()) {
            return "its content is not a claim";
        }
        if (!c.get().host().equals(name.host()) || c.get().pid() != name.pid() || !c.get().random().equals(name.random())) {
            return "its content is another claim (" + c.get().text() + ")";
        }
        return null;
    }

    /** How many clock probe files this admin has created (for tests). */
    int clockProbes() {
        return clockProbes.get();
    }

    /**
     * The audit log this admin writes to.
     *
     * @return the log
     */
    public AuditLog auditLog() {
        return audit;
    }

    /**
     * The scanner used to re-check locks before acting.
     *
     * @return the scanner
     */
    public LockScanner scanner() {
        return scanner;
    }

    /** Options of a {@link LockAdmin}; validated once, in {@link #build()}. */
    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private ProcessIdentity actor;
        private AuditLog audit;
        private LockScanner scanner;

        private Builder() {
        }

        /**
         * The clock for new expiries and audit times; default the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Who acts (host and pid in audit records); default {@link ProcessIdentity#current()}.
         *
         * @param actor the identity
         * @return this builder
         */
        public Builder actor(ProcessIdentity actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /**
         * Where audit records go; default {@link AuditLog#defaultLog()}.
         *
         * @param audit the log
         * @return this builder
         */
        public Builder auditLog(AuditLog audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        /**
         * The scanner that re-checks orphans before clean; default one with this builder's clock and
         * the actor's host.
         *
         * @param scanner the scanner
         * @return this builder
         */
        public Builder scanner(LockScanner scanner) {
            this.scanner = Objects.requireNonNull(scanner, "scanner");
            return this;
        }

        /**
         * Builds the admin.
         *
         * @return the admin
         */
        public LockAdmin build() {
            return new LockAdmin(this);
        }
    }
}
