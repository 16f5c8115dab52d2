#!/usr/bin/env bash
# Adds the class-data sharing archive to the CLI's container image (mvn -Pjib package runs it after Jib):
#   scripts/image-cds.sh IMAGE_TAR IMAGE_NAME SAMPLE_PROJECT
# Jib cannot run a command in the image it builds, and the JVM maps an archive only when it was dumped by
# the same Java build for the same class path (the image's /app/... jars, their sizes and times), so the
# archive is dumped inside the image: with buildah, the training run of CdsTraining (the common commands
# on SAMPLE_PROJECT, mounted read-only, not copied) lists the classes it loads, a static dump
# (-Xshare:dump) writes them to /app/odoo-platform.jsa, and the result replaces IMAGE_TAR under the same
# name. A static archive holds the JDK's classes too: it needs no archive in the base image's JDK (the
# JRE of scripts/jre-base-image.sh has none). The entrypoint Jib wrote already names the archive (pom.xml,
# jvmFlags); the JVM starts without it, silently, if it is missing or does not match.
set -euo pipefail
tar="$(readlink -f "$1")"
name="$2"
sample="$(readlink -f "$3")"
[ -f "$tar" ] || { echo "image-cds: $tar not found: run Jib first (mvn -Pjib package)" >&2; exit 2; }
[ -d "$sample" ] || { echo "image-cds: sample project $sample not found" >&2; exit 2; }
command -v buildah >/dev/null || {
  echo "image-cds: buildah not found: install it (Debian: apt-get install buildah) to give the image its" \
    "class-data sharing archive, or build with -Dimage.cds.skip=true for an image without one" >&2
  exit 3
}
root="${TEST_BUILDAH_ROOT:-${ODOO_PLATFORM_TEST_STATE:-/tmp/odoo-platform-test}/containers}"
b() { buildah --root "$root/storage" --runroot "$root/run" --storage-driver vfs "$@"; }
ctr=""
staged=""
work="$(mktemp -d)"
cleanup() {
  [ -z "$ctr" ] || b rm "$ctr" >/dev/null 2>&1 || true
  [ -z "$staged" ] || b rmi "$staged" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# a failing step says what it was and what to do; buildah's own message is printed above it
step="reading $tar"
trap 'echo "image-cds: failed while $step (buildah'"'"'s message above): buildah must be able to run containers here (root, or rootless with subuids); -Dimage.cds.skip=true builds the image without the archive" >&2' ERR
ctr="$(b from -q --pull-never "docker-archive:$tar")"
# the image has java and nothing else (no shell, no rm): the inputs and the class list stay on mounts
run() { b run --network none -v "$sample:/cds/sample:ro" -v "$work:/cds/work" "$ctr" -- "$@"; }
# the image's own java and class path (Jib's argument file), as its entrypoint runs them
java=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp @/app/jib-classpath-file)
step="the training run (CdsTraining in the image)"
run "${java[@]}" -Xshare:off -XX:DumpLoadedClassList=/cds/work/classes.lst org.odooplatform.cli.CdsTraining /cds/sample >/dev/null
step="dumping the archive"
run "${java[@]}" -Xshare:dump -XX:SharedClassListFile=/cds/work/classes.lst -XX:SharedArchiveFile=/app/odoo-platform.jsa \
  -Xlog:cds=off -Xlog:cds+dynamic=off >/dev/null
# proof that it maps: -Xshare:on refuses to start otherwise
step="checking that the archive maps"
run "${java[@]}" -Xshare:on -XX:SharedArchiveFile=/app/odoo-platform.jsa org.odooplatform.cli.Main --version >/dev/null
step="writing the image back to $tar"
# committed without a name (by its id): a name would be written into the tarball beside IMAGE_NAME
staged="$(b commit -q --format docker "$ctr")"
rm -f "$tar.cds"
b push -q "$staged" "docker-archive:$tar.cds:$name"
mv "$tar.cds" "$tar"
echo "image-cds: $name ($tar) starts with /app/odoo-platform.jsa, $(wc -l < "$work/classes.lst") classes"
