#!/usr/bin/env bash
# deskpulse against SQL on the same generated helpdesk (docs/performance.md). Run by
# hand, not by ctest:
#
#   tests/bench/run.sh [--shape default|wide|both] [--tickets N] [--runs R]
#                      [--no-postgres] [--no-records] [--keep]
#
# Builds deskpulse (Release, build-bench/) and benchmarks each shape of helpdesk in turn
# (--shape, default both), each in its own work directory and state:
#   default  the generator's defaults (20 agents in 3 teams, a queue per team, surveys):
#            the shape of the earlier runs;
#   wide     issue 20's: 200 agents in 20 teams, 10 queues, no surveys
#            (generate --agents 200 --teams 20 --queues 10 --surveys-off).
# For each: generates N tickets over 52 weeks (default 1,000,000), imports the NDJSON
# into a fresh state, then times, as medians of R runs (default 5):
#   - deskpulse compute, whole process: every KPI of the catalog for every grouping and
#     52 weekly windows, answered from the state's per-day partials, as CSV and as JSON
#     (rows/s: CSV lines less the header; JSON objects of the array); and the 20 KPIs
#     earlier runs timed (frt, resolution_time, fcr, reopen_rate, sla_compliance,
#     resolution_rate, the call and survey KPIs and the volumes);
#   - ingest, once each: deskpulse import + the first compute (which builds the
#     partials) against a fresh sqlite3 doing `.import --csv` of the same tickets,
#     ticket_events and calls rows (exported from the state with sqlite3) into new tables;
#   - the due weekly report of the data's last week from the state (`report --out`:
#     every team and the overall report, HTML, text and charts), once;
#   - every KPI from the records (--engine records), one run (--no-records skips);
#   - the incremental cycle (tests/bench/incremental.cpp): 1,000 and 1 recent tickets
#     changed, stored with their partials kept current, the write-back planned, their
#     weeks recomputed (every KPI); and `deskpulse run --once` as a whole process on the
#     same state (tests/bench/cycle.yaml), first and after 1,000 changed tickets;
#   - the SQL subset (tests/bench/queries.sql: weekly per-queue FRT mean and median,
#     offered, ASA, service level, abandonment, blocked, AHT) on SQLite over the same
#     state file, and on PostgreSQL (Debian's postgresql, started on 127.0.0.1 in a
#     temporary directory by this script, a database per shape, stopped at the end);
# and checks that deskpulse's figures equal the SQL's (medians within the sketch's
# 0.5%). Prints a table per shape, then issue 20's targets with met/MISSED and the
# measured figure. Exit 1 if any figure differs from the SQL's (a missed target does
# not fail the run). --keep keeps the work directory.
set -euo pipefail

tickets=1000000 runs=5 postgres=1 keep=0 records_run=1 shape=both
while [ $# -gt 0 ]; do
  case "$1" in
    --shape) shape="$2"; shift 2 ;;
    --tickets) tickets="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    --no-records) records_run=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$shape" in
  default|wide) shapes=("$shape") ;;
  both) shapes=(default wide) ;;
  *) echo "run.sh: --shape is default, wide or both, not $shape" >&2; exit 2 ;;
esac

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
  if [ "$keep" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# seconds and peak RSS (KiB) of one command: "secs kib"
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null
  tail -n 1 "$work/time.txt"
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
times_of() {  # runs a command R times, prints the median seconds and the max RSS
  local out=() rss=0 s k
  for _ in $(seq "$runs"); do
    read -r s k < <(measure "$@")
    out+=("$s"); [ "$k" -gt "$rss" ] && rss=$k
  done
  printf '%s\n' "${out[@]}" | median | tr '\n' ' '
  echo "$rss"
}
# Rows of compute's JSON: the objects of its one array. Every row has a "kpi" key and
# no nested object has one, and a string cannot hold `"kpi":` unescaped, so the count
# of that text is the count of rows; read in chunks (the array is one line).
json_rows() {
  python3 -c '
import sys
n, tail = 0, b""
for chunk in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
    buf = tail + chunk
    n += buf.count(b"\"kpi\":")
    tail = buf[-5:]
print(n)'
}
# a / b with printf format f, or "-" when either is not measured
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf f "\n", a / b; else print "-" }'; }
mib() { if [ "${1:-0}" = 0 ]; then echo "-"; else echo $(( $1 / 1024 )); fi; }

# One PostgreSQL server for every shape, a database each.
psql_base=()
if [ "$postgres" = 1 ]; then
  pgdir=$(mktemp -d /tmp/deskpulse-pg-XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; fi
  as_pg "$pg_bin/initdb" -D "$pgdir/data" -A trust -U bench >/dev/null
  port=$(( 20000 + RANDOM % 20000 ))
  as_pg "$pg_bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdir -c shared_buffers=1GB -c work_mem=256MB" start >/dev/null
  psql_base=(psql -h 127.0.0.1 -p "$port" -U bench -q -v ON_ERROR_STOP=1)
fi

start=2026-08-24 end=2027-08-23  # the generator's 52 weeks
last_week=$(date -u -d "$end - 7 days" +%G-W%V)
additive=frt,resolution_time,fcr,reopen_rate,sla_compliance,resolution_rate,calls_offered,asa,service_level,abandonment_rate,blocked_calls,aht,csat,nps,ces,iqs,esat,cli,request_volume,volume_by_channel
subset=frt,calls_offered,asa,service_level,abandonment_rate,blocked_calls,aht
all_groups=overall,team,agent,queue,channel
kpis=$("$dp" kpis --format json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
status=0

# The incremental cycle: two versions of the most recent tickets, stored in turn. Before
# the SQL, which then reads the changed state: the kept partials are checked too.
inc() {  # N -> "cycle_ms store_ms plan_ms recompute_ms"
  python3 "$bench/changes.py" "$dir/gen" "$1" "$dir/inc$1a" "$dir/inc$1b"
  "$root/build-bench/tests/bench/bench_incremental" "$dir/state.db" "$dir/inc$1a" "$dir/inc$1b" "$runs" |
    awk -F': ' '/^store/ {s=$2} /^write-back/ {split($2, w, " "); p=w[1]} /^recompute/ {c=$2}
                /^cycle/ {t=$2} END {printf "%.2f %.2f %.2f %.2f\n", t, s, p, c}'
}

bench_shape() {  # NAME
  local name=$1 gen_args=()
  [ "$name" = wide ] && gen_args=(--agents 200 --teams 20 --queues 10 --surveys-off)
  dir="$work/$name"
  mkdir -p "$dir"
  echo
  echo "== shape $name (generate ${gen_args[*]:-with its defaults}): $tickets tickets, 52 weeks, medians of $runs runs, in $dir"
  read -r gen_s gen_kib < <(measure "$dp" generate --tickets "$tickets" --weeks 52 "${gen_args[@]}" --out "$dir/gen")
  records=$(cat "$dir"/gen/*.ndjson | wc -l)
  read -r imp_s imp_kib < <(measure "$dp" import --state "$dir/state.db" --data "$dir/gen")
  read -r n_tickets n_events n_calls n_agents n_teams < <(sqlite3 -separator ' ' "$dir/state.db" \
    "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_events),
       (SELECT count(*) FROM calls), (SELECT count(*) FROM agents WHERE kind = 'agent'),
       (SELECT count(DISTINCT team) FROM agents WHERE kind = 'agent')")
  compute=(compute --state "$dir/state.db" --from "$start" --to "$end" --bucket week)
  read -r first_s first_kib < <(measure "$dp" "${compute[@]}" --group-by $all_groups --format csv)

  # Ingest against sqlite3: the same tickets, events and calls as CSV into a fresh file.
  local t
  for t in tickets ticket_events calls; do
    sqlite3 -header -csv "$dir/state.db" "SELECT * FROM $t" > "$dir/$t.csv"
  done
  rm -f "$dir/import.db"
  read -r limp_s limp_kib < <(measure sqlite3 -bail "$dir/import.db" \
    ".import --csv $dir/tickets.csv tickets" ".import --csv $dir/ticket_events.csv ticket_events" \
    ".import --csv $dir/calls.csv calls")
  limp_rows=$(sqlite3 "$dir/import.db" \
    "SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM ticket_events) + (SELECT count(*) FROM calls)")
  rm -f "$dir/import.db" "$dir/tickets.csv" "$dir/ticket_events.csv" "$dir/calls.csv"

  read -r csv_s csv_kib < <(times_of "$dp" "${compute[@]}" --group-by $all_groups --format csv)
  read -r json_s json_kib < <(times_of "$dp" "${compute[@]}" --group-by $all_groups --format json)
  csv_rows=$(( $("$dp" "${compute[@]}" --group-by $all_groups --format csv | wc -l) - 1 ))
  json_rows=$("$dp" "${compute[@]}" --group-by $all_groups --format json | json_rows)
  read -r twenty_s twenty_kib < <(times_of "$dp" "${compute[@]}" --group-by $all_groups --kpi $additive --format csv)
  rec_s="-" rec_kib=0
  if [ "$records_run" = 1 ]; then
    read -r rec_s rec_kib < <(measure "$dp" "${compute[@]}" --group-by $all_groups --engine records --format csv)
  fi
  read -r sub_s sub_kib < <(times_of "$dp" "${compute[@]}" --group-by queue --kpi $subset --format csv)

  # The due weekly report of the data's last week, from the state: every team and the
  # overall report written to a directory (no helpdesk, nothing posted).
  rep_s="-" rep_kib=0 rep_why=""
  if ! "$dp" report --help 2>/dev/null | grep -q -- '--out'; then
    rep_why="report has no --out (it needs a helpdesk to post to)"
  elif /usr/bin/time -f '%e %M' -o "$work/time.txt" "$dp" report --state "$dir/state.db" \
      --period "$last_week" --out "$dir/report" >/dev/null 2>"$dir/report.err"; then
    read -r rep_s rep_kib < <(tail -n 1 "$work/time.txt")
  else
    rep_why="report failed: $(head -n 1 "$dir/report.err")"
  fi
  rep_files=$(find "$dir/report" -type f 2>/dev/null | wc -l)

  read -r inc1000_ms inc1000_store inc1000_plan inc1000_comp < <(inc 1000)
  read -r inc1_ms inc1_store inc1_plan inc1_comp < <(inc 1)

  # The whole `run --once` process on the same state (tests/bench/cycle.yaml): a files
  # source, the outbox as the helpdesk. The first cycle plans and writes every ticket's
  # figures; each next one gets the 1,000 changed tickets appended to the source's files
  # and plans only what they change.
  mkdir -p "$dir/cycle"
  sed "s|@WORK@|$dir|g" "$bench/cycle.yaml" > "$dir/cycle.yaml"
  local run_once=("$dp" run --once --now 2027-08-23T09:00:00Z --config "$dir/cycle.yaml")
  read -r cyc_first_s cyc_first_kib < <(measure "${run_once[@]}")
  local cyc=() half f s k
  cyc_kib=0
  for _ in $(seq "$runs"); do
    for half in b a; do
      for f in tickets ticket_events; do cat "$dir/inc1000$half/$f.ndjson" >> "$dir/cycle/$f.ndjson"; done
      read -r s k < <(measure "${run_once[@]}")
      cyc+=("$s"); [ "$k" -gt "$cyc_kib" ] && cyc_kib=$k
    done
  done
  cyc_s=$(printf '%s\n' "${cyc[@]}" | median)

  read -r lite_s lite_kib < <(times_of sh -c "sqlite3 -csv '$dir/state.db' < '$bench/queries.sql'")
  sqlite3 -csv "$dir/state.db" < "$bench/queries.sql" > "$dir/sqlite.csv"

  pg_s="-"
  if [ "$postgres" = 1 ]; then
    "${psql_base[@]}" -d postgres -c "CREATE DATABASE bench_$name"
    local psql=("${psql_base[@]}" -d "bench_$name")
    "${psql[@]}" -c "CREATE TABLE tickets(id TEXT PRIMARY KEY, queue TEXT, status TEXT, created_at BIGINT);
      CREATE TABLE ticket_events(ticket TEXT, at BIGINT, type TEXT, public INT, to_value TEXT);
      CREATE TABLE calls(queue TEXT, direction TEXT, outcome TEXT, offered_at BIGINT, answered_at BIGINT,
        wait_s BIGINT, talk_s BIGINT, hold_s BIGINT, wrap_s BIGINT);"
    sqlite3 -csv "$dir/state.db" "SELECT id, queue, status, created_at FROM tickets" |
      "${psql[@]}" -c "COPY tickets FROM STDIN CSV"
    sqlite3 -csv "$dir/state.db" "SELECT ticket, at, type, public, to_value FROM ticket_events" |
      "${psql[@]}" -c "COPY ticket_events FROM STDIN CSV"
    sqlite3 -csv "$dir/state.db" "SELECT queue, direction, outcome, offered_at, answered_at, wait_s,
      talk_s, hold_s, wrap_s FROM calls" | "${psql[@]}" -c "COPY calls FROM STDIN CSV"
    "${psql[@]}" -c "CREATE INDEX ON ticket_events(ticket); ANALYZE;"
    read -r pg_s _ < <(times_of "${psql[@]}" -A -t -F , -f "$bench/queries.sql")
    "${psql[@]}" -A -t -F , -f "$bench/queries.sql" > "$dir/pg.csv"
  fi

  "$dp" "${compute[@]}" --group-by queue --format json --kpi $subset > "$dir/dp.json"
  echo "check against SQLite ($name):"
  python3 "$bench/compare.py" "$dir/dp.json" "$dir/sqlite.csv" 0.005 || status=1
  if [ "$postgres" = 1 ]; then
    echo "check against PostgreSQL ($name):"
    python3 "$bench/compare.py" "$dir/dp.json" "$dir/pg.csv" 0.005 || status=1
  fi

  local w=92
  row() { printf "%-${w}s %10s %10s\n" "$1" "$2" "$(mib "${3:-0}")"; }
  msrow() { printf "%-${w}s %10s %10s\n" "$1" "$2 ms" "-"; }
  echo
  printf "%-${w}s %10s %10s\n" \
    "shape $name: $n_tickets tickets, $n_events events, $n_calls calls, $n_agents agents in $n_teams teams ($records records)" \
    "seconds" "peak MiB"
  row "generate NDJSON" "$gen_s" "$gen_kib"
  row "import NDJSON into the state, partials built ($(div "$records" "$imp_s" %.0f) records/s)" "$imp_s" "$imp_kib"
  row "compute, first (partials current after the import)" "$first_s" "$first_kib"
  row "sqlite3 .import --csv: tickets, events, calls into a fresh file ($(div "$limp_rows" "$limp_s" %.0f) rows/s)" "$limp_s" "$limp_kib"
  row "compute, all groupings, every KPI ($kpis), 52 weeks, CSV ($csv_rows rows, $(div "$csv_rows" "$csv_s" %.0f) rows/s)" "$csv_s" "$csv_kib"
  row "compute, all groupings, every KPI ($kpis), 52 weeks, JSON ($json_rows rows, $(div "$json_rows" "$json_s" %.0f) rows/s)" "$json_s" "$json_kib"
  row "compute, all groupings, the 20 KPIs of earlier runs (partials)" "$twenty_s" "$twenty_kib"
  row "compute, every KPI from the records (--engine records)" "$rec_s" "$rec_kib"
  row "compute, SQL subset only (per queue)" "$sub_s" "$sub_kib"
  if [ -n "$rep_why" ]; then
    row "report $last_week from the state: skipped, $rep_why" "-" 0
  else
    row "report $last_week from the state (every team and overall, $rep_files files)" "$rep_s" "$rep_kib"
  fi
  msrow "incremental, 1,000 tickets: store + partials $inc1000_store ms, plan $inc1000_plan ms, weeks $inc1000_comp ms" "$inc1000_ms"
  msrow "incremental, 1 ticket: store + partials $inc1_store ms, plan $inc1_plan ms, weeks $inc1_comp ms" "$inc1_ms"
  row "run --once, first cycle (plans and writes every ticket)" "$cyc_first_s" "$cyc_first_kib"
  row "run --once, 1,000 changed tickets (whole process)" "$cyc_s" "$cyc_kib"
  row "SQL subset on SQLite" "$lite_s" "$lite_kib"
  row "SQL subset on PostgreSQL" "$pg_s" 0
  echo "SQLite / deskpulse (all groupings, every KPI, CSV): $(div "$lite_s" "$csv_s" %.1fx);" \
    "PostgreSQL / deskpulse: $(div "$pg_s" "$csv_s" %.1fx)"

  # Issue 20's targets: met or MISSED, with what was measured.
  target() {  # LABEL SHOWN CONDITION X: CONDITION is awk over x
    local verdict
    if [ -z "$4" ] || [ "$4" = - ]; then verdict="not measured"
    elif awk -v x="$4" "BEGIN { exit !($3) }"; then verdict=met
    else verdict=MISSED; fi
    printf '  %-46s %-12s %s\n' "$1" "$verdict" "$2"
  }
  local csv_rate json_rate lite_x pg_x ingest_x imp_rate ingest_kib
  csv_rate=$(div "$csv_rows" "$csv_s" %.0f) json_rate=$(div "$json_rows" "$json_s" %.0f)
  lite_x=$(div "$lite_s" "$csv_s" %.2f) pg_x=$(div "$pg_s" "$csv_s" %.2f)
  ingest_x=$(div "$(awk -v a="$imp_s" -v b="$first_s" 'BEGIN { print a + b }')" "$limp_s" %.2f)
  imp_rate=$(div "$records" "$imp_s" %.0f)
  ingest_kib=$(( imp_kib > first_kib ? imp_kib : first_kib ))
  echo
  echo "targets of issue 20 (shape $name, $tickets tickets):"
  target "whole catalog CSV <= 0.4 s" "$csv_s s" 'x <= 0.4' "$csv_s"
  target "whole catalog JSON <= 0.6 s" "$json_s s" 'x <= 0.6' "$json_s"
  target "whole catalog CSV >= 2M rows/s" "$csv_rate rows/s" 'x >= 2000000' "$csv_rate"
  target "whole catalog JSON >= 2M rows/s" "$json_rate rows/s" 'x >= 2000000' "$json_rate"
  target ">= 12x SQLite (SQL subset / whole catalog)" "${lite_x}x ($lite_s s / $csv_s s)" 'x >= 12' "$lite_x"
  target ">= 8x PostgreSQL (SQL subset / whole catalog)" "${pg_x}x ($pg_s s / $csv_s s)" 'x >= 8' "$pg_x"
  target "import + first compute <= 4x sqlite3 .import" "${ingest_x}x (($imp_s + $first_s) s / $limp_s s)" 'x <= 4' "$ingest_x"
  target "import >= 300k records/s" "$imp_rate records/s" 'x >= 300000' "$imp_rate"
  target "import, first compute <= 1 GiB" "$(mib "$imp_kib") / $(mib "$first_kib") MiB" 'x <= 1048576' "$ingest_kib"
  if [ -n "$rep_why" ]; then
    printf '  %-46s %-12s %s\n' "weekly report <= 2 s, <= 1 GiB" "not measured" "$rep_why"
  else
    target "weekly report <= 2 s" "$rep_s s" 'x <= 2' "$rep_s"
    target "weekly report <= 1 GiB" "$(mib "$rep_kib") MiB" 'x <= 1048576' "$rep_kib"
  fi
  target "incremental, 1,000 tickets <= 50 ms" "$inc1000_ms ms" 'x <= 50' "$inc1000_ms"
  target "incremental, 1 ticket <= 1 ms" "$inc1_ms ms" 'x <= 1' "$inc1_ms"
}

for s in "${shapes[@]}"; do bench_shape "$s"; done
exit $status
