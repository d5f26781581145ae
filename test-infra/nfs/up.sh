#!/bin/bash
# up.sh - start a userspace NFSv3 server (nfs-ganesha, VFS FSAL) in a private network
# namespace and mount its export twice, as two independent NFS clients (nfs_fuse.py).
#
#   test-infra/nfs/up.sh            start (or reuse a healthy instance); prints the paths
#   test-infra/nfs/up.sh --check    only check prerequisites: exit 0 = usable, 2 = missing
#   test-infra/nfs/up.sh --check-alive   exit 0 if an instance is up and both mounts answer
#                                   (within 5 s each), 1 otherwise; changes nothing
#
# Environment (all optional):
#   LOCKWATCH_NFS_ROOT           state root            (default /tmp/lockwatch-nfs)
#   LOCKWATCH_NFS_NETNS          network namespace     (default lockwatch-nfs)
#   LOCKWATCH_NFS_ATTR_TIMEOUT   FUSE attr cache, s    (default 1)
#   LOCKWATCH_NFS_ENTRY_TIMEOUT  FUSE entry cache, s   (default 1)
#   LOCKWATCH_NFS_UP_TIMEOUT     start-up deadline, s  (default 30)
#   LOCKWATCH_NFS_DEBUG=1        nfs_fuse.py logs every operation to ${ROOT}/log/client-?.log
#
# Writes ${ROOT}/env (KEY=VALUE lines, sourceable):
#   LOCKWATCH_NFS_A, LOCKWATCH_NFS_B, LOCKWATCH_NFS_EXPORT, LOCKWATCH_NFS_NETNS,
#   LOCKWATCH_NFS_ATTR_TIMEOUT, LOCKWATCH_NFS_ENTRY_TIMEOUT,
#   LOCKWATCH_NFS_STATS_A, LOCKWATCH_NFS_STATS_B (each client's error counters, JSON)
# Undo everything with down.sh (same environment).
# -E: the ERR trap (clean-up after a failed start) also fires inside functions.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${LOCKWATCH_NFS_ROOT:-/tmp/lockwatch-nfs}
NS=${LOCKWATCH_NFS_NETNS:-lockwatch-nfs}
ATTR=${LOCKWATCH_NFS_ATTR_TIMEOUT:-1}
ENTRY=${LOCKWATCH_NFS_ENTRY_TIMEOUT:-1}
UP_TIMEOUT=${LOCKWATCH_NFS_UP_TIMEOUT:-30}
PY=/usr/bin/python3
MARKER=.lockwatch-nfs-root
SERVER=127.0.0.1          # loopback of the private namespace; never any other address

log() { echo "lockwatch-nfs: $*" >&2; }

# ---------------------------------------------------------------- prerequisites
check_prereqs() {
    local missing=()
    [ "$(id -u)" = 0 ] || missing+=("root (network namespaces, FUSE allow_other)")
    [ -c /dev/fuse ] || missing+=("/dev/fuse")
    local c
    for c in ip nsenter unshare setsid mountpoint findmnt fusermount3 rpcbind rpcinfo ganesha.nfsd timeout; do
        command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$c" >/dev/null 2>&1 \
            || missing+=("command $c")
    done
    [ -x "$PY" ] || missing+=("$PY")
    compgen -G '/usr/lib*/ganesha/libfsalvfs.so' >/dev/null || compgen -G '/usr/lib/*/ganesha/libfsalvfs.so' >/dev/null \
        || missing+=("nfs-ganesha-vfs (libfsalvfs.so)")
    if [ -x "$PY" ]; then
        "$PY" -c 'import fusepy' 2>/dev/null || missing+=("python3-fusepy")
        "$PY" -c 'import ctypes; ctypes.CDLL("libnfs.so.13")' 2>/dev/null || missing+=("libnfs13")
    fi
    if [ "$(id -u)" = 0 ] && command -v ip >/dev/null 2>&1; then
        local probe="lockwatch-nfs-probe-$$"
        if ip netns add "$probe" 2>/dev/null; then ip netns delete "$probe"; else missing+=("network namespaces (ip netns add)"); fi
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        log "missing: ${missing[*]}"
        log "apt-get install -y nfs-ganesha nfs-ganesha-vfs rpcbind libnfs13 python3-fusepy fuse3 iproute2 util-linux"
        return 2
    fi
    return 0
}

export PATH=$PATH:/usr/sbin:/sbin
if [ "${1:-}" = "--check" ]; then
    check_prereqs
    exit $?
fi
check_prereqs || exit 2

case "$ROOT" in
    /*) ;;
    *) log "LOCKWATCH_NFS_ROOT must be absolute: $ROOT"; exit 2 ;;
esac
[ "$ROOT" != / ] || { log "refusing ROOT=/"; exit 2; }
case "$ROOT" in *[[:space:]]*) log "LOCKWATCH_NFS_ROOT must not contain spaces"; exit 2 ;; esac

A=$ROOT/client-a
B=$ROOT/client-b
EXPORT=$ROOT/export
RUN=$ROOT/run
LOGD=$ROOT/log
NSPATH=/run/netns/$NS

pid_alive() { # pidfile pattern
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2"
}

client_ok() { # mountpoint
    mountpoint -q "$1" 2>/dev/null || return 1
    [ "$(findmnt -n -o FSTYPE --mountpoint "$1" 2>/dev/null)" = fuse.libnfs ] || return 1
    timeout 5 stat -f "$1" >/dev/null 2>&1 && timeout 5 ls -A "$1" >/dev/null 2>&1
}

healthy() {
    [ -f "$ROOT/$MARKER" ] && [ -f "$ROOT/env" ] && [ -e "$NSPATH" ] \
        && pid_alive "$RUN/ganesha.pid" ganesha.nfsd && pid_alive "$RUN/rpcbind.pid" rpcbind \
        && pid_alive "$RUN/client-a.pid" nfs_fuse.py && pid_alive "$RUN/client-b.pid" nfs_fuse.py \
        && [ -f "$RUN/client-a.stats" ] && [ -f "$RUN/client-b.stats" ] \
        && client_ok "$A" && client_ok "$B"
}

print_env() {
    cat "$ROOT/env"
}

if [ "${1:-}" = "--check-alive" ]; then
    if healthy; then log "alive"; exit 0; fi
    log "not up, or a process or mount of it is dead"
    exit 1
fi

if healthy; then
    log "already up (reusing)"
    print_env
    exit 0
fi

# Anything half-there (a crashed run, a failed test): clear it first.
"$HERE/down.sh" >/dev/null 2>&1 || true
if [ -e "$ROOT" ]; then
    log "$ROOT exists and down.sh could not remove it; remove it or pick another LOCKWATCH_NFS_ROOT"
    exit 1
fi

fail() { # message [exit status]
    trap - ERR INT TERM
    log "FAILED: $1"
    for f in "$LOGD"/*.log; do
        [ -s "$f" ] || continue
        echo "----- $f (tail)" >&2
        tail -n 25 "$f" >&2
    done
    "$HERE/down.sh" >&2 || true
    exit "${2:-1}"
}
trap 'fail "unexpected error at line $LINENO"' ERR
trap 'fail "interrupted (SIGINT)" 130' INT
trap 'fail "terminated (SIGTERM)" 143' TERM

deadline=$((SECONDS + UP_TIMEOUT))
wait_for() { # description, command...
    local what=$1; shift
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || fail "timed out waiting for $what"
        sleep 0.1
    done
}

mkdir -p "$ROOT" "$EXPORT" "$RUN/recovery" "$LOGD" "$A" "$B"
touch "$ROOT/$MARKER"
chmod 0777 "$EXPORT"   # AUTH_SYS carries the caller's uid: let non-root test users create files

# ---------------------------------------------------------------- server config
cat >"$RUN/ganesha.conf" <<EOF
# generated by test-infra/nfs/up.sh
NFS_CORE_PARAM {
    Protocols = 3;               # NFSv3 only (libnfs 4.0's v4 path misbehaves against ganesha 4.3)
    Enable_NLM = false;          # no lock manager: lock files are the subject, not fcntl locks
    Enable_RQUOTA = false;
    Enable_UDP = false;          # TCP only
    mount_path_pseudo = false;   # NFSv3 clients mount by Path
    # no Bind_addr: listen on all addresses of the private namespace (= its loopback)
}
NFSV4 {
    Graceless = true;
    RecoveryRoot = "$RUN/recovery";   # keep ganesha out of /var/lib/nfs
}
NFS_KRB5 { Active_krb5 = false; }
EXPORT_DEFAULTS {
    Attr_Expiration_Time = 0;    # server does not cache attributes of the backing dir
}
EXPORT {
    Export_Id = 1;
    Path = "$EXPORT";
    Pseudo = "$EXPORT";
    Protocols = 3;
    Transports = TCP;
    Access_Type = RW;
    Squash = None;
    SecType = sys;
    FSAL { Name = VFS; }
}
LOG {
    Default_Log_Level = EVENT;
}
EOF

# The server runs inside the netns AND a private mount namespace with its own /run:
# rpcbind's socket (/run/rpcbind.sock) and ganesha's /run/ganesha never touch the host's.
cat >"$RUN/server.sh" <<EOF
#!/bin/bash
set -e
mount -t tmpfs -o mode=0755,size=16m lockwatch-nfs-run /run
mkdir -p /run/rpcbind /run/ganesha
chown _rpc /run/rpcbind 2>/dev/null || true
rpcbind -f >>"$LOGD/rpcbind.log" 2>&1 &
echo \$! >"$RUN/rpcbind.pid"
for i in \$(seq 100); do rpcinfo -p 127.0.0.1 >/dev/null 2>&1 && break; sleep 0.1; done
exec ganesha.nfsd -F -f "$RUN/ganesha.conf" -L "$LOGD/ganesha.log" -p "$RUN/ganesha.pid.own" -N NIV_EVENT
EOF
chmod +x "$RUN/server.sh"

# ---------------------------------------------------------------- namespace + server
ip netns add "$NS"
ip -n "$NS" link set lo up

# setsid: own session, survives the caller; ip netns exec / unshare / bash all exec, so $! is ganesha
setsid ip netns exec "$NS" unshare -m --propagation private "$RUN/server.sh" \
    </dev/null >>"$LOGD/server.log" 2>&1 &
echo $! >"$RUN/ganesha.pid"

in_ns() { nsenter --net="$NSPATH" "$@"; }
wait_for "rpcbind" test -s "$RUN/rpcbind.pid"
wait_for "NFSv3 service (check $LOGD/ganesha.log)" in_ns rpcinfo -t "$SERVER" nfs 3
wait_for "MOUNT service" in_ns rpcinfo -t "$SERVER" mountd 3

# ---------------------------------------------------------------- two clients
# nsenter --net enters ONLY the network namespace: the FUSE mount is made in the root mount
# namespace (visible to everybody), while libnfs' TCP connection goes to the netns loopback.
# (`ip netns exec` would unshare a mount namespace, hiding the mount from the host.)
debug=()
[ "${LOCKWATCH_NFS_DEBUG:-0}" = 1 ] && debug=(--debug)
start_client() { # letter mountpoint
    setsid nsenter --net="$NSPATH" "$PY" "$HERE/nfs_fuse.py" "${debug[@]}" \
        --attr-timeout "$ATTR" --entry-timeout "$ENTRY" \
        --name "lockwatch-nfs-$1:$EXPORT" --pidfile "$RUN/client-$1.pid" --stats "$RUN/client-$1.stats" \
        "$SERVER" "$EXPORT" "$2" </dev/null >>"$LOGD/client-$1.log" 2>&1 &
    echo $! >"$RUN/client-$1.pid"
}
start_client a "$A"
start_client b "$B"
wait_for "client A mount $A" client_ok "$A"
wait_for "client B mount $B" client_ok "$B"
pid_alive "$RUN/client-a.pid" nfs_fuse.py || fail "client A exited"
pid_alive "$RUN/client-b.pid" nfs_fuse.py || fail "client B exited"

cat >"$ROOT/env" <<EOF
LOCKWATCH_NFS_A=$A
LOCKWATCH_NFS_B=$B
LOCKWATCH_NFS_EXPORT=$EXPORT
LOCKWATCH_NFS_NETNS=$NS
LOCKWATCH_NFS_ATTR_TIMEOUT=$ATTR
LOCKWATCH_NFS_ENTRY_TIMEOUT=$ENTRY
LOCKWATCH_NFS_STATS_A=$RUN/client-a.stats
LOCKWATCH_NFS_STATS_B=$RUN/client-b.stats
EOF
trap - ERR INT TERM
log "up: A=$A B=$B export=$EXPORT (env: $ROOT/env)"
print_env
