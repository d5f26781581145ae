package io.github.lockwatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand: runs {@link #execute()} and turns its exceptions into one line on stderr
 * and an exit status, so that the commands behave the same whether they are run through
 * {@link LockCtl#main} or through a bare {@code new CommandLine(new LockCtl())}.
 */
abstract class LockCtlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CommandLine.ParameterException e) {
            throw e; // usage errors go to the parameter exception handler: exit 2
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Errors.report(e, name(), err());
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
                throw (Error) e;
            }
            return Errors.report(e, name(), err());
        }
    }

    /** The command's work; returns the exit status. */
    abstract int execute() throws Exception;

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    final String name() {
        return spec.qualifiedName();
    }

    final CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The root command, for what it shares (stdin). */
    final LockCtl root() {
        CommandSpec s = spec;
        while (s.parent() != null) {
            s = s.parent();
        }
        return (LockCtl) s.userObject();
    }
}
