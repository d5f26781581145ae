#!/usr/bin/python3
"""nfs_fuse.py - expose one NFSv3 export as a FUSE mount, through libnfs (userspace).

Each process is ONE NFS client: it owns one libnfs context (one TCP connection,
one AUTH_SYS identity), so two processes mounting the same export behave like
two NFS client machines: no shared attribute cache, LINK/GETATTR/SETATTR/REMOVE
go over the wire, a file removed by the other client answers NFS3ERR_STALE.

Usage:
    nfs_fuse.py [options] SERVER EXPORT MOUNTPOINT

    --attr-timeout S      FUSE attribute cache lifetime (default 1.0 s)
    --entry-timeout S     FUSE name->inode cache lifetime (default 1.0 s)
    --negative-timeout S  FUSE negative lookup cache lifetime (default 0)
    --hard-remove         unlink open files at once instead of libfuse's
                          ".fuse_hiddenXXXX" rename (default: rename, which is
                          the analogue of the NFS client's ".nfsXXXX" silly rename)
    --direct-io           bypass the kernel page cache for file data
    --timeout MS          libnfs RPC timeout (default 15000 ms; 0 = wait forever)
    --name NAME           fsname shown in /proc/mounts (default nfs-<server>:<export>)
    --pidfile FILE        write our pid there once the NFS mount succeeded
    --stats FILE          keep counters of the errors returned to the kernel there
                          (JSON, rewritten atomically at every change: {"estale": N,
                          "estale_ops": {"read": N, ...}, "estale_callers": {"<comm>": N}}),
                          so tests can prove that an ESTALE really happened, and to
                          which thread (callers by their /proc/TID/comm name)
    --debug               log every operation to stderr

Threading: FUSE runs single-threaded (nothreads=True) AND every libnfs call is
made under one lock; a libnfs context is not thread safe.

Needs: python3-fusepy (+ libfuse2), libnfs13 (libnfs.so.13), /dev/fuse, root (or
user_allow_other) for allow_other.
"""

import argparse
import ctypes
import ctypes.util
import errno
import json
import logging
import os
import stat
import sys
import threading
import time

import fusepy
from fusepy import FUSE, FuseOSError, Operations

log = logging.getLogger("nfs_fuse")

NFS_V3 = 3
UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2


# --------------------------------------------------------------------------- libnfs

class nfs_stat_64(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint64) for n in (
        "nfs_dev", "nfs_ino", "nfs_mode", "nfs_nlink", "nfs_uid", "nfs_gid",
        "nfs_rdev", "nfs_size", "nfs_blksize", "nfs_blocks", "nfs_atime",
        "nfs_mtime", "nfs_ctime", "nfs_atime_nsec", "nfs_mtime_nsec",
        "nfs_ctime_nsec", "nfs_used")]


class timeval(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]


class nfsdirent(ctypes.Structure):
    pass


nfsdirent._fields_ = [
    ("next", ctypes.POINTER(nfsdirent)),
    ("name", ctypes.c_char_p),
    ("inode", ctypes.c_uint64),
    ("type", ctypes.c_uint32),
    ("mode", ctypes.c_uint32),
    ("size", ctypes.c_uint64),
    ("atime", timeval),
    ("mtime", timeval),
    ("ctime", timeval),
    ("uid", ctypes.c_uint32),
    ("gid", ctypes.c_uint32),
    ("nlink", ctypes.c_uint32),
    ("dev", ctypes.c_uint64),
    ("rdev", ctypes.c_uint64),
    ("blksize", ctypes.c_uint64),
    ("blocks", ctypes.c_uint64),
    ("used", ctypes.c_uint64),
    ("atime_nsec", ctypes.c_uint32),
    ("mtime_nsec", ctypes.c_uint32),
    ("ctime_nsec", ctypes.c_uint32),
]


class nfs_statvfs_64(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint64) for n in (
        "f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files",
        "f_ffree", "f_favail", "f_fsid", "f_flag", "f_namemax")]


def _load_libnfs():
    lib = ctypes.CDLL(os.environ.get("LIBNFS_PATH", "libnfs.so.13"), use_errno=True)
    V, P, I, S, U64 = (ctypes.c_void_p, ctypes.POINTER, ctypes.c_int,
                       ctypes.c_char_p, ctypes.c_uint64)
    PV = P(ctypes.c_void_p)
    sigs = {
        "nfs_init_context": ([], V),
        "nfs_destroy_context": ([V], None),
        "nfs_get_error": ([V], S),
        "nfs_set_version": ([V, I], I),
        "nfs_set_timeout": ([V, I], None),
        "nfs_set_uid": ([V, I], None),
        "nfs_set_gid": ([V, I], None),
        "nfs_mount": ([V, S, S], I),
        "nfs_umount": ([V], I),
        "nfs_lstat64": ([V, S, P(nfs_stat_64)], I),
        "nfs_fstat64": ([V, V, P(nfs_stat_64)], I),
        "nfs_open2": ([V, S, I, I, PV], I),
        "nfs_create": ([V, S, I, I, PV], I),
        "nfs_close": ([V, V], I),
        "nfs_pread": ([V, V, U64, U64, V], I),
        "nfs_pwrite": ([V, V, U64, U64, V], I),
        "nfs_fsync": ([V, V], I),
        "nfs_truncate": ([V, S, U64], I),
        "nfs_ftruncate": ([V, V, U64], I),
        "nfs_mkdir2": ([V, S, I], I),
        "nfs_rmdir": ([V, S], I),
        "nfs_unlink": ([V, S], I),
        "nfs_rename": ([V, S, S], I),
        "nfs_link": ([V, S, S], I),
        "nfs_symlink": ([V, S, S], I),
        "nfs_readlink": ([V, S, ctypes.c_char_p, I], I),
        "nfs_opendir": ([V, S, PV], I),
        "nfs_readdir": ([V, V], P(nfsdirent)),
        "nfs_closedir": ([V, V], None),
        "nfs_chmod": ([V, S, I], I),
        "nfs_chown": ([V, S, I, I], I),
        "nfs_utimes": ([V, S, P(timeval)], I),
        "nfs_statvfs64": ([V, S, P(nfs_statvfs_64)], I),
    }
    for name, (args, res) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


class NfsClient:
    """One libnfs context. Every call goes through self.lock."""

    def __init__(self, server, export, timeout_ms):
        self.lib = _load_libnfs()
        self.lock = threading.RLock()
        self.ctx = self.lib.nfs_init_context()
        if not self.ctx:
            raise OSError(errno.ENOMEM, "nfs_init_context failed")
        self._ids = (None, None)
        self.check(self.lib.nfs_set_version(self.ctx, NFS_V3), "nfs_set_version")
        if timeout_ms > 0:
            self.lib.nfs_set_timeout(self.ctx, timeout_ms)
        self.check(self.lib.nfs_mount(self.ctx, server.encode(), export.encode()),
                   "nfs_mount %s:%s" % (server, export))

    def error(self):
        msg = self.lib.nfs_get_error(self.ctx)
        return msg.decode(errors="replace") if msg else ""

    def check(self, ret, what, path=None, fh=None):
        """libnfs returns -errno; turn that into an OSError with the kernel's errno."""
        if ret is None or ret >= 0:
            return ret
        err = -ret
        msg = self.error()
        if err == errno.EFAULT:
            # libnfs 4.0 answers any failed READ/WRITE (NFS3ERR_STALE included) with
            # -EFAULT and a garbled message ('pread call failed with "F"'). A kernel
            # client says ESTALE for a stale handle; EFAULT never makes sense from a
            # filesystem. Ask the server about the handle to tell the two apart.
            err = errno.EIO
            if fh is not None:
                st = nfs_stat_64()
                if self.lib.nfs_fstat64(self.ctx, fh, ctypes.byref(st)) == -errno.ESTALE:
                    err = errno.ESTALE
            elif "STALE" in msg.upper():
                err = errno.ESTALE
        elif "NFS3ERR_STALE" in msg and err != errno.ENOENT:
            err = errno.ESTALE
        elif err == errno.EINTR:
            # libnfs gives up after its RPC timeout (server not answering) with -EINTR;
            # a kernel NFS soft mount reports EIO.
            err = errno.EIO
        log.debug("%s %s -> %d (%s) [%s]", what, path or "", err, errno.errorcode.get(err, "?"), msg)
        raise FuseOSError(err)

    def as_caller(self, uid, gid):
        """Send the FUSE caller's uid/gid as the AUTH_SYS credential (like a kernel client)."""
        if (uid, gid) != self._ids:
            self.lib.nfs_set_uid(self.ctx, uid)
            self.lib.nfs_set_gid(self.ctx, gid)
            self._ids = (uid, gid)

    def close(self):
        with self.lock:
            if self.ctx:
                self.lib.nfs_umount(self.ctx)
                self.lib.nfs_destroy_context(self.ctx)
                self.ctx = None


def _stat_dict(st):
    return {
        "st_dev": st.nfs_dev,
        "st_ino": st.nfs_ino,
        "st_mode": st.nfs_mode,
        "st_nlink": st.nfs_nlink,
        "st_uid": st.nfs_uid,
        "st_gid": st.nfs_gid,
        "st_rdev": st.nfs_rdev,
        "st_size": st.nfs_size,
        "st_blksize": st.nfs_blksize or 4096,
        "st_blocks": st.nfs_blocks,
        # use_ns = True: integer nanoseconds
        "st_atime": st.nfs_atime * 10**9 + st.nfs_atime_nsec,
        "st_mtime": st.nfs_mtime * 10**9 + st.nfs_mtime_nsec,
        "st_ctime": st.nfs_ctime * 10**9 + st.nfs_ctime_nsec,
    }


# --------------------------------------------------------------------------- FUSE

class NfsFuse(FUSE):
    """fusepy's FUSE with a utimens that keeps UTIME_NOW / UTIME_OMIT visible
    (fusepy folds tv_nsec into one number, losing those markers)."""

    def utimens(self, path, buf):
        if buf:
            a, m = buf.contents.actime, buf.contents.modtime
            times = ((a.tv_sec, a.tv_nsec), (m.tv_sec, m.tv_nsec))
        else:
            times = None
        return self.operations("utimens_raw", path.decode(self.encoding), times)


class Stats:
    """Counts the ESTALEs this client returned to the kernel (what callers can see), per
    operation, in a JSON file rewritten atomically (write + rename) at every change."""

    def __init__(self, path):
        self.path = path
        self.estale = 0
        self.ops = {}
        self.callers = {}
        self.write()

    def count_estale(self, op, tid):
        self.estale += 1
        self.ops[op] = self.ops.get(op, 0) + 1
        try:
            with open("/proc/%d/comm" % tid) as f:
                caller = f.read().strip()
        except OSError:
            caller = "?"
        self.callers[caller] = self.callers.get(caller, 0) + 1
        self.write()

    def write(self):
        if not self.path:
            return
        tmp = self.path + ".tmp"
        try:
            with open(tmp, "w") as f:
                json.dump({"pid": os.getpid(), "estale": self.estale, "estale_ops": self.ops,
                           "estale_callers": self.callers}, f, sort_keys=True)
                f.write("\n")
            os.rename(tmp, self.path)
        except OSError as e:  # never fail a filesystem call because of the statistics
            log.warning("cannot write stats %s: %s", self.path, e)


class NfsOperations(Operations):
    use_ns = True  # integer nanosecond timestamps in getattr

    def __init__(self, client, direct_io=False, stats=None):
        self.nfs = client
        self.lib = client.lib
        self.direct_io = direct_io
        self.stats = stats or Stats(None)
        self.handles = {}  # fuse fh (int) -> libnfs struct nfsfh *

    def __call__(self, op, *args):
        with self.nfs.lock:
            uid, gid, caller = fusepy.fuse_get_context()
            self.nfs.as_caller(uid, gid)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("-> %s %r", op, args[:2])
            try:
                return super().__call__(op, *args)
            except FuseOSError as e:
                if e.errno == errno.ESTALE:
                    self.stats.count_estale(op, caller)
                raise

    # helpers
    def _c(self, ret, what, path=None, fh=None):
        return self.nfs.check(ret, what, path, fh)

    def _fh(self, fi):
        try:
            return self.handles[fi.fh]
        except KeyError:
            raise FuseOSError(errno.EBADF)

    def _new_handle(self, fi, ptr):
        key = ptr.value
        self.handles[key] = ptr
        fi.fh = key
        fi.direct_io = 1 if self.direct_io else 0
        fi.keep_cache = 0  # drop cached pages at open: NFS close-to-open

    def _lstat(self, path):
        st = nfs_stat_64()
        self._c(self.lib.nfs_lstat64(self.nfs.ctx, path.encode(), ctypes.byref(st)), "lstat", path)
        return st

    # metadata
    def getattr(self, path, fi=None):
        st = nfs_stat_64()
        if fi is not None and fi.fh in self.handles:
            self._c(self.lib.nfs_fstat64(self.nfs.ctx, self.handles[fi.fh], ctypes.byref(st)),
                    "fstat", path)
        else:
            self._c(self.lib.nfs_lstat64(self.nfs.ctx, path.encode(), ctypes.byref(st)),
                    "lstat", path)
        return _stat_dict(st)

    def chmod(self, path, mode):
        self._c(self.lib.nfs_chmod(self.nfs.ctx, path.encode(), stat.S_IMODE(mode)), "chmod", path)

    def chown(self, path, uid, gid):
        # -1 means "leave unchanged"; libnfs wants real values
        if uid == 0xFFFFFFFF or gid == 0xFFFFFFFF or uid == -1 or gid == -1:
            st = self._lstat(path)
            uid = st.nfs_uid if uid in (-1, 0xFFFFFFFF) else uid
            gid = st.nfs_gid if gid in (-1, 0xFFFFFFFF) else gid
        self._c(self.lib.nfs_chown(self.nfs.ctx, path.encode(), uid, gid), "chown", path)

    def utimens(self, path, times=None):  # not used (NfsFuse routes to utimens_raw)
        raise FuseOSError(errno.ENOSYS)

    def utimens_raw(self, path, times):
        """times: None or ((asec, ansec), (msec, mnsec)) with UTIME_NOW/UTIME_OMIT markers."""
        if times is None or (times[0][1] == UTIME_NOW and times[1][1] == UTIME_NOW):
            # utimes(NULL): SETATTR SET_TO_SERVER_TIME, as a kernel NFS client does
            self._c(self.lib.nfs_utimes(self.nfs.ctx, path.encode(), None), "utimes(now)", path)
            return 0
        cur = None
        tv = (timeval * 2)()
        for i, (sec, nsec) in enumerate(times):
            if nsec == UTIME_OMIT:
                if cur is None:
                    cur = self._lstat(path)
                sec, nsec = ((cur.nfs_atime, cur.nfs_atime_nsec) if i == 0
                             else (cur.nfs_mtime, cur.nfs_mtime_nsec))
            elif nsec == UTIME_NOW:
                now = time.time_ns()
                sec, nsec = divmod(now, 10**9)
            tv[i].tv_sec = sec
            tv[i].tv_usec = nsec // 1000
        self._c(self.lib.nfs_utimes(self.nfs.ctx, path.encode(), tv), "utimes", path)
        return 0

    def truncate(self, path, length, fi=None):
        if fi is not None and fi.fh in self.handles:
            self._c(self.lib.nfs_ftruncate(self.nfs.ctx, self.handles[fi.fh], length), "ftruncate", path)
        else:
            self._c(self.lib.nfs_truncate(self.nfs.ctx, path.encode(), length), "truncate", path)

    def statfs(self, path):
        sv = nfs_statvfs_64()
        self._c(self.lib.nfs_statvfs64(self.nfs.ctx, path.encode(), ctypes.byref(sv)), "statvfs", path)
        return {k: getattr(sv, k) for k in (
            "f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files",
            "f_ffree", "f_favail", "f_namemax")}

    # namespace
    def mkdir(self, path, mode):
        self._c(self.lib.nfs_mkdir2(self.nfs.ctx, path.encode(), stat.S_IMODE(mode)), "mkdir", path)

    def rmdir(self, path):
        self._c(self.lib.nfs_rmdir(self.nfs.ctx, path.encode()), "rmdir", path)

    def unlink(self, path):
        self._c(self.lib.nfs_unlink(self.nfs.ctx, path.encode()), "unlink", path)

    def rename(self, old, new):
        self._c(self.lib.nfs_rename(self.nfs.ctx, old.encode(), new.encode()), "rename", old)

    def link(self, target, source):
        # fusepy: target = new name, source = existing file (ln source target)
        self._c(self.lib.nfs_link(self.nfs.ctx, source.encode(), target.encode()), "link", target)

    def symlink(self, target, source):
        # fusepy: target = new link name, source = link content
        self._c(self.lib.nfs_symlink(self.nfs.ctx, source.encode(), target.encode()), "symlink", target)

    def readlink(self, path):
        buf = ctypes.create_string_buffer(4097)
        self._c(self.lib.nfs_readlink(self.nfs.ctx, path.encode(), buf, 4096), "readlink", path)
        return buf.value.decode("utf-8", "surrogateescape")

    def readdir(self, path, fh):
        # ganesha fails a whole READDIRPLUS with NFS3ERR_NOENT or NFS3ERR_STALE when an entry vanishes
        # between its READDIR and the entry's GETATTR (RFC 1813 lets it omit that entry's attributes
        # instead). Passed on, glibc's readdir() reads ENOENT from getdents as end-of-directory, so a
        # directory the other client is changing would list as empty now and then (about once in
        # 10,000 listings under lock churn). The race is over by the next call: list again.
        for attempt in range(self.READDIR_ATTEMPTS):
            try:
                return self._list(path)
            except FuseOSError as e:
                if e.errno not in (errno.ENOENT, errno.ESTALE) or attempt == self.READDIR_ATTEMPTS - 1:
                    raise
                log.debug("readdir %s: %s mid-listing, listing again", path, errno.errorcode[e.errno])

    READDIR_ATTEMPTS = 5

    def _list(self, path):
        d = ctypes.c_void_p()
        self._c(self.lib.nfs_opendir(self.nfs.ctx, path.encode(), ctypes.byref(d)), "opendir", path)
        out = [".", ".."]
        try:
            while True:
                ent = self.lib.nfs_readdir(self.nfs.ctx, d)
                if not ent:
                    break
                name = ent.contents.name.decode("utf-8", "surrogateescape")
                if name in (".", ".."):
                    continue
                out.append((name, {"st_ino": ent.contents.inode,
                                   "st_mode": ent.contents.mode}, 0))
        finally:
            self.lib.nfs_closedir(self.nfs.ctx, d)
        return out

    # files
    OPEN_FLAGS = os.O_ACCMODE | os.O_TRUNC | os.O_SYNC
    CREATE_FLAGS = os.O_ACCMODE | os.O_TRUNC | os.O_SYNC | os.O_EXCL

    def open(self, path, fi):
        ptr = ctypes.c_void_p()
        self._c(self.lib.nfs_open2(self.nfs.ctx, path.encode(), fi.flags & self.OPEN_FLAGS, 0,
                                   ctypes.byref(ptr)), "open", path)
        self._new_handle(fi, ptr)
        return 0

    def create(self, path, mode, fi):
        ptr = ctypes.c_void_p()
        flags = (fi.flags & self.CREATE_FLAGS) | os.O_CREAT
        self._c(self.lib.nfs_create(self.nfs.ctx, path.encode(), flags, stat.S_IMODE(mode),
                                    ctypes.byref(ptr)), "create", path)
        self._new_handle(fi, ptr)
        if flags & os.O_EXCL:
            # NFSv3 EXCLUSIVE create stores the verifier in atime/mtime and ignores the
            # mode; a kernel client follows with SETATTR(mode, times=server). Do the same.
            self.lib.nfs_chmod(self.nfs.ctx, path.encode(), stat.S_IMODE(mode))
            self.lib.nfs_utimes(self.nfs.ctx, path.encode(), None)
        return 0

    def read(self, path, size, offset, fi):
        fh = self._fh(fi)
        buf = ctypes.create_string_buffer(size)
        got = 0
        while got < size:
            n = self._c(self.lib.nfs_pread(self.nfs.ctx, fh, offset + got, size - got,
                                           ctypes.byref(buf, got)), "pread", path, fh)
            if n == 0:
                break
            got += n
        return buf.raw[:got]

    def write(self, path, data, offset, fi):
        fh = self._fh(fi)
        buf = ctypes.create_string_buffer(data, len(data))
        done = 0
        while done < len(data):
            n = self._c(self.lib.nfs_pwrite(self.nfs.ctx, fh, offset + done, len(data) - done,
                                            ctypes.byref(buf, done)), "pwrite", path, fh)
            if n <= 0:
                raise FuseOSError(errno.EIO)
            done += n
        return done

    def flush(self, path, fi):
        return 0

    def fsync(self, path, datasync, fi):
        self._c(self.lib.nfs_fsync(self.nfs.ctx, self._fh(fi)), "fsync", path)
        return 0

    def release(self, path, fi):
        ptr = self.handles.pop(fi.fh, None)
        if ptr is not None:
            ret = self.lib.nfs_close(self.nfs.ctx, ptr)
            if ret < 0:  # close errors cannot reach the caller of close(2) anyway
                log.debug("close %s -> %d (%s)", path, ret, self.nfs.error())
        return 0

    def destroy(self, path):
        for ptr in list(self.handles.values()):
            self.lib.nfs_close(self.nfs.ctx, ptr)
        self.handles.clear()

    # not supported: extended attributes / POSIX locks (NLM is disabled on the server)
    def getxattr(self, path, name, position=0):
        raise FuseOSError(errno.ENODATA)

    def listxattr(self, path):
        return []


def main(argv=None):
    ap = argparse.ArgumentParser(description="FUSE mount of an NFSv3 export via libnfs")
    ap.add_argument("server")
    ap.add_argument("export")
    ap.add_argument("mountpoint")
    ap.add_argument("--attr-timeout", type=float, default=1.0)
    ap.add_argument("--entry-timeout", type=float, default=1.0)
    ap.add_argument("--negative-timeout", type=float, default=0.0)
    ap.add_argument("--hard-remove", action="store_true")
    ap.add_argument("--direct-io", action="store_true")
    ap.add_argument("--timeout", type=int, default=15000, help="libnfs RPC timeout in ms")
    ap.add_argument("--name")
    ap.add_argument("--pidfile")
    ap.add_argument("--stats")
    ap.add_argument("--debug", action="store_true")
    a = ap.parse_args(argv)

    logging.basicConfig(level=logging.DEBUG if a.debug else logging.WARNING,
                        format="%(asctime)s nfs_fuse[%(process)d] %(message)s", stream=sys.stderr)

    try:
        client = NfsClient(a.server, a.export, a.timeout)
    except FuseOSError as e:
        print("nfs_fuse: cannot mount %s:%s: %s" % (a.server, a.export, os.strerror(e.errno)),
              file=sys.stderr)
        return 2
    if a.pidfile:
        with open(a.pidfile + ".tmp", "w") as f:
            f.write("%d\n" % os.getpid())
        os.rename(a.pidfile + ".tmp", a.pidfile)

    opts = dict(
        foreground=True,
        nothreads=True,           # single-threaded: libnfs contexts are not thread safe
        raw_fi=True,
        use_ino=True,             # report the server's fileid as st_ino
        allow_other=True,
        attr_timeout=a.attr_timeout,
        entry_timeout=a.entry_timeout,
        negative_timeout=a.negative_timeout,
        fsname=a.name or "nfs-%s:%s" % (a.server, a.export),
        subtype="libnfs",
    )
    if a.hard_remove:
        opts["hard_remove"] = True
    try:
        NfsFuse(NfsOperations(client, direct_io=a.direct_io, stats=Stats(a.stats)), a.mountpoint, **opts)
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
