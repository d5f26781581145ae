package io.github.lockwatch.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * When a claim's host name can be trusted to mean "this machine": host names that every machine gives
 * itself ({@code localhost}: what Python's {@code getfqdn()} and Java's canonical host name return on
 * machines without a DNS name) are unique only on a filesystem no other machine mounts.
 */
final class Hosts {

    private Hosts() {
    }

    private static final Set<String> GENERIC = Set.of("localhost", "localhost.localdomain", "localhost4",
            "localhost4.localdomain4", "localhost6", "localhost6.localdomain6", "ip6-localhost", "ip6-loopback",
            "loopback", "127.0.0.1", "::1", "0.0.0.0");

    /** Filesystem types whose files no other machine sees (as /proc/mounts spells them). */
    private static final Set<String> LOCAL_TYPES = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs",
            "zfs", "vfat", "msdos", "exfat", "overlay", "ramfs", "jfs", "reiserfs", "nilfs2", "bcachefs", "hfsplus",
            "apfs", "ntfs", "ntfs3", "devtmpfs");

    /**
     * Whether {@code host} is a name many machines call themselves: {@code localhost} and its variants,
     * names under {@code localhost.}, and loopback addresses.
     */
    static boolean isGeneric(String host) {
        String h = normal(host);
        return h.isEmpty() || GENERIC.contains(h) || h.startsWith("localhost.") || h.startsWith("127.")
                || h.equals("[::1]");
    }

    /**
     * {@link #isGeneric(String)}, or a name that resolves, by {@code etcHosts} (the lines of /etc/hosts),
     * only to loopback addresses whose own name is generic: with {@code 127.0.0.1 localhost} and
     * {@code 127.0.0.1 vm}, {@code vm} is {@code localhost} by another name (and {@code getfqdn()} says
     * so). A name on a loopback address of its own ({@code 127.0.1.1 db1}, as Debian writes) is not.
     */
    static boolean isGeneric(String host, List<String> etcHosts) {
        if (isGeneric(host)) {
            return true;
        }
        String h = normal(host);
        Map<String, String> canonical = new HashMap<>(); // address -> its first name
        Set<String> addresses = new HashSet<>();
        for (String line : etcHosts) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            String address = f[0].toLowerCase(Locale.ROOT);
            canonical.putIfAbsent(address, normal(f[1]));
            for (int i = 1; i < f.length; i++) {
                if (normal(f[i]).equals(h)) {
                    addresses.add(address);
                }
            }
        }
        if (addresses.isEmpty()) {
            return false;
        }
        for (String a : addresses) {
            if (!(a.startsWith("127.") || a.equals("::1")) || !isGeneric(canonical.get(a))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #isGeneric(String, List)} by this machine's /etc/hosts (no DNS: it can take seconds). */
    static boolean isGenericHere(String host) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/etc/hosts"), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            lines = List.of();
        }
        return isGeneric(host, lines);
    }

    private static String normal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Whether files on a filesystem of this type are seen by this machine only. Unknown types are shared. */
    static boolean isLocalType(String type) {
        return type != null && LOCAL_TYPES.contains(type.toLowerCase(Locale.ROOT));
    }

    /** The /proc/mounts type of the filesystem holding {@code dir}, if known. */
    static final Function<Path, Optional<String>> MOUNT_TYPE = Hosts::mountType;

    /** The type of the longest /proc/mounts mount point containing {@code dir} (links resolved); empty if unknown. */
    static Optional<String> mountType(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException | RuntimeException e) {
            real = dir.toAbsolutePath().normalize();
        }
        String best = null;
        String type = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length < 3) {
                    continue;
                }
                String mp = f[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
                if ((real.toString().equals(mp) || real.startsWith(mp)) && (best == null || mp.length() >= best.length())) {
                    best = mp; // a later line with the same mount point is mounted over the earlier one
                    type = f[2];
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(type);
    }

    /** The kernel's host name ({@code uname -n}), which tells machines apart where claims all say localhost. */
    static String node() {
        return NODE;
    }

    private static final String NODE = readNode();

    private static String readNode() {
        try {
            String n = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the environment, then the resolver (which only reads the name, no DNS)
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        env = System.getenv("COMPUTERNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return null;
    }
}
