package io.github.lockwatch.inspect;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The file named as a lock is not one by the discovery rules of {@link LockScanner}: it is not a regular
 * file, or its content is not a claim, it has no claim files beside it and its name matches none of the
 * globs. Nothing was read beyond what telling this needed, and nothing was changed.
 */
public final class NotALockException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param file the file
     * @param why why it is not a lock, e.g. {@code is a directory}
     */
    public NotALockException(Path file, String why) {
        super(file.toString(), null, why);
    }

    /**
     * One line: {@code not a lock: <file> (<why>)}.
     *
     * @return the message
     */
    @Override
    public String getMessage() {
        return "not a lock: " + getFile() + " (" + getReason() + ")";
    }
}
