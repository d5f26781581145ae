package io.github.lockwatch.lock;

import java.util.Objects;
import java.util.Optional;

/**
 * A claim of the flufl.lock protocol: the text {@code <lockfile>|<host>|<pid>|<random>}.
 *
 * <p>Every lock object owns one claim file whose name <em>and</em> content is this text. Acquiring a
 * lock hard-links the claim file to the lock file, so a held lock file contains the winner's claim.
 * Readers of a lock file {@linkplain #parse parse} its content into a claim to learn who holds it.
 *
 * <p>Instances are immutable values.
 *
 * @param lockFile the lock file as the claimant named it (the claimant's view of the path: another
 *     host may have mounted the share elsewhere, so never act on this path)
 * @param host the claimant's host name, as Python's {@code socket.getfqdn()} reports it
 * @param pid the claimant's process id on its host
 * @param random the random field that makes the claim unique; flufl writes a decimal number in
 *     {@code 0..2^63-1}, but readers accept any text there, as flufl does
 * @param separator the field separator, {@code '|'} on POSIX and {@code '^'} on Windows
 */
public record Claim(String lockFile, String host, long pid, String random, char separator) {

    /** The separator flufl.lock uses on this platform: {@code '^'} on Windows, {@code '|'} elsewhere. */
    public static final char PLATFORM_SEPARATOR =
            System.getProperty("os.name", "").startsWith("Windows") ? '^' : '|';

    /**
     * Validates the fields.
     *
     * @param lockFile the lock file as the claimant named it; not empty
     * @param host the claimant's host name; not empty, without the separator
     * @param pid the claimant's process id; not negative
     * @param random the random field; without the separator
     * @param separator the field separator
     * @throws IllegalArgumentException if a field is empty, contains the separator, or a number is
     *     negative
     * @throws NullPointerException if {@code lockFile}, {@code host} or {@code random} is null
     */
    public Claim {
        Objects.requireNonNull(lockFile, "lockFile");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(random, "random");
        if (lockFile.isEmpty() || host.isEmpty()) {
            throw new IllegalArgumentException("lock file and host must not be empty");
        }
        if (host.indexOf(separator) >= 0) {
            throw new IllegalArgumentException("host " + host + " contains the separator " + separator);
        }
        if (pid < 0) {
            throw new IllegalArgumentException("pid must not be negative");
        }
        if (random.indexOf(separator) >= 0) {
            throw new IllegalArgumentException("random field contains the separator " + separator);
        }
    }

    /**
     * Parses lock-file content the way flufl.lock does: strip surrounding white space, split on the
     * separator into exactly four fields, the pid a decimal integer.
     *
     * <p>The lock-file field may itself contain the separator only if the other three fields do not;
     * as in flufl, such content has more than four fields and does not parse.
     *
     * @param content the content of a lock or claim file
     * @param separator the separator to split on
     * @return the claim, or empty if the content is not a claim (flufl ≥ 6 never breaks such a lock)
     */
    public static Optional<Claim> parse(String content, char separator) {
        String text = content.strip();
        // Exactly three separators: four fields (what split(quote(separator), -1) would give, without a regex).
        int a = text.indexOf(separator);
        int b = a < 0 ? -1 : text.indexOf(separator, a + 1);
        int c = b < 0 ? -1 : text.indexOf(separator, b + 1);
        if (c < 0 || text.indexOf(separator, c + 1) >= 0 || a == 0 || b == a + 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Claim(text.substring(0, a), text.substring(a + 1, b),
                    parseDecimal(text.substring(b + 1, c)), text.substring(c + 1), separator));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses with the {@linkplain #PLATFORM_SEPARATOR platform separator}.
     *
     * @param content the content of a lock or claim file
     * @return the claim, or empty if the content is not a claim
     */
    public static Optional<Claim> parse(String content) {
        return parse(content, PLATFORM_SEPARATOR);
    }

    private static long parseDecimal(String field) {
        // flufl writes plain digits; Python's int() also takes surrounding blanks and a plus sign.
        String s = field.strip();
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty() || s.length() > 18) {
            throw new NumberFormatException(field);
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException(field);
            }
        }
        return Long.parseLong(s);
    }

    /**
     * The claim as it is written to disk: the claim file's name and its exact content.
     *
     * @return {@code lockFile + sep + host + sep + pid + sep + random}
     */
    public String text() {
        return lockFile + separator + host + separator + pid + separator + random;
    }

    /**
     * The file name of the claim file: the lock file's base name with the three claim fields appended.
     *
     * @return the base name, without any directory
     */
    public String fileName() {
        String name = lockFile;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1) + separator + host + separator + pid + separator + random;
    }

    /** Returns {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
