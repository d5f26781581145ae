package io.github.lockwatch.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * This machine's host name as Python's {@code socket.getfqdn()} computes it, so that flufl.lock and
 * we write and compare the same name. Computed once per JVM.
 */
final class LocalHost {

    private static final System.Logger LOG = System.getLogger(LocalHost.class.getName());

    private LocalHost() {
    }

    private static final Once FQDN = new Once(() -> compute(kernelHostname(), InetAddress::getByName));

    /** The name, resolved on the first call (which may block on DNS) and remembered for the JVM. */
    static String fqdn() {
        return FQDN.get();
    }

    /** How a name is looked up; tests count the lookups. */
    @FunctionalInterface
    interface Resolver {
        InetAddress byName(String name) throws UnknownHostException;
    }

    /** A name computed on first use, exactly once however many threads ask at the same time. */
    static final class Once {
        private final Supplier<String> compute;
        private volatile String value;

        Once(Supplier<String> compute) {
            this.compute = compute;
        }

        String get() {
            String v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = compute.get();
                        value = v;
                    }
                }
            }
            return v;
        }
    }

    /**
     * getfqdn(): gethostbyaddr(gethostname()) and the first of (name, aliases) that contains a dot,
     * else the primary name; the bare host name when the lookup fails. Java exposes no aliases, so
     * the primary (canonical) name stands in for the list.
     */
    static String compute(String kernelName, Resolver resolver) {
        long start = System.nanoTime();
        try {
            InetAddress address = resolver.byName(kernelName);
            String canonical = address.getCanonicalHostName();
            // getCanonicalHostName returns the literal address when the reverse lookup fails, where
            // gethostbyaddr raises and getfqdn falls back to the bare name.
            if (canonical.equals(address.getHostAddress())) {
                return kernelName;
            }
            return canonical;
        } catch (UnknownHostException | SecurityException e) {
            return kernelName;
        } finally {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ms > 1000) {
                LOG.log(System.Logger.Level.WARNING, "resolving host name {0} took {1} ms", kernelName, ms);
            }
        }
    }

    static String kernelHostname() {
        try {
            String name = Protocol.uninterruptibly(
                    () -> Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = System.getenv(System.getProperty("os.name", "").startsWith("Windows") ? "COMPUTERNAME" : "HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
