package io.github.lockwatch.lock;

import java.util.Objects;

/**
 * Who a claimant is: the host name written into claims and the process id.
 *
 * <p>An immutable value. {@link #current()} describes this JVM; tests and tools that act for another
 * process (a simulated host, a fixed pid) build their own.
 *
 * @param host the host name, as Python's {@code socket.getfqdn()} would report it
 * @param pid the process id
 */
public record ProcessIdentity(String host, long pid) {

    /**
     * The system property that overrides the host name of {@link #current()} and of every lock
     * object that does not set one: {@value}.
     */
    public static final String HOSTNAME_PROPERTY = "lockwatch.hostname";

    /**
     * Validates the fields.
     *
     * @param host the host name; not blank
     * @param pid the process id; not negative
     * @throws IllegalArgumentException if {@code host} is blank or {@code pid} is negative
     * @throws NullPointerException if {@code host} is null
     */
    public ProcessIdentity {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (pid < 0) {
            throw new IllegalArgumentException("pid must not be negative: " + pid);
        }
    }

    /**
     * This JVM: the {@value #HOSTNAME_PROPERTY} system property if set, otherwise the host name that
     * Python's {@code socket.getfqdn()} gives on this machine, and {@link ProcessHandle#pid()}.
     *
     * <p>The host name is resolved once per JVM and cached; the first call may block for as long as
     * the resolver takes for one forward and one reverse lookup. It never throws: where the name does
     * not resolve (a container whose name is not in {@code /etc/hosts}), the kernel's host name is
     * used, as Python does.
     *
     * @return the identity of this process
     */
    public static ProcessIdentity current() {
        String override = System.getProperty(HOSTNAME_PROPERTY);
        String host = override != null && !override.isBlank() ? override.strip() : LocalHost.fqdn();
        return new ProcessIdentity(host, ProcessHandle.current().pid());
    }
}
