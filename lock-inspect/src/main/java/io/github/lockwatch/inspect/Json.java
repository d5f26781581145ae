package io.github.lockwatch.inspect;

/**
 * JSON renderings of the engine's values, with stable, documented field names (snake_case); no
 * dependencies. Times are ISO-8601 UTC ({@code 2026-01-01T12:00:00Z}); durations are integer
 * milliseconds in fields ending {@code _ms}; unknown values are {@code null}.
 *
 * <h2>Lock ({@link #toJson(LockSnapshot)})</h2>
 * {@code path}, {@code state} ({@link LockStatus#jsonName()}), {@code explanation}, {@code host},
 * {@code pid}, {@code claim} (claim text or null), {@code expires}, {@code remaining_ms} (expires minus
 * {@code scanned_at}, negative once expired), {@code mtime}, {@code ctime}, {@code file_key},
 * {@code inode}, {@code link_count}, {@code owner}, {@code liveness} ({@link Liveness#jsonName()}),
 * {@code liveness_evidence}, {@code waiters} (array of objects: {@code host}, {@code pid}, {@code claim},
 * {@code claim_file}, {@code since}, {@code liveness}), {@code findings} (array of strings),
 * {@code scanned_at}, {@code raw_content}.
 *
 * <h2>Scan ({@link #toJson(DirectoryScan)})</h2>
 * {@code directory}, {@code scanned_at}, {@code took_ms}, {@code locks} (array of lock objects),
 * {@code orphans} (array: {@code claim_file}, {@code host}, {@code pid}, {@code liveness},
 * {@code reason}), {@code problems} (array of strings).
 *
 * <h2>Doctor ({@link #toJson(DoctorReport)})</h2>
 * {@code directory}, {@code safe}, {@code verdict}, {@code clock_offset_ms}, {@code checks} (array:
 * {@code name}, {@code result} ({@code pass}, {@code warn}, {@code fail}), {@code detail}).
 *
 * <h2>Action ({@link #toJson(ActionResult)})</h2>
 * {@code outcome} ({@link ActionResult.Outcome#jsonName()}), {@code message}, {@code lock} (the lock
 * object of the snapshot acted on).
 *
 * <h2>Clean ({@link #toJson(CleanResult)})</h2>
 * {@code directory}, {@code applied}, {@code candidates} (orphan objects), {@code removed} (paths),
 * {@code problems}.
 *
 * <h2>Audit ({@link #toJson(AuditRecord)})</h2>
 * See {@link AuditLog}.
 *
 * <h2>Event ({@link #toJson(LockEvent)})</h2>
 * {@code kind} (lower case, e.g. {@code acquired}, {@code directory-unreachable}), {@code directory},
 * {@code lock}, {@code at}, {@code detail}, {@code before}, {@code after} (lock objects or null).
 */
public final class Json {

    private Json() {
    }

    /**
     * A lock snapshot as a JSON object.
     *
     * @param lock the snapshot
     * @return one line of JSON
     */
    public static String toJson(LockSnapshot lock) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A directory scan as a JSON object.
     *
     * @param scan the scan
     * @return one line of JSON
     */
    public static String toJson(DirectoryScan scan) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A doctor report as a JSON object.
     *
     * @param report the report
     * @return one line of JSON
     */
    public static String toJson(DoctorReport report) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * An action result as a JSON object.
     *
     * @param result the result
     * @return one line of JSON
     */
    public static String toJson(ActionResult result) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A clean result as a JSON object.
     *
     * @param result the result
     * @return one line of JSON
     */
    public static String toJson(CleanResult result) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * An audit record as a JSON object (one line of the audit log).
     *
     * @param record the record
     * @return one line of JSON
     */
    public static String toJson(AuditRecord record) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A watcher event as a JSON object.
     *
     * @param event the event
     * @return one line of JSON
     */
    public static String toJson(LockEvent event) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A string as a JSON string literal, with quotes and escapes (for callers composing their own JSON).
     *
     * @param s the string, or null
     * @return the literal, or {@code null}
     */
    public static String quote(String s) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
