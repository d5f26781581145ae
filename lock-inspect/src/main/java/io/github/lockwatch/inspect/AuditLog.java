package io.github.lockwatch.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An append-only JSON Lines log of every admin action.
 *
 * <p>Each line is one {@link AuditRecord} as a JSON object with the fields {@code time} (ISO-8601 UTC),
 * {@code user}, {@code host} (the name claims carry), {@code node} (the kernel host name), {@code pid}, {@code action}, {@code lock}, {@code holder_host},
 * {@code holder_pid}, {@code holder_claim}, {@code reason}, {@code outcome}, {@code message}.
 *
 * <p>The local log is {@code ${XDG_DATA_HOME:-~/.local/share}/lockwatch/audit.jsonl} unless another file
 * is given. Optionally (opt-in) every record is also appended to a shared file beside the locks, so
 * admins on other hosts see it; a failure to write the shared file does not fail the action (the
 * local record notes it). Lines are appended with one write each ({@code O_APPEND}), so concurrent
 * writers on one host do not interleave within a line.
 */
public final class AuditLog {

    /** The default name of the shared audit file beside the locks: {@value}. */
    public static final String SHARED_FILE_NAME = ".lockwatch-audit.jsonl";

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    private final Path file;
    private final String sharedFileName;

    private AuditLog(Builder b) {
        this.file = b.file != null ? b.file : defaultFile(System.getenv());
        this.sharedFileName = b.sharedFileName;
    }

    /**
     * A builder: default local file, no shared file.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A log writing only to the default local file.
     *
     * @return the log
     */
    public static AuditLog defaultLog() {
        return builder().build();
    }

    /**
     * A log writing only to {@code file}.
     *
     * @param file the JSON Lines file (created with its directories on first append)
     * @return the log
     */
    public static AuditLog at(Path file) {
        return builder().file(file).build();
    }

    /**
     * The default local file for an environment: {@code $XDG_DATA_HOME/lockwatch/audit.jsonl} if
     * {@code XDG_DATA_HOME} is set and absolute, else {@code ~/.local/share/lockwatch/audit.jsonl}.
     *
     * @param env the environment variables
     * @return the path
     */
    public static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("lockwatch").resolve("audit.jsonl");
    }

    /**
     * Appends a record to the local file and, if enabled, to the shared file in {@code lockDirectory}.
     *
     * @param record the record
     * @param lockDirectory the directory of the lock acted on (for the shared file)
     * @throws IOException if the local file cannot be written
     */
    public void append(AuditRecord record, Path lockDirectory) throws IOException {
        byte[] line = (Json.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        write(file, line);
        if (sharedFileName != null && lockDirectory != null) {
            try {
                write(lockDirectory.resolve(sharedFileName), line);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not append to the shared audit file in {0}: {1}",
                        lockDirectory, e.toString());
            }
        }
    }

    private static void write(Path target, byte[] line) throws IOException {
        // One write with O_APPEND; never through a symlink.
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /**
     * Reads every record of the local file, oldest first; lines that do not parse are skipped.
     *
     * @return the records (empty if the file does not exist)
     * @throws IOException if the file exists but cannot be read
     */
    public List<AuditRecord> read() throws IOException {
        return read(file);
    }

    /**
     * Reads every record of an audit file (local or shared), oldest first; lines that do not parse are skipped.
     *
     * @param auditFile the JSON Lines file
     * @return the records (empty if the file does not exist)
     * @throws IOException if the file exists but cannot be read
     */
    public static List<AuditRecord> read(Path auditFile) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<AuditRecord> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) JsonText.parse(line);
                out.add(new AuditRecord(Instant.parse((String) m.get("time")), (String) m.get("user"),
                        (String) m.get("host"), num(m.get("pid")), (String) m.get("action"), (String) m.get("lock"),
                        (String) m.get("holder_host"), num(m.get("holder_pid")), (String) m.get("holder_claim"),
                        (String) m.get("reason"), (String) m.get("outcome"), (String) m.get("message"),
                        (String) m.get("node")));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "skipping an unparseable audit line in {0}", auditFile);
            }
        }
        return out;
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    /**
     * The local JSON Lines file.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * The name of the shared file beside the locks, if that is enabled.
     *
     * @return the shared file's base name
     */
    public Optional<String> sharedFileName() {
        return Optional.ofNullable(sharedFileName);
    }

    /** Options of an {@link AuditLog}; validated once, in {@link #build()}. */
    public static final class Builder {
        private Path file;
        private String sharedFileName;

        private Builder() {
        }

        /**
         * The local JSON Lines file; default {@link AuditLog#defaultFile(Map)} of the real environment.
         *
         * @param file the file
         * @return this builder
         */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Also append to a shared file {@value AuditLog#SHARED_FILE_NAME} beside each lock acted on.
         *
         * @param shared true to enable (opt-in)
         * @return this builder
         */
        public Builder sharedBesideLocks(boolean shared) {
            this.sharedFileName = shared ? SHARED_FILE_NAME : null;
            return this;
        }

        /**
         * Builds the log.
         *
         * @return the log
         */
        public AuditLog build() {
            return new AuditLog(this);
        }
    }
}
