#!/usr/bin/env bash
# Builds a small JRE base image for the CLI's container image (mvn -Pjib) from this host's JDK,
# with no registry at all: a jlink'd Java runtime plus the shared libraries it links to, in a
# `scratch` image saved as a Docker-format tarball that Jib reads with `tar://`.
# Used where Docker Hub (eclipse-temurin) is unreachable, e.g. CI:
#   scripts/jre-base-image.sh target/jre-base.tar
#   mvn -Pjib package -Djib.from.image=tar://$PWD/target/jre-base.tar
set -euo pipefail
out="$(readlink -f "${1:-target/jre-base.tar}")"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")"
root="${TEST_BUILDAH_ROOT:-${ODOO_PLATFORM_TEST_STATE:-/tmp/odoo-platform-test}/containers}"
work="$(mktemp -d)"
ctr=""
b() { buildah --root "$root/storage" --runroot "$root/run" --storage-driver vfs "$@"; }
cleanup() { [ -z "$ctr" ] || b rm "$ctr" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

rootfs="$work/rootfs"
# the modules the CLI needs (java.net.http: Rancher/registry clients; java.sql/naming: pgjdbc;
# java.desktop: java.beans for YAML/JSON binding; jdk.httpserver: the rancher-simulator and sandbox
# commands, and the training run of the image's class-data sharing archive), plus elliptic-curve TLS
"$java_home/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --output "$rootfs/opt/java"
# the C libraries the runtime links to, at their host paths
find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u |
  while read -r lib; do
    case "$lib" in "$rootfs"/*) continue ;; esac
    cp -L --parents "$lib" "$rootfs"
  done
mkdir -p "$rootfs/tmp" && chmod 1777 "$rootfs/tmp"

mkdir -p "$(dirname "$out")"
ctr="$(b from scratch)"
b copy "$ctr" "$rootfs" / >/dev/null
b config --env JAVA_HOME=/opt/java --env PATH=/opt/java/bin:/usr/bin:/bin "$ctr"
image="localhost/odoo-platform-jre:17-$$"
b commit -q --format docker "$ctr" "$image" >/dev/null
rm -f "$out"
b push -q "$image" "docker-archive:$out:odoo-platform-jre:17"
b rmi "$image" >/dev/null 2>&1 || true
echo "$out"
