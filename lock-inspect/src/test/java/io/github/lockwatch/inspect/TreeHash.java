package io.github.lockwatch.inspect;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** A digest of a tree: names, types, sizes, mtimes, link counts and regular-file contents, without following links. */
final class TreeHash {
    private TreeHash() {
    }

    static String of(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted().toList();
        }
        for (Path p : all) {
            md.update(root.relativize(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var a = Files.readAttributes(p, "unix:*", NOFOLLOW_LINKS);
            md.update((a.get("mode") + " " + a.get("size") + " " + a.get("lastModifiedTime") + " "
                    + a.get("nlink") + " " + a.get("ino")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (Files.isRegularFile(p, NOFOLLOW_LINKS)) {
                try {
                    md.update(Files.readAllBytes(p));
                } catch (IOException e) {
                    md.update(e.getClass().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } else if (Files.isSymbolicLink(p)) {
                md.update(Files.readSymbolicLink(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
