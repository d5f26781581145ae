package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lockwatch.lock.testing.Facilities;
import io.github.lockwatch.lock.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot even be lstat'ed are shown to the user, never dropped: {@code lockctl ls} run as an
 * unprivileged user on a directory it may list (r) but not search (no x), so every lstat fails with EACCES.
 */
class ScanProblemsProcessIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void entriesThatCannotBeExaminedAreProblemsInTheTableAndTheJson() throws Exception {
        Facilities.require("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "root and setpriv(1) to run lockctl as an unprivileged user");
        Path jar = Path.of("target", "lockctl.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "failsafe runs after package: " + jar);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path ourJar = Files.copy(jar, tmp.resolve("lockctl.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(ourJar, PosixFilePermissions.fromString("rw-r--r--"));
        Path dir = Files.createDirectory(tmp.resolve("locks"));
        Files.writeString(dir.resolve("notes.txt"), "not a lock, but nobody can tell");
        Files.writeString(dir.resolve("x.lck"), "a lock by its name");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr--r--")); // others: list, no search

        var json = runAsNobody(ourJar, "ls", "--json", dir.toString());
        assertEquals(0, json.code(), json.output());
        Map<String, Object> root = MiniJson.parseObject(json.output().lines().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow(() -> new AssertionError(json.output())));
        @SuppressWarnings("unchecked")
        Map<String, Object> scan = ((List<Map<String, Object>>) root.get("directories")).get(0);
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) scan.get("problems");
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(dir.resolve("notes.txt") + ": cannot be examined")
                && p.contains("permission denied")), "the unexaminable file is a problem: " + problems);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> locks = (List<Map<String, Object>>) scan.get("locks");
        assertEquals(1, locks.size(), "x.lck is a lock by its name: " + locks);
        assertTrue(!((List<?>) locks.get(0).get("findings")).isEmpty(), "and carries a finding: " + locks);

        var table = runAsNobody(ourJar, "ls", dir.toString());
        assertEquals(0, table.code(), table.output());
        assertTrue(table.output().contains("  problem: " + dir.resolve("notes.txt") + ": cannot be examined"),
                table.output());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Facilities.Result runAsNobody(Path jar, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=/tmp", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return Facilities.run(60, cmd.toArray(String[]::new));
    }
}
