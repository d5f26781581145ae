package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls --json A B C with one directory that cannot be scanned: it keeps its place, with an error. */
class LsJsonErrorsTest {

    @TempDir
    Path root;

    @Test
    @SuppressWarnings("unchecked")
    void aDirectoryThatCannotBeScannedKeepsItsPlaceWithAnError() throws Exception {
        Path a = Files.createDirectory(root.resolve("a"));
        Path missing = root.resolve("missing");
        Path c = Files.createDirectory(root.resolve("c"));
        var r = Cli.run("ls", "--json", a.toString(), missing.toString(), c.toString()).expect(1);
        assertEquals(1, r.err().strip().lines().count(), r.err());
        List<Object> dirs = (List<Object>) MiniJson.parseObject(r.out()).get("directories");
        assertEquals(3, dirs.size(), r.out());
        List<String> names = dirs.stream().map(d -> (String) ((Map<String, Object>) d).get("directory")).toList();
        assertEquals(List.of(a.toString(), missing.toString(), c.toString()), names);
        Map<String, Object> bad = (Map<String, Object>) dirs.get(1);
        assertTrue(((String) bad.get("error")).contains("no such file"), bad.toString());
        assertNull(((Map<String, Object>) dirs.get(0)).get("error"));
        assertTrue(((Map<String, Object>) dirs.get(2)).get("locks") instanceof List);
    }
}
