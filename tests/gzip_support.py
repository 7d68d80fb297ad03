"""The `gzip_ways` fixture's state (tests/conftest.py): a .gz file inflated by this process
as it parses it, or by a worker process (lambdacalc.gzip_worker) with its size threshold
lowered to 1 byte, so that every gzip test covers both ways."""

from __future__ import annotations

from typing import Any

import pytest


class GzipWays:
    """Which way this test reads .gz files, and the gzip workers it started."""

    def __init__(self, way: str, monkeypatch: pytest.MonkeyPatch) -> None:
        from lambdacalc import gzip_worker

        self.worker = way == "gzip worker"
        self.started: list[Any] = []
        real_start = gzip_worker._start

        def start(*args: Any) -> Any:
            worker = real_start(*args)
            self.started.append(worker)
            return worker

        monkeypatch.setattr(gzip_worker, "_start", start)
        if self.worker:
            monkeypatch.setattr(gzip_worker, "INFLATE_MIN_BYTES", 1)

    def check_reaped(self) -> None:
        """Every worker started has been waited for and its pipe closed: no zombie left
        and no worker left running, whatever ended the read."""
        for worker in self.started:
            if worker is not None:
                assert worker.proc.returncode is not None, "a gzip worker is still running"
                assert worker.out.closed
