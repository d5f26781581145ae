package io.github.lockwatch.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --smoke-test} in a JVM of its own, as the packaging check runs it (headless on Monocle). */
class SmokeTestIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theSmokeTestRendersTheFilledDemoExitsZeroAndReportsItsStartUpTimes() throws Exception {
        Path png = tmp.resolve("smoke.png");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Dlockwatch.headless=true",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--smoke-test", png.toString()))
                .redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile())
                .start();
        try {
            assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the smoke test did not finish");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.strip().endsWith(png.toAbsolutePath().toString()), out);
        assertTrue(Files.size(png) > 10_000, "a real picture");
        assertTrue(err.matches("(?s).*smoke test: main view after \\d+ ms, demo filled after \\d+ ms.*"), err);
    }
}
