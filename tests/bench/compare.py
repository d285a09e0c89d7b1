#!/usr/bin/env python3
"""Checks deskpulse's weekly per-queue figures against the SQL subset (queries.sql).

usage: compare.py DESKPULSE_JSON SQL_CSV ALPHA
Counts, rates and means must be equal (to 1e-9 relative); the median within ALPHA
relative error of SQL's exact type-7 median. Prints what differs; exit 1 if anything does.
"""
import csv
import json
import sys
from datetime import datetime


def week_of(iso):
    t = int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())
    return (t + 259200) // 604800


def main():
    rows, sql_csv, alpha = json.load(open(sys.argv[1])), sys.argv[2], float(sys.argv[3])
    dp = {}
    for r in rows:
        if r["group"]["by"] != "queue" or r["value"] is None:
            continue
        if r["variant"] not in (None, "median") or r["basis"] not in (None, "calendar"):
            continue
        key = (r["kpi"], r["stat"], r["variant"], r["group"]["key"], week_of(r["window"]["from"]))
        dp[key] = (r["value"], r["n"])
    expected = {}
    for rec in csv.reader(open(sql_csv)):
        kpi, q, wk, n = rec[0], rec[1], int(rec[2]), int(rec[3])
        v = [float(x) for x in rec[4:]]
        if kpi == "frt":
            expected[("frt", "mean", None, q, wk)] = (v[0], n)
            expected[("frt", "median", None, q, wk)] = (v[1], n)
            continue
        offered, answered, in_sl, abandoned, blocked, wait_sum, handle_sum = v[2:]
        expected[("calls_offered", "count", None, q, wk)] = (offered, offered)
        expected[("blocked_calls", "count", None, q, wk)] = (blocked, blocked)
        if offered:
            expected[("service_level", "rate", None, q, wk)] = (100 * in_sl / offered, offered)
            expected[("abandonment_rate", "rate", None, q, wk)] = (100 * abandoned / offered, offered)
        if answered:
            expected[("asa", "mean", None, q, wk)] = (wait_sum / answered, answered)
            expected[("aht", "mean", None, q, wk)] = (handle_sum / answered, answered)
    bad = 0
    for key, (want, n) in expected.items():
        got = dp.get(key)
        if got is None:
            if want == 0 and key[1] == "count":
                continue  # a queue with no calls that week: deskpulse lists no row
            print("missing in deskpulse:", key, want)
            bad += 1
            continue
        tol = alpha * abs(want) if key[1] == "median" else 1e-9 * max(1.0, abs(want))
        if abs(got[0] - want) > tol + 1e-9 or got[1] != n:
            print("differs:", key, "deskpulse", got, "sql", (want, n))
            bad += 1
    print(f"checked {len(expected)} figures against SQL: {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
