#!/usr/bin/env bash
# Builds the Lockwatch bundle from a clean checkout, in one command:
#
#   jpackage/build.sh            # Maven build, jlink runtime, app image, CDS archives, .deb
#
# Outputs (all under jpackage/target/):
#   runtime/                 jlink'd Java runtime (only the JDK modules needed; JavaFX stays as jars)
#   image/lockwatch/         app image: bin/lock-inspector (GUI, main launcher), bin/lockctl (CLI)
#   lockwatch_<ver>_amd64.deb  the Debian package (/opt/lockwatch, menu entry, /usr/bin/lockctl)
#
# Options (environment):
#   SKIP_MAVEN=1   reuse jpackage/target/lib from an earlier run (no Maven)
#   SKIP_DEB=1     app image only
#   SKIP_GUI_CDS=1 do not train the GUI's CDS archive (it needs xvfb-run; skipped without it anyway)
#   MAVEN_FLAGS    extra Maven arguments, e.g. MAVEN_FLAGS=-o to build offline
#
# Needs: JDK 17 with jlink/jpackage/jdeps (JAVA_HOME or PATH), Maven, and for the .deb fakeroot +
# dpkg-deb. Windows/macOS: see jpackage/README.md (windows/msi.args, macos/dmg.args; build.sh fails
# if their JVM options, main class or jar versions drift from what it builds for Linux).
set -euo pipefail

here="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target="$here/target"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

jdk_bin=""
if [ -n "${JAVA_HOME:-}" ]; then jdk_bin="$JAVA_HOME/bin/"; fi
for tool in java jlink jpackage jdeps; do
    command -v "${jdk_bin}$tool" >/dev/null || die "${jdk_bin}$tool not found (JDK 17 with jpackage needed)"
done
java_major="$("${jdk_bin}java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "$java_major" = 17 ] || say "warning: building with Java $java_major, the project targets 17"

# --- versions and names ---------------------------------------------------------------------------
project_version="$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$root/pom.xml" | head -1)"
[ -n "$project_version" ] || die "cannot read the version from $root/pom.xml"
app_version="${project_version%%-*}"          # 0.1.0-SNAPSHOT -> 0.1.0 (jpackage wants numbers)
main_class="$(sed -n 's#.*<inspector.mainClass>\(.*\)</inspector.mainClass>.*#\1#p' "$root/inspector-app/pom.xml")"
[ -n "$main_class" ] || die "inspector-app/pom.xml has no <inspector.mainClass>"
cli_class="io.github.lockwatch.cli.LockCtl"
name="lockwatch"

# --- JVM options of the launchers ------------------------------------------------------------
# JVM settings go into the launchers' .cfg files (the launcher ignores JDK_JAVA_OPTIONS).
# JVM warnings go to stderr, not stdout (lockctl's output is parsed by scripts); CDS chatter is off.
# CDS: -XX:SharedArchiveFile=$APPDIR/<launcher>.jsa is added below once the class list exists.
log_opts="-Xlog:disable -Xlog:all=warning,cds*=off:stderr"
# GUI heap: Serial GC, grown on demand from 32 MB up to 512 MB (room for a 50,000-lock directory). With
# G1's defaults the heap starts at 1/64 of the machine's memory and the rescans' garbage touches all of
# it: 500 MB resident at 10,000 rows against about 330 MB with these (inspector-app/README.md).
gui_opts=(-Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m -Xmx512m "$log_opts")
cli_opts="-Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 $log_opts"

# --- the Windows and macOS profiles must say the same (they are not built here, so check them) ------
check_profiles() {
    local want_gui want_cli f got problems=()
    want_gui="$(printf '%s ' "${gui_opts[@]}" | xargs)"
    want_cli="$(printf '%s' "$cli_opts" | xargs)"
    for f in "$here/windows/msi.args" "$here/macos/dmg.args"; do
        got="$(sed -n 's/^--java-options //p' "$f" | tr -d '"' | xargs)"
        [ "$got" = "$want_gui" ] || problems+=("$f: java-options '$got', the Linux build uses '$want_gui'")
        got="$(sed -n 's/^--main-jar //p' "$f")"
        [ "$got" = "inspector-app-$project_version.jar" ] \
            || problems+=("$f: --main-jar $got, expected inspector-app-$project_version.jar")
        got="$(sed -n 's/^--main-class //p' "$f")"
        [ "$got" = "$main_class" ] || problems+=("$f: --main-class $got, expected $main_class")
    done
    # macOS needs a first version number of at least 1 (README): only the .msi follows pom.xml exactly
    got="$(sed -n 's/^--app-version //p' "$here/windows/msi.args")"
    [ "$got" = "$app_version" ] || problems+=("windows/msi.args: --app-version $got, expected $app_version")
    for f in "$here/windows/lockctl.properties" "$here/macos/lockctl.properties"; do
        got="$(sed -n 's/^java-options=//p' "$f" | xargs)"
        [ "$got" = "$want_cli" ] || problems+=("$f: java-options '$got', the Linux build uses '$want_cli'")
        got="$(sed -n 's/^main-jar=//p' "$f")"
        [ "$got" = "lock-cli-$project_version.jar" ] || problems+=("$f: main-jar $got, expected lock-cli-$project_version.jar")
        got="$(sed -n 's/^main-class=//p' "$f")"
        [ "$got" = "$cli_class" ] || problems+=("$f: main-class $got, expected $cli_class")
    done
    if [ ${#problems[@]} -gt 0 ]; then
        printf 'build.sh: %s\n' "${problems[@]}" >&2
        die "the Windows/macOS profiles differ from the Linux build (fix jpackage/windows, jpackage/macos)"
    fi
}
check_profiles
say "windows/msi.args, macos/dmg.args and their lockctl.properties match the Linux build"

# --- 1. Maven: the runtime class path into jpackage/target/lib -------------------------------------
if [ "${SKIP_MAVEN:-}" != 1 ]; then
    say "maven: lock-lib, lock-inspect, lock-cli, inspector-app -> jpackage/target/lib"
    rm -rf "$target/lib"
    # -DskipTests, not -Dmaven.test.skip=true: lock-cli's tests depend on lock-lib's test-jar, which
    # maven.test.skip does not build.
    # shellcheck disable=SC2086 # MAVEN_FLAGS is a list of words
    (cd "$root" && mvn -q -B -DskipTests ${MAVEN_FLAGS:-} package -pl jpackage -am)
fi
lib="$target/lib"
[ -f "$lib/inspector-app-$project_version.jar" ] || die "$lib has no inspector-app jar (run without SKIP_MAVEN)"
[ -f "$lib/lock-cli-$project_version.jar" ] || die "$lib has no lock-cli jar (run without SKIP_MAVEN)"
unzip -l "$lib/inspector-app-$project_version.jar" "${main_class//.//}.class" >/dev/null 2>&1 \
    || say "WARNING: inspector-app jar has no main class $main_class (yet)"

# jpackage refuses existing destinations: start clean.
rm -rf "$target/runtime" "$target/input" "$target/image" "$target/deb" "$target/work" "$target"/*.deb
mkdir -p "$target/input" "$target/image" "$target/deb" "$target/work"
cp "$lib"/*.jar "$target/input/"

# --- 2. jlink: only the JDK modules the jars need ---------------------------------------------------
# jdeps sees the compile-time references. JavaFX's own descriptors add java.desktop, java.xml,
# jdk.unsupported (+ .desktop for javafx.swing); the app writes PNGs with ImageIO (java.desktop) and
# logs through java.util.logging. jdk.jfr: javafx.base's optional JFR events.
say "jdeps"
jar_cp="$(ls "$target/input"/*.jar | tr '\n' ':')"
deps="$("${jdk_bin}jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
        --class-path "$jar_cp" "$target/input"/*.jar 2>/dev/null | tail -1)"
[[ "$deps" == java.base* ]] || die "jdeps failed: $deps"
extra="java.desktop,java.xml,java.logging,jdk.unsupported,jdk.unsupported.desktop,jdk.jfr"
modules="$(printf '%s,%s' "$deps" "$extra" | tr ',' '\n' | sort -u | paste -sd, -)"
echo "$modules" >"$target/work/modules.txt"
say "jlink: $modules"
"${jdk_bin}jlink" --add-modules "$modules" --output "$target/runtime" \
    --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive
[ -f "$target/runtime/lib/server/classes.jsa" ] || die "jlink made no default CDS archive"
# The default archive stays as the fallback for a moved image (until lib/lockwatch-cds.sh is run);
# the one for -XX:-UseCompressedOops (heaps over 32 GB) is 11 MB nobody here needs.
rm -f "$target/runtime/lib/server/classes_nocoops.jsa"
# Of the runtime's commands only bin/java stays: the demo workspace starts its holder child processes
# with java.home/bin/java (jlink's --strip-native-commands would drop it).
find "$target/runtime/bin" -mindepth 1 ! -name java -delete

# --- 3. jpackage: the app image ---------------------------------------------------------------------

{
    echo "main-jar=lock-cli-$project_version.jar"
    echo "main-class=$cli_class"
    echo "java-options=$cli_opts"
    echo "win-console=true"
    echo "linux-shortcut=false"
    echo "description=Lockwatch lockctl: inspect and administer flufl.lock-protocol locks"
} >"$target/work/lockctl.properties"

# The main launcher is named after --name: lock-inspector. The image directory becomes lockwatch/.
jp_common=(--name lock-inspector --app-version "$app_version" --vendor "The Lockwatch developers"
    --copyright "Copyright 2026 The Lockwatch developers"
    --description "Lockwatch: a desktop inspector and the lockctl command for flufl.lock-protocol locks")

say "jpackage --type app-image"
java_opt_args=()
for o in "${gui_opts[@]}"; do java_opt_args+=(--java-options "$o"); done
"${jdk_bin}jpackage" --type app-image "${jp_common[@]}" \
    --input "$target/input" \
    --main-jar "inspector-app-$project_version.jar" --main-class "$main_class" \
    "${java_opt_args[@]}" \
    --runtime-image "$target/runtime" \
    --icon "$here/icons/lockwatch.png" \
    --add-launcher "lockctl=$target/work/lockctl.properties" \
    --dest "$target/work/app-image"
mv "$target/work/app-image/lock-inspector" "$target/image/$name"
image="$target/image/$name"
install -m 0755 "$here/linux/lockwatch-cds.sh" "$image/lib/lockwatch-cds.sh"
[ -x "$image/bin/lock-inspector" ] && [ -x "$image/bin/lockctl" ] || die "the image lacks its launchers"

# --- 4. CDS: class lists from training runs, one static AppCDS archive per launcher ----------------
# A static archive (JDK + app classes, from -XX:SharedClassListFile) needs no display to dump, so the
# .deb's postinst redoes it for /opt/lockwatch (archives record absolute class-path entries).
train_home="$target/work/home"    # JavaFX unpacks its natives to $HOME/.openjfx: a writable HOME
locks="$target/work/locks"
mkdir -p "$train_home" "$locks"
# 100 held-looking locks as flufl.lock writes them (claim file + hard link, mtime = expiry), like
# bench/floor/make_locks.py
expiry=$(( $(date +%s) + 3600 ))
for i in $(seq 0 99); do
    claim="$locks/lock-$i.lck|buildhost|$$|$RANDOM$RANDOM$RANDOM"
    printf '%s' "$claim" >"$claim"
    ln -f "$claim" "$locks/lock-$i.lck"
    touch -d "@$expiry" "$claim"
done
say "CDS training: lockctl ls (100 locks)"
HOME="$train_home" _JAVA_OPTIONS="-XX:DumpLoadedClassList=$image/lib/app/lockctl.classlist" \
    "$image/bin/lockctl" ls "$locks" >/dev/null 2>"$target/work/train-lockctl.log" \
    || { cat "$target/work/train-lockctl.log" >&2; die "training run of lockctl failed"; }
if [ "${SKIP_GUI_CDS:-}" != 1 ] && command -v xvfb-run >/dev/null; then
    say "CDS training: lock-inspector --smoke-test (xvfb-run)"
    if ! HOME="$train_home" _JAVA_OPTIONS="-XX:DumpLoadedClassList=$image/lib/app/lock-inspector.classlist" \
            timeout 120 xvfb-run -a "$image/bin/lock-inspector" --smoke-test "$target/work/train.png" \
            >"$target/work/train-gui.log" 2>&1; then
        cat "$target/work/train-gui.log" >&2
        say "warning: the GUI training run failed: lock-inspector gets no CDS archive"
        rm -f "$image/lib/app/lock-inspector.classlist"
    fi
else
    say "no xvfb-run (or SKIP_GUI_CDS=1): lock-inspector gets no CDS archive"
fi
for l in lockctl lock-inspector; do
    if [ -f "$image/lib/app/$l.classlist" ]; then
        # shellcheck disable=SC2016 # $APPDIR is expanded by the launcher
        echo 'java-options=-XX:SharedArchiveFile=$APPDIR/'"$l"'.jsa' >>"$image/lib/app/$l.cfg"
    fi
done
say "CDS dump"
"$image/lib/lockwatch-cds.sh" || die "CDS dump failed"
# -Xshare:on fails if the archive cannot be used: prove it maps
HOME="$train_home" _JAVA_OPTIONS=-Xshare:on "$image/bin/lockctl" --version >/dev/null 2>&1 \
    || die "lockctl does not start with -Xshare:on: its CDS archive is unusable"
rm -rf "$train_home"
say "app image: $image ($(du -sh "$image" | cut -f1))"

# --- 5. jpackage: the .deb ----------------------------------------------------------------------------
if [ "${SKIP_DEB:-}" = 1 ]; then
    exit 0
fi
command -v fakeroot >/dev/null && command -v dpkg-deb >/dev/null || die "the .deb needs fakeroot and dpkg-deb"
# Resource dir: postinst/prerm (the /usr/bin/lockctl symlink; CDS archives for /opt/lockwatch) and the
# desktop entry. The archives made above are for jpackage/target/image: the package ships none.
res="$target/work/deb-resources"
mkdir -p "$res"
# jpackage 17 cannot switch the shortcut off for an added launcher of an --app-image, so lockctl's
# entry is NoDisplay=true: the menu shows only the inspector.
cp "$here/linux/postinst" "$here/linux/prerm" "$here/linux/lock-inspector.desktop" \
    "$here/linux/lockctl.desktop" "$res/"
deb_image="$target/work/deb-image/$name"
mkdir -p "$target/work/deb-image"
cp -a "$image" "$deb_image"
rm -f "$deb_image"/lib/app/*.jsa
say "jpackage --type deb"
# gzip: xz on ~80 MB takes minutes on a busy 2-core machine (dpkg-deb >= 1.21.10 reads this variable)
DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}" \
"${jdk_bin}jpackage" --type deb "${jp_common[@]}" \
    --app-image "$deb_image" \
    --linux-package-name "$name" \
    --linux-package-deps "libgtk-3-0, libgl1" \
    --linux-deb-maintainer "lockwatch@users.noreply.github.com" \
    --linux-menu-group "System;Utility;" \
    --linux-app-category utils \
    --linux-shortcut \
    --icon "$here/icons/lockwatch.png" \
    --resource-dir "$res" --verbose \
    --dest "$target/deb" >"$target/work/jpackage-deb.log" 2>&1 \
    || { tail -40 "$target/work/jpackage-deb.log" >&2; die "jpackage --type deb failed (log: $target/work/jpackage-deb.log)"; }
deb="$(ls "$target/deb"/*.deb)"
mv "$deb" "$target/"
deb="$target/$(basename "$deb")"
rm -rf "$target/deb" "$target/work/deb-image"
say "deb: $deb ($(du -h "$deb" | cut -f1))"
