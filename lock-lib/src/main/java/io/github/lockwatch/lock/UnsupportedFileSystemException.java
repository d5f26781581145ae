package io.github.lockwatch.lock;

/**
 * Thrown when the lock's filesystem cannot carry the protocol: it refuses hard links (FAT, some SMB
 * mounts: {@code link(2)} fails with {@code EPERM}), never reports a link count of 2 (sshfs), or
 * refuses the {@code |} in claim-file names. No files are left behind when this is thrown.
 *
 * <p>{@link #getFile()} is the lock file; the message says what the filesystem did.
 */
public final class UnsupportedFileSystemException extends java.nio.file.FileSystemException {

    UnsupportedFileSystemException(String lockFile, String reason) {
        super(lockFile, null, reason);
    }
}
