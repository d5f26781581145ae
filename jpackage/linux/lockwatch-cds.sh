#!/bin/sh
# (Re)creates the class-data-sharing (AppCDS) archives of this Lockwatch image for its current location.
# CDS archives record absolute class-path entries, so a moved image needs this once; the .deb runs it
# from postinst. Without a usable archive the launchers still work (-Xshare:auto), only start slower.
#
# For each launcher with a class list lib/app/<launcher>.classlist (recorded by jpackage/build.sh from a
# training run) it dumps lib/app/<launcher>.jsa through the launcher itself, so the class path is
# exactly the one the launcher uses.
set -e
app="$(cd "$(dirname "$0")/.." && pwd -P)"
status=0
for launcher in lockctl lock-inspector; do
    list="$app/lib/app/$launcher.classlist"
    [ -f "$list" ] || continue
    jsa="$app/lib/app/$launcher.jsa"
    rm -f "$jsa"
    if HOME="${TMPDIR:-/tmp}" _JAVA_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$list -XX:SharedArchiveFile=$jsa -Xlog:disable -Xlog:all=error:stderr" \
            "$app/bin/$launcher" >/dev/null 2>"$app/lib/app/$launcher.cds.log" && [ -s "$jsa" ]; then
        chmod 0444 "$jsa"
        rm -f "$app/lib/app/$launcher.cds.log"
    else
        echo "lockwatch-cds.sh: no archive for $launcher, see $app/lib/app/$launcher.cds.log" >&2
        rm -f "$jsa"
        status=1
    fi
done
exit $status
