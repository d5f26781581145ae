package io.github.lockwatch.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void humanDurationsAreShortWithTwoDigitsAfterTheFirstUnit() {
        assertEquals("250ms", Durations.human(Duration.ofMillis(250)));
        assertEquals("42s", Durations.human(Duration.ofSeconds(42)));
        assertEquals("6m40s", Durations.human(Duration.ofSeconds(400)));
        assertEquals("1m05s", Durations.human(Duration.ofSeconds(65)));
        assertEquals("2h03m", Durations.human(Duration.ofMinutes(123)));
        assertEquals("3d04h", Durations.human(Duration.ofHours(76)));
        assertEquals("-1m00s", Durations.human(Duration.ofSeconds(-60)));
    }
}
