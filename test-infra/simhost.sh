#!/usr/bin/env bash
# simhost.sh HOSTNAME CMD [ARG...] — run CMD as if on another host.
#
# CMD gets its own UTS, mount and PID namespaces (unshare -u -m -p -f --mount-proc
# --propagation private): hostname HOSTNAME, a private /etc/hosts (a copy of the real
# one with "127.0.0.1 HOSTNAME" as its FIRST line), a fresh /proc, and pid 1 of its PID
# namespace (so two simulated hosts can both be pid 1, as containers are). Filesystems
# are shared with the real host, so lock directories are visible to every simulated host.
#
# Name resolution inside (nsswitch "hosts: files dns"; checked on Debian 12):
#   - Java's InetAddress.getLocalHost() finds HOSTNAME in /etc/hosts instead of throwing.
#   - Python's socket.getfqdn() returns HOSTNAME: it reverse-resolves 127.0.0.1, and the
#     first /etc/hosts line for 127.0.0.1 wins. Were the line appended instead, getfqdn()
#     would return "localhost" (the first 127.0.0.1 line of the real file) on every
#     simulated host, and flufl.lock claim files would all say "localhost".
#
# Passthrough: stdin/stdout/stderr are inherited; the exit status is CMD's. This script
# execs unshare, so the pid the caller sees IS unshare. --kill-child makes the kernel
# SIGKILL the namespace's pid 1 (CMD itself, thanks to exec) when unshare dies, e.g. from
# Java's destroyForcibly(); the death of pid 1 kills everything else in the PID namespace.
# Quirks of unshare 2.38.1 (checked):
#   - unshare BLOCKS SIGTERM and SIGINT while it waits: Java's destroy() (SIGTERM) does
#     nothing until CMD exits by itself. Stop children with destroyForcibly(), or by
#     closing their stdin / sending them a command.
#   - If CMD dies from a signal, unshare prints "sigprocmask unblock failed: Invalid
#     argument" and exits 1 (not 128+N).
#   - CMD is pid 1: the kernel drops signals it has no handler for (SIGKILL from outside
#     the namespace still works). Java has a SIGTERM handler; plain python3 and sh do not.
#
# Needs root, util-linux (unshare, mount), hostname. Example:
#   simhost.sh hostA sh -c 'echo $$; hostname'      # prints 1 and hostA
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 HOSTNAME CMD [ARG...]" >&2
  exit 2
fi
name="$1"
if [[ ! "$name" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
  echo "simhost.sh: invalid hostname: $name" >&2
  exit 2
fi
shift

# Inside the namespaces (as pid 1): set the hostname, bind a private /etc/hosts over the
# real one (the temporary file is unlinked at once; the bind mount keeps it alive and it
# vanishes with the mount namespace), then exec CMD so that CMD itself is pid 1.
# shellcheck disable=SC2016  # expanded by the inner sh, not here
inner='
set -eu
name="$1"; shift
hostname "$name"
hosts="$(mktemp)"
{ printf "127.0.0.1\t%s\n" "$name"; cat /etc/hosts; } >"$hosts"
mount --bind "$hosts" /etc/hosts
rm -f "$hosts"
exec "$@"
'
exec unshare -u -m -p -f --kill-child --mount-proc --propagation private \
  /bin/sh -c "$inner" simhost "$name" "$@"
