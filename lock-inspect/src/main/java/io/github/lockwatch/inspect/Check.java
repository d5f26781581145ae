package io.github.lockwatch.inspect;

import java.util.Objects;

/**
 * One check of a {@link DoctorReport}.
 *
 * @param name a short stable name, e.g. {@code hard-links}, {@code future-mtime}, {@code clock-offset}
 * @param result the verdict of this check
 * @param detail one line for humans: what was measured
 */
public record Check(String name, Result result, String detail) {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
    }

    /** The verdict of one check. */
    public enum Result {
        /** The filesystem behaves as the protocol needs. */
        PASS,
        /** Works, with a caveat worth knowing (whole-second timestamps, an NFS mount, a small clock offset). */
        WARN,
        /** The protocol is not safe here. */
        FAIL
    }
}
