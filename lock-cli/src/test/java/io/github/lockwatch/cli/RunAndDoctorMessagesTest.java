package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One clean line for a command that cannot be run and for a doctor DIR that is not a directory. */
class RunAndDoctorMessagesTest {

    @TempDir
    Path dir;

    @Test
    void aNonExecutableFileIs126PermissionDenied() throws Exception {
        Path script = Files.writeString(dir.resolve("noexec.sh"), "#!/bin/sh\necho hi\n");
        var r = Cli.run("run", dir.resolve("x.lck").toString(), "--", script.toString()).expect(126).oneCleanErrorLine();
        assertEquals("lockctl run: cannot run " + script + ": permission denied (not executable)", r.err().strip());
        assertFalse(Files.exists(dir.resolve("x.lck")), "released");
    }

    @Test
    void aDirectoryAsCommandIs126() {
        var r = Cli.run("run", dir.resolve("x.lck").toString(), "--", dir.toString()).expect(126).oneCleanErrorLine();
        assertTrue(r.err().contains("is a directory, not a program"), r.err());
        assertFalse(r.err().contains("error="), r.err());
    }

    @Test
    void doctorOfAMissingDirectoryOrAFileIsOnePlainLine() throws Exception {
        Path missing = dir.resolve("nonexist");
        var r = Cli.run("doctor", missing.toString()).expect(1).oneCleanErrorLine();
        assertEquals("lockctl doctor: " + missing + ": no such file or directory", r.err().strip());
        Path file = Files.writeString(dir.resolve("f"), "");
        var f = Cli.run("doctor", file.toString()).expect(1).oneCleanErrorLine();
        assertEquals("lockctl doctor: " + file + ": not a directory", f.err().strip());
    }
}
