"""Run ``frontline`` commands in a worker process, each under a time limit.

One worker (``python -m tests.robustness.runner``) loads the gazetteer once and runs
:func:`frontline.cli.main` for each request read from its standard input, answering one JSON line
per request. The parent waits for each answer at most ``timeout`` seconds; a command that takes
longer is a *hang*: the worker is killed by its process id and a fresh one serves the next request.

A *crash* is anything but a clean outcome: an exception escaping ``main``, an exit status other
than 0 or 2, or a traceback on standard error.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Whole outputs are returned (a 5 MB article parses to ~10 MB of JSON); the cap only stops a runaway.
_MAX_STDOUT = 64_000_000


@dataclass(frozen=True)
class Outcome:
    """What one command did."""

    argv: tuple[str, ...]
    status: int | None  # None: crashed or hung
    stdout: str
    stderr: str
    seconds: float
    crash: str = ""  # the traceback of an escaped exception
    hung: bool = False

    @property
    def clean(self) -> bool:
        """Exited 0 or 2, with no traceback and within the time limit."""
        return not self.hung and not self.crash and self.status in (0, 2) and "Traceback" not in self.stderr


class Runner:
    """A worker process running ``frontline`` commands; use as a context manager."""

    def __init__(self, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, argv: list[str], stdin: bytes = b"") -> Outcome:
        """Run ``frontline ARGV`` with ``stdin``; never waits longer than ``self.timeout``."""
        process = self._worker()
        request = {"argv": argv, "stdin": stdin.decode("latin-1")}
        started = time.monotonic()
        process.stdin.write((json.dumps(request) + "\n").encode())
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], self.timeout)
        if not ready:
            self.close()
            return Outcome(tuple(argv), None, "", "", time.monotonic() - started, hung=True)
        line = process.stdout.readline()
        if not line:  # the worker died (e.g. out of memory)
            self.close()
            return Outcome(tuple(argv), None, "", "", time.monotonic() - started, crash="worker died")
        answer = json.loads(line)
        return Outcome(tuple(argv), answer["status"], answer["stdout"], answer["stderr"],
                       answer["seconds"], crash=answer["crash"])  # fmt: skip

    def close(self) -> None:
        """Stop the worker by its process id."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait(10)
            process.stdin.close()
            process.stdout.close()

    def _worker(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.robustness.runner"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        return self._process


def _serve() -> None:
    """The worker's loop: one JSON request in, one JSON answer out."""
    from frontline.cli import main
    from geo.gazetteer import Gazetteer

    Gazetteer.open()  # warm, so the first command's time is its own
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        out, err = io.StringIO(), io.StringIO()
        data = request["stdin"].encode("latin-1")
        status, crash = None, ""
        started = time.monotonic()
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(request["argv"])
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 2
        except BaseException:  # noqa: BLE001 - that is what we are looking for
            crash = traceback.format_exc()
        answer = {"status": status, "stdout": out.getvalue()[:_MAX_STDOUT], "stderr": err.getvalue()[:20_000],
                  "seconds": time.monotonic() - started, "crash": crash}  # fmt: skip
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    _serve()
