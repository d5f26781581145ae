package io.github.lockwatch.inspector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The watched directories remembered between runs: one absolute path a line in
 * {@code $XDG_CONFIG_HOME/lockwatch/inspector-directories} (default {@code ~/.config/lockwatch}).
 * The system property {@value #CONFIG_DIR_PROPERTY} moves it (tests use a temporary directory).
 * Called from background threads only: it does file I/O.
 */
public final class WatchedDirectories {

    /** System property naming the configuration directory. */
    public static final String CONFIG_DIR_PROPERTY = "lockwatch.config.dir";

    private final Path file;

    /** The store in {@code configDir}. */
    public WatchedDirectories(Path configDir) {
        this.file = Objects.requireNonNull(configDir, "configDir").resolve("inspector-directories");
    }

    /** The store in the user's configuration directory. */
    public static WatchedDirectories userDefault() {
        String override = System.getProperty(CONFIG_DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return new WatchedDirectories(Path.of(override));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new WatchedDirectories(base.resolve("lockwatch"));
    }

    /** The file holding the list. */
    public Path file() {
        return file;
    }

    /** The remembered directories, in the order they were added; empty if nothing was saved. */
    public List<Path> load() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            LinkedHashSet<Path> dirs = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    dirs.add(Path.of(s));
                }
            }
            return List.copyOf(dirs);
        } catch (IOException | RuntimeException e) {
            System.getLogger(WatchedDirectories.class.getName())
                    .log(System.Logger.Level.WARNING, "cannot read " + file, e);
            return List.of();
        }
    }

    /** Replaces the remembered list, atomically. */
    public void save(List<Path> directories) throws IOException {
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("# Directories watched by the Lockwatch inspector, one a line.");
        for (Path p : new LinkedHashSet<>(directories)) {
            lines.add(p.toAbsolutePath().toString());
        }
        Path tmp = Files.createTempFile(file.getParent(), ".inspector-directories", ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
