package io.github.lockwatch.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses durations as people type them: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h},
 * {@code 1d}, combinations such as {@code 1m30s}, a bare number of seconds ({@code 15}), and ISO-8601
 * ({@code PT15S}). Units may be spelled out too ({@code 5min}, {@code 5minutes}, {@code 2hours}), as one
 * word: {@code "5 minutes"} is refused with a hint.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(milliseconds|millisecond|millis|msecs|msec|ms"
            + "|seconds|second|secs|sec|s|minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d)");

    /** The longest duration accepted: what fits in a long of milliseconds (about 292 million years). */
    private static Duration checked(Duration d, String value) {
        try {
            d.toMillis();
        } catch (ArithmeticException e) {
            throw tooLarge(value);
        }
        return d;
    }

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * Parses a duration.
     *
     * @param value the text
     * @return the duration, never negative
     * @throws CommandLine.TypeConversionException with a one-line explanation
     */
    public static Duration parse(String value) {
        try {
            return checked(parseUnchecked(value), value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw tooLarge(value);
        }
    }

    private static Duration parseUnchecked(String value) {
        String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                Duration d = Duration.parse(text.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw invalid(value);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        }
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        Matcher m = PART.matcher(text);
        int at = 0;
        Duration total = Duration.ZERO;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(value);
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2);
            long unitMillis = unit.startsWith("mil") || unit.startsWith("ms") ? 1L
                    : unit.startsWith("s") ? 1_000L
                    : unit.startsWith("m") ? 60_000L
                    : unit.startsWith("h") ? 3_600_000L
                    : 86_400_000L;
            if (Double.isInfinite(amount * unitMillis) || amount * unitMillis > Long.MAX_VALUE) {
                throw tooLarge(value);
            }
            total = total.plusMillis(Math.round(amount * unitMillis));
            at = m.end();
        }
        if (text.isEmpty()) {
            throw invalid(value);
        }
        return total;
    }

    private static CommandLine.TypeConversionException invalid(String value) {
        boolean spaced = value != null && value.strip().matches("\\d+(\\.\\d+)?\\s+\\p{Alpha}+");
        return new CommandLine.TypeConversionException("'" + value + "' is not a duration ("
                + (spaced ? "write it as one word, e.g. " + value.strip().replaceAll("\\s+", "") + "; " : "")
                + "examples: 500ms, 15s, 2m, 1h, 1m30s, PT15S)");
    }

    private static CommandLine.TypeConversionException tooLarge(String value) {
        return new CommandLine.TypeConversionException("'" + value + "' is too large a duration"
                + " (examples: 500ms, 15s, 2m, 1h, 1m30s, PT15S)");
    }

    /** The hint for a duration typed as two words ({@code --lifetime 5 minutes}): one line. */
    static final String HINT = "durations are one word, written like 15s, 2m, 1h or PT15S";

    /** Formats a duration compactly: {@code 500ms}, {@code 12s}, {@code 2m05s}, {@code 1h02m}. */
    static String format(Duration d) {
        long ms = Math.abs(d.toMillis());
        if (ms < 1_000) {
            return ms + "ms";
        }
        long s = ms / 1_000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, (s % 3_600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3_600);
    }
}
