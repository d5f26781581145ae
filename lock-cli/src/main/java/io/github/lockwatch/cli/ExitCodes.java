package io.github.lockwatch.cli;

/**
 * The exit statuses of {@code lockctl}, documented in its help footer and README.
 *
 * <p>{@code run} exits with its command's status instead, except as described there.
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A failure: I/O error, missing directory, permission denied, an unsafe doctor verdict, an overlap. */
    public static final int FAILURE = 1;
    /** Bad usage: unknown option, missing argument, bad duration. */
    public static final int USAGE = 2;
    /** An admin action was refused: the lock changed, is not breakable, is gone, or is not held. */
    public static final int REFUSED = 3;
    /** {@code stress}: inconclusive, a stale marker left by a killed run made every iteration overlap. */
    public static final int INCONCLUSIVE = 4;
    /** The lock could not be acquired within the timeout ({@code EX_TEMPFAIL} of sysexits.h). */
    public static final int TIMEOUT = 75;
    /** {@code run}: the command was found but could not be executed (as in POSIX shells). */
    public static final int CANNOT_EXECUTE = 126;
    /** {@code run}: the command was not found (as in POSIX shells). */
    public static final int NOT_FOUND = 127;

    private ExitCodes() {
    }
}
