package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CountdownTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00.400Z");

    @Test
    void futureExpiryCountsDownInWholeSeconds() {
        assertEquals("in 42 s", Countdown.expiresIn(Instant.parse("2026-01-01T12:00:42Z"), NOW));
        assertEquals("in 0 s", Countdown.expiresIn(Instant.parse("2026-01-01T12:00:00Z"), NOW));
        assertEquals("in 3 min 05 s", Countdown.expiresIn(Instant.parse("2026-01-01T12:03:05Z"), NOW));
        assertEquals("in 2 h 04 min", Countdown.expiresIn(Instant.parse("2026-01-01T14:04:59Z"), NOW));
    }

    @Test
    void pastExpirySaysHowLongAgo() {
        assertEquals("expired 12 s ago", Countdown.expiresIn(Instant.parse("2026-01-01T11:59:48Z"), NOW));
        assertEquals("expired 12 min ago", Countdown.expiresIn(Instant.parse("2026-01-01T11:48:00Z"), NOW));
    }

    @Test
    void missingExpiryIsADash() {
        assertEquals("—", Countdown.expiresIn(null, NOW));
    }
}
