#!/usr/bin/env python3
"""Prints a node's own view of an expiry storm from its /metrics text on stdin (argument: a label for the lines):
due -> raised (the account decided), due -> on the wire (the gateway wrote the frame to the socket)."""
import re, sys

label = sys.argv[1] if len(sys.argv) > 1 else "node"
text = sys.stdin.read()
for name, sel in [("due -> raised (timer)", "actorsubs_due_lateness_seconds_bucket{woken_by=\"timer\""),
                  ("due -> raised (wakeup)", "actorsubs_due_lateness_seconds_bucket{woken_by=\"wakeup\""),
                  ("due -> on the wire", "actorsubs_gateway_notification_lateness_seconds_bucket{kind=\"subscription-expired\"")]:
    buckets = {}
    for le, n in re.findall(re.escape(sel) + r"[^}]*le=\"([^\"]+)\"\} (\S+)", text):
        buckets[float(le)] = buckets.get(float(le), 0) + float(n)
    total = buckets.get(float("inf"), 0)
    if not total:
        continue
    def q(p):
        return next(le for le in sorted(buckets) if buckets[le] >= p * total)
    print(f"{label}: {name:20} n {int(total):7}  p50 <= {q(0.5)*1000:7.0f} ms  p99 <= {q(0.99)*1000:7.0f} ms")
