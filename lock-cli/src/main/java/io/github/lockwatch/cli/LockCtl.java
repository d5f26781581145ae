package io.github.lockwatch.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lockctl}: list, inspect, hold, run under, refresh, break and clean flufl.lock-protocol locks.
 *
 * <p>Run {@code lockctl --help} for the commands; {@code lock-cli/README.md} has the reference.
 */
@Command(
        name = "lockctl",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Inspect and administer flufl.lock-protocol lock files (Java Lockwatch,"
                + " Python flufl.lock), locally or on NFS.",
        subcommands = {
            LsCommand.class,
            StatusCommand.class,
            RunCommand.class,
            HoldCommand.class,
            BreakCommand.class,
            RefreshCommand.class,
            CleanCommand.class,
            DoctorCommand.class,
            StressCommand.class,
            CommandLine.HelpCommand.class,
        },
        footer = {
            "",
            "Exit status (every command):",
            "  0    ok",
            "  1    failure: I/O error, missing directory, permission denied, not a lock,",
            "       unsafe doctor verdict, clean --apply could not remove an orphan,",
            "       stress overlap or lost lock, hold lost its lock;",
            "       run: the lock was lost and CMD exited 0",
            "  2    usage error: unknown option, missing argument, bad duration,",
            "       --lifetime under 1s",
            "  3    refused: the lock changed since it was read, is not breakable without",
            "       --force, is gone, or is not held",
            "  4    stress: inconclusive, a stale marker left by a killed run",
            "  75   timed out waiting for the lock (the message names the holder)",
            "  143  run, hold: stopped by SIGTERM (130: SIGINT); the lock was released",
            "  run otherwise exits with CMD's status (126: not executable, 127: not found)",
            "",
            "Durations: 500ms, 15s, 2m, 1h, 1d, 1m30s, plain seconds (15), or PT15S.",
        })
public final class LockCtl implements Runnable {

    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    /** A command reading {@link System#in}. */
    public LockCtl() {
        this(System.in);
    }

    /**
     * A command reading the given standard input ({@code hold} waits for its end).
     *
     * @param stdin the standard input
     */
    public LockCtl(InputStream stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    InputStream stdin() {
        return stdin;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /**
     * A command line with lockctl's error handling: usage errors print one line and a hint and exit
     * 2; {@link LockCtl#main} uses it.
     *
     * @param lockctl the root command
     * @return the configured command line
     */
    public static CommandLine commandLine(LockCtl lockctl) {
        CommandLine cl = new CommandLine(lockctl);
        // The exit-status footer is inherited by every subcommand; it belongs to the top-level help only.
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().usageMessage().footer("",
                    "Durations: 500ms, 15s, 2m, 1h, 1d, 1m30s, plain seconds (15), or PT15S.",
                    "Exit statuses: see 'lockctl --help'.");
        }
        cl.setParameterExceptionHandler(LockCtl::usageError);
        cl.setExecutionExceptionHandler((e, c, parsed) -> Errors.report(e, c.getCommandSpec().qualifiedName(),
                c.getErr()));
        return cl;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        String name = c.getCommandSpec().qualifiedName();
        err.println(Text.visible(name + ": " + firstLine(e.getMessage()) + durationHint(args)
                + " (see '" + name + " --help')"));
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "usage error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static final java.util.Set<String> DURATION_OPTIONS = java.util.Set.of("--lifetime", "--timeout", "--for",
            "--hold", "--poll", "--expiring-window");

    /** A hint when a duration was typed as two words, e.g. {@code --lifetime 5 minutes}. */
    static String durationHint(String[] args) {
        for (int i = 0; args != null && i + 2 < args.length; i++) {
            if (DURATION_OPTIONS.contains(args[i]) && args[i + 1].matches("\\d+(\\.\\d+)?")
                    && args[i + 2].matches("(?i)(ms|msecs?|millis(econds?)?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?"
                            + "|hours?|d|days?)")) {
                return "; " + DurationConverter.HINT + ": " + args[i] + " " + args[i + 1] + args[i + 2];
            }
        }
        return "";
    }

    /** Held strongly: java.util.logging keeps loggers only weakly, and the filter would go with it. */
    private static java.util.logging.Logger lockFileLog;

    /**
     * lockctl's own lost-lock listener prints {@code lockctl <command>: LOCK LOST: …}; the library's
     * "lost lock" warning would be a second line saying the same, so it is dropped (other warnings stay).
     */
    static void oneLineForALostLock() {
        lockFileLog = java.util.logging.Logger.getLogger(io.github.lockwatch.lock.LockFile.class.getName());
        lockFileLog.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("lost lock "));
    }

    /**
     * Runs lockctl and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // The libraries log through System.Logger (java.util.logging here): one line each, like ours.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "lockctl: %4$s: %5$s%6$s%n");
        }
        oneLineForALostLock();
        int status = commandLine(new LockCtl()).execute(args);
        System.out.flush();
        System.exit(status);
    }
}
