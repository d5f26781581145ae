package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Help texts: paths never broken across lines, options only where they do something. */
class HelpTextTest {

    @Test
    void auditPathsAreNeverWrapped() {
        for (String c : List.of("break", "refresh", "clean")) {
            String help = Cli.run(c, "--help").expect(0).out();
            assertTrue(help.contains("~/.local/share/lockwatch/audit.jsonl"), c + ":\n" + help);
            assertTrue(help.contains("$XDG_DATA_HOME/lockwatch/audit.jsonl"), c + ":\n" + help);
            assertTrue(help.contains(".lockwatch-audit.jsonl"), c + ":\n" + help);
        }
    }

    @Test
    void cleanHasNoExpiringWindowAndSaysWhereTheSharedAuditGoes() {
        String help = Cli.run("clean", "--help").expect(0).out();
        assertFalse(help.contains("--expiring-window"), help);
        assertTrue(help.contains("clean: in DIR"), help);
        Cli.run("clean", "--expiring-window", "5s", ".").expect(2).oneCleanErrorLine();
        assertTrue(Cli.run("ls", "--help").expect(0).out().contains("--expiring-window"));
    }
}
