"""`lambdacalc logs analyze` on realistic logs against awk summing Billed Duration.

    python benchmarks/bench_logs.py [--reports 1000000] [--big 5000000] [--runs 3] [--check]

Generates logs as Lambda writes them: per invocation a START line, one to three
application lines, END and REPORT; 1 % cold starts (an INIT_START line and Init Duration),
X-Ray trace ids on a tenth of the REPORT lines; in the `aws logs tail` format (timestamp
and log stream before every line) and without prefixes (as S3 exports of the message
only), plain and gzip (the --big file only with --gzip-big). For each file, interleaved:
awk (gzip -dc | awk for .gz) and the whole `lambdacalc logs analyze FILE --format json`
process, which must find the same
billed total. Goals (issue 14): wall time <= 2x awk's on 2 cores, CPU time <= 3x awk's,
and memory flat: the --big file's peak RSS at most 1.25x the --reports file's.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from harness import Bench, child_env, lambdacalc

AWK = "awk -F'Billed Duration: ' 'NF>1 {split($2, a, \" \"); s += a[1]} END {printf \"%d\\n\", s}'"
STREAM = "2026/11/20/[$LATEST]9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
MESSAGES = (
    "handled order {i}",
    "fetched 3 items from the cache in 4 ms",
    "GET /orders/{i} 200",
    "user 8c1d signed in; RequestId: none",
)


def write_log(path: Path, reports: int, prefixed: bool, seed: int = 7) -> None:
    """A realistic log of `reports` invocations (see the module docstring)."""
    rng = random.Random(seed)
    t0 = 1_763_600_000.0
    out = path.open("w")
    buf: list[str] = []
    for i in range(1, reports + 1):
        sec = t0 + i * 0.05
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
        micros = int(sec * 1e6) % 1_000_000
        head = f"{stamp}.{micros:06d}+00:00 {STREAM} " if prefixed else ""
        rid = f"5f0e1d2c-aaaa-4b3c-8d7e-{i:012d}"
        duration = round(rng.lognormvariate(3.5, 0.8), 2)
        used = 60 + rng.randrange(40)
        cold = rng.random() < 0.01
        if cold:
            init = round(rng.uniform(150, 900), 2)
            billed = -(-round((duration + init) * 100) // 100)
            buf.append(f"{head}INIT_START Runtime Version: python:3.12.v38\n")
            tail = f"\tInit Duration: {init:.2f} ms\t"
        else:
            billed = -(-round(duration * 100) // 100)
            tail = "\t"
        if rng.random() < 0.1:
            tail += f"XRAY TraceId: 1-{i:08x}-{rng.getrandbits(96):024x}\tSampled: true\t"
        buf.append(f"{head}START RequestId: {rid} Version: $LATEST\n")
        for k in range(1 + i % 3):
            msg = MESSAGES[(i + k) % len(MESSAGES)].format(i=i)
            buf.append(f"{head}[INFO]\t{stamp}.{micros // 1000:03d}Z\t{rid}\t{msg}\n")
        buf.append(f"{head}END RequestId: {rid}\n")
        buf.append(
            f"{head}REPORT RequestId: {rid}\tDuration: {duration:.2f} ms\t"
            f"Billed Duration: {billed} ms\tMemory Size: 256 MB\tMax Memory Used: {used} MB{tail}\n"
        )
        if len(buf) > 20_000:
            out.writelines(buf)
            buf.clear()
    out.writelines(buf)
    out.close()


def gzipped(path: Path) -> Path:
    target = path.with_name(path.name + ".gz")
    with path.open("rb") as src, gzip.open(target, "wb", compresslevel=6) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def awk_command(path: Path) -> str:
    return f"gzip -dc {path} | {AWK}" if path.suffix == ".gz" else f"{AWK} {path}"


def check_totals(path: Path) -> int:
    """Both tools' billed totals (ms) for one file; they must agree."""
    awk = int(
        subprocess.run(
            awk_command(path), shell=True, check=True, capture_output=True, text=True
        ).stdout
    )
    out = subprocess.run(
        lambdacalc("logs", "analyze", str(path), "--format", "json"),
        check=True,
        capture_output=True,
        text=True,
        env=child_env(),
    ).stdout
    data = json.loads(out)
    ours = sum(round(f["mean_billed_duration_ms"] * f["invocations"]) for f in data["functions"])
    if ours != awk:
        raise SystemExit(f"{path.name}: billed totals differ: awk {awk} ms, lambdacalc {ours} ms")
    return awk


def main() -> None:
    bench = Bench("logs analyze vs awk", runs=3)
    bench.parser.add_argument("--reports", type=int, default=1_000_000)
    bench.parser.add_argument("--big", type=int, default=5_000_000)
    bench.parser.add_argument("--no-gzip", action="store_true", help="plain files only")
    bench.parser.add_argument("--gzip-big", action="store_true", help="gzip the --big file too")
    args = bench.parse()
    with tempfile.TemporaryDirectory() as tmp:
        files: list[tuple[str, Path]] = []
        for reports, prefixed in ((args.reports, True), (args.reports, False), (args.big, True)):
            kind = "aws logs tail" if prefixed else "no prefix"
            path = Path(tmp) / f"{reports}-{'tail' if prefixed else 'raw'}.log"
            write_log(path, reports, prefixed)
            files.append((f"{reports:,} REPORT, {kind}, plain", path))
            if not args.no_gzip and (reports != args.big or args.gzip_big):
                files.append((f"{reports:,} REPORT, {kind}, gzip", gzipped(path)))
        peaks: dict[str, float] = {}
        for name, path in files:
            check_totals(path)
            size_mb = path.stat().st_size / 1e6
            samples = bench.run(
                {
                    "awk": awk_command(path),
                    "lambdacalc": lambdacalc("logs", "analyze", str(path), "--format", "json"),
                },
                warm=False,
            )
            awk, ours = samples["awk"], samples["lambdacalc"]
            print(
                f"{name} ({size_mb:,.0f} MB): awk {awk.wall:.2f} s wall {awk.cpu:.2f} s CPU; "
                f"lambdacalc {ours.wall:.2f} s wall {ours.cpu:.2f} s CPU, "
                f"peak {ours.peak_mib:.0f} MiB"
            )
            bench.ratio(f"{name}: wall vs awk", ours.wall, awk.wall, 2.0)
            bench.ratio(f"{name}: CPU vs awk", ours.cpu, awk.cpu, 3.0)
            peaks[name] = ours.peak_mib
        small = peaks[f"{args.reports:,} REPORT, aws logs tail, plain"]
        big = peaks[f"{args.big:,} REPORT, aws logs tail, plain"]
        bench.ratio(
            f"peak RSS {args.big:,} vs {args.reports:,} REPORT lines",
            big,
            small,
            1.25,
            f"{big:.0f} vs {small:.0f} MiB",
        )
    bench.finish()


if __name__ == "__main__":
    main()
