package io.github.lockwatch.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimTest {

    @Test
    void parsesWhatFluflWrites() {
        Claim c = Claim.parse("/srv/x.lck|mail.example.com|4242|9223372036854775806", '|').orElseThrow();
        assertEquals("/srv/x.lck", c.lockFile());
        assertEquals("mail.example.com", c.host());
        assertEquals(4242, c.pid());
        assertEquals("9223372036854775806", c.random());
        assertEquals("x.lck|mail.example.com|4242|9223372036854775806", c.fileName());
        assertEquals("/srv/x.lck|mail.example.com|4242|9223372036854775806", c.text());
    }

    @Test
    void stripsSurroundingWhiteSpaceLikeFlufl() {
        assertEquals(7, Claim.parse("  /a.lck|h|7|1\n", '|').orElseThrow().pid());
    }

    @Test
    void rejectsWhatFluflCannotSplitIntoFourFieldsWithAnIntegerPid() {
        for (String bad : new String[] {"", "garbage", "/a|h|7", "/a|h|7|1|extra", "/a|h|x|1", "/a|h||1",
                "|h|7|1", "/a||7|1", "/a|h|-7|1", "/a|h|99999999999999999999|1"}) {
            assertEquals(Optional.empty(), Claim.parse(bad, '|'), bad);
        }
    }

    @Test
    void acceptsAnyRandomFieldAsFluflDoes() {
        assertTrue(Claim.parse("/a.lck|h|7|not-a-number", '|').isPresent());
    }

    @Test
    void validatesFields() {
        assertThrows(IllegalArgumentException.class, () -> new Claim("/a", "h|x", 1, "1", '|'));
        assertThrows(IllegalArgumentException.class, () -> new Claim("/a", "h", -1, "1", '|'));
        assertThrows(IllegalArgumentException.class, () -> new Claim("", "h", 1, "1", '|'));
    }
}
