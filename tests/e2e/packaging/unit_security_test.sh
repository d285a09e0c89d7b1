#!/usr/bin/env bash
# The repository's systemd unit: `systemd-analyze security --offline=yes` exposure at
# most 2.0, `systemd-analyze verify` clean (with the built binary in ExecStart), and the
# settings the service binary relies on (Type=notify, watchdog, SIGHUP reload, exit 2
# not restarted, the directories systemd creates, the socket families it needs).
# Usage: unit_security_test.sh SOURCE_DIR DESKPULSE_BINARY
set -euo pipefail
src=$1 bin=$2
unit="$src/packaging/deskpulse.service"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

report=$(systemd-analyze security --offline=yes "$unit" 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for deskpulse\.service: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$score" ]; then
  bad "no exposure level in: $report"
elif ! awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
  bad "exposure $score > 2.0:"
  grep '✗' <<<"$report" >&2 || true
else
  echo "exposure $score (at most 2.0)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed "s#/usr/local/bin/deskpulse#$bin#g" "$unit" >"$tmp/deskpulse.service"
# Other units of this machine may warn while loading; only this unit's lines count.
verify=$(systemd-analyze verify --man=no "$tmp/deskpulse.service" 2>&1) || bad "verify failed: $verify"
if grep -i 'deskpulse' <<<"$verify"; then bad "systemd-analyze verify: $verify"; fi

need() { grep -qxF "$1" "$unit" || bad "the unit lacks '$1'"; }
need "Type=notify"
need "NotifyAccess=main"
need "WatchdogSec=10min"
need "TimeoutStartSec=5min"
need 'ExecReload=/bin/kill -HUP $MAINPID'
need "Restart=on-failure"
need "RestartPreventExitStatus=2"
need "ExecStartPre=/usr/local/bin/deskpulse check-config -c /etc/deskpulse/deskpulse.yaml"
need "ExecStart=/usr/local/bin/deskpulse run --config /etc/deskpulse/deskpulse.yaml"
need "StateDirectory=deskpulse"
need "ConfigurationDirectory=deskpulse"
need "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"
need "User=deskpulse"
need "EnvironmentFile=-/etc/deskpulse/deskpulse.env"
# The commands it runs exist with these arguments (exit 2 is "nothing enabled", fine).
"$bin" check-config --help >/dev/null || bad "check-config --help"
"$bin" run --help | grep -q -- "--config" || bad "run has no --config"
exit $fail
