#!/usr/bin/env bash
# deskpulse installer for Debian 12: Debian packages, build, install, config, systemd unit.
# Idempotent: running it again rebuilds and reinstalls, and never overwrites an
# existing config file.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./install.sh [options]

Installs deskpulse from this source tree on Debian 12.

  (no options)       as root: install build dependencies with apt-get, build, and
                     install /usr/local/bin/deskpulse, /etc/deskpulse/deskpulse.yaml
                     (only if absent), /var/lib/deskpulse/ and the systemd unit
                     deskpulse.service (installed, not started)
  --prefix DIR       install into DIR instead (DIR/bin, DIR/etc/deskpulse,
                     DIR/var/lib/deskpulse); no root needed, no systemd unit, and
                     no apt-get unless --deps is also given
  --deps             install the Debian build dependencies only (root), then exit
  --test-deps        also install what the test suite needs (Request Tracker 5,
                     Chromium, clang 14 for tests/sanitize/run); used by tests/run
  --build-dir DIR    where to build (default: ./build)
  --jobs N           parallel build jobs (default: number of cores)
  --no-deps          do not run apt-get (dependencies already installed)
  -h, --help         show this help

After installing:  deskpulse demo          (runs the main job on the demo data set)
                   deskpulse check-config /etc/deskpulse/deskpulse.yaml
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=""
build_dir="$here/build"
jobs=$(nproc 2>/dev/null || echo 2)
want_deps=auto
deps_only=0
test_deps=0

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --deps) deps_only=1; want_deps=yes; shift ;;
    --test-deps) test_deps=1; want_deps=yes; shift ;;
    --no-deps) want_deps=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "install.sh: '$*' needs root (run as root or install sudo)" >&2; exit 1
  fi
}

build_packages=(g++ cmake make pkg-config libcurl4-openssl-dev rapidjson-dev libyaml-cpp-dev
  libsqlite3-dev libcli11-dev libhowardhinnant-date-dev libcairo2-dev libboost-dev
  libgtest-dev libgmock-dev librapidcheck-dev libcpp-httplib-dev libbenchmark-dev libsystemd-dev tzdata
  ca-certificates fonts-dejavu-core)
# clang 14 and its sanitizer/libFuzzer runtimes: tests/sanitize/run.
test_packages=(request-tracker5 rt5-db-sqlite rt5-standalone chromium sqlite3 curl clang-14
  libclang-rt-14-dev)

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_deps() {
  local pkgs=("${build_packages[@]}")
  [ "$test_deps" = 1 ] && pkgs+=("${test_packages[@]}")
  local missing
  missing=$(missing_packages "${pkgs[@]}")
  if [ -z "$missing" ]; then
    say "Debian packages: all present"
    return
  fi
  say "Installing Debian packages: $(echo $missing | tr '\n' ' ')"
  as_root apt-get update -qq
  # shellcheck disable=SC2086
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

if [ "$want_deps" = yes ] || { [ "$want_deps" = auto ] && [ -z "$prefix" ]; }; then
  install_deps
fi
[ "$deps_only" = 1 ] && exit 0

say "Configuring ($build_dir)"
cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
say "Building with $jobs jobs"
cmake --build "$build_dir" -j "$jobs" --target deskpulse

if [ -n "$prefix" ]; then
  mkdir -p "$prefix"
  prefix=$(cd "$prefix" && pwd)
  bin_dir="$prefix/bin"; etc_dir="$prefix/etc/deskpulse"; state_dir="$prefix/var/lib/deskpulse"
  run=""
else
  bin_dir=/usr/local/bin; etc_dir=/etc/deskpulse; state_dir=/var/lib/deskpulse
  run=as_root
fi

say "Installing $bin_dir/deskpulse"
$run install -D -m 0755 "$build_dir/plugin/app/deskpulse" "$bin_dir/deskpulse"
$run install -d -m 0755 "$etc_dir"
$run install -d -m 0750 "$state_dir"
if [ -e "$etc_dir/deskpulse.yaml" ]; then
  say "Keeping existing $etc_dir/deskpulse.yaml"
else
  say "Installing default config $etc_dir/deskpulse.yaml (valid, nothing enabled yet: add your connectors, then: deskpulse check-config -c $etc_dir/deskpulse.yaml)"
  sed "s#/var/lib/deskpulse#$state_dir#g" "$here/config/deskpulse.yaml" >"$build_dir/deskpulse.yaml"
  $run install -m 0640 "$build_dir/deskpulse.yaml" "$etc_dir/deskpulse.yaml"
fi
$run install -m 0644 "$here/config/deskpulse.example.yaml" "$etc_dir/deskpulse.example.yaml"

if [ -z "$prefix" ]; then
  if ! id deskpulse >/dev/null 2>&1; then
    say "Creating system user deskpulse"
    as_root useradd --system --home-dir "$state_dir" --no-create-home --shell /usr/sbin/nologin deskpulse
  fi
  as_root chown -R deskpulse:deskpulse "$state_dir"
  as_root chgrp deskpulse "$etc_dir/deskpulse.yaml"
  if [ -d /etc/systemd/system ]; then
    say "Installing systemd unit /etc/systemd/system/deskpulse.service (not started)"
    as_root install -m 0644 "$here/packaging/deskpulse.service" /etc/systemd/system/deskpulse.service
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      as_root systemctl daemon-reload
    fi
  fi
fi

say "Done. Try: $bin_dir/deskpulse demo"
