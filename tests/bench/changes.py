#!/usr/bin/env python3
"""Two versions of the same N recent tickets, for bench_incremental (tests/bench/run.sh).

    changes.py GEN_DIR N OUT_A OUT_B

Takes the last N tickets of GEN_DIR/tickets.ndjson that have an owner (the generator
writes them day by day, so these are the most recent: what a poll sees change). A keeps
each ticket as generated plus one public agent reply an hour after creation; B moves the
ticket to another owner and the reply to two days later. Storing A then B then A... is a
real change every time."""
import json
import os
import sys
from datetime import datetime, timedelta, timezone


def shifted(at, hours):
    t = datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (t + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    gen, n, out_a, out_b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    picked, owners = [], []
    with open(os.path.join(gen, "tickets.ndjson")) as f:
        for line in f:
            t = json.loads(line)
            if t.get("owner"):
                picked.append(t)
                if len(picked) > n:
                    picked.pop(0)
                if t["owner"] not in owners:
                    owners.append(t["owner"])
    for out, hours, other in ((out_a, 1, False), (out_b, 48, True)):
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "tickets.ndjson"), "w") as ft, \
                open(os.path.join(out, "ticket_events.ndjson"), "w") as fe:
            for t in picked:
                t = dict(t)
                if other:
                    t["owner"] = owners[(owners.index(t["owner"]) + 1) % len(owners)]
                ft.write(json.dumps(t) + "\n")
                reply = {"id": t["id"] + ":bench-reply", "ticket": t["id"],
                         "at": shifted(t["created_at"], hours), "type": "agent_reply",
                         "actor": t["owner"], "public": True, "time_spent_s": 60,
                         "from": None, "to": None}
                fe.write(json.dumps(reply) + "\n")


if __name__ == "__main__":
    main()
