package io.github.lockwatch.inspect;

import io.github.lockwatch.lock.Claim;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one read-only look at a lock file found: an immutable value.
 *
 * <p>A snapshot is also the token for the compare-and-act operations of {@link LockAdmin}: they act only
 * if the lock file still has the {@link #fileKey() inode}, {@link #rawContent() content} and (for break)
 * {@link #mtime() mtime} recorded here.
 *
 * <p>Times are the filesystem's, judged by the scanner's clock: the expiry was written from the holder's
 * clock (flufl touches with {@code now + lifetime} in whole seconds), so clock skew between hosts shows
 * up directly in {@link #remaining(Instant)}. Holders on other hosts are never called dead; their
 * {@link #liveness()} is {@link Liveness#UNKNOWN_OTHER_HOST} ("liveness unknown (other host)").
 *
 * @param path the lock file (absolute, normalized; never a link target)
 * @param rawContent the content as read, at most a few KiB (longer content is cut and a finding says so);
 *     decoded as UTF-8 with replacement; empty if the file could not be read or is not a regular file
 * @param claim the parsed claim, if the content is one
 * @param host the holder's host from the claim, or null if there is no claim
 * @param pid the holder's pid from the claim, or -1 if there is no claim
 * @param expires the expiry (the lock file's mtime), or null if the attributes could not be read
 * @param mtime the lock file's mtime, or null if unknown (equal to {@code expires})
 * @param ctime the lock file's inode change time, or null if the filesystem does not report it
 * @param fileKey the file key as text ({@code (dev=…,ino=…)} on Unix), or null if unknown
 * @param inode the inode number, or -1 if unknown
 * @param linkCount the link count, or -1 if unknown (a held lock has 2)
 * @param owner the owning user name of the lock file, or null if unknown
 * @param waiters the processes waiting for this lock (claim files beside it that are not the holder's)
 * @param findings everything noteworthy, one line each (problems reading, other conditions that apply
 *     besides the winning {@code status}), never null
 * @param status the classification; see {@link LockStatus} for priorities
 * @param explanation one line for humans explaining {@code status}
 * @param liveness what is known of the holder's process
 * @param livenessEvidence one line: how {@code liveness} was decided (e.g. "pid 42 not running on this
 *     host", "liveness unknown (other host)")
 * @param scannedAt the scanner's clock when the file was looked at
 */
public record LockSnapshot(
        Path path,
        String rawContent,
        Optional<Claim> claim,
        String host,
        long pid,
        Instant expires,
        Instant mtime,
        Instant ctime,
        String fileKey,
        long inode,
        long linkCount,
        String owner,
        List<Waiter> waiters,
        List<String> findings,
        LockStatus status,
        String explanation,
        Liveness liveness,
        String livenessEvidence,
        Instant scannedAt) {

    /**
     * Copies the lists and checks the mandatory fields.
     *
     * @throws NullPointerException if {@code path}, {@code rawContent}, {@code claim}, a list,
     *     {@code status}, {@code explanation}, {@code liveness}, {@code livenessEvidence} or
     *     {@code scannedAt} is null
     */
    public LockSnapshot {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rawContent, "rawContent");
        Objects.requireNonNull(claim, "claim");
        waiters = List.copyOf(waiters);
        findings = List.copyOf(findings);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(livenessEvidence, "livenessEvidence");
        Objects.requireNonNull(scannedAt, "scannedAt");
    }

    /**
     * How long until the lock expires, as seen at {@code now}; negative once expired.
     *
     * @param now the instant to measure from (usually the caller's clock, so countdowns tick)
     * @return {@code expires - now}, or {@link Duration#ZERO} if the expiry is unknown
     */
    public Duration remaining(Instant now) {
        return expires == null ? Duration.ZERO : Duration.between(now, expires);
    }

    /**
     * The claim text of the holder, if the content is a claim.
     *
     * @return the claim text
     */
    public Optional<String> claimText() {
        return claim.map(Claim::text);
    }

    /**
     * A short description of the holder for messages: {@code host pid 123}, or {@code no parseable claim}.
     *
     * @return the description
     */
    public String holderDescription() {
        return claim.map(c -> "host " + c.host() + " pid " + c.pid()).orElse("no parseable claim");
    }
}
