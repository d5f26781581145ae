package io.github.lockwatch.cli;

import io.github.lockwatch.lock.LockTimeoutException;
import io.github.lockwatch.lock.UnsupportedFileSystemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Turns exceptions into one line for stderr and an exit status. Expected conditions never print a
 * stack trace; an unexpected exception prints one only when {@code LOCKCTL_DEBUG} is set.
 */
final class Errors {

    /** Set this environment variable (to anything) to get stack traces of unexpected errors. */
    static final String DEBUG_ENV = "LOCKCTL_DEBUG";

    private Errors() {
    }

    /** Prints the message for {@code e} as {@code lockctl <command>: <message>} and returns the status. */
    static int report(Throwable e, String commandName, PrintWriter err) {
        Throwable t = unwrap(e);
        int code = exitCode(t);
        err.println(commandName + ": " + Text.visible(describe(t)));
        if (code == ExitCodes.FAILURE && !expected(t) && System.getenv(DEBUG_ENV) != null) {
            t.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof picocli.CommandLine.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static int exitCode(Throwable t) {
        if (t instanceof CliException c) {
            return c.exitCode();
        }
        if (t instanceof LockTimeoutException) {
            return ExitCodes.TIMEOUT;
        }
        return ExitCodes.FAILURE;
    }

    private static boolean expected(Throwable t) {
        return t instanceof CliException || t instanceof IOException || t instanceof InterruptedException
                || t instanceof IllegalStateException || t instanceof IllegalArgumentException;
    }

    static String describe(Throwable t) {
        if (t instanceof CliException) {
            return t.getMessage();
        }
        if (t instanceof LockTimeoutException e) {
            return e.getFile() + ": " + e.getReason();
        }
        if (t instanceof io.github.lockwatch.inspect.NotALockException) {
            return t.getMessage();
        }
        if (t instanceof UnsupportedFileSystemException e) {
            return e.getFile() + ": filesystem not supported: " + e.getReason();
        }
        if (t instanceof FileSystemException e) {
            String file = e.getFile() == null ? "" : e.getFile();
            String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
            String what = fileProblem(e);
            if (what == null) {
                what = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            } else if (e.getReason() != null && !(e instanceof NoSuchFileException)
                    && !(e instanceof AccessDeniedException)) {
                what = what + " (" + e.getReason() + ")";
            }
            return file.isEmpty() ? what : file + other + ": " + what;
        }
        if (t instanceof IOException) {
            return t.getMessage() != null ? t.getMessage() : "I/O error (" + t.getClass().getSimpleName() + ")";
        }
        if (t instanceof InterruptedException) {
            return "interrupted";
        }
        if (t instanceof IllegalStateException || t instanceof IllegalArgumentException) {
            return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        }
        return "internal error: " + t
                + (System.getenv(DEBUG_ENV) == null ? " (set " + DEBUG_ENV + "=1 for the stack trace)" : "");
    }

    private static String fileProblem(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof NotLinkException) {
            return "not a symbolic link";
        }
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        return null;
    }
}
