package io.github.lockwatch.inspect;

/**
 * What can be said about whether the process named by a claim is still running.
 */
public enum Liveness {
    /** The claimant is on this host and a process with its pid runs, started before the evidence time. */
    ALIVE,
    /** The claimant is on this host and no process with its pid runs. */
    DEAD,
    /** A process with the pid runs on this host, but it started after the claim was written: pid reuse. */
    PID_REUSED,
    /** The claimant is on another host: its liveness cannot be checked from here. Never treated as dead. */
    UNKNOWN_OTHER_HOST,
    /**
     * Nothing can be said: no parseable claim, the process table could not be read, or the claim names
     * our host by a generic name ({@code localhost}) on a shared filesystem, where it may be another
     * machine's.
     */
    UNKNOWN;

    /**
     * Whether this is proof that the claimant no longer runs.
     *
     * @return true for {@link #DEAD} and {@link #PID_REUSED}
     */
    public boolean provenDead() {
        return this == DEAD || this == PID_REUSED;
    }

    /**
     * The stable name used in JSON output.
     *
     * @return the lower-case name with dashes, e.g. {@code unknown-other-host}
     */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
