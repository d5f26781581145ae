package io.github.lockwatch.cli;

/** An expected condition that ends a command with one line on stderr and a given exit status. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException failure(String message) {
        return new CliException(ExitCodes.FAILURE, message);
    }

    static CliException refused(String message) {
        return new CliException(ExitCodes.REFUSED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
