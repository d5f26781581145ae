package io.github.lockwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs lockctl in this JVM with captured stdout and stderr. */
final class Cli {

    record Result(int code, String out, String err) {

        Result expect(int expected) {
            assertEquals(expected, code, () -> "exit status; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        /** Expected conditions print one line and never a stack trace. */
        Result oneCleanErrorLine() {
            assertEquals(1, err.strip().lines().count(), () -> "one line on stderr, got:\n" + err);
            assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("    at "),
                    () -> "no stack trace on stderr, got:\n" + err);
            return this;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), args);
    }

    static Result run(InputStream stdin, String... args) {
        return execute(LockCtl.commandLine(new LockCtl(stdin)), args);
    }

    /** The bare command line, without {@link LockCtl#commandLine}'s handlers. */
    static Result runBare(String... args) {
        return execute(new CommandLine(new LockCtl(new ByteArrayInputStream(new byte[0]))), args);
    }

    private static Result execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
