"""A big .gz log is inflated by a worker process (lambdacalc.gzip_worker) while this process
parses it: the same numbers and the same one `Error:` line as inflating it here, and the
worker is reaped whatever ends the read (an error, Ctrl-C, this process stopping early).

The gzip tests elsewhere run both ways through the `gzip_ways` fixture (tests/conftest.py);
these cover the worker's own paths."""

from __future__ import annotations

import gzip
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc import gzip_worker
from lambdacalc.cli import app
from lambdacalc.logfiles import BLOCK_BYTES, LogInput, open_log, read_into
from lambdacalc.logs import LogAggregator
from tests.gzip_support import GzipWays

runner = CliRunner()
TAIL = Path(__file__).parent / "fixtures" / "logs" / "tail-text.log"


def _payload(reports: int) -> bytes:
    """A log of `reports` invocations with random ids: ~0.3 MB of gzip per 1,000."""
    rng = random.Random(7)
    lines = []
    for _ in range(reports):
        rid, ms = f"{rng.getrandbits(128):032x}", rng.randrange(1, 3000)
        lines += [
            f"START RequestId: {rid} Version: $LATEST",
            f"[INFO]\t{rid}\tcache key {rng.getrandbits(64):016x}",
            f"END RequestId: {rid}",
            f"REPORT RequestId: {rid}\tDuration: {ms - 0.25:.2f} ms\tBilled Duration: {ms} ms"
            "\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t",
        ]
    return ("\n".join(lines) + "\n").encode()


PAYLOAD = _payload(3000)  # 0.8 MB: several 128 KiB blocks


def _analyze(path: Path) -> Any:
    return runner.invoke(app, ["logs", "analyze", str(path), "--format", "json"])


def _each_way(path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays) -> list[Any]:
    """`logs analyze` on path inflated here, then by a worker."""
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1 << 62)
    here = _analyze(path)
    assert ways.started == []
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    there = _analyze(path)
    assert len(ways.started) == 1 and ways.started[0] is not None
    ways.check_reaped()
    return [here, there]


def _error_line(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ")
    return str(line)


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _overwrite(data: bytes, at: int, new: bytes) -> bytes:
    return data[:at] + new + data[at + len(new) :]


_PACKED = gzip.compress(PAYLOAD)
BROKEN = {
    # the trailer: CRC-32 of the data, then its length, each 4 bytes little-endian
    "crc": (_flip(_PACKED, len(_PACKED) - 8), "CRC check failed"),
    "length": (_flip(_PACKED, len(_PACKED) - 2), "Incorrect length of data produced"),
    "not-gzip member": (_PACKED + b"garbage after the first member", "Not a gzipped file"),
    "truncated": (_PACKED[: len(_PACKED) * 2 // 3], "end-of-stream marker"),
    "bad deflate": (_overwrite(_PACKED, len(_PACKED) // 2, b"\xff" * 8), "invalid distance"),
}


@pytest.fixture
def ways(monkeypatch: pytest.MonkeyPatch) -> Any:
    state = GzipWays("one process", monkeypatch)
    yield state
    state.check_reaped()


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_gzip_gives_the_same_one_line_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays, kind: str
) -> None:
    data, detail = BROKEN[kind]
    path = tmp_path / "app.log.gz"
    path.write_bytes(data)
    here, there = (_error_line(r) for r in _each_way(path, monkeypatch, ways))
    assert there == here
    assert here.startswith(f"Error: {path}: not a valid gzip file (") and detail in here


def test_a_log_with_no_report_gives_the_same_line_and_the_worker_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays
) -> None:
    # 3M empty lines (3 MB): refused after its first 2,000,000 lines, in the same block
    # either way; the worker, a block ahead, is killed, not left on a full pipe
    path = tmp_path / "empty.log.gz"
    path.write_bytes(gzip.compress(b"\n" * 3_000_000 + PAYLOAD))
    here, there = (_error_line(r) for r in _each_way(path, monkeypatch, ways))
    assert there == here and "no REPORT record in its first " in here


def _read_fails_after_one_block(action: str) -> str:
    """Code that makes GzipFile.read do action (a statement) from its second call on."""
    return (
        "import gzip, os\n"
        "_real = gzip.GzipFile.read\n"
        "def read(self, n=-1):\n"
        "    self.calls = getattr(self, 'calls', 0) + 1\n"
        f"    if self.calls > 1: {action}\n"
        "    return _real(self, n)\n"
        "gzip.GzipFile.read = read\n"
    )


def test_an_unreadable_file_gives_the_same_line_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays
) -> None:
    path = tmp_path / "app.log.gz"
    path.write_bytes(_PACKED)
    failing = _read_fails_after_one_block("raise OSError(5, 'Input/output error')")
    with monkeypatch.context() as here_only:  # in this process
        namespace: dict[str, Any] = {}
        exec(failing.replace("gzip.GzipFile.read = read\n", ""), namespace)
        here_only.setattr(gzip.GzipFile, "read", namespace["read"])
        monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1 << 62)
        here = _error_line(_analyze(path))
    monkeypatch.setattr(gzip_worker, "_WORKER_CODE", failing + gzip_worker._WORKER_CODE)
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    there = _error_line(_analyze(path))
    assert there == here
    assert here == (
        f"Error: {path}: not a valid gzip file ([Errno 5] Input/output error); "
        "give the log as text or .gz"
    )


@pytest.mark.parametrize(
    ("in_worker", "message"),
    [
        (_read_fails_after_one_block("os._exit(3)"), "failed (exit status 3)"),
        (_read_fails_after_one_block("os.kill(os.getpid(), 9)"), "failed (exit status -9)"),
        ("raise SystemExit('lambdacalc cannot be imported')\n", "cannot be imported"),
        (
            _read_fails_after_one_block("raise RuntimeError('odd')"),
            "worker failed (RuntimeError: odd)",
        ),
    ],
    ids=["exits", "killed", "cannot start", "unexpected error"],
)
def test_a_worker_that_fails_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays, in_worker: str, message: str
) -> None:
    path = tmp_path / "app.log.gz"
    path.write_bytes(_PACKED)
    monkeypatch.setattr(gzip_worker, "_WORKER_CODE", in_worker + gzip_worker._WORKER_CODE)
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    line = _error_line(_analyze(path))
    assert line.startswith(f"Error: {path}: worker ") and message in line
    ways.check_reaped()


@pytest.mark.parametrize("lacking", ["Popen", "TemporaryFile"])
def test_a_worker_that_cannot_be_started_leaves_the_file_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays, lacking: str
) -> None:
    import subprocess
    import tempfile

    path = tmp_path / "app.log.gz"
    path.write_bytes(_PACKED)
    expected = _analyze(path)
    assert expected.exit_code == 0 and ways.started == []

    def cannot(*args: Any, **kwargs: Any) -> Any:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    monkeypatch.setattr(subprocess if lacking == "Popen" else tempfile, lacking, cannot)
    result = _analyze(path)
    assert ways.started == [None]  # tried, then read here from the start
    assert result.exit_code == 0 and result.stdout == expected.stdout


def test_a_small_gzip_is_inflated_here(tmp_path: Path) -> None:
    # below the threshold a worker would cost more than it saves (docs/contributing.md)
    assert gzip_worker.INFLATE_MIN_BYTES == 4 << 20
    path = tmp_path / "small.log.gz"
    path.write_bytes(_PACKED)
    inp = open_log(str(path))
    try:
        assert gzip_worker.inflating(inp, BLOCK_BYTES) is inp.stream
        assert isinstance(inp.stream, gzip.GzipFile)
    finally:
        inp.close()


def _big_gz(tmp_path: Path) -> Path:
    """40 MB of log (100,000 REPORT lines) as a .gz: far more than the pipe holds."""
    path = tmp_path / "big.log.gz"
    path.write_bytes(gzip.compress(TAIL.read_bytes() * 10_000, compresslevel=1))
    return path


def _worker_on_big_gz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[LogInput, gzip_worker.Inflated]:
    """A big .gz opened, and the worker inflating it."""
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    inp = open_log(str(_big_gz(tmp_path)))
    stream = gzip_worker.inflating(inp, BLOCK_BYTES)
    assert isinstance(stream, gzip_worker.Inflated)
    return inp, stream


def test_stopping_early_kills_a_worker_blocked_on_a_full_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inp, stream = _worker_on_big_gz(tmp_path, monkeypatch)
    assert len(stream.read(BLOCK_BYTES)) == BLOCK_BYTES
    time.sleep(0.5)  # the worker fills the pipe and waits for a reader
    assert stream.proc.poll() is None
    start = time.perf_counter()
    inp.close()
    assert time.perf_counter() - start < 5
    assert stream.proc.returncode == -signal.SIGKILL and stream.out.closed


def test_a_worker_whose_reader_is_gone_exits_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # this process killed outright (no clean-up): the worker's next write fails
    inp, stream = _worker_on_big_gz(tmp_path, monkeypatch)
    stream.read(BLOCK_BYTES)
    stream.out.close()
    assert stream.proc.wait(timeout=30) == 0
    inp.close()


def test_ctrl_c_while_reading_reaps_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: GzipWays
) -> None:
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    groups: list[int] = []

    def progress(position: int) -> None:
        # the worker has its own process group: a terminal's Ctrl-C reaches only us
        groups.append(os.getpgid(ways.started[0].proc.pid))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        read_into(LogAggregator(), open_log(str(_big_gz(tmp_path))), None, progress)
    assert groups == [ways.started[0].proc.pid] and groups[0] != os.getpgrp()
    ways.check_reaped()


def test_progress_follows_the_workers_position_in_the_file(
    tmp_path: Path, gzip_ways: GzipWays
) -> None:
    path = _big_gz(tmp_path)
    positions: list[int] = []
    agg = LogAggregator()
    read_into(agg, open_log(str(path)), None, positions.append)
    assert len(positions) > 1 and positions == sorted(positions)
    assert positions[0] > 0 and positions[-1] == path.stat().st_size
    one = LogAggregator()
    read_into(one, open_log(str(TAIL)))
    assert agg.summary().report_lines == one.summary().report_lines * 10_000


def test_several_members_and_blocks_read_alike(tmp_path: Path, gzip_ways: GzipWays) -> None:
    # `cat a.gz b.gz` is a valid .gz; a line cut across members and blocks is still one line
    cut = len(PAYLOAD) // 2 + 17
    path = tmp_path / "two.log.gz"
    path.write_bytes(gzip.compress(PAYLOAD[:cut]) + gzip.compress(PAYLOAD[cut:]))
    plain = tmp_path / "two.log"
    plain.write_bytes(PAYLOAD)
    packed, expected = _analyze(path), _analyze(plain)
    assert packed.exit_code == 0  # the same JSON, but for the file's name in it
    assert packed.stdout.replace(str(path), str(plain)) == expected.stdout
    assert len(gzip_ways.started) == gzip_ways.worker


def test_the_worker_reads_from_the_start_whatever_this_process_has_buffered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file's first bytes sit in this process's read buffer and its offset is past
    # them: the worker, which shares the offset, must still start at byte 0.
    from lambdacalc.logfiles import LogInput

    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    path = tmp_path / "app.log.gz"
    path.write_bytes(_PACKED)
    raw = path.open("rb")
    inp = LogInput(str(path), raw, len(_PACKED))  # type: ignore[arg-type]
    inp.compressed, inp.stream = True, gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    assert raw.peek(2)[:2] == b"\x1f\x8b" and os.lseek(raw.fileno(), 0, os.SEEK_CUR) > 0
    stream = gzip_worker.inflating(inp, BLOCK_BYTES)
    assert isinstance(stream, gzip_worker.Inflated)
    try:
        blocks = list(iter(lambda: stream.read(BLOCK_BYTES), b""))
    finally:
        inp.close()
    assert b"".join(blocks) == PAYLOAD


def _fdinfo(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/fdinfo/0").read_text()
    except OSError:
        return "pos:\t0\n"  # not started yet


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_ctrl_c_on_the_command_leaves_no_worker(tmp_path: Path) -> None:
    # The whole command, interrupted as a terminal's Ctrl-C would (SIGINT to its group,
    # which the worker is not in): it exits at once and its worker is gone, reaped.
    import subprocess
    import sys

    path = _big_gz(tmp_path)
    code = (
        "import signal, sys, time; from lambdacalc import gzip_worker\n"
        # as at a terminal: a shell's background job (a CI script's) starts with SIGINT ignored
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "gzip_worker.INFLATE_MIN_BYTES = 1\n"
        # each block read slowly (~3 s for the file), so the command is surely still
        # reading when the signal comes, however fast the machine
        "read = gzip_worker.Inflated.read\n"
        "def slow(self, n=-1):\n"
        "    time.sleep(0.01)\n"
        "    return read(self, n)\n"
        "gzip_worker.Inflated.read = slow\n"
        "from lambdacalc.cli import main; sys.argv[0] = 'lambdacalc'; main()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "logs", "analyze", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        process_group=0,
    )
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    while not (pids := children.read_text().split()) and time.monotonic() < deadline:
        time.sleep(0.01)
    (worker,) = pids
    # Once the worker reads the file, this process has long been in its read loop (a
    # Ctrl-C within the few ms of the worker's start leaves it to exit at its first write).
    while "pos:\t0\n" in _fdinfo(worker) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode != 0 and out == b"" and b"Traceback" not in err
    assert not Path(f"/proc/{worker}").exists()  # neither running nor a zombie


@pytest.mark.parametrize("first", [0, 2, 4, 9])
def test_a_write_cut_short_is_finished(monkeypatch: pytest.MonkeyPatch, first: int) -> None:
    # A signal can end a write to a pipe part-way: the rest still goes, in order.
    from lambdacalc import gzip_inflate

    real_writev = os.writev
    writes: list[int] = []

    def cut_short(fd: int, parts: Any) -> int:
        data = b"".join(parts)
        writes.append(len(data))
        return real_writev(fd, [data[:first]]) if len(writes) == 1 else real_writev(fd, parts)

    monkeypatch.setattr(gzip_inflate.os, "writev", cut_short)
    read_end, write_end = os.pipe()
    try:
        gzip_inflate._send(b"head", b"and its data", write_end)
        os.close(write_end)
        assert os.read(read_end, 100) == b"headand its data"
    finally:
        os.close(read_end)
    assert writes == [16]


def test_ctrl_c_as_the_worker_starts_leaves_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)
    started: list[Any] = []

    def interrupted(proc: Any, *args: Any) -> Any:
        started.append(proc)
        raise KeyboardInterrupt

    monkeypatch.setattr(gzip_worker, "_inflated", interrupted)
    with pytest.raises(KeyboardInterrupt):
        read_into(LogAggregator(), open_log(str(_big_gz(tmp_path))))
    (proc,) = started
    assert proc.returncode == -signal.SIGKILL and proc.stdout.closed
