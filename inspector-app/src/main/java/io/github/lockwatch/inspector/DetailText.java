package io.github.lockwatch.inspector;

import io.github.lockwatch.inspect.LockEvent;
import io.github.lockwatch.inspect.LockSnapshot;
import io.github.lockwatch.inspect.Waiter;
import java.time.Instant;
import java.util.List;

/** The evidence about one lock as plain text: the "Copy details" content and the event lines. */
public final class DetailText {

    private DetailText() {
    }

    /** Every field of the snapshot, the waiters, findings and history, one per line. */
    public static String of(LockSnapshot s, List<LockEvent> history, Instant now) {
        StringBuilder b = new StringBuilder();
        line(b, "Lock", s.path().toString());
        line(b, "State", StateStyles.label(s.status()) + " — " + Countdown.humane(s.explanation()));
        line(b, "Holder", s.host() == null ? "—" : s.host() + " pid " + s.pid());
        line(b, "Claim", s.claimText().orElse("(none)"));
        line(b, "Expires", Countdown.shownExpiry(s) == null ? "— (no meaningful expiry)"
                : Countdown.dateTime(s.expires()) + " (" + Countdown.expiresIn(s.expires(), now) + ")");
        line(b, "Liveness", s.liveness().jsonName() + " — " + Countdown.humane(s.livenessEvidence()));
        line(b, "mtime", Countdown.dateTime(s.mtime()));
        line(b, "ctime", Countdown.dateTime(s.ctime()));
        line(b, "Inode", s.inode() + (s.fileKey() == null ? "" : " (" + s.fileKey() + ")"));
        line(b, "Links", Long.toString(s.linkCount()));
        line(b, "Owner", s.owner() == null ? "—" : s.owner());
        line(b, "Scanned", Countdown.dateTime(s.scannedAt()));
        line(b, "Raw content", s.rawContent().isEmpty() ? "(empty)" : s.rawContent().strip());
        b.append("Waiters: ").append(s.waiters().isEmpty() ? "none" : "").append('\n');
        for (Waiter w : s.waiters()) {
            b.append("  ").append(waiter(w)).append('\n');
        }
        b.append("Findings: ").append(s.findings().isEmpty() ? "none" : "").append('\n');
        for (String f : s.findings()) {
            b.append("  ").append(f).append('\n');
        }
        if (history != null && !history.isEmpty()) {
            b.append("History:\n");
            for (LockEvent e : history) {
                b.append("  ").append(event(e)).append('\n');
            }
        }
        return b.toString();
    }

    /** "host pid 123 (alive), waiting since 12:00:01". */
    public static String waiter(Waiter w) {
        return w.host() + " pid " + w.pid() + " (" + w.liveness().jsonName() + ")"
                + (w.since() == null ? "" : ", waiting since " + Countdown.time(w.since()));
    }

    /** "12:00:01 acquired held by host:pid". */
    public static String event(LockEvent e) {
        StringBuilder b = new StringBuilder(Countdown.time(e.at())).append("  ")
                .append(e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (e.before() != null && e.after() != null && e.before().status() != e.after().status()) {
            b.append(": ").append(StateStyles.label(e.before().status())).append(" → ").append(StateStyles.label(e.after().status()));
        } else if (e.after() != null) {
            b.append(": ").append(StateStyles.label(e.after().status()));
        }
        LockSnapshot s = e.after() != null ? e.after() : e.before();
        if (s != null && s.host() != null && !s.host().isEmpty()) {
            b.append(" (").append(s.host()).append(':').append(s.pid()).append(')');
        }
        if (!e.detail().isEmpty()) {
            b.append(" — ").append(e.detail());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append(": ").append(value).append('\n');
    }
}
