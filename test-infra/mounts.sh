#!/usr/bin/env bash
# mounts.sh up|down|status — real filesystems for Lockwatch's contract tests.
#
# Root: ${LOCKWATCH_MOUNTS:-/tmp/lockwatch-mounts}. `up` creates, under the root:
#   tmpfs/   mount -t tmpfs (size 256m)                     hard links work
#   ext4/    256 MiB ext4 image (.images/ext4.img), loop     hard links work, ns timestamps
#   fat/     64 MiB FAT image (.images/fat.img), fusefat rw+ link(2) -> EPERM, '|' refused in names
#   bindfs/  bindfs of .bindfs-backing/                      FUSE attr cache: stale nlink ~1 s
#   nolinks/ nolinks_fs.py over .nolinks-backing/            link(2) works, nlink always 1 (as sshfs)
# `up` is idempotent (a mounted directory is left alone); `down` unmounts all five
# (lazy unmount as a fallback), removes the images and the root, and succeeds when
# nothing is mounted. `status` prints each mount point and its type from /proc/mounts.
# Needs root, util-linux, e2fsprogs, dosfstools, fusefat, bindfs, fuse3 (fusermount), python3-fusepy.
set -euo pipefail

ROOT="$(realpath -m -- "${LOCKWATCH_MOUNTS:-/tmp/lockwatch-mounts}")"  # absolute, as in /proc/mounts
IMAGES="$ROOT/.images"
BACKING="$ROOT/.bindfs-backing"
NOLINKS_BACKING="$ROOT/.nolinks-backing"
HERE="$(cd "$(dirname "$0")" && pwd)"
NAMES=(tmpfs ext4 fat bindfs nolinks)

log() { echo "mounts.sh: $*" >&2; }
# Looked up in /proc/mounts, not with mountpoint(1): a FUSE mount whose daemon died
# ("Transport endpoint is not connected") must still count as mounted so `down` removes it.
is_mounted() { awk -v d="$1" '$2 == d { f = 1 } END { exit !f }' /proc/mounts; }

mount_one() {
  local name="$1" dir="$ROOT/$1"
  mkdir -p -- "$dir"
  if is_mounted "$dir"; then log "$name: already mounted"; return 0; fi
  case "$name" in
    tmpfs)
      mount -t tmpfs -o size=256m lockwatch-tmpfs "$dir" ;;
    ext4)
      if [[ ! -f "$IMAGES/ext4.img" ]]; then
        truncate -s 256M "$IMAGES/ext4.img"
        mkfs.ext4 -q -F "$IMAGES/ext4.img"
      fi
      mount -o loop "$IMAGES/ext4.img" "$dir" ;;
    fat)
      if [[ ! -f "$IMAGES/fat.img" ]]; then
        truncate -s 64M "$IMAGES/fat.img"
        mkfs.vfat "$IMAGES/fat.img" >/dev/null
      fi
      # rw+ is fusefat's (experimental) read-write switch; without it the mount is read-only.
      fusefat -o rw+ "$IMAGES/fat.img" "$dir" >/dev/null ;;  # it chatters on stdout
    bindfs)
      mkdir -p -- "$BACKING"
      bindfs "$BACKING" "$dir" ;;
    nolinks)
      mkdir -p -- "$NOLINKS_BACKING"
      # A foreground FUSE daemon in its own session; wait until the kernel shows the mount.
      setsid /usr/bin/python3 "$HERE/nolinks_fs.py" "$NOLINKS_BACKING" "$dir" </dev/null \
          >>"$ROOT/.nolinks.log" 2>&1 &
      local i
      for i in $(seq 100); do is_mounted "$dir" && break; sleep 0.1; done
      is_mounted "$dir" || { log "nolinks: not mounted after 10 s: $(tail -n 3 "$ROOT/.nolinks.log")"; return 1; } ;;
  esac
  log "$name: mounted at $dir"
}

# The FAT mount is only useful if it is writable and refuses hard links with EPERM.
check_fat() {
  local dir="$ROOT/fat" out
  rm -f -- "$dir/.probe" "$dir/.probe2"
  echo probe >"$dir/.probe"
  if out=$(ln -- "$dir/.probe" "$dir/.probe2" 2>&1); then
    rm -f -- "$dir/.probe" "$dir/.probe2"
    log "fat: ln unexpectedly succeeded"; return 1
  fi
  rm -f -- "$dir/.probe"
  case "$out" in
    *"Operation not permitted"*) ;;
    *) log "fat: ln failed, but not with EPERM: $out"; return 1 ;;
  esac
}

unmount_one() {
  local name="$1" dir="$ROOT/$1"
  is_mounted "$dir" || return 0
  case "$name" in
    fat|bindfs|nolinks) fusermount -u -- "$dir" 2>/dev/null || umount -- "$dir" 2>/dev/null || umount -l -- "$dir" ;;
    *)          umount -- "$dir" 2>/dev/null || umount -l -- "$dir" ;;
  esac
  log "$name: unmounted"
}

cmd_up() {
  mkdir -p -- "$ROOT" "$IMAGES"
  local name
  for name in "${NAMES[@]}"; do mount_one "$name"; done
  check_fat
}

cmd_down() {
  local name still=0
  for name in "${NAMES[@]}"; do unmount_one "$name" || true; done
  for name in "${NAMES[@]}"; do
    if is_mounted "$ROOT/$name"; then log "$name: still mounted, keeping $ROOT"; still=1; fi
  done
  if [[ $still -eq 0 && -e "$ROOT" ]]; then
    # --one-file-system: never recurse into something that is (still) mounted.
    rm -rf --one-file-system -- "$ROOT"
    log "removed $ROOT"
  fi
  return "$still"
}

cmd_status() {
  local name dir found
  for name in "${NAMES[@]}"; do
    dir="$ROOT/$name"
    # /proc/mounts escapes spaces etc. as octal; our mount points are plain paths.
    found=$(awk -v d="$dir" '$2 == d { print $3 " (" $1 ")" }' /proc/mounts | tail -n 1)
    printf '%-8s %s %s\n' "$name" "$dir" "${found:-not mounted}"
  done
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status   (root: \$LOCKWATCH_MOUNTS, default /tmp/lockwatch-mounts)" >&2; exit 2 ;;
esac
