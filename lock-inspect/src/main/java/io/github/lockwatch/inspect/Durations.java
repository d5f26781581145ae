package io.github.lockwatch.inspect;

import java.time.Duration;

/**
 * Human-readable durations for explanations: {@code 950ms}, {@code 12s}, {@code 3m04s}, {@code 2h05m},
 * {@code 1d03h}: the format of lockctl's countdowns, and one its duration options accept.
 */
final class Durations {

    private Durations() {
    }

    static String human(Duration d) {
        boolean neg = d.isNegative();
        Duration a = d.abs();
        String s;
        if (a.compareTo(Duration.ofSeconds(1)) < 0) {
            s = a.toMillis() + "ms";
        } else if (a.compareTo(Duration.ofMinutes(1)) < 0) {
            s = a.toSeconds() + "s";
        } else if (a.compareTo(Duration.ofHours(1)) < 0) {
            s = a.toMinutes() + "m" + twoDigits(a.toSecondsPart()) + "s";
        } else if (a.compareTo(Duration.ofDays(1)) < 0) {
            s = a.toHours() + "h" + twoDigits(a.toMinutesPart()) + "m";
        } else {
            s = a.toDays() + "d" + twoDigits(a.toHoursPart()) + "h";
        }
        return neg ? "-" + s : s;
    }

    /** 0..99 with a leading zero below 10 (String.format is a tenth of a scan's time at 10,000 locks). */
    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
