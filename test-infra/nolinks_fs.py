#!/usr/bin/python3
"""nolinks_fs.py - a FUSE passthrough that reports every file's link count as 1, like sshfs.

sshfs speaks SFTP version 3, whose file attributes carry no link count, so it reports st_nlink = 1
for every file even right after a successful link(2). The flufl.lock protocol decides "held" by a
link count of 2, so a lock library must refuse such a filesystem instead of taking locks that no
peer can see. This mount reproduces exactly that, over a backing directory, without an SSH server.

Usage: nolinks_fs.py BACKING MOUNTPOINT      (foreground; unmount with fusermount -u MOUNTPOINT)
Needs: python3-fusepy (libfuse2), /dev/fuse.
"""

import errno
import os
import sys

from fusepy import FUSE, FuseOSError, Operations


class NoLinkCount(Operations):
    def __init__(self, root):
        self.root = os.path.realpath(root)

    def _p(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def __call__(self, op, *args):
        try:
            return super().__call__(op, *args)
        except OSError as e:
            raise FuseOSError(e.errno or errno.EIO)

    def getattr(self, path, fh=None):
        st = os.lstat(self._p(path))
        attrs = {k: getattr(st, k) for k in ("st_mode", "st_uid", "st_gid", "st_size", "st_atime",
                                             "st_mtime", "st_ctime", "st_ino")}
        attrs["st_nlink"] = 1  # what SFTP v3 cannot tell
        return attrs

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._p(path))

    def access(self, path, mode):
        if not os.access(self._p(path), mode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        os.chmod(self._p(path), mode)

    def chown(self, path, uid, gid):
        os.lchown(self._p(path), uid, gid)

    def utimens(self, path, times=None):
        os.utime(self._p(path), times, follow_symlinks=False)

    def mkdir(self, path, mode):
        os.mkdir(self._p(path), mode)

    def rmdir(self, path):
        os.rmdir(self._p(path))

    def unlink(self, path):
        os.unlink(self._p(path))

    def rename(self, old, new):
        os.rename(self._p(old), self._p(new))

    def link(self, target, source):  # fusepy: target = the new name
        os.link(self._p(source), self._p(target))

    def symlink(self, target, source):
        os.symlink(source, self._p(target))

    def readlink(self, path):
        return os.readlink(self._p(path))

    def statfs(self, path):
        s = os.statvfs(self._p(path))
        return {k: getattr(s, k) for k in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail",
                                           "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")}

    def open(self, path, flags):
        return os.open(self._p(path), flags)

    def create(self, path, mode, fi=None):
        return os.open(self._p(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)

    def read(self, path, size, offset, fh):
        return os.pread(fh, size, offset)

    def write(self, path, data, offset, fh):
        return os.pwrite(fh, data, offset)

    def truncate(self, path, length, fh=None):
        os.truncate(self._p(path), length)

    def flush(self, path, fh):
        return 0

    def fsync(self, path, datasync, fh):
        os.fsync(fh)

    def release(self, path, fh):
        os.close(fh)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[4], file=sys.stderr)
        return 2
    FUSE(NoLinkCount(argv[1]), argv[2], foreground=True, nothreads=True, allow_other=True,
         fsname="lockwatch-nolinks", subtype="nolinks", attr_timeout=0, entry_timeout=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
