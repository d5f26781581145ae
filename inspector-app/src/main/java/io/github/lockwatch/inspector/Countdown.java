package io.github.lockwatch.inspector;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Formatting of expiries for humans: "in 42 s", "in 3 min 05 s", "expired 12 s ago". */
public final class Countdown {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Countdown() {
    }

    /** The time left until {@code expires} as seen at {@code now}; a dash when there is no expiry. */
    public static String expiresIn(Instant expires, Instant now) {
        if (expires == null || now == null) {
            return "—";
        }
        // Expiries are whole seconds; count whole seconds so the text does not jitter.
        long seconds = expires.getEpochSecond() - now.getEpochSecond();
        if (seconds >= 0) {
            return "in " + span(seconds);
        }
        long ago = -seconds;
        return "expired " + (ago < 60 ? ago + " s" : coarse(ago)) + " ago";
    }

    /**
     * The expiry worth showing for {@code s}: none for a corrupt or inconsistent lock, whose file
     * mtime is not a holder's expiry (a countdown from it would say "in 0 s" or "expired 24 s ago").
     */
    public static Instant shownExpiry(io.github.lockwatch.inspect.LockSnapshot s) {
        return switch (s.status()) {
            case CORRUPT, INCONSISTENT -> null;
            default -> s.expires();
        };
    }

    private static final java.util.regex.Pattern ISO_INSTANT =
            java.util.regex.Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z\\b");
    private static final java.util.regex.Pattern ENGINE_SPAN = java.util.regex.Pattern.compile(
            "\\b(\\d+)d ?(\\d+)h\\b|\\b(\\d+)h ?(\\d+)m\\b|\\b(\\d+)m ?(\\d+)s\\b|\\b(\\d+)ms\\b|\\b(\\d+)s\\b");

    /**
     * The engine's explanations in the app's formats: its spans ("41s", "3m04s", "2h05m"; also the older "3m 4s") as the
     * countdowns write them ("41 s", "3 min 04 s", "2 h 05 min") and UTC instants
     * ("2026-12-03T18:20:13.790Z") as local date and time.
     */
    public static String humane(String engineText) {
        if (engineText == null || engineText.isEmpty()) {
            return engineText;
        }
        java.util.regex.Matcher t = ISO_INSTANT.matcher(engineText);
        StringBuilder b = new StringBuilder();
        while (t.find()) {
            String local;
            try {
                local = dateTime(Instant.parse(t.group()));
            } catch (java.time.format.DateTimeParseException e) {
                local = t.group();
            }
            t.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(local));
        }
        t.appendTail(b);
        java.util.regex.Matcher m = ENGINE_SPAN.matcher(b.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String r;
            if (m.group(1) != null) {
                r = m.group(1) + " d " + Integer.parseInt(m.group(2)) + " h";
            } else if (m.group(3) != null) {
                r = String.format("%s h %02d min", m.group(3), Integer.parseInt(m.group(4)));
            } else if (m.group(5) != null) {
                r = String.format("%s min %02d s", m.group(5), Integer.parseInt(m.group(6)));
            } else if (m.group(7) != null) {
                r = m.group(7) + " ms";
            } else {
                r = m.group(8) + " s";
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A one-line message with every absolute path shortened to its file name ("broke
     * /srv/locks/db.lck" becomes "broke db.lck"), for the status bar; the full text goes in its tooltip.
     */
    public static String shortPaths(String message) {
        if (message == null) {
            return "";
        }
        return SHORTEN.matcher(message).replaceAll(r -> {
            String p = r.group();
            int slash = p.replaceAll("/+$", "").lastIndexOf('/');
            String name = slash < 0 ? p : p.replaceAll("/+$", "").substring(slash + 1);
            return java.util.regex.Matcher.quoteReplacement(name.isEmpty() ? p : name);
        });
    }

    private static final java.util.regex.Pattern SHORTEN = java.util.regex.Pattern.compile("(?<![\\w.])/[^\\s:;,()\"']+");

    /** A coarse span for the past: "12 min", "2 h 04 min". */
    static String coarse(long seconds) {
        return seconds < 3600 ? seconds / 60 + " min" : span(seconds);
    }

    /** A compact span: "7 s", "3 min 05 s", "2 h 04 min", "3 d 2 h". */
    public static String span(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format("%d min %02d s", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%d h %02d min", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%d d %d h", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** A duration such as a scan time: "4 ms", "1.2 s". */
    public static String took(Duration d) {
        if (d == null) {
            return "—";
        }
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    private static final DateTimeFormatter SHORT_DATE_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** "14:03:22" for today, "12-24 09:00" for other days; a dash for none. */
    public static String shortDateTime(Instant t) {
        if (t == null) {
            return "—";
        }
        boolean today = t.atZone(ZoneId.systemDefault()).toLocalDate().equals(java.time.LocalDate.now(ZoneId.systemDefault()));
        return today ? TIME.format(t) : SHORT_DATE_TIME.format(t);
    }

    /** The local wall-clock time of an instant, or a dash. */
    public static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    /** The local date and time of an instant, or a dash. */
    public static String dateTime(Instant t) {
        return t == null ? "—" : DATE_TIME.format(t);
    }
}
