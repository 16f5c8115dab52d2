#!/usr/bin/env bash
# Starts (or stops) the real components the test suite talks to, on 127.0.0.1 only:
# PostgreSQL, a Docker registry v2 with htpasswd auth, a small odoo-project base image and a
# PostgreSQL server image built with buildah from this machine's packages, and dockerd when it
# can run here (the images are loaded into it). Idempotent: a service already up is left as it is.
#
#   scripts/test-services.sh install   # apt packages (root), only the missing ones
#   scripts/test-services.sh start     # start everything, write $STATE/services.env
#   scripts/test-services.sh stop      # stop what start started (by saved PID, never by name)
#   . "$(scripts/test-services.sh env)" # the variables tests read (TEST_PG_*, TEST_REGISTRY*, DOCKER_HOST...)
set -euo pipefail

STATE="${ODOO_PLATFORM_TEST_STATE:-/tmp/odoo-platform-test}"
PG_PORT="${TEST_PG_PORT:-55432}"
REGISTRY_ADDR="${TEST_REGISTRY:-127.0.0.1:5000}"
PGBIN=/usr/lib/postgresql/15/bin
BUILDAH_ROOT="$STATE/containers"

log() { echo "test-services: $*" >&2; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=()
  [ -x $PGBIN/postgres ] || missing+=(postgresql-15)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v buildah >/dev/null || missing+=(buildah)
  command -v skopeo >/dev/null || missing+=(skopeo)
  [ -x /bin/busybox ] || missing+=(busybox-static)
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v curl >/dev/null || missing+=(curl)
  command -v flake8 >/dev/null || missing+=(flake8)
  command -v chromium >/dev/null || missing+=(chromium)   # the fleet status page's browser test
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

secret() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20; }

start_postgres() {
  local d="$STATE/pg"
  if [ -f "$d/postmaster.pid" ] && runuser -u postgres -- $PGBIN/pg_ctl -D "$d" status >/dev/null 2>&1; then
    return
  fi
  if [ ! -f "$d/PG_VERSION" ]; then
    rm -rf "$d"; mkdir -p "$d"; chown postgres:postgres "$d"; chmod 700 "$d"
    secret > "$STATE/pg.pw"; chown postgres "$STATE/pg.pw"; chmod 600 "$STATE/pg.pw"
    runuser -u postgres -- $PGBIN/initdb -D "$d" -U postgres -A scram-sha-256 --pwfile="$STATE/pg.pw" \
      -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  runuser -u postgres -- $PGBIN/pg_ctl -D "$d" -l "$d/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $PG_PORT -k $d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  log "PostgreSQL up on 127.0.0.1:$PG_PORT"
}

start_registry() {
  local d="$STATE/registry"
  if alive "$d/pid"; then return; fi
  mkdir -p "$d/data"
  [ -f "$STATE/registry.pw" ] || secret > "$STATE/registry.pw"
  htpasswd -Bbc "$d/htpasswd" ciuser "$(cat "$STATE/registry.pw")" 2>/dev/null
  cat > "$d/config.yml" <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $d/data}, delete: {enabled: true}}
http: {addr: $REGISTRY_ADDR, secret: local-test-only}
auth: {htpasswd: {realm: test-registry, path: $d/htpasswd}}
YAML
  nohup docker-registry serve "$d/config.yml" > "$d/log" 2>&1 &
  echo $! > "$d/pid"
  for _ in $(seq 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$REGISTRY_ADDR/v2/")" = 401 ] && break
    sleep 0.1
  done
  log "registry up on $REGISTRY_ADDR"
}

buildah_cmd() { buildah --root "$BUILDAH_ROOT/storage" --runroot "$BUILDAH_ROOT/run" --storage-driver vfs "$@"; }

# Copies files into a root filesystem at the same paths, with the shared libraries they load.
copy_with_libs() {
  local root="$1"; shift
  local f lib
  for f in "$@"; do
    cp --parents "$f" "$root/"
    for lib in $(ldd "$f" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
      [ -e "$root$lib" ] || cp -L --parents "$lib" "$root/"
    done
  done
}

busybox_root() {
  local root="$1" a
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/usr/local/bin" "$root/run"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/"
  for a in $(/bin/busybox --list); do [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"; done
}

# The images are rebuilt when IMAGES_VERSION or a file under scripts/test-images changes.
IMAGES_VERSION=1  # bump when the recipes below change
images_stamp() { { echo "$IMAGES_VERSION"; cat "$(dirname "$0")"/test-images/*/*; } | sha256sum | cut -c1-16; }

push_image() {  # local name, registry reference, archive
  REGISTRY_AUTH_FILE="$STATE/registry-auth.json" buildah_cmd push -q --tls-verify=false "$1" "docker://$2"
  rm -f "$3"
  buildah_cmd push -q "$1" "docker-archive:$3:$2"
}

registry_login() {
  printf '%s' "$(cat "$STATE/registry.pw")" | REGISTRY_AUTH_FILE="$STATE/registry-auth.json" \
    skopeo login --tls-verify=false -u ciuser --password-stdin "$REGISTRY_ADDR" >/dev/null
}

has_image() {  # reference, archive, stamp file
  [ -f "$2" ] && [ "$(cat "$3" 2>/dev/null)" = "$(images_stamp)" ] &&
    skopeo inspect --tls-verify=false --authfile "$STATE/registry-auth.json" "docker://$1" >/dev/null 2>&1
}

# A busybox image stands in for camptocamp/odoo-project (no Docker Hub here): a shell, /opt/odoo,
# a 'pip' that only records what it was asked to install, psql, and the commands of
# scripts/test-images/odoo-project (runtests, odoo, runmigration, migrate, marabunta and the
# entrypoint) that behave like docker-odoo-project's against a real database.
BASE_REF="$REGISTRY_ADDR/base/odoo-project:test"
build_base_image() {
  local ref="$BASE_REF"
  has_image "$ref" "$STATE/base-image.tar" "$STATE/base-image.stamp" && return
  registry_login
  local ctr mnt src
  src="$(dirname "$0")/test-images/odoo-project"
  ctr=$(buildah_cmd from scratch); mnt=$(buildah_cmd mount "$ctr")
  busybox_root "$mnt"
  mkdir -p "$mnt/opt/odoo" "$mnt/usr/local/lib/odoo-test"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$mnt/etc/passwd"
  printf '#!/bin/sh\necho "pip (test base): $*" >> /opt/odoo/.pip-log\n' > "$mnt/bin/pip"; chmod 755 "$mnt/bin/pip"
  copy_with_libs "$mnt" $PGBIN/psql $PGBIN/pg_isready
  cp "$src/common.sh" "$mnt/usr/local/lib/odoo-test/"
  for f in runtests odoo runmigration migrate marabunta docker-entrypoint.sh; do install -m 755 "$src/$f" "$mnt/usr/local/bin/"; done
  buildah_cmd umount "$ctr" >/dev/null
  buildah_cmd config --entrypoint '["docker-entrypoint.sh"]' --cmd '["odoo"]' \
    --env PATH=/usr/local/bin:/bin:$PGBIN --env DB_HOST=db --env DB_PORT=5432 --env DB_NAME=odoodb \
    --env DB_USER=odoo --env DB_PASSWORD=odoo --os linux --arch amd64 "$ctr"
  buildah_cmd commit -q --format docker "$ctr" localhost/odoo-project-base:test >/dev/null
  buildah_cmd rm "$ctr" >/dev/null
  push_image localhost/odoo-project-base:test "$ref" "$STATE/base-image.tar"
  images_stamp > "$STATE/base-image.stamp"
  log "base image $ref pushed"
}

# The same base image with flake8 in it (this machine's python3 and its flake8, pyflakes,
# pycodestyle, mccabe): image test lints inside the built image when the agent has no flake8.
# Its own stamp, so that adding it rebuilds none of the others.
FLAKE8_IMAGE_VERSION=1  # bump when the recipe below changes
FLAKE8_BASE_REF="$REGISTRY_ADDR/base/odoo-project:test-flake8"
flake8_stamp() { echo "$(images_stamp)-$FLAKE8_IMAGE_VERSION"; }
build_flake8_base_image() {
  local ref="$FLAKE8_BASE_REF" ctr mnt py=/usr/lib/python3.11 dist=/usr/lib/python3/dist-packages f
  [ -f "$STATE/flake8-base-image.tar" ] && [ "$(cat "$STATE/flake8-base-image.stamp" 2>/dev/null)" = "$(flake8_stamp)" ] &&
    skopeo inspect --tls-verify=false --authfile "$STATE/registry-auth.json" "docker://$ref" >/dev/null 2>&1 && return
  registry_login
  ctr=$(buildah_cmd from -q "docker-archive:$STATE/base-image.tar"); mnt=$(buildah_cmd mount "$ctr")
  copy_with_libs "$mnt" /usr/bin/python3.11 $py/lib-dynload/*.so
  ln -sf python3.11 "$mnt/usr/bin/python3"
  # the standard library without its tests, GUI and build parts (flake8 needs none of them)
  tar -C / --exclude='__pycache__' --exclude="${py#/}/test" --exclude="${py#/}/idlelib" --exclude="${py#/}/tkinter" \
    --exclude="${py#/}/turtledemo" --exclude="${py#/}/ensurepip" --exclude="${py#/}/lib2to3" \
    --exclude="${py#/}/config-3.11-x86_64-linux-gnu" --exclude="${py#/}/lib-dynload" -cf - "${py#/}" | tar -C "$mnt" -xf -
  mkdir -p "$mnt$dist"
  for f in flake8 flake8-5.0.4.egg-info pyflakes pyflakes-2.5.0.egg-info pycodestyle.py pycodestyle-2.10.0.egg-info \
           mccabe.py mccabe-0.7.0.egg-info; do
    cp -R "$dist/$f" "$mnt$dist/"
  done
  find "$mnt$dist" -name __pycache__ -prune -exec rm -rf {} +
  install -m 755 /usr/bin/flake8 "$mnt/usr/bin/flake8"
  buildah_cmd umount "$ctr" >/dev/null
  buildah_cmd config --env PATH=/usr/local/bin:/bin:/usr/bin:$PGBIN "$ctr"
  buildah_cmd commit -q --format docker "$ctr" localhost/odoo-project-base:test-flake8 >/dev/null
  buildah_cmd rm "$ctr" >/dev/null
  push_image localhost/odoo-project-base:test-flake8 "$ref" "$STATE/flake8-base-image.tar"
  flake8_stamp > "$STATE/flake8-base-image.stamp"
  log "base image with flake8 $ref pushed"
}

# A PostgreSQL 15 server image from this machine's postgresql-15 package (the binaries, the
# extension libraries but LLVM JIT, share/ and time zones), with the official image's
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB entrypoint (scripts/test-images/postgres).
PG_IMAGE_REF="$REGISTRY_ADDR/base/postgres:15-test"
build_pg_image() {
  local ref="$PG_IMAGE_REF"
  has_image "$ref" "$STATE/pg-image.tar" "$STATE/pg-image.stamp" && return
  registry_login
  local ctr mnt
  ctr=$(buildah_cmd from scratch); mnt=$(buildah_cmd mount "$ctr")
  busybox_root "$mnt"
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n' > "$mnt/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\n' > "$mnt/etc/group"
  copy_with_libs "$mnt" $PGBIN/postgres $PGBIN/initdb $PGBIN/pg_ctl $PGBIN/pg_isready $PGBIN/psql \
    $PGBIN/pg_dump $PGBIN/pg_restore $PGBIN/createdb $PGBIN/dropdb \
    $(ls /usr/lib/postgresql/15/lib/*.so | grep -v llvmjit)
  cp -R --parents /usr/share/postgresql/15 /usr/share/zoneinfo "$mnt/"
  install -m 755 "$(dirname "$0")/test-images/postgres/docker-entrypoint.sh" "$mnt/usr/local/bin/"
  mkdir -p "$mnt/var/lib/postgresql/data"; chown -R 999:999 "$mnt/var/lib/postgresql"
  buildah_cmd umount "$ctr" >/dev/null
  buildah_cmd config --entrypoint '["docker-entrypoint.sh"]' --cmd '["postgres"]' \
    --env PATH=/usr/local/bin:/bin:$PGBIN --env PGDATA=/var/lib/postgresql/data --env TZ=UTC \
    --volume /var/lib/postgresql/data --port 5432 --os linux --arch amd64 "$ctr"
  buildah_cmd commit -q --format docker "$ctr" localhost/postgres:15-test >/dev/null
  buildah_cmd rm "$ctr" >/dev/null
  push_image localhost/postgres:15-test "$ref" "$STATE/pg-image.tar"
  images_stamp > "$STATE/pg-image.stamp"
  log "PostgreSQL image $ref pushed"
}

# dockerd gets the images the image tests run (no pull, no login needed), when they changed.
load_images_into_dockerd() {
  local d="$STATE/docker" archive stamp
  alive "$d/pid" || return 0
  for archive in "$STATE/base-image.tar" "$STATE/pg-image.tar"; do
    stamp="$archive.loaded"
    [ "$(cat "$stamp" 2>/dev/null)" = "$(images_stamp)" ] && continue
    DOCKER_HOST="unix://$d/docker.sock" docker load -q -i "$archive" >/dev/null
    images_stamp > "$stamp"
  done
  archive="$STATE/flake8-base-image.tar"; stamp="$archive.loaded"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$(flake8_stamp)" ]; then
    DOCKER_HOST="unix://$d/docker.sock" docker load -q -i "$archive" >/dev/null
    flake8_stamp > "$stamp"
  fi
}

# The base of the CLI's own container image (mvn -Pjib): a JRE from this host's JDK, no Docker Hub.
build_jre_base() {
  # rebuilt when the script that makes it changed (its module list, say)
  [ -f "$STATE/jre-base.tar" ] && [ "$STATE/jre-base.tar" -nt "$(dirname "$0")/jre-base-image.sh" ] && return
  TEST_BUILDAH_ROOT="$BUILDAH_ROOT" "$(dirname "$0")/jre-base-image.sh" "$STATE/jre-base.tar" >/dev/null
  log "JRE base image $STATE/jre-base.tar built"
}

start_dockerd() {
  local d="$STATE/docker"
  if alive "$d/pid"; then return; fi
  mkdir -p "$d/data" "$d/exec"
  nohup dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" -H "unix://$d/docker.sock" \
    --iptables=false --ip6tables=false --bridge=none --ip-forward=false --ip-masq=false \
    --insecure-registry "$REGISTRY_ADDR" > "$d/dockerd.log" 2>&1 &
  echo $! > "$d/pid"
  for _ in $(seq 60); do
    DOCKER_HOST="unix://$d/docker.sock" docker version >/dev/null 2>&1 && { log "dockerd up"; return; }
    sleep 0.5
  done
  log "warning: dockerd did not start (see $d/dockerd.log); docker builder tests will be skipped"
  kill "$(cat "$d/pid")" 2>/dev/null || true; rm -f "$d/pid"
}

write_env() {
  local f="$STATE/services.env"
  umask 077
  {
    echo "export TEST_PG_HOST=127.0.0.1"
    echo "export TEST_PG_PORT=$PG_PORT"
    echo "export TEST_PG_USER=postgres"
    echo "export TEST_PG_PASSWORD_FILE=$STATE/pg.pw"
    echo "export TEST_REGISTRY=$REGISTRY_ADDR"
    echo "export TEST_REGISTRY_USER=ciuser"
    echo "export TEST_REGISTRY_PASSWORD_FILE=$STATE/registry.pw"
    echo "export TEST_REGISTRY_AUTH_FILE=$STATE/registry-auth.json"
    echo "export TEST_BASE_IMAGE=$BASE_REF"
    echo "export TEST_BASE_IMAGE_ARCHIVE=$STATE/base-image.tar"
    echo "export TEST_BASE_IMAGE_FLAKE8=$FLAKE8_BASE_REF"
    echo "export TEST_PG_IMAGE=$PG_IMAGE_REF"
    echo "export TEST_BUILDAH_ROOT=$BUILDAH_ROOT"
    echo "export TEST_JRE_BASE_IMAGE=$STATE/jre-base.tar"
    if alive "$STATE/docker/pid"; then echo "export DOCKER_HOST=unix://$STATE/docker/docker.sock"; fi
  } > "$f"
  echo "$f"
}

stop_all() {
  if alive "$STATE/docker/pid"; then
    kill "$(cat "$STATE/docker/pid")"; for _ in $(seq 40); do alive "$STATE/docker/pid" || break; sleep 0.25; done
    mountpoint -q "$STATE/docker/exec/netns/default" 2>/dev/null && umount "$STATE/docker/exec/netns/default" || true
  fi
  if alive "$STATE/registry/pid"; then kill "$(cat "$STATE/registry/pid")"; fi
  if [ -f "$STATE/pg/postmaster.pid" ]; then
    runuser -u postgres -- $PGBIN/pg_ctl -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  log "stopped"
}

case "${1:-}" in
  install) install_packages ;;
  start)
    mkdir -p "$STATE"; chmod 755 "$STATE"
    start_postgres; start_registry; build_base_image; build_flake8_base_image; build_pg_image; build_jre_base
    [ "${TEST_SERVICES_NO_DOCKER:-}" = 1 ] || { start_dockerd; load_images_into_dockerd; }
    write_env >/dev/null
    ;;
  stop) stop_all ;;
  env) echo "$STATE/services.env" ;;
  *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
