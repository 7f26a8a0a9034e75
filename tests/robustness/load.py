"""Many browser sessions against one dashboard: does every session get its map, and how fast?

``python -m tests.robustness.load --sessions 20`` starts ``streamlit run app.py`` on 127.0.0.1
(:class:`DashboardServer`), opens that many Playwright contexts in one headless Chromium at once,
each waiting for the Leaflet map inside the app's component iframe, and prints one JSON object:
sessions asked and held, seconds to first map per session, the server's peak resident memory
(``VmHWM`` of its process), the CPU time the server used and the wall time. Requests to anything
but the local server are refused. Also usable as :func:`measure` with a server already running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from frontline.dashboard_server import DashboardServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
_LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
_MAP_READY = "!!(window.frontline && frontline.layers && frontline.layers.Events)"


def peak_memory_mb(pid: int) -> float:
    """The peak resident memory of a process (``VmHWM`` in ``/proc/PID/status``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (``/proc/PID/stat``), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _session(browser, url: str, timeout: float) -> float | None:
    """Open the app in a fresh context; return the seconds until its map is drawn, or None."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(_LOCAL) else r.abort())
    page = await context.new_page()
    started = time.monotonic()
    try:
        await page.goto(url, timeout=timeout * 1000)
        while time.monotonic() - started < timeout:
            for frame in page.frames:
                try:
                    if await frame.evaluate(_MAP_READY):
                        return time.monotonic() - started
                except Exception:  # noqa: BLE001 - a frame replaced while the app reruns
                    pass
            await asyncio.sleep(0.1)
        return None
    except Exception:  # noqa: BLE001 - a session that failed to load counts as not held
        return None
    finally:
        await context.close()


async def _all_sessions(url: str, sessions: int, timeout: float) -> list[float | None]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(_session(browser, url, timeout) for _ in range(sessions)))
        finally:
            await browser.close()


def measure(url: str, pid: int, sessions: int, timeout: float = 180.0) -> dict:
    """Run ``sessions`` concurrent sessions against the server at ``url`` (process ``pid``)."""
    started, cpu = time.monotonic(), cpu_seconds(pid)
    times = asyncio.run(_all_sessions(url, sessions, timeout))
    cpu = cpu_seconds(pid) - cpu
    held = sorted(t for t in times if t is not None)
    return {
        "sessions": sessions,
        "held": len(held),
        "first_map_s": [round(t, 2) for t in held],
        "p50_s": round(statistics.median(held), 2) if held else None,
        "max_s": round(held[-1], 2) if held else None,
        "peak_memory_mb": round(peak_memory_mb(pid), 1),
        "wall_s": round(time.monotonic() - started, 2),
        "server_cpu_s": round(cpu, 1),  # the rest of the wall time is Chromium drawing the pages
    }


def main(argv: list[str] | None = None) -> int:
    """Start a dashboard, load it with sessions, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--url", help="a dashboard already running (with --pid, its server process)")
    parser.add_argument("--pid", type=int)
    args = parser.parse_args(argv)
    if args.url:
        return _report(measure(args.url, args.pid, args.sessions, args.timeout), args.sessions)
    with tempfile.TemporaryDirectory() as here:
        env = {"FRONTLINE_CORRECTIONS": str(Path(here) / "corrections.json")}
        with DashboardServer(env=env, log=Path(here) / "streamlit.log") as server:
            figures = measure(server.url, server.process.pid, args.sessions, args.timeout)
    return _report(figures, args.sessions)


def _report(figures: dict, sessions: int) -> int:
    json.dump(figures, sys.stdout)
    sys.stdout.write("\n")
    return 0 if figures["held"] == sessions else 1


if __name__ == "__main__":
    raise SystemExit(main())
