#!/usr/bin/env python3
"""Grows a record saved by `tamer new --title X` (then `q`) into a big one.

    mkrecord.py SRC.ron DST.ron --events 10000 [--threats 0]

The timeline gets `--events` entries in all: the original `Started`, then
`--threats` ThreatCaptured events (with matching entries in `threats`), then
Paused / Resumed / Extended(step: "scope") cycles up to the count, one second
apart. Steps and clocks are left as they were, so the record still loads.
"""

import argparse
import datetime as dt
import re

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("dst")
ap.add_argument("--events", type=int, default=10_000)
ap.add_argument("--threats", type=int, default=0)
args = ap.parse_args()

text = open(args.src).read()
created = re.search(r'created: "([^"]+)"', text).group(1)
t0 = dt.datetime.fromisoformat(created[:26].rstrip("Z") + "+00:00")


def at(i):
    return (t0 + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


assets = ["card token", "session cookie", "refund API", "audit log", "webhook secret"]
threats = []
events = []
for i in range(1, args.threats + 1):
    title = f"T{i}: someone tampers with the {assets[i % 5]}" + " via a proxy" * (i % 4)
    threats.append(
        f'      (\n        id: {i},\n        title: "{title}",\n        description: "",\n'
        f'        category: None,\n        element: None,\n        raised_by: None,\n'
        f'        phase: 0,\n        step: "scope",\n'
        f'        at: "{at(i)}",\n        card: None,\n        key: None,\n'
        f'        rating: None,\n        residual: None,\n        decision: None,\n'
        f'        review: None,\n      ),\n'
    )
    events.append(f'      (\n        at: "{at(i)}",\n        kind: ThreatCaptured(\n          id: {i},\n        ),\n      ),\n')
cycle = [
    'Paused(\n          step: "scope",\n        )',
    'Resumed(\n          step: "scope",\n        )',
    'Extended(\n          step: "scope",\n          minutes: 5,\n        )',
]
n = args.threats
while len(events) < args.events - 1:
    n += 1
    events.append(f'      (\n        at: "{at(n)}",\n        kind: {cycle[n % 3]},\n      ),\n')

threats_text = "threats: [\n" + "".join(threats) + "    ]," if threats else "threats: [],"
text = text.replace("threats: [],", threats_text, 1)
# The summary at the top says how many threats there are.
text = text.replace("    threats: 0,\n", f"    threats: {len(threats)},\n", 1)
# Append after the Started event, i.e. before the closing "    ]," of the
# timeline, the last field of the session.
head, sep, tail = text.rpartition("    ],\n  ),\n)")
assert sep, "unexpected record layout"
text = head + "".join(events) + sep + tail
open(args.dst, "w").write(text)
print(f"{args.dst}: {len(events) + 1} timeline events, {len(threats)} threats, {len(text)} bytes")
