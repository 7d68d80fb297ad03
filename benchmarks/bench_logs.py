"""Benchmark: lambdacalc's log parser against awk, and its peak memory at 1M vs 5M lines.

    python benchmarks/bench_logs.py [--lines 1000000] [--big 5000000] [--repeat 3]

Generates `aws logs tail`-style files in a temporary directory (START, an application
line, END and REPORT per invocation, 1 % cold starts with Init Duration), then:

1. times `awk` summing Billed Duration over the file, and lambdacalc's full parse and
   aggregation (percentiles, GB-s, cold starts, memory, window) over the same file, best
   of --repeat runs each, and checks both found the same total billed milliseconds;
2. measures the peak resident memory of a fresh process that parses the --lines file
   and one that parses the --big file, plus that of the worker it forks to parse the
   second half of a large file, against a process that only imports the module.

Timings belong here, not in the test suite.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AWK = "awk -F'Billed Duration: ' 'NF>1 {split($2, a, \" \"); s += a[1]} END {printf \"%d\\n\", s}'"
AWK_JSON = "awk -F'\"billedDurationMs\":' 'NF>1 {s += $2 + 0} END {printf \"%d\\n\", s}'"

# VmHWM (peak RSS of this process image) rather than ru_maxrss, which execve keeps from
# the forking parent; tracemalloc's peak counts Python allocations only (this process's).
# A file of logfiles.PARALLEL_MIN_BYTES or more is half parsed by a forked worker: its
# peak RSS is RUSAGE_CHILDREN's ru_maxrss (KiB on Linux; 0 when no worker ran). The sum
# overstates the pair's use: pages shared copy-on-write after the fork count twice.
_CHILD = """
import resource, sys, tracemalloc
sys.path.insert(0, {root!r})
from lambdacalc.logfiles import open_log, read_into
from lambdacalc.logs import LogAggregator
if {trace!r}:
    tracemalloc.start()
if {parse!r}:
    agg = LogAggregator()
    read_into(agg, open_log({path!r}))
    agg.summary()
peak = tracemalloc.get_traced_memory()[1] if {trace!r} else 0
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(hwm, worker, peak // 1024)
"""


def generate(path: Path, lines: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    stream = "2026/11/20/[$LATEST]9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
    t0 = 1_763_600_000.0
    with path.open("w") as out:
        written = 0
        i = 0
        while written < lines:
            i += 1
            sec = t0 + i * 0.05
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
            ts = f"{stamp}.{int(sec * 1e6) % 1_000_000:06d}+00:00 {stream}"
            rid = f"5f0e1d2c-aaaa-4b3c-8d7e-{i:012d}"
            duration = round(rng.lognormvariate(3.5, 0.8), 2)
            used = 60 + rng.randrange(40)
            if rng.random() < 0.01:
                init = round(rng.uniform(150, 900), 2)
                billed = -(-round((duration + init) * 100) // 100)
                tail = f"\tInit Duration: {init:.2f} ms\t"
            else:
                billed = -(-round(duration * 100) // 100)
                tail = "\t"
            block = [
                f"{ts} START RequestId: {rid} Version: $LATEST\n",
                f"{ts} [INFO]\t{stamp}.000Z\t{rid}\thandled order {i}\n",
                f"{ts} END RequestId: {rid}\n",
                f"{ts} REPORT RequestId: {rid}\tDuration: {duration:.2f} ms\t"
                f"Billed Duration: {billed} ms\tMemory Size: 256 MB\t"
                f"Max Memory Used: {used} MB{tail}\n",
            ]
            block = block[: lines - written]
            out.writelines(block)
            written += len(block)


def generate_json(path: Path, lines: int, seed: int = 7) -> None:
    """The JSON log format: platform.start, an application line, runtimeDone, report."""
    rng = random.Random(seed)
    t0 = 1_763_600_000.0
    with path.open("w") as out:
        written = 0
        i = 0
        while written < lines:
            i += 1
            sec = t0 + i * 0.05
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
            ts = f"{stamp}.{int(sec * 1000) % 1000:03d}Z"
            rid = f"5f0e1d2c-aaaa-4b3c-8d7e-{i:012d}"
            duration = round(rng.lognormvariate(3.5, 0.8), 3)
            billed = -(-round(duration * 1000) // 1000)
            block = [
                f'{{"time":"{ts}","type":"platform.start","record":{{"requestId":"{rid}",'
                f'"version":"$LATEST"}}}}\n',
                f'{{"timestamp":"{ts}","level":"INFO","requestId":"{rid}","message":"ok {i}"}}\n',
                f'{{"time":"{ts}","type":"platform.runtimeDone","record":{{"requestId":"{rid}",'
                f'"status":"success"}}}}\n',
                f'{{"time":"{ts}","type":"platform.report","record":{{"requestId":"{rid}",'
                f'"metrics":{{"durationMs":{duration},"billedDurationMs":{billed},'
                f'"memorySizeMB":256,"maxMemoryUsedMB":{60 + rng.randrange(40)}}},'
                f'"status":"success"}}}}\n',
            ]
            block = block[: lines - written]
            out.writelines(block)
            written += len(block)


def best_of(repeat: int, fn: object) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best, result


def run_awk(path: Path, script: str = AWK) -> int:
    out = subprocess.run(f"{script} {path}", shell=True, check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def run_lambdacalc(path: Path) -> int:
    """The CLI's read path: open_log (gzip sniffing, binary check) + read_into + summary."""
    sys.path.insert(0, str(ROOT))
    from lambdacalc.logfiles import open_log, read_into
    from lambdacalc.logs import LogAggregator

    agg = LogAggregator()
    read_into(agg, open_log(str(path)))
    return sum(f.billed_duration_ms for f in agg.summary().functions)


def peak_kib(path: Path, parse: bool, trace: bool = False) -> tuple[int, int, int]:
    """(peak RSS, its forked worker's peak RSS, tracemalloc peak) in KiB of a fresh
    process parsing path."""
    code = _CHILD.format(root=str(ROOT), path=str(path), parse=parse, trace=trace)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    rss, worker, traced = out.stdout.split()
    return int(rss), int(worker), int(traced)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--big", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small.log", Path(tmp) / "big.log"
        generate(small, args.lines)
        size_mb = small.stat().st_size / 1e6
        awk_s, awk_sum = best_of(args.repeat, lambda: run_awk(small))
        lc_s, lc_sum = best_of(args.repeat, lambda: run_lambdacalc(small))
        if awk_sum != lc_sum:
            sys.exit(f"billed totals differ: awk {awk_sum} ms, lambdacalc {lc_sum} ms")
        print(f"file: {args.lines:,} lines, {size_mb:.0f} MB; total billed {lc_sum:,} ms (both)")
        print(f"awk (sum Billed Duration): {awk_s:6.3f} s  {args.lines / awk_s:>12,.0f} lines/s")
        print(f"lambdacalc parse+aggregate: {lc_s:6.3f} s  {args.lines / lc_s:>12,.0f} lines/s")
        print(f"lambdacalc / awk time: {lc_s / awk_s:.2f}x (goal <= 2x)")

        js = Path(tmp) / "json.log"
        generate_json(js, args.lines)
        awk_js, awk_sum = best_of(args.repeat, lambda: run_awk(js, AWK_JSON))
        lc_js, lc_sum = best_of(args.repeat, lambda: run_lambdacalc(js))
        if awk_sum != lc_sum:
            sys.exit(f"JSON billed totals differ: awk {awk_sum} ms, lambdacalc {lc_sum} ms")
        print(f"JSON log format, {args.lines:,} lines ({js.stat().st_size / 1e6:.0f} MB):")
        print(f"  awk {awk_js:6.3f} s; lambdacalc {lc_js:6.3f} s ({lc_js / awk_js:.2f}x)")
        js.unlink()

        generate(big, args.big)
        base, _, _ = peak_kib(small, parse=False)
        print(f"peak RSS, import only: {base / 1024:6.1f} MiB")
        for path, n in ((small, args.lines), (big, args.big)):
            rss, worker, _ = peak_kib(path, parse=True)
            _, _, traced = peak_kib(path, parse=True, trace=True)
            print(
                f"{n:>11,} lines: peak RSS {rss / 1024:6.1f} MiB "
                f"+ worker {worker / 1024:6.1f} MiB = {(rss + worker) / 1024:6.1f} MiB, "
                f"tracemalloc peak {traced / 1024:6.2f} MiB"
            )


if __name__ == "__main__":
    main()
