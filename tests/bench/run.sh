#!/usr/bin/env bash
# deskpulse against SQL on the same generated helpdesk (docs/performance.md). Run by
# hand, not by ctest:
#
#   tests/bench/run.sh [--tickets N] [--runs R] [--no-postgres] [--no-records] [--keep]
#
# Builds deskpulse (Release, build-bench/), generates N tickets over 52 weeks (default
# 1,000,000), imports the NDJSON into a fresh state, then times, as medians of R runs:
#   - deskpulse compute, whole process: every KPI of the catalog for every grouping and
#     52 weekly windows, answered from the state's per-day partials; and the 20 KPIs
#     earlier runs timed (frt, resolution_time, fcr, reopen_rate, sla_compliance,
#     resolution_rate, the call and survey KPIs and the volumes);
#   - every KPI from the records (--engine records), one run (--no-records skips);
#   - the incremental cycle (tests/bench/incremental.cpp): 1,000 and 1 recent tickets
#     changed, stored with their partials kept current, the write-back planned, their
#     weeks recomputed (every KPI); and `deskpulse run --once` as a whole process on the same state
#     (tests/bench/cycle.yaml), first and after 1,000 changed tickets;
#   - the SQL subset (tests/bench/queries.sql: weekly per-queue FRT mean and median,
#     offered, ASA, service level, abandonment, blocked, AHT) on SQLite over the same
#     state file, and on PostgreSQL (Debian's postgresql, started on 127.0.0.1 in a
#     temporary directory by this script, stopped at the end);
# and checks that deskpulse's figures equal the SQL's (medians within the sketch's
# 0.5%). Prints a table; exit 1 if any figure differs.
set -euo pipefail

tickets=1000000 runs=5 postgres=1 keep=0 records_run=1
while [ $# -gt 0 ]; do
  case "$1" in
    --tickets) tickets="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    --no-records) records_run=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
bench="$root/tests/bench"
for tool in cmake sqlite3 python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool (apt-get install cmake sqlite3 python3 time)" >&2; exit 2; }
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ "$postgres" = 1 ] && [ -z "$pg_bin" ]; then
  echo "run.sh: PostgreSQL not installed (apt-get install postgresql), or pass --no-postgres" >&2
  exit 2
fi

cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build-bench" --target deskpulse bench_incremental -j"$(nproc)" >/dev/null
dp="$root/build-bench/plugin/app/deskpulse"

work=$(mktemp -d /tmp/deskpulse-bench-XXXXXX)
pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  fi
  [ "$keep" = 1 ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# seconds and peak RSS (KiB) of one command: "secs kib"
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null
  cat "$work/time.txt"
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
times_of() {  # runs a command R times, prints the median seconds and the max RSS
  local out=() rss=0
  for _ in $(seq "$runs"); do
    read -r s k < <(measure "$@")
    out+=("$s"); [ "$k" -gt "$rss" ] && rss=$k
  done
  printf '%s\n' "${out[@]}" | median | tr '\n' ' '
  echo "$rss"
}

echo "deskpulse bench: $tickets tickets, 52 weeks, medians of $runs runs, in $work"
read -r gen_s gen_kib < <(measure "$dp" generate --tickets "$tickets" --weeks 52 --out "$work/gen")
records=$(cat "$work"/gen/*.ndjson | wc -l)
read -r imp_s imp_kib < <(measure "$dp" import --state "$work/state.db" --data "$work/gen")
sqlite3 "$work/state.db" "SELECT 'state: ' || (SELECT count(*) FROM tickets) || ' tickets, ' ||
  (SELECT count(*) FROM ticket_events) || ' events, ' || (SELECT count(*) FROM calls) || ' calls'"

start=2026-08-24 end=2027-08-23  # the generator's 52 weeks
additive=frt,resolution_time,fcr,reopen_rate,sla_compliance,resolution_rate,calls_offered,asa,service_level,abandonment_rate,blocked_calls,aht,csat,nps,ces,iqs,esat,cli,request_volume,volume_by_channel
all_groups=overall,team,agent,queue,channel
compute=(compute --state "$work/state.db" --from $start --to $end --bucket week)
read -r first_s first_kib < <(measure "$dp" "${compute[@]}" --group-by $all_groups --format csv)
read -r fast_s fast_kib < <(times_of "$dp" "${compute[@]}" --group-by $all_groups --format csv)
read -r twenty_s twenty_kib < <(times_of "$dp" "${compute[@]}" --group-by $all_groups --kpi $additive --format csv)
kpis=$("$dp" kpis --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
rec_s="-" rec_kib=0
if [ "$records_run" = 1 ]; then
  read -r rec_s rec_kib < <(measure "$dp" "${compute[@]}" --group-by $all_groups --engine records --format csv)
fi
read -r sub_s sub_kib < <(times_of "$dp" "${compute[@]}" --group-by queue \
  --kpi frt,calls_offered,asa,service_level,abandonment_rate,blocked_calls,aht --format csv)

# The incremental cycle: two versions of the most recent tickets, stored in turn. Before
# the SQL, which then reads the changed state: the kept partials are checked too.
inc() {  # N -> "cycle_ms store_ms plan_ms recompute_ms"
  python3 "$bench/changes.py" "$work/gen" "$1" "$work/inc$1a" "$work/inc$1b"
  "$root/build-bench/tests/bench/bench_incremental" "$work/state.db" "$work/inc$1a" "$work/inc$1b" "$runs" |
    awk -F': ' '/^store/ {s=$2} /^write-back/ {split($2, w, " "); p=w[1]} /^recompute/ {c=$2}
                /^cycle/ {t=$2} END {print t, s, p, c}'
}
read -r inc1000_ms inc1000_store inc1000_plan inc1000_comp < <(inc 1000)
read -r inc1_ms inc1_store inc1_plan inc1_comp < <(inc 1)

# The whole `run --once` process on the same state (tests/bench/cycle.yaml): a files
# source, the outbox as the helpdesk. The first cycle plans and writes every ticket's
# figures; each next one gets the 1,000 changed tickets appended to the source's files
# and plans only what they change.
mkdir -p "$work/cycle"
sed "s|@WORK@|$work|g" "$bench/cycle.yaml" > "$work/cycle.yaml"
run_once=("$dp" run --once --now 2027-08-23T09:00:00Z --config "$work/cycle.yaml")
read -r cyc_first_s cyc_first_kib < <(measure "${run_once[@]}")
cyc=() cyc_kib=0
for _ in $(seq "$runs"); do
  for half in b a; do
    for f in tickets ticket_events; do cat "$work/inc1000$half/$f.ndjson" >> "$work/cycle/$f.ndjson"; done
    read -r s k < <(measure "${run_once[@]}")
    cyc+=("$s"); [ "$k" -gt "$cyc_kib" ] && cyc_kib=$k
  done
done
cyc_s=$(printf '%s\n' "${cyc[@]}" | median)

read -r lite_s lite_kib < <(times_of sh -c "sqlite3 -csv '$work/state.db' < '$bench/queries.sql'")
sqlite3 -csv "$work/state.db" < "$bench/queries.sql" > "$work/sqlite.csv"

pg_s="-" pg_check=""
if [ "$postgres" = 1 ]; then
  pgdir=$(mktemp -d /tmp/deskpulse-pg-XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
  as_pg "$pg_bin/initdb" -D "$pgdir/data" -A trust -U bench >/dev/null
  port=$(( 20000 + RANDOM % 20000 ))
  as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c shared_buffers=1GB -c work_mem=256MB" start >/dev/null
  psql=(psql -h 127.0.0.1 -p "$port" -U bench -d postgres -q -v ON_ERROR_STOP=1)
  "${psql[@]}" -c "CREATE TABLE tickets(id TEXT PRIMARY KEY, queue TEXT, status TEXT, created_at BIGINT);
    CREATE TABLE ticket_events(ticket TEXT, at BIGINT, type TEXT, public INT, to_value TEXT);
    CREATE TABLE calls(queue TEXT, direction TEXT, outcome TEXT, offered_at BIGINT, answered_at BIGINT,
      wait_s BIGINT, talk_s BIGINT, hold_s BIGINT, wrap_s BIGINT);"
  sqlite3 -csv "$work/state.db" "SELECT id, queue, status, created_at FROM tickets" |
    "${psql[@]}" -c "COPY tickets FROM STDIN CSV"
  sqlite3 -csv "$work/state.db" "SELECT ticket, at, type, public, to_value FROM ticket_events" |
    "${psql[@]}" -c "COPY ticket_events FROM STDIN CSV"
  sqlite3 -csv "$work/state.db" "SELECT queue, direction, outcome, offered_at, answered_at, wait_s,
    talk_s, hold_s, wrap_s FROM calls" | "${psql[@]}" -c "COPY calls FROM STDIN CSV"
  "${psql[@]}" -c "CREATE INDEX ON ticket_events(ticket); ANALYZE;"
  read -r pg_s _ < <(times_of "${psql[@]}" -A -t -F , -f "$bench/queries.sql")
  "${psql[@]}" -A -t -F , -f "$bench/queries.sql" > "$work/pg.csv"
fi

"$dp" "${compute[@]}" --group-by queue --format json \
  --kpi frt,calls_offered,asa,service_level,abandonment_rate,blocked_calls,aht > "$work/dp.json"
status=0
echo "check against SQLite:"
python3 "$bench/compare.py" "$work/dp.json" "$work/sqlite.csv" 0.005 || status=1
if [ "$postgres" = 1 ]; then
  echo "check against PostgreSQL:"
  python3 "$bench/compare.py" "$work/dp.json" "$work/pg.csv" 0.005 || status=1
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-") printf "%.1fx", a / b; else print "-" }'; }
echo
printf '%-62s %10s %10s\n' "step ($tickets tickets, $records records)" "seconds" "peak MiB"
row() { printf '%-62s %10s %10s\n' "$1" "$2" "$(( ${3:-0} / 1024 ))"; }
row "generate NDJSON" "$gen_s" "$gen_kib"
row "import NDJSON into the state ($(awk -v n="$records" -v s="$imp_s" 'BEGIN{printf "%.0f", n/s}') records/s)" "$imp_s" "$imp_kib"
row "compute, first (builds and stores the partials)" "$first_s" "$first_kib"
row "compute, all groupings, every KPI ($kpis), 52 weeks (partials)" "$fast_s" "$fast_kib"
row "compute, all groupings, the 20 KPIs of earlier runs (partials)" "$twenty_s" "$twenty_kib"
row "compute, every KPI from the records (--engine records)" "$rec_s" "$rec_kib"
row "compute, SQL subset only (per queue)" "$sub_s" "$sub_kib"
msrow() { printf '%-62s %10s %10s\n' "$1" "$2 ms" "-"; }
msrow "incremental, 1,000 tickets: store + partials ($inc1000_store ms) + write-back plan ($inc1000_plan ms) + weeks" "$inc1000_ms"
msrow "incremental, 1 ticket: store + partials ($inc1_store ms) + write-back plan ($inc1_plan ms) + weeks" "$inc1_ms"
row "run --once, first cycle (plans and writes every ticket)" "$cyc_first_s" "$cyc_first_kib"
row "run --once, 1,000 changed tickets (whole process)" "$cyc_s" "$cyc_kib"
row "SQL subset on SQLite" "$lite_s" "$lite_kib"
row "SQL subset on PostgreSQL" "$pg_s" "0"
echo "SQLite / deskpulse (all groupings, every KPI): $(ratio "$lite_s" "$fast_s");" \
  "PostgreSQL / deskpulse: $(ratio "$pg_s" "$fast_s")"
exit $status
