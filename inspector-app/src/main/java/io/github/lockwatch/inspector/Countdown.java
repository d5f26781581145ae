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
