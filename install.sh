#!/usr/bin/env bash
# deskpulse installer for Debian 12: Debian packages, build, install, config, systemd unit.
# Idempotent: running it again rebuilds and reinstalls, and never overwrites an
# existing config file.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: ./install.sh [options]
       ./install.sh --uninstall [--purge] [--prefix DIR] [--unit-dir DIR]

Installs deskpulse from this source tree on Debian 12.

  (no options)       as root: install build dependencies with apt-get, build, and
                     install /usr/local/bin/deskpulse, /etc/deskpulse/deskpulse.yaml
                     (only if absent), /var/lib/deskpulse/, the man page deskpulse(1),
                     the bash completion, the docs in /usr/local/share/doc/deskpulse
                     and the systemd unit deskpulse.service (installed, not started;
                     a unit you edited is kept and the new one written beside it as
                     deskpulse.service.dist)
  --prefix DIR       install into DIR instead (DIR/bin, DIR/share/man/man1,
                     DIR/share/bash-completion/completions, DIR/share/doc/deskpulse,
                     DIR/etc/deskpulse, DIR/var/lib/deskpulse); no root needed, no
                     systemd unit unless --unit-dir, and no apt-get unless --deps
  --unit-dir DIR     install the systemd unit into DIR (default without --prefix:
                     /etc/systemd/system)
  --binary FILE      install this already built deskpulse instead of building
                     (no apt-get unless --deps)
  --uninstall        remove what install.sh installed (binary, man page, completion,
                     docs, unit, example config); keeps the config in /etc/deskpulse
                     and the state in /var/lib/deskpulse, and says so
  --purge            with --uninstall: also remove the config, the state, the cache
                     and the system user deskpulse
  --deps             install the Debian build dependencies only (root), then exit
  --test-deps        also install what the test suite needs (Request Tracker 5,
                     Chromium, clang 14 for tests/sanitize/run); used by tests/run
  --build-dir DIR    where to build (default: ./build)
  --jobs N           parallel build jobs (default: number of cores)
  --no-deps          do not run apt-get (dependencies already installed)
  -h, --help         show this help

After installing:  deskpulse demo          (runs the main job on the demo data set)
                   deskpulse check-config -c /etc/deskpulse/deskpulse.yaml
                   man deskpulse
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=""
build_dir="$here/build"
jobs=$(nproc 2>/dev/null || echo 2)
want_deps=auto
deps_only=0
test_deps=0
unit_dir=""
binary=""
uninstall=0
purge=0

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --unit-dir) unit_dir=${2:?--unit-dir needs a directory}; shift 2 ;;
    --unit-dir=*) unit_dir=${1#--unit-dir=}; shift ;;
    --binary) binary=${2:?--binary needs a file}; shift 2 ;;
    --binary=*) binary=${1#--binary=}; shift ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --deps) deps_only=1; want_deps=yes; shift ;;
    --test-deps) test_deps=1; want_deps=yes; shift ;;
    --no-deps) want_deps=no; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$purge" = 1 ] && [ "$uninstall" = 0 ]; then
  echo "install.sh: --purge goes with --uninstall (see --help)" >&2; exit 2
fi
if [ -n "$binary" ]; then
  [ -x "$binary" ] || { echo "install.sh: --binary $binary is not an executable file" >&2; exit 2; }
  binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
fi

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
# groff-base: tests/e2e/packaging renders the man page; dpkg-dev: packaging/build-deb's
# dpkg-shlibdeps (it falls back to dpkg -S without it).
test_packages=(request-tracker5 rt5-db-sqlite rt5-standalone chromium sqlite3 curl clang-14
  libclang-rt-14-dev groff-base dpkg-dev)

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

if [ -n "$prefix" ]; then
  mkdir -p "$prefix"
  prefix=$(cd "$prefix" && pwd)
  bin_dir="$prefix/bin"; share_dir="$prefix/share"
  etc_dir="$prefix/etc/deskpulse"; state_dir="$prefix/var/lib/deskpulse"
  cache_dir="$prefix/var/cache/deskpulse"
  run=""
else
  bin_dir=/usr/local/bin; share_dir=/usr/local/share
  etc_dir=/etc/deskpulse; state_dir=/var/lib/deskpulse; cache_dir=/var/cache/deskpulse
  run=as_root
  [ -z "$unit_dir" ] && [ -d /etc/systemd/system ] && unit_dir=/etc/systemd/system
fi
if [ -n "$unit_dir" ] && [ "$uninstall" = 0 ]; then
  [ -d "$unit_dir" ] || $run mkdir -p "$unit_dir"
fi
[ -n "$unit_dir" ] && [ -d "$unit_dir" ] && unit_dir=$(cd "$unit_dir" && pwd)
man_file="$share_dir/man/man1/deskpulse.1"
completion_file="$share_dir/bash-completion/completions/deskpulse"
doc_dir="$share_dir/doc/deskpulse"
# The unit as install.sh last installed it: a unit that differs from it was edited here.
record_dir="$share_dir/deskpulse"
unit_record="$record_dir/deskpulse.service"
# The units earlier versions of install.sh installed (before the record existed).
shipped_unit_sums="3e48bc5b28300ebd70eb187c86006fe1409ee52a950622a738da3780fbc2ab58
d7212f6b7f3bb4aae09800282a02b7bfa6679d8fc118bee225beb4a5c48f735a"
have_systemd() { command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ] && [ -z "$prefix" ]; }

if [ "$uninstall" = 1 ]; then
  unit="${unit_dir:+$unit_dir/deskpulse.service}"
  if [ -n "$unit" ] && [ -e "$unit" ] && have_systemd; then
    say "Stopping and disabling deskpulse.service"
    as_root systemctl disable --now deskpulse.service || true
  fi
  for f in "$bin_dir/deskpulse" "$man_file" "$completion_file" "$etc_dir/deskpulse.example.yaml" \
    ${unit:+"$unit" "$unit.dist"} "$unit_record"; do
    if [ -e "$f" ]; then
      say "Removing $f"
      $run rm -f "$f"
    fi
  done
  for d in "$doc_dir" "$record_dir"; do
    if [ -e "$d" ]; then
      say "Removing $d/"
      $run rm -rf "$d"
    fi
  done
  [ -n "$unit" ] && have_systemd && as_root systemctl daemon-reload
  if [ "$purge" = 1 ]; then
    for d in "$etc_dir" "$state_dir" "$cache_dir" ${unit:+"$unit.d"}; do
      if [ -e "$d" ]; then
        say "Purging $d/"
        $run rm -rf "$d"
      fi
    done
    if [ -z "$prefix" ] && id deskpulse >/dev/null 2>&1; then
      say "Removing system user deskpulse"
      as_root userdel deskpulse || true
    fi
  else
    kept=""
    for d in "$etc_dir" "$state_dir" ${unit:+"$unit.d"}; do
      [ -e "$d" ] && kept="$kept $d"
    done
    [ -n "$kept" ] && say "Kept the config and state:$kept (remove them with --uninstall --purge)"
  fi
  say "Uninstalled."
  exit 0
fi

if [ "$want_deps" = yes ] || { [ "$want_deps" = auto ] && [ -z "$prefix" ] && [ -z "$binary" ]; }; then
  install_deps
fi
[ "$deps_only" = 1 ] && exit 0

if [ -z "$binary" ]; then
  say "Configuring ($build_dir)"
  cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
  say "Building with $jobs jobs"
  cmake --build "$build_dir" -j "$jobs" --target deskpulse
  binary="$build_dir/plugin/app/deskpulse"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The man page and the completion come from the binary's own CLI: they cannot drift.
"$binary" manual --format man >"$work/deskpulse.1"
"$binary" manual --format bash-completion >"$work/deskpulse.bash"

say "Installing $bin_dir/deskpulse"
$run install -D -m 0755 "$binary" "$bin_dir/deskpulse"
say "Installing $man_file and $completion_file"
$run install -D -m 0644 "$work/deskpulse.1" "$man_file"
$run install -D -m 0644 "$work/deskpulse.bash" "$completion_file"
say "Installing the docs in $doc_dir"
$run install -D -m 0644 "$here/README.md" "$doc_dir/README.md"
$run install -D -m 0644 -t "$doc_dir/docs" "$here"/docs/*.md
$run install -D -m 0644 -t "$doc_dir/docs/img" "$here"/docs/img/*.png
for c in "$here"/connectors/*/README.md; do
  $run install -D -m 0644 "$c" "$doc_dir/connectors/$(basename "$(dirname "$c")")/README.md"
done
$run install -D -m 0644 "$here/config/deskpulse.example.yaml" "$doc_dir/deskpulse.example.yaml"

$run install -d -m 0755 "$etc_dir"
$run install -d -m 0750 "$state_dir"
if [ -e "$etc_dir/deskpulse.yaml" ]; then
  say "Keeping existing $etc_dir/deskpulse.yaml"
else
  say "Installing default config $etc_dir/deskpulse.yaml (valid, nothing enabled yet: add your connectors, then: deskpulse check-config -c $etc_dir/deskpulse.yaml)"
  sed "s#/var/lib/deskpulse#$state_dir#g" "$here/config/deskpulse.yaml" >"$work/deskpulse.yaml"
  $run install -m 0640 "$work/deskpulse.yaml" "$etc_dir/deskpulse.yaml"
fi
$run install -m 0644 "$here/config/deskpulse.example.yaml" "$etc_dir/deskpulse.example.yaml"

if [ -z "$prefix" ]; then
  if ! id deskpulse >/dev/null 2>&1; then
    say "Creating system user deskpulse"
    as_root useradd --system --home-dir "$state_dir" --no-create-home --shell /usr/sbin/nologin deskpulse
  fi
  as_root chown -R deskpulse:deskpulse "$state_dir"
  as_root chgrp deskpulse "$etc_dir/deskpulse.yaml"
fi

# The unit, with this install's paths. A unit that differs from the one install.sh
# installed last (edited here) is kept: the new one goes beside it as .dist.
install_unit() {
  local unit="$unit_dir/deskpulse.service" new="$work/deskpulse.service"
  sed -e "s#/usr/local/bin/deskpulse#$bin_dir/deskpulse#g" \
    -e "s#/usr/local/share/doc/deskpulse#$doc_dir#g" \
    -e "s#/etc/deskpulse/#$etc_dir/#g" "$here/packaging/deskpulse.service" >"$new"
  if [ -e "$unit" ] && cmp -s "$new" "$unit"; then
    say "Systemd unit $unit is up to date"
  elif [ -e "$unit" ] && ! { [ -e "$unit_record" ] && cmp -s "$unit" "$unit_record"; } &&
    ! grep -qx "$(sha256sum <"$unit" | cut -d' ' -f1)" <<<"$shipped_unit_sums"; then
    $run install -m 0644 "$new" "$unit.dist"
    say "Keeping your edited $unit; the new unit is $unit.dist:" \
      "compare (diff $unit $unit.dist), merge, and put local changes in a drop-in (systemctl edit deskpulse)"
    return
  else
    say "Installing systemd unit $unit (not started)"
    $run install -m 0644 "$new" "$unit"
    [ -e "$unit.dist" ] && $run rm -f "$unit.dist"
  fi
  $run install -D -m 0644 "$new" "$unit_record"
  if have_systemd; then
    as_root systemctl daemon-reload
  fi
}
[ -n "$unit_dir" ] && install_unit

say "Done. Try: $bin_dir/deskpulse demo   (and: man deskpulse)"
