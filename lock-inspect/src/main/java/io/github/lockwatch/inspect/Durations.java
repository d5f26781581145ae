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
            s = String.format(java.util.Locale.ROOT, "%dm%02ds", a.toMinutes(), a.toSecondsPart());
        } else if (a.compareTo(Duration.ofDays(1)) < 0) {
            s = String.format(java.util.Locale.ROOT, "%dh%02dm", a.toHours(), a.toMinutesPart());
        } else {
            s = String.format(java.util.Locale.ROOT, "%dd%02dh", a.toDays(), a.toHoursPart());
        }
        return neg ? "-" + s : s;
    }
}
