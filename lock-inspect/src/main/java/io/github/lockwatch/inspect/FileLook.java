package io.github.lockwatch.inspect;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One read-only look at a directory entry: its type and attributes without following links, and, only
 * for a regular file, at most {@link #MAX_CONTENT} bytes of its content.
 */
record FileLook(Path path, Kind kind, Object fileKey, long inode, long nlink, long size, Instant mtime,
        Instant ctime, String owner) {

    /** Claims are short (PATH_MAX plus three fields); a longer file is not a claim. */
    static final int MAX_CONTENT = 8 * 1024;

    enum Kind {
        REGULAR("regular file"), DIRECTORY("directory"), SYMLINK("symbolic link"),
        OTHER("special file (FIFO, socket or device)");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * lstat. Returns null if the entry does not exist. The owner's name is looked up afresh (see
     * {@link #of(Path, OwnerNames)} to share the look-ups).
     *
     * @throws IOException for any other problem (permission, ESTALE)
     */
    static FileLook of(Path file) throws IOException {
        return of(file, new OwnerNames());
    }

    /** The unix attributes a look needs: everything but owner and group (whose names cost NSS look-ups). */
    private static final String UNIX_ATTRIBUTES = "unix:mode,lastModifiedTime,size,fileKey,ino,nlink,ctime,uid";

    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;

    /**
     * lstat (one system call), the owner's name coming from {@code owners}. Returns null if the entry
     * does not exist.
     *
     * @throws IOException for any other problem (permission, ESTALE)
     */
    static FileLook of(Path file, OwnerNames owners) throws IOException {
        Map<String, Object> a;
        long nlink = -1;
        long ino = -1;
        Instant ctime = null;
        String owner = null;
        Kind kind = null;
        try {
            try {
                a = Files.readAttributes(file, UNIX_ATTRIBUTES, NOFOLLOW_LINKS);
                int type = ((Number) a.get("mode")).intValue() & S_IFMT;
                kind = type == S_IFLNK ? Kind.SYMLINK : type == S_IFDIR ? Kind.DIRECTORY
                        : type == S_IFREG ? Kind.REGULAR : Kind.OTHER;
                nlink = ((Number) a.get("nlink")).longValue();
                ino = ((Number) a.get("ino")).longValue();
                Object ct = a.get("ctime");
                ctime = ct instanceof FileTime ft ? ft.toInstant() : null;
                Object uid = a.get("uid");
                owner = uid instanceof Number n ? owners.name(n.intValue(), file) : null;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                a = Files.readAttributes(file, "*", NOFOLLOW_LINKS);
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        if (kind == null) {
            kind = Boolean.TRUE.equals(a.get("isSymbolicLink")) ? Kind.SYMLINK
                    : Boolean.TRUE.equals(a.get("isDirectory")) ? Kind.DIRECTORY
                    : Boolean.TRUE.equals(a.get("isRegularFile")) ? Kind.REGULAR : Kind.OTHER;
        }
        Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
        long size = a.get("size") instanceof Number n ? n.longValue() : -1;
        return new FileLook(file, kind, a.get("fileKey"), ino, nlink, size, mtime, ctime, owner);
    }

    /**
     * User names by uid, each looked up once (a look-up goes through NSS: files, nscd, LDAP...). Not
     * thread-safe; one per scan, so a renamed user shows up at the next scan.
     */
    static final class OwnerNames {
        private final Map<Integer, String> names = new HashMap<>();
        private int lastUid = -1; // most entries of a directory have one owner: no boxing for it
        private String lastName;

        /** The name of {@code uid}, asking the system (through {@code file}'s owner) only the first time. */
        String name(int uid, Path file) {
            if (uid == lastUid && lastName != null) {
                return lastName;
            }
            String name = names.get(uid);
            if (name != null) {
                lastUid = uid;
                lastName = name;
                return name;
            }
            try {
                // The JDK resolves names only as a file's owner: one more lstat, for the first file per uid.
                Map<String, Object> a = Files.readAttributes(file, "unix:uid,owner", NOFOLLOW_LINKS);
                if (a.get("owner") instanceof UserPrincipal up && a.get("uid") instanceof Number n) {
                    names.put(n.intValue(), up.getName());
                }
            } catch (IOException | RuntimeException e) {
                // the file went away or changed meanwhile: the number will do
            }
            return names.getOrDefault(uid, Integer.toString(uid)); // not cached: try again next time
        }
    }

    String fileKeyText() {
        return fileKey == null ? null : fileKey.toString();
    }

    /** Same inode as another look (file key where known, else inode number). */
    boolean sameFile(FileLook other) {
        if (fileKey != null && other.fileKey != null) {
            return fileKey.equals(other.fileKey);
        }
        return inode >= 0 && inode == other.inode;
    }

    /** What reading a regular file gave. */
    record Content(String text, int bytesRead, boolean truncated, boolean binary) {
    }

    /**
     * Reads at most {@link #MAX_CONTENT} bytes. Only call for {@link Kind#REGULAR} looks: opening is
     * done without following links, so a symlink swapped in meanwhile fails instead of being followed.
     * (A FIFO swapped in between the lstat and the open could still block the open: POSIX offers Java
     * no O_NONBLOCK open; the watcher bounds each scan with a timeout for that reason.)
     */
    static Content read(Path file) throws IOException {
        return read(file, -1);
    }

    /** Opens a regular file for reading without following a link. */
    @FunctionalInterface
    interface Opener {
        SeekableByteChannel open(Path file) throws IOException;
    }

    /** Opens by path. */
    static final Opener BY_PATH = file -> Files.newByteChannel(file, StandardOpenOption.READ, NOFOLLOW_LINKS);

    private static final java.util.Set<java.nio.file.OpenOption> READ_NOFOLLOW =
            java.util.Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS);

    /**
     * Opens files of the directory {@code dir} lists relative to its open descriptor (openat), where the
     * platform allows: no path walk per file, and always in the directory that was listed. The files
     * passed must be entries of that directory.
     */
    static Opener in(java.nio.file.DirectoryStream<Path> dir) {
        if (dir instanceof java.nio.file.SecureDirectoryStream<Path> sds) {
            return file -> sds.newByteChannel(file.getFileName(), READ_NOFOLLOW);
        }
        return BY_PATH;
    }

    static Content read(Path file, long expectedSize) throws IOException {
        return read(BY_PATH, file, expectedSize);
    }

    /**
     * {@link #read(Path)} of a file that its lstat said has {@code expectedSize} bytes (-1: unknown): the
     * buffer is sized from it, and a read that stops short exactly there is taken as the end of the file,
     * so a small file costs open + one read + close. A file that grew meanwhile is read on, up to the limit.
     */
    static Content read(Opener opener, Path file, long expectedSize) throws IOException {
        try (SeekableByteChannel ch = opener.open(file)) {
            int expected = expectedSize >= 0 && expectedSize <= MAX_CONTENT ? (int) expectedSize : -1;
            ByteBuffer buf = ByteBuffer.allocate(expected >= 0 ? expected + 1 : MAX_CONTENT + 1);
            while (true) {
                int r = ch.read(buf);
                if (r <= 0) {
                    break;
                }
                if (!buf.hasRemaining()) {
                    if (buf.capacity() > MAX_CONTENT) {
                        break; // one byte past the limit: truncated
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(MAX_CONTENT + 1); // it grew since the lstat
                    buf.flip();
                    bigger.put(buf);
                    buf = bigger;
                } else if (buf.position() == expected) {
                    break; // a short read at the size the lstat gave: end of file
                }
            }
            int n = Math.min(buf.position(), MAX_CONTENT);
            boolean truncated = buf.position() > MAX_CONTENT;
            return decode(java.util.Arrays.copyOf(buf.array(), n), truncated);
        }
    }

    private static Content decode(byte[] bytes, boolean truncated) throws CharacterCodingException {
        int n = bytes.length;
        boolean ascii = true;
        boolean binary = false;
        for (byte b : bytes) {
            if (b == 0) {
                binary = true;
                break;
            }
            if (b < 0) {
                ascii = false;
            }
        }
        if (ascii && !binary) {
            return new Content(new String(bytes, StandardCharsets.US_ASCII), n, truncated, false);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            binary = binary || !truncated; // a cut in the middle of a character is not binary
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes));
            text = cb.toString();
        }
        return new Content(text, n, truncated, binary);
    }

    /** One line describing an I/O problem, recognising the usual ones. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "vanished";
        }
        String reason = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason != null && reason.contains("Stale file handle")) {
            return "stale file handle (ESTALE: the file changed on the NFS server)";
        }
        if (reason != null && reason.contains("Too many levels of symbolic links")) {
            return "is a symbolic link (not followed)";
        }
        return Objects.requireNonNullElse(reason, e.getClass().getSimpleName());
    }
}
