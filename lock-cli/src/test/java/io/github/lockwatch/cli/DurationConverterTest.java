package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {

    @Test
    void acceptsTheUnitsPeopleType() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(15), DurationConverter.parse("15s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofDays(1), DurationConverter.parse("1d"));
        assertEquals(Duration.ofSeconds(90), DurationConverter.parse("1m30s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofSeconds(15), DurationConverter.parse("15"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0"));
    }

    @Test
    void acceptsIso8601() {
        assertEquals(Duration.ofSeconds(15), DurationConverter.parse("PT15S"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("pt2m"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5x", "s", "-5s", "15 s", "1m30", "PT-5S", "P", "ms5", "1.s"})
    void rejectsAnythingElseWithOneLineThatShowsExamples(String text) {
        var e = assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse(text));
        assertTrue(e.getMessage().contains("is not a duration") && e.getMessage().contains("15s"), e.getMessage());
    }

    @Test
    void formatsCompactly() {
        assertEquals("500ms", DurationConverter.format(Duration.ofMillis(500)));
        assertEquals("12s", DurationConverter.format(Duration.ofMillis(12_900)));
        assertEquals("2m05s", DurationConverter.format(Duration.ofSeconds(125)));
        assertEquals("1h02m", DurationConverter.format(Duration.ofMinutes(62)));
        assertEquals("2d03h", DurationConverter.format(Duration.ofHours(51)));
    }
}
