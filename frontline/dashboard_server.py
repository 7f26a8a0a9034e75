"""Start and stop the dashboard (``streamlit run app.py``) on a free loopback port.

Used by the browser tests and the dashboard benchmark; the server is a child process that is
stopped by its process id, never by name.

>>> with DashboardServer() as server:             # doctest: +SKIP
...     print(server.url)
http://127.0.0.1:40123/
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

__all__ = ["APP", "DashboardServer", "free_port"]

#: Loopback requests never go through a proxy from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
#: The dashboard script.
APP = Path(__file__).resolve().parent.parent / "app.py"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DashboardServer:
    """``streamlit run app.py`` on 127.0.0.1, headless, in its own process group."""

    def __init__(self, app: Path = APP, *, port: int | None = None, env: dict[str, str] | None = None,
                 log: Path | None = None) -> None:  # fmt: skip
        self.app = app
        self.port = port or free_port()
        self.env = {**os.environ, **(env or {})}
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The app's address."""
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 60.0) -> DashboardServer:
        """Start the server and wait until its health endpoint answers."""
        command = [
            sys.executable, "-m", "streamlit", "run", str(self.app),
            "--server.address", "127.0.0.1", "--server.port", str(self.port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ]  # fmt: skip
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed in stop()
        self._out = out
        self.process = subprocess.Popen(  # noqa: S603 - streamlit from this interpreter, our own arguments
            command,
            cwd=self.app.parent,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with status {self.process.returncode}; see {self.log}")
            try:
                with _DIRECT.open(f"{self.url}_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        """Stop the server by its process id (its own process group), then reap it."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the group is the server alone (start_new_session)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        if self._out is not subprocess.DEVNULL:
            self._out.close()

    def __enter__(self) -> DashboardServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
