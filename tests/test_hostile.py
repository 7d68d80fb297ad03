"""Hostile and unusual input (issue 18): every reader, every output, every flag.

Each case runs the real command in a subprocess (the streams, signals and exit status the
user sees) with a time limit and a memory limit, and checks the promise: exit 2 with one
`Error:` line naming the problem (or exit 0 where the input is printable), no traceback,
no raw control character in any output. The small inputs live in tests/corpus/hostile/; the
large ones are written by tests/corpus/hostile/generate.py into a temporary directory.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "hostile"
OK = str(CORPUS / "ok.yaml")
OFFER = ROOT / "tests" / "fixtures" / "pricelist" / "bulk-index.json"
SAM = ROOT / "tests" / "fixtures" / "iac" / "sam-globals-pc.yaml"  # MemorySize: !Ref ApiMemory
TIME_LIMIT_S = 20  # each case takes well under a few seconds; the margin is for slow CI
MEMORY_LIMIT_BYTES = 1024**3

sys.path.insert(0, str(CORPUS))
from generate import generate  # noqa: E402

# raw control characters: C0 but the newline, DEL, C1, bidi controls
_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    generate(out)
    return out


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, **popen: object
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "100", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "lambdacalc", *args],
        input=stdin,
        capture_output=True,
        timeout=TIME_LIMIT_S,
        env=env,
        cwd=cwd,
        preexec_fn=_limits,
        **popen,
    )


def check(result: subprocess.CompletedProcess[bytes], code: int, needle: str = "") -> str:
    """The promise for one run; returns the text where `needle` was found."""
    out = result.stdout.decode("utf-8")
    err = result.stderr.decode("utf-8")
    assert result.returncode == code, (result.returncode, err[-2000:])
    assert "Traceback" not in err
    for text in (out, err):
        raw = _RAW_CONTROL.search(text)
        assert raw is None, f"raw control character {raw.group()!r} in output"
    if code == 2:
        lines = err.splitlines()
        assert out == ""
        assert len(lines) == 1 and lines[0].startswith("Error: "), err
    hay = err if code else out
    assert needle in hay, f"{needle!r} not in {hay[-1500:]!r}"
    return hay


# --- inputs: (case, command line with {c} = corpus, {g} = generated dir, expected, text) ---------

CASES = [
    # more than 4,300 digits
    ("scenario-bigint", ["cost", "{g}/scenario-bigint.json"], 2, "too long"),
    ("book-bigint", ["cost", OK, "--prices", "{g}/book-bigint.json"], 2, "too long"),
    ("offer-bigint", ["prices", "import", "{g}/offer-bigint.json"], 2, "too long"),
    (
        "power-tuning-bigint",
        ["compare-memory", "--power-tuning", "{g}/pt-bigint.json"],
        2,
        "too long",
    ),
    ("insights-bigint", ["logs", "analyze", "--insights", "{g}/insights-bigint.json"], 2, "long"),
    # deep nesting
    ("scenario-deep-json", ["cost", "{g}/scenario-deep.json"], 2, "nested too deeply"),
    ("scenario-deep-yaml", ["cost", "{g}/scenario-deep.yaml"], 2, "nesting depth"),
    ("book-deep", ["cost", OK, "--prices", "{g}/book-deep.json"], 2, "nested too deeply"),
    ("offer-deep", ["prices", "import", "{g}/offer-deep.json"], 2, "nested too deeply"),
    ("pt-deep", ["compare-memory", "--power-tuning", "{g}/pt-deep.json"], 2, "nested too"),
    ("insights-deep", ["logs", "analyze", "--insights", "{g}/insights-deep.json"], 2, "nested"),
    ("log-deep-json", ["logs", "analyze", "{g}/log-deep-json.log"], 2, "no usable REPORT"),
    # rich markup, control characters, newlines and lone surrogates in user text
    ("markup-table", ["cost", "{c}/markup-name.yaml"], 0, "[link=https://evil.example]api"),
    ("markup-markdown", ["cost", "{c}/markup-name.yaml", "-f", "markdown"], 0, "[/]"),
    ("control-table", ["cost", "{c}/control-name.json"], 0, "api\\x1b[31m"),
    ("control-csv", ["cost", "{c}/control-name.json", "-f", "csv"], 0, "\\x9b2J"),
    ("control-markdown", ["cost", "{c}/control-name.json", "-f", "markdown"], 0, "\\u202ex"),
    ("control-json", ["cost", "{c}/control-name.json", "-f", "json"], 0, "\\u009b2J"),
    ("surrogate-table", ["cost", "{c}/surrogate-name.json"], 0, "api\\ud800"),
    ("surrogate-json", ["cost", "{c}/surrogate-name.json", "-f", "json"], 0, "api\\ud800"),
    ("newline-name", ["cost", "{c}/newline-name.json"], 2, "'a\\x0aError: forged'"),
    ("book-name-control", ["prices", "--prices", "{g}/book-name-control.json"], 0, "book\\x1b]8"),
    ("logs-function-markup", ["logs", "analyze", "--function", "[/]", "-"], 2, "no usable"),
    (
        "insights-markup-log",
        ["logs", "analyze", "--insights", "{c}/insights-markup-log.csv"],
        0,
        "[/]\\x1b]8",
    ),
    # price books
    (
        "book-unknown-key",
        ["cost", OK, "--prices", "{g}/book-unknown-key.json"],
        2,
        "did you mean 'provisioned_concurrency_usd_per_gb_s'",
    ),
    (
        "book-sources-5",
        ["prices", "--prices", "{g}/book-sources-5.json"],
        2,
        "sources: expected a mapping",
    ),
    ("book-notes-5", ["prices", "--prices", "{g}/book-notes-5.json"], 2, "notes: expected a list"),
    (
        "book-price-1e400",
        ["cost", OK, "--prices", "{g}/book-price-1e400.json"],
        2,
        "far beyond any Lambda price",
    ),
    ("book-price-tiny", ["cost", OK, "--prices", "{g}/book-price-tiny.json"], 2, "out of range"),
    ("book-alias-bomb", ["prices", "--prices", "{c}/book-alias-bomb.yaml"], 2, "billion laughs"),
    (
        "book-duplicate-key",
        ["prices", "--prices", "{c}/book-duplicate-key.yaml"],
        2,
        "appears twice",
    ),
    # YAML 1.1 forms
    ("yaml11-sexagesimal", ["cost", "{c}/yaml11-sexagesimal.yaml"], 2, "base-60"),
    ("yaml11-octal", ["cost", "{c}/yaml11-octal.yaml"], 2, "leading zero as octal"),
    ("yaml11-version-yes", ["cost", "{c}/yaml11-version-yes.yaml"], 2, "write true or false"),
    ("yaml11-bytes-yes", ["cost", "{c}/yaml11-bytes-yes.yaml"], 2, "write true or false"),
    (
        "bytes-per-request-list",
        ["cost", "{c}/bytes-per-request-list.yaml"],
        2,
        "whole number of bytes",
    ),
    # tiny and huge numbers, in files and flags
    ("commitment-tiny", ["cost", "{c}/commitment-tiny.yaml"], 2, "out of range"),
    (
        "cpu-bound-tiny",
        [
            "compare-memory",
            "--duration",
            "1s",
            "--memory",
            "128",
            "--cpu-bound",
            "1e-999999999",
            "-f",
            "json",
        ],
        2,
        "out of range",
    ),
    ("rps-tiny", ["concurrency", "--rps", "1e-999999999", "--duration", "1"], 2, "out of range"),
    ("pt-tiny", ["compare-memory", "--power-tuning", "{c}/pt-tiny.json"], 2, "out of range"),
    ("pt-long-fragment", ["compare-memory", "--power-tuning", "#" + "A" * 300], 2, "base64 arrays"),
    # Insights bounds
    (
        "insights-memory-0",
        ["logs", "analyze", "--insights", "{c}/insights-memory-0.csv"],
        2,
        "no Lambda memory size",
    ),
    (
        "insights-memory-half",
        ["logs", "analyze", "--insights", "{c}/insights-memory-half.csv"],
        2,
        "no Lambda memory size",
    ),
    (
        "insights-invocations-1e400",
        ["logs", "analyze", "--insights", "{c}/insights-invocations-1e400.csv"],
        2,
        "far beyond any Lambda workload",
    ),
    (
        "insights-invocations-1e100000",
        ["logs", "analyze", "--insights", "{c}/insights-invocations-1e100000.csv"],
        2,
        "out of range",
    ),
    (
        "insights-sum-huge",
        ["logs", "analyze", "--insights", "{c}/insights-sum-huge.csv"],
        2,
        "out of range",
    ),
    (
        "insights-percentiles",
        ["logs", "analyze", "--insights", "{c}/insights-percentiles.csv"],
        2,
        "out of order",
    ),
    (
        "insights-duration-above-billed",
        ["logs", "analyze", "--insights", "{c}/insights-duration-above-billed.csv"],
        2,
        "above billed_ms_sum",
    ),
    (
        "insights-first-after-last",
        ["logs", "analyze", "--insights", "{c}/insights-first-after-last.csv"],
        2,
        "first_ts is after last_ts",
    ),
    (
        "insights-duplicate-rows",
        ["logs", "analyze", "--insights", "{c}/insights-duplicate-rows.csv"],
        2,
        "same log group and memory size",
    ),
    ("insights-dev-zero", ["logs", "analyze", "--insights", "/dev/zero"], 2, "larger than 64 MB"),
    # many mistakes at once: the first five, in linear time
    (
        "many-unknown-keys",
        ["cost", "{g}/scenario-many-unknown-keys.yaml"],
        2,
        "more problems not shown",
    ),
    # issue 16's readers: import (templates, plans, --usage), diff, --set, profiles
    ("template-bigint", ["import", "{g}/template-bigint.json"], 2, "too long"),
    ("template-deep-json", ["import", "{g}/template-deep.json"], 2, "nested too deeply"),
    ("template-deep-yaml", ["import", "{g}/template-deep.yaml"], 2, "nesting depth"),
    ("template-tiny", ["import", "{c}/template-tiny.yaml"], 2, "out of range"),
    ("template-octal", ["import", "{c}/template-octal.yaml"], 2, "leading zero as octal"),
    ("template-yes", ["import", "{c}/template-yes.yaml"], 2, "write true or false"),
    ("template-duplicate", ["import", "{c}/template-duplicate-key.yaml"], 2, "7:7: key 'Memory"),
    ("template-alias-bomb", ["import", "{c}/template-alias-bomb.yaml"], 2, "billion laughs"),
    ("template-digits", ["import", "{c}/template-memory-digits.yaml"], 2, "whole number"),
    ("template-control", ["import", "{c}/template-control.yaml"], 0, "Fn\\x1b]8;;https"),
    ("template-ref-control", ["import", "{c}/template-ref-control.yaml"], 2, "P\\x1b[31m\\x0a"),
    (
        "param-digits",
        ["import", str(SAM), "--param", "ApiMemory=" + "1" * 5000],
        2,
        "should be a whole number",
    ),
    ("param-superscript", ["import", str(SAM), "--param", "ApiMemory=²"], 2, "(got '²')"),
    ("param-other-digits", ["import", str(SAM), "--param", "ApiMemory=١٢٨"], 2, "whole number"),
    ("plan-bigint", ["import", "{g}/plan-bigint.json"], 2, "too long"),
    ("plan-deep", ["import", "{g}/plan-deep.json"], 2, "nested too deeply"),
    ("plan-control", ["import", "{c}/plan-control.json"], 0, "f\\x1b]8;;https"),
    ("plan-infinity", ["import", "{c}/plan-infinity.json"], 2, "(got Infinity)"),
    (
        "usage-sexagesimal",
        ["import", "{c}/template-ok.yaml", "--usage", "{c}/usage-sexagesimal.yaml"],
        2,
        "usage-sexagesimal.yaml:3:16: '12:30:00'",
    ),
    (
        "usage-duplicate",
        ["import", "{c}/template-ok.yaml", "--usage", "{c}/usage-duplicate-key.yaml"],
        2,
        "appears twice",
    ),
    (
        "usage-control",
        ["import", "{c}/template-ok.yaml", "--usage", "{c}/usage-control.yaml"],
        2,
        "no function 'Fn\\x1b[31m\\x0aError: forged'",
    ),
    (
        "usage-deep",
        ["import", "{c}/template-ok.yaml", "--usage", "{g}/usage-deep.yaml"],
        2,
        "nesting depth",
    ),
    ("diff-template-bigint", ["diff", OK, "{g}/template-bigint.json"], 2, "too long"),
    ("diff-template-bomb", ["diff", "{c}/template-alias-bomb.yaml", OK], 2, "billion laughs"),
    ("diff-control", ["diff", OK, "{c}/template-control.yaml"], 0, "Fn\\x1b]8;;"),
    (
        "diff-control-markdown",
        ["diff", OK, "{c}/template-control.yaml", "-f", "markdown"],
        0,
        "Fn\\x1b]8;;",
    ),
    ("diff-control-json", ["diff", OK, "{c}/plan-control.json", "-f", "json"], 0, "\\u001b]8"),
    ("fail-above-tiny", ["diff", OK, OK, "--fail-above", "1e-999999999"], 2, "out of range"),
    ("set-tiny", ["cost", OK, "--set", "functions.api.memory_mb=1e-999999999"], 2, "out of range"),
    ("set-bigint", ["cost", OK, "--set", "functions.api.memory_mb=" + "9" * 900], 2, "too long"),
    ("set-octal", ["cost", OK, "--set", "functions.api.memory_mb=0512"], 2, "octal"),
    ("set-sexagesimal", ["cost", OK, "--set", "functions.api.duration_ms=12:30"], 2, "base-60"),
    ("set-yes", ["cost", OK, "--set", "free_tier=yes"], 2, "write true or false"),
    ("set-duplicate", ["cost", OK, "--set", "savings_plan={a: 1, a: 2}"], 2, "appears twice"),
    ("set-self-alias", ["cost", OK, "--set", "functions.api.sizing=&a [*a]"], 2, "to itself"),
    (
        "set-alias-bomb",
        [
            "cost",
            OK,
            "--set",
            "functions.api.sizing=["
            + ", ".join(
                f"&{n} [{', '.join(['*' + p] * 9 if p else ['x'] * 9)}]"
                for p, n in zip([None, *"abcdefg"], "abcdefgh", strict=True)
            )
            + "]",
        ],
        2,
        "billion laughs",
    ),
    ("set-deep", ["cost", OK, "--set", "functions.api.sizing=" + "[" * 500], 2, "--set"),
    ("set-control", ["cost", OK, "--set", "region=\x1b]8;;x\x07y\nError: forged"], 2, "\\x1b]8"),
    ("set-markup", ["cost", OK, "--set", "functions.api.name='[link=https://x]y[/link]'"], 0, "[/"),
    ("set-not-utf8", ["cost", OK, "--set", os.fsdecode(b"\xff=1")], 2, "not valid UTF-8"),
    ("profiles-tiny", ["cost", "{c}/profiles-tiny.yaml", "--profiles"], 2, "out of range"),
    ("profiles-yes", ["cost", "{c}/profiles-yes.yaml", "--profiles"], 2, "write true or false"),
    (
        "profiles-control",
        ["cost", "{c}/profiles-control.yaml", "--profiles"],
        2,
        "profiles.low\\x1b]8;;",
    ),
    # empty values
    (
        "empty-region",
        ["concurrency", "--rps", "1", "--duration", "1", "--region", ""],
        2,
        "--region is given an empty value",
    ),
    (
        "empty-architecture",
        ["logs", "analyze", "-", "--architecture", ""],
        2,
        "--architecture is given an empty value",
    ),
    (
        "empty-max-duration",
        ["compare-memory", "--duration", "1s", "--memory", "128", "--max-duration="],
        2,
        "--max-duration is given",
    ),
    (
        "empty-svg",
        ["compare-memory", "--duration", "1s", "--memory", "128", "--svg", ""],
        2,
        "--svg is given an empty value",
    ),
    ("empty-scenario", ["cost", ""], 2, "file name is empty"),
    # files that cannot be read
    ("proc-self-mem", ["cost", "/proc/self/mem"], 2, "cannot be read"),
    ("stdin-twice", ["cost", "-", "--prices", "-"], 2, "standard input (-) is given twice"),
    ("diff-stdin-twice", ["diff", "-", "-"], 2, "given twice, as two scenarios"),
    ("prices-diff-stdin-twice", ["prices", "diff", "-", "-"], 2, "given twice"),
]


def _run_case(args: list[str], big: Path) -> subprocess.CompletedProcess[bytes]:
    argv = [a.replace("{c}", str(CORPUS)).replace("{g}", str(big)) for a in args]
    stdin = (CORPUS / "ok.yaml").read_bytes() if "-" in argv else b""
    if "prices" in argv and "diff" in argv:
        stdin = (ROOT / "pricing" / "aws-lambda.json").read_bytes()
    return run(*argv, stdin=stdin)


@pytest.fixture(scope="module")
def results(big: Path) -> dict[str, subprocess.CompletedProcess[bytes]]:
    """Every case run at once (each is its own process, limited in time and memory)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(_run_case, args, big) for name, args, _, _ in CASES}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize(
    ("name", "code", "needle"), [(c[0], c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_input(
    name: str, code: int, needle: str, results: dict[str, subprocess.CompletedProcess[bytes]]
) -> None:
    result = results[name]
    if name == "many-unknown-keys":
        lines = result.stderr.decode().splitlines()
        assert result.returncode == 2 and len(lines) == 6, lines
        assert all(line.startswith("Error: ") for line in lines)
        assert needle in lines[-1]
        return
    check(result, code, needle)


def test_markup_is_never_styling_or_a_link() -> None:
    """`[link=…]` would be an OSC 8 hyperlink on a terminal: it must print as text."""
    result = run("cost", str(CORPUS / "markup-name.yaml"))
    out = check(result, 0, "[/]")
    assert "\x1b]8" not in out and "[link=https://evil.example]api[/link]" in out.replace("\n", "")


def test_symlink_loop_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for args in (["logs", "analyze", "a"], ["cost", "a"], ["cost", OK, "--prices", "a"]):
        check(run(*args, cwd=tmp_path), 2, "symbolic link loop")


def test_a_log_given_twice_through_a_hard_link_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "one.log"
    log.write_text("REPORT RequestId: a Duration: 1.00 ms Billed Duration: 1 ms\n")
    os.link(log, tmp_path / "two.log")
    check(run("logs", "analyze", "one.log", "two.log", cwd=tmp_path), 2, "given twice")


# --- outputs: never lost, never partial, never onto an input -------------------------------


def _scenario_copy(tmp_path: Path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_bytes((ROOT / "scenarios" / "api-backend.yaml").read_bytes())
    return path


def test_svg_onto_the_scenario_is_refused_even_with_force(tmp_path: Path) -> None:
    scenario = _scenario_copy(tmp_path)
    before = scenario.read_bytes()
    for extra in ([], ["--force"]):
        args = ["compare-memory", "s.yaml", "--function", "api", "--svg", "s.yaml", *extra]
        check(run(*args, cwd=tmp_path), 2, "is an input of this command")
    assert scenario.read_bytes() == before


def test_svg_and_html_need_force_onto_an_existing_file(tmp_path: Path) -> None:
    _scenario_copy(tmp_path)
    (tmp_path / "old.svg").write_text("old")
    (tmp_path / "old.html").write_text("old")
    base = ["compare-memory", "s.yaml", "--function", "api"]
    for flag in ("--svg", "--html"):
        name = "old." + flag[2:]
        check(run(*base, flag, name, cwd=tmp_path), 2, "pass --force to overwrite it")
        assert (tmp_path / name).read_text() == "old"
        check(run(*base, flag, name, "--force", cwd=tmp_path), 0)
        assert (tmp_path / name).read_text() != "old"


def test_all_outputs_are_checked_before_any_is_written(tmp_path: Path) -> None:
    _scenario_copy(tmp_path)
    args = ["compare-memory", "s.yaml", "--function", "api", "--svg", "ok.svg"]
    check(run(*args, "--html", "nodir/x.html", cwd=tmp_path), 2, "does not exist")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


def test_a_dangling_symlink_output_is_refused(tmp_path: Path) -> None:
    _scenario_copy(tmp_path)
    (tmp_path / "out.svg").symlink_to(tmp_path / "target.svg")
    args = ["compare-memory", "s.yaml", "--function", "api", "--svg", "out.svg"]
    check(run(*args, cwd=tmp_path), 2, "symbolic link to a missing")
    assert not (tmp_path / "target.svg").exists()


def test_prices_import_refuses_a_device_and_follows_the_umask(tmp_path: Path) -> None:
    source = OFFER
    args = ["prices", "import", str(source), "-o"]
    (tmp_path / "device.json").symlink_to("/dev/null")
    check(run(*args, "device.json", "--force", cwd=tmp_path), 2, "not a regular file")
    result = run(*args, "book.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    mode = (tmp_path / "book.json").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def _file_size_limit(limit: int) -> None:
    import signal

    _limits()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    """With a 4 KB file-size limit the SVG cannot be written: the old file stays whole."""
    _scenario_copy(tmp_path)
    (tmp_path / "keep.svg").write_text("old")
    args = ["compare-memory", "s.yaml", "--function", "api", "--svg", "keep.svg", "--force"]
    env = {**os.environ, "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "lambdacalc", *args],
        capture_output=True,
        timeout=TIME_LIMIT_S,
        env=env,
        cwd=tmp_path,
        preexec_fn=lambda: _file_size_limit(4096),
    )
    check(result, 2, "cannot write keep.svg")
    assert (tmp_path / "keep.svg").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.svg", "s.yaml"]


# --- standard output: a closed pipe, a full disk, a closed descriptor -----------------------


@pytest.mark.parametrize(
    "args",
    [
        ["prices"],
        ["--help"],
        ["cost", str(ROOT / "scenarios" / "api-backend.yaml")],
        ["prices", "-f", "json"],
    ],
)
def test_a_closed_pipe_exits_quietly(args: list[str]) -> None:
    """`lambdacalc prices | head -1`: status 0 or 141 (SIGPIPE), never 1, nothing on stderr."""
    with subprocess.Popen(
        [sys.executable, "-m", "lambdacalc", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "100"},
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(1)
        proc.stdout.close()  # the reader goes away after one byte
        err = proc.stderr.read()
        code = proc.wait(timeout=TIME_LIMIT_S)
    assert code in (0, 141, -13), (code, err)
    assert err == b""


def test_stdout_on_a_full_disk_is_one_error() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "lambdacalc", "prices"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=TIME_LIMIT_S,
        )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "Error: cannot write the output (No space left on device)"
    ]


def test_a_closed_stdout_is_one_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lambdacalc", "prices"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=TIME_LIMIT_S,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 2
    assert result.stderr.decode().startswith("Error: cannot write the output")


# --- import -o: the same output rules as every other written file ---------------------------


def test_import_output_is_never_an_input_and_needs_force(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_bytes((CORPUS / "template-ok.yaml").read_bytes())
    before = template.read_bytes()
    for extra in ([], ["--force"]):
        check(run("import", "t.yaml", "-o", "t.yaml", *extra, cwd=tmp_path), 2, "is an input")
    assert template.read_bytes() == before
    (tmp_path / "old.yaml").write_text("old")
    check(run("import", "t.yaml", "-o", "old.yaml", cwd=tmp_path), 2, "pass --force")
    assert (tmp_path / "old.yaml").read_text() == "old"
    (tmp_path / "link.yaml").symlink_to(tmp_path / "target.yaml")
    check(run("import", "t.yaml", "-o", "link.yaml", cwd=tmp_path), 2, "symbolic link")
    assert not (tmp_path / "target.yaml").exists()


def test_import_output_is_whole_or_not_written(tmp_path: Path) -> None:
    """A 200-byte file-size limit: the scenario cannot be written, the old one stays."""
    (tmp_path / "t.yaml").write_bytes((CORPUS / "template-ok.yaml").read_bytes())
    (tmp_path / "keep.yaml").write_text("old")
    result = subprocess.run(
        [sys.executable, "-m", "lambdacalc", "import", "t.yaml", "-o", "keep.yaml", "--force"],
        capture_output=True,
        timeout=TIME_LIMIT_S,
        cwd=tmp_path,
        preexec_fn=lambda: _file_size_limit(200),
    )
    assert result.returncode == 2 and "cannot write keep.yaml" in result.stderr.decode()
    assert (tmp_path / "keep.yaml").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.yaml", "t.yaml"]


def test_an_imported_scenario_with_control_characters_loads_back(tmp_path: Path) -> None:
    """The names are written escaped, so `cost` reads the file and prints them escaped."""
    args = ["import", str(CORPUS / "template-control.yaml"), "-o", "s.yaml"]
    check(run(*args, cwd=tmp_path), 0)
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert _RAW_CONTROL.search(text) is None
    check(run("cost", "s.yaml", cwd=tmp_path), 0, "Fn\\x1b]8;;https")
