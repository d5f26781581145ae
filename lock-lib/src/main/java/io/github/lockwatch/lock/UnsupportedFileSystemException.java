package io.github.lockwatch.lock;

/**
 * Thrown when the lock's filesystem cannot carry the protocol: it refuses hard links (FAT, some SMB
 * mounts: {@code link(2)} fails with {@code EPERM} or {@code EOPNOTSUPP}), never reports a link count
 * of 2 (sshfs), or refuses the {@code |} in claim-file names ({@code EINVAL}, or {@code EPERM} from
 * FUSE FAT). No files are left behind when this is thrown. Other failures of the same operations (a
 * full disk, a read-only mount, a quota, an I/O error) are plain {@link java.io.IOException}s.
 *
 * <p>{@link #getFile()} is the lock file; the message says what the filesystem did.
 */
public final class UnsupportedFileSystemException extends java.nio.file.FileSystemException {

    UnsupportedFileSystemException(String lockFile, String reason) {
        super(lockFile, null, reason);
    }
}
