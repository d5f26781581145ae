package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.inspect.DirectoryScan;
import io.github.lockwatch.inspect.Json;
import io.github.lockwatch.lock.testing.MiniJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** A scan's problems (a file that vanished mid-scan, one that could not be examined) reach the user. */
class ScanProblemsTest {

    @Test
    void theTableAndTheJsonShowEveryProblemOfAScan() {
        Path dir = Path.of("/srv/locks");
        List<String> problems = List.of(dir.resolve("gone.lck") + ": vanished during the scan",
                dir.resolve("notes.txt") + ": cannot be examined (permission denied); it may be a lock");
        DirectoryScan scan = new DirectoryScan(dir, Instant.now(), Duration.ofMillis(3), List.of(), List.of(), problems);

        StringWriter table = new StringWriter();
        LockTable.render(scan, Instant.now(), Ansi.OFF, new PrintWriter(table, true));
        for (String p : problems) {
            assertTrue(table.toString().contains("  problem: " + p), table.toString());
        }
        Map<String, Object> json = MiniJson.parseObject(Json.toJson(scan));
        assertEquals(problems, json.get("problems"));
    }
}
