#!/usr/bin/env bash
# install.sh into a temporary prefix (no root, the built binary, no apt-get): the man
# page, completion and docs land; a rerun is idempotent; an edited unit is kept and the
# new one written as .dist; an unedited one is updated; --uninstall removes what it
# installed and keeps config and state; --uninstall --purge leaves nothing.
# Usage: install_sh_test.sh SOURCE_DIR DESKPULSE_BINARY
set -euo pipefail
src=$1 bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
p="$tmp/prefix" units="$tmp/units" unit="$tmp/units/deskpulse.service"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
inst() { bash "$src/install.sh" --prefix "$p" --unit-dir "$units" --binary "$bin" --no-deps "$@" 2>&1; }

bash "$src/install.sh" --help | grep -q -- "--uninstall" || bad "--help does not name --uninstall"
out=$(inst) || { echo "$out"; bad "install failed"; exit 1; }
for f in bin/deskpulse share/man/man1/deskpulse.1 share/bash-completion/completions/deskpulse \
  share/doc/deskpulse/README.md share/doc/deskpulse/docs/commands.md \
  share/doc/deskpulse/docs/install.md share/doc/deskpulse/docs/img/report-demo.png \
  share/doc/deskpulse/connectors/rt/README.md etc/deskpulse/deskpulse.yaml \
  etc/deskpulse/deskpulse.example.yaml; do
  [ -f "$p/$f" ] || bad "missing $p/$f"
done
[ -d "$p/var/lib/deskpulse" ] || bad "no state directory"
[ -f "$unit" ] || bad "no unit"
grep -qxF "ExecStart=$p/bin/deskpulse run --config $p/etc/deskpulse/deskpulse.yaml" "$unit" ||
  bad "unit's ExecStart does not use the prefix: $(grep ExecStart= "$unit")"
grep -q "file://$p/share/doc/deskpulse/README.md" "$unit" || bad "unit's Documentation= not the installed docs"
cmp -s "$p/share/man/man1/deskpulse.1" <("$bin" manual --format man) || bad "man page is not the CLI's"
cmp -s "$p/share/bash-completion/completions/deskpulse" <("$bin" manual --format bash-completion) ||
  bad "completion is not the CLI's"

# Idempotent: the same unit is "up to date", no .dist.
out=$(inst)
grep -q "up to date" <<<"$out" || bad "rerun: unit not reported up to date: $out"
[ ! -e "$unit.dist" ] || bad "rerun wrote a .dist"

# A local edit is kept; the new unit goes to .dist and install.sh says so.
echo "# local edit" >>"$unit"
echo "connectors: {}  # mine" >>"$p/etc/deskpulse/deskpulse.yaml"
out=$(inst)
grep -q "# local edit" "$unit" || bad "the edited unit was overwritten"
[ -f "$unit.dist" ] || bad "no .dist beside the edited unit"
grep -q "deskpulse.service.dist" <<<"$out" || bad "install.sh did not say it wrote .dist: $out"
grep -q "# mine" "$p/etc/deskpulse/deskpulse.yaml" || bad "the edited config was overwritten"
out=$(inst)
grep -q "# local edit" "$unit" || bad "a second run overwrote the edited unit"

# A unit nobody edited (the one install.sh installed last) is updated to the new one.
cp "$unit.dist" "$unit"
sed -i 's/^RestartSec=30$/RestartSec=31/' "$unit"
cp "$unit" "$p/share/deskpulse/deskpulse.service"   # as an older install.sh would have left it
out=$(inst)
grep -qx "RestartSec=30" "$unit" || bad "the unedited unit was not updated: $out"
[ ! -e "$unit.dist" ] || bad ".dist left after the unit was updated"

# --uninstall: what it installed goes, config and state stay, and it says so.
echo "x" >"$p/var/lib/deskpulse/state.db"
out=$(inst --uninstall)
for f in bin/deskpulse share/man/man1/deskpulse.1 share/bash-completion/completions/deskpulse \
  share/doc/deskpulse etc/deskpulse/deskpulse.example.yaml share/deskpulse; do
  [ ! -e "$p/$f" ] || bad "--uninstall left $p/$f"
done
[ ! -e "$unit" ] || bad "--uninstall left the unit"
[ -f "$p/etc/deskpulse/deskpulse.yaml" ] || bad "--uninstall removed the config"
[ -f "$p/var/lib/deskpulse/state.db" ] || bad "--uninstall removed the state"
grep -q "Kept" <<<"$out" || bad "--uninstall did not say what it kept: $out"

# Install again, then --uninstall --purge: nothing left.
inst >/dev/null
inst --uninstall --purge >/dev/null
left=$(find "$p" "$units" -type f)
[ -z "$left" ] || bad "--purge left: $left"
if bash "$src/install.sh" --purge >/dev/null 2>&1; then bad "--purge without --uninstall accepted"; fi
exit $fail
