package io.github.lockwatch.inspect;

import java.util.Map;

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
 * {@code problems}, {@code skipped} (orphan objects: stale claims of unknown liveness, not asked for).
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
        return lock(lock);
    }

    /**
     * A directory scan as a JSON object.
     *
     * @param scan the scan
     * @return one line of JSON
     */
    public static String toJson(DirectoryScan scan) {
        return JsonText.object()
                .put("directory", scan.directory().toString())
                .put("scanned_at", scan.scannedAt())
                .putMillis("took_ms", scan.took())
                .putArray("locks", scan.locks(), Json::lock)
                .putArray("orphans", scan.orphans(), Json::orphan)
                .putStrings("problems", scan.problems())
                .end();
    }

    /**
     * A doctor report as a JSON object.
     *
     * @param report the report
     * @return one line of JSON
     */
    public static String toJson(DoctorReport report) {
        return JsonText.object()
                .put("directory", report.directory().toString())
                .put("safe", report.safe())
                .put("verdict", report.verdict())
                .putMillis("clock_offset_ms", report.clockOffset().orElse(null))
                .putArray("checks", report.checks(), c -> JsonText.object()
                        .put("name", c.name())
                        .put("result", c.result().name().toLowerCase(java.util.Locale.ROOT))
                        .put("detail", c.detail())
                        .end())
                .end();
    }

    /**
     * An action result as a JSON object.
     *
     * @param result the result
     * @return one line of JSON
     */
    public static String toJson(ActionResult result) {
        return JsonText.object()
                .put("outcome", result.outcome().jsonName())
                .put("message", result.message())
                .putRaw("lock", lock(result.seen()))
                .end();
    }

    /**
     * A clean result as a JSON object.
     *
     * @param result the result
     * @return one line of JSON
     */
    public static String toJson(CleanResult result) {
        return JsonText.object()
                .put("directory", result.directory().toString())
                .put("applied", result.applied())
                .putArray("candidates", result.candidates(), Json::orphan)
                .putStrings("removed", result.removed().stream().map(Object::toString).toList())
                .putStrings("problems", result.problems())
                .putArray("skipped", result.skipped(), Json::orphan)
                .end();
    }

    /**
     * An audit record as a JSON object (one line of the audit log).
     *
     * @param record the record
     * @return one line of JSON
     */
    public static String toJson(AuditRecord record) {
        return JsonText.object()
                .put("time", record.time())
                .put("user", record.user())
                .put("host", record.host())
                .put("node", record.node())
                .put("pid", record.pid())
                .put("action", record.action())
                .put("lock", record.lock())
                .put("holder_host", record.holderHost())
                .put("holder_pid", record.holderPid())
                .put("holder_claim", record.holderClaim())
                .put("reason", record.reason())
                .put("outcome", record.outcome())
                .put("message", record.message())
                .end();
    }

    /**
     * A watcher event as a JSON object.
     *
     * @param event the event
     * @return one line of JSON
     */
    public static String toJson(LockEvent event) {
        return JsonText.object()
                .put("kind", event.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .put("directory", event.directory().toString())
                .put("lock", event.lock() == null ? null : event.lock().toString())
                .put("at", event.at())
                .put("detail", event.detail())
                .putRaw("before", event.before() == null ? null : lock(event.before()))
                .putRaw("after", event.after() == null ? null : lock(event.after()))
                .end();
    }

    /**
     * A string as a JSON string literal, with quotes and escapes (for callers composing their own JSON).
     *
     * @param s the string, or null
     * @return the literal, or {@code null}
     */
    public static String quote(String s) {
        return JsonText.quote(s);
    }

    /**
     * Plain values as compact JSON, for tools that build their own documents (lockctl stress, the
     * benchmarks): {@code null}, strings, booleans, numbers (non-finite ones as {@code null}, fractions
     * rounded to three decimals), {@link Map maps} (keys as strings, in iteration order),
     * {@link Iterable iterables} and {@code long[]}; anything else as its {@code toString()}.
     *
     * @param value the value
     * @return its JSON text
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object value, StringBuilder sb) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            sb.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            sb.append(Double.isFinite(d) ? java.math.BigDecimal.valueOf(d)
                    .setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() : "null");
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep).append(JsonText.quote(String.valueOf(e.getKey()))).append(':');
                write(e.getValue(), sb);
                sep = ",";
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> items) {
            sb.append('[');
            String sep = "";
            for (Object item : items) {
                sb.append(sep);
                write(item, sb);
                sep = ",";
            }
            sb.append(']');
        } else if (value instanceof long[] longs) {
            write(java.util.Arrays.stream(longs).boxed().toList(), sb);
        } else {
            sb.append(JsonText.quote(value.toString()));
        }
    }

    private static String lock(LockSnapshot l) {
        return JsonText.object()
                .put("path", l.path().toString())
                .put("state", l.status().jsonName())
                .put("explanation", l.explanation())
                .put("host", l.host())
                .putRaw("pid", l.pid() < 0 ? null : Long.toString(l.pid()))
                .put("claim", l.claimText().orElse(null))
                .put("expires", l.expires())
                .putRaw("remaining_ms", l.expires() == null ? null
                        : Long.toString(l.remaining(l.scannedAt()).toMillis()))
                .put("mtime", l.mtime())
                .put("ctime", l.ctime())
                .put("file_key", l.fileKey())
                .putRaw("inode", l.inode() < 0 ? null : Long.toString(l.inode()))
                .putRaw("link_count", l.linkCount() < 0 ? null : Long.toString(l.linkCount()))
                .put("owner", l.owner())
                .put("liveness", l.liveness().jsonName())
                .put("liveness_evidence", l.livenessEvidence())
                .putArray("waiters", l.waiters(), w -> JsonText.object()
                        .put("host", w.host())
                        .put("pid", w.pid())
                        .put("claim", w.claim())
                        .put("claim_file", w.claimFile().toString())
                        .put("since", w.since())
                        .put("liveness", w.liveness().jsonName())
                        .end())
                .putStrings("findings", l.findings())
                .put("scanned_at", l.scannedAt())
                .put("raw_content", l.rawContent())
                .end();
    }

    private static String orphan(OrphanClaim o) {
        return JsonText.object()
                .put("claim_file", o.claimFile().toString())
                .put("host", o.host())
                .put("pid", o.pid())
                .put("liveness", o.liveness().jsonName())
                .put("reason", o.reason())
                .end();
    }
}
