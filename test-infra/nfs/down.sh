#!/bin/bash
# down.sh - undo up.sh: unmount both clients, stop the processes up.sh started (pid files),
# delete the network namespace and the state root. Idempotent; safe after a failed test or a
# half-finished up.sh. Exit status 0 when nothing is left, 1 otherwise.
#
#   LOCKWATCH_NFS_ROOT, LOCKWATCH_NFS_NETNS  as for up.sh
#   LOCKWATCH_NFS_KEEP_LOGS=DIR              copy ${ROOT}/log to DIR before deleting
set -uo pipefail
export PATH=$PATH:/usr/sbin:/sbin

ROOT=${LOCKWATCH_NFS_ROOT:-/tmp/lockwatch-nfs}
NS=${LOCKWATCH_NFS_NETNS:-lockwatch-nfs}
MARKER=.lockwatch-nfs-root
RUN=$ROOT/run
NSPATH=/run/netns/$NS

log() { echo "lockwatch-nfs: $*" >&2; }

case "$ROOT" in
    /?*) ;;
    *) log "refusing LOCKWATCH_NFS_ROOT=$ROOT"; exit 1 ;;
esac

# pid from a pid file, only if that process is still the one we started
our_pid() { # pidfile pattern
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2" || return 1
    echo "$pid"
}

stop_pid() { # pid  (TERM, wait up to 5 s, then KILL)
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        # a zombie child of an exited parent counts as gone
        [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    for i in $(seq 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

is_mounted() { # path  (reads the mount table: works for dead FUSE mounts, where stat fails)
    findmnt -rn -o TARGET 2>/dev/null | grep -qxF -- "$1"
}

unmount() { # mountpoint
    is_mounted "$1" || return 0
    fusermount3 -u "$1" 2>/dev/null || fusermount3 -u -z "$1" 2>/dev/null || umount -l "$1" 2>/dev/null
    is_mounted "$1" && log "could not unmount $1"
    return 0
}

# 1. clients: SIGTERM makes libfuse unmount; then make sure the mount is gone (lazy if busy)
for c in a b; do
    if pid=$(our_pid "$RUN/client-$c.pid" nfs_fuse.py); then stop_pid "$pid"; fi
    unmount "$ROOT/client-$c"
done
# any other FUSE mount of ours below ROOT (e.g. pid file lost)
findmnt -rn -o TARGET,FSTYPE 2>/dev/null | while read -r target fstype; do
    case "$target" in "$ROOT"/*) [ "$fstype" = fuse.libnfs ] && unmount "$target" ;; esac
done

# 2. server: ganesha, then rpcbind
if pid=$(our_pid "$RUN/ganesha.pid" ganesha.nfsd); then stop_pid "$pid"; fi
if pid=$(our_pid "$RUN/ganesha.pid" server.sh); then stop_pid "$pid"; fi   # died before exec
if pid=$(our_pid "$RUN/rpcbind.pid" rpcbind); then stop_pid "$pid"; fi

# 3. the namespace: whatever still runs in it was started by up.sh or by a test in it
if [ -e "$NSPATH" ]; then
    for pid in $(ip netns pids "$NS" 2>/dev/null); do stop_pid "$pid"; done
    ip netns delete "$NS" 2>/dev/null || log "could not delete netns $NS"
fi

# 4. the state root (only one we made: it carries the marker)
if [ -d "$ROOT" ]; then
    if [ -f "$ROOT/$MARKER" ]; then
        if [ -n "${LOCKWATCH_NFS_KEEP_LOGS:-}" ] && [ -d "$ROOT/log" ]; then
            mkdir -p "$LOCKWATCH_NFS_KEEP_LOGS" && cp -a "$ROOT/log/." "$LOCKWATCH_NFS_KEEP_LOGS/"
        fi
        if findmnt -rn -o TARGET | grep -q -F -- "$ROOT/"; then
            log "something is still mounted under $ROOT; not deleting it"
        else
            rm -rf --one-file-system -- "$ROOT"
        fi
    else
        log "$ROOT has no $MARKER: not created by up.sh, not deleting it"
    fi
fi

# 5. report
left=0
if findmnt -rn -o TARGET 2>/dev/null | grep -q -F -- "$ROOT/"; then log "mounts left under $ROOT"; left=1; fi
if ip netns list 2>/dev/null | grep -qw -- "$NS"; then log "netns $NS left"; left=1; fi
[ -e "$ROOT" ] && { log "$ROOT left"; left=1; }
[ $left = 0 ] && log "down: nothing left"
exit $left
