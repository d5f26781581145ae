package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void directoriesAreWatched() {
        Options o = Options.parse(List.of("/a", "/b"));
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), o.directories());
        assertFalse(o.smokeTest());
        assertFalse(o.demo());
    }

    @Test
    void smokeTestTakesAnOptionalPng() {
        assertEquals(Path.of("/tmp/x.png"), Options.parse(List.of("--smoke-test", "/tmp/x.png")).smokeTestPng());
        Options dflt = Options.parse(List.of("--smoke-test"));
        assertTrue(dflt.smokeTest());
        assertEquals("lockwatch-smoke-test.png", dflt.smokeTestPng().getFileName().toString());
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(List.of("--frobnicate")));
    }
}
