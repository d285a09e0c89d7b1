#!/usr/bin/env bash
# packaging/build-deb from the built binary: the .deb has the binary, the unit (with
# /usr/bin), the config as a conffile, the man page, the completion and the docs; its
# control names the version and the shared-library packages; its unit's exposure is
# at most 2.0 as well.
# Usage: build_deb_test.sh SOURCE_DIR DESKPULSE_BINARY
set -euo pipefail
src=$1 bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

bash "$src/packaging/build-deb" "$tmp/out" --binary "$bin"
version=$("$bin" --version | tr -d '[:space:]')
deb="$tmp/out/deskpulse_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { bad "no $deb"; exit 1; }
echo "$(du -h "$deb" | cut -f1) $deb"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/deskpulse ./lib/systemd/system/deskpulse.service ./etc/deskpulse/deskpulse.yaml \
  ./etc/deskpulse/deskpulse.example.yaml ./usr/share/man/man1/deskpulse.1.gz \
  ./usr/share/bash-completion/completions/deskpulse ./usr/share/doc/deskpulse/README.md \
  ./usr/share/doc/deskpulse/docs/commands.md ./usr/share/doc/deskpulse/docs/install.md \
  ./usr/share/doc/deskpulse/copyright; do
  grep -q " $f\$" <<<"$contents" || bad "dpkg-deb -c lacks $f"
done
if grep -v ' root/root ' <<<"$contents"; then bad "files not owned by root"; fi
grep -q '^-rw-r----- .* ./etc/deskpulse/deskpulse.yaml$' <<<"$contents" || bad "config is not 0640"
if grep -q '/usr/local' <<<"$contents"; then bad "/usr/local in the package"; fi

info=$(dpkg-deb -I "$deb")
grep -q "^ Package: deskpulse$" <<<"$info" || bad "control: Package"
grep -q "^ Version: $version$" <<<"$info" || bad "control: Version"
grep -q "^ Depends: .*libcurl" <<<"$info" || bad "control: Depends lacks libcurl: $info"
grep -q "^ Depends: .*libsqlite3" <<<"$info" || bad "control: Depends lacks libsqlite3"
for s in conffiles postinst prerm postrm; do grep -qE " $s +" <<<"$info" || bad "no $s"; done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
grep -qx "/etc/deskpulse/deskpulse.yaml" <<<"$conffiles" || bad "deskpulse.yaml is not a conffile"

dpkg-deb -x "$deb" "$tmp/root"
unit="$tmp/root/lib/systemd/system/deskpulse.service"
grep -qx "ExecStart=/usr/bin/deskpulse run --config /etc/deskpulse/deskpulse.yaml" "$unit" ||
  bad "the unit's ExecStart is not /usr/bin/deskpulse"
if grep -q /usr/local "$unit"; then bad "the packaged unit names /usr/local"; fi
score=$(systemd-analyze security --offline=yes "$unit" 2>&1 |
  sed -n 's/.*Overall exposure level for deskpulse\.service: \([0-9.]*\).*/\1/p')
awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }' || bad "packaged unit's exposure ${score:-?}"
"$tmp/root/usr/bin/deskpulse" --version >/dev/null || bad "the packaged binary does not run"
zcat "$tmp/root/usr/share/man/man1/deskpulse.1.gz" | cmp -s - <("$bin" manual --format man) ||
  bad "the packaged man page is not the CLI's"
bash -n "$tmp/root/usr/share/bash-completion/completions/deskpulse" || bad "completion syntax"
for s in postinst prerm postrm; do sh -n "$src/packaging/debian/$s" || bad "$s syntax"; done
exit $fail
