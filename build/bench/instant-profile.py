#!/usr/bin/env python3
"""CPU samples by process in slices after an instant, from a `perf record -a -k CLOCK_MONOTONIC` file.
usage: instant-profile.py PERF_DATA HH:MM:SS.fffZ MONOTONIC_MINUS_WALL PID=NAME...
A runtime's tiered-compilation thread is counted apart ("name (JIT)"); PostgreSQL's processes are summed."""
import collections, datetime, re, subprocess, sys

data, instant, offset, *named = sys.argv[1:]
names = dict(pair.split("=", 1) for pair in named)
today = datetime.datetime.now(datetime.timezone.utc).date()
wall = datetime.datetime.strptime(f"{today} {instant.rstrip('Z')}", "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
start = wall.timestamp() + float(offset)
header = re.compile(r"^\s*(.*?)\s+(\d+)/(\d+)\s+(\d+\.\d+):\s*$")
samples = []
script = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,pid,time", "--ns"], capture_output=True, text=True, check=True)
for match in map(header.match, script.stdout.splitlines()):
    if not match: continue
    comm, pid, at = match.group(1), match.group(2), float(match.group(4)) - start
    who = names.get(pid) or ("postgres" if comm == "postgres" else "idle" if comm == "swapper" else "other")
    if "Tiered Com" in comm: who += " (JIT)"
    samples.append((at, who))
for low, high in ((-1.0, 0.0), (0.0, 0.15), (0.15, 0.3), (0.3, 0.6), (0.6, 1.0)):
    counts = collections.Counter(who for at, who in samples if low <= at < high)
    print(f"{low:+.2f}..{high:+.2f} s: {sum(counts.values())} samples (at most {int(2 * 1999 * (high - low))} on 2 cores): "
          + ", ".join(f"{who} {n}" for who, n in counts.most_common()))
