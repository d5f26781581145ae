package io.github.lockwatch.inspect;

import java.time.Duration;

/** Human-readable durations for explanations: {@code 950ms}, {@code 12s}, {@code 3m 4s}, {@code 2h 5m}. */
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
            s = a.toMinutes() + "m " + a.toSecondsPart() + "s";
        } else if (a.compareTo(Duration.ofDays(1)) < 0) {
            s = a.toHours() + "h " + a.toMinutesPart() + "m";
        } else {
            s = a.toDays() + "d " + a.toHoursPart() + "h";
        }
        return neg ? "-" + s : s;
    }
}
