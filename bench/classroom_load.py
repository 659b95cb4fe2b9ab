"""Load check of `salesim serve`: simulated players on 127.0.0.1, each its own browser-tab
session (a websocket speaking textual-serve's protocol, as the page's script does): type a
name, open the tutorial, then take actions with a short think time.

Reports the time to the first screen, the action latency (key sent -> the screen's update
received; median and p95) and the memory of each session's game process. A benchmark:
it reports, it does not assert. `python -m bench.classroom_load [--players 20]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
STEP_TIMEOUT = 60.0
"""Seconds a player waits for one screen before giving up (the run stays bounded)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """Every descendant process of `pid` (Linux /proc)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            kids = Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
        except OSError:
            continue
        for k in kids:
            out.append(int(k))
            out.extend(children(int(k)))
    return out


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB; PSS shares common pages out among the processes."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class Player:
    """One simulated trainee in one tab."""

    def __init__(self, n: int, url: str, actions: int, think: float):
        self.n = n
        self.url = url
        self.actions = actions
        self.think = think
        self.screen = b""
        self.latencies: list[float] = []
        self.first_screen: float | None = None
        self.error: str | None = None
        self._data = asyncio.Event()

    async def _reader(self, ws) -> None:
        from aiohttp import WSMsgType

        async for msg in ws:
            if msg.type == WSMsgType.BINARY:
                self.screen = (self.screen + ANSI.sub(b"", msg.data))[-200_000:]
                self._data.set()
            elif msg.type in (WSMsgType.CLOSED, WSMsgType.ERROR):
                break

    async def _wait_for(self, text: str, timeout: float = STEP_TIMEOUT) -> None:
        want = text.encode()
        deadline = time.monotonic() + timeout
        while want not in self.screen:
            self._data.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(
                    f"player {self.n}: {text!r} never showed; last seen: "
                    f"{self.screen[-300:].decode(errors='replace')!r}"
                )
            try:
                await asyncio.wait_for(self._data.wait(), left)
            except TimeoutError:
                raise TimeoutError(
                    f"player {self.n}: {text!r} never showed; last seen: "
                    f"{self.screen[-300:].decode(errors='replace')!r}"
                ) from None

    async def _key(self, ws, data: str) -> float:
        """Send keys; the seconds until the screen's next update arrives."""
        self._data.clear()
        t = time.perf_counter()
        await ws.send_str(json.dumps(["stdin", data]))
        try:
            await asyncio.wait_for(self._data.wait(), STEP_TIMEOUT)
        except TimeoutError:
            raise TimeoutError(
                f"player {self.n}: no screen update {STEP_TIMEOUT:.0f} s after "
                f"key {data!r} (action {len(self.latencies) + 1})"
            ) from None
        return time.perf_counter() - t

    async def play(self, session) -> None:
        t0 = time.perf_counter()
        try:
            async with session.ws_connect(f"{self.url}/ws?width=120&height=40") as ws:
                reader = asyncio.create_task(self._reader(ws))
                await self._wait_for("Welcome to the classroom")
                self.first_screen = time.perf_counter() - t0
                await ws.send_str(json.dumps(["stdin", f"Bench Player {self.n}"]))
                await self._wait_for(f"Bench Player {self.n}")
                await ws.send_str(json.dumps(["stdin", "\r"]))
                await self._wait_for("First week on the desk")
                # The home screen also shows behind the name dialog, so this stream cannot
                # tell when the dialog has closed; an enter sent before is ignored. Press
                # enter again, as a trainee would, until the briefing opens.
                for attempt in range(5):
                    await ws.send_str(json.dumps(["stdin", "\r"]))
                    try:
                        await self._wait_for("The job", 3.0 if attempt < 4 else STEP_TIMEOUT)
                        break
                    except TimeoutError:
                        if attempt == 4:
                            raise
                self.screen = b""
                await ws.send_str(json.dumps(["stdin", "\r"]))
                await self._wait_for("h left today")
                for k in range(self.actions):
                    await asyncio.sleep(self.think)
                    # call, e-mail, then move to the next customer and back: every key
                    # changes the screen (a move past the list's end would not)
                    key = ("c", "e", "\x1b[B", "c", "e", "\x1b[A")[k % 6]
                    self.latencies.append(await self._key(ws, key))
                await ws.close()
                reader.cancel()
        except Exception as e:  # noqa: BLE001 - a player's failure is reported, not raised
            self.error = f"{type(e).__name__}: {e}"


async def run_players(url: str, players: int, actions: int, think: float, serve_pid: int):
    import aiohttp

    crowd = [Player(n, url, actions, think) for n in range(players)]
    peak: list[tuple[int, int, int]] = []

    async def sample() -> None:
        while True:
            pids = [p for p in children(serve_pid) if b"sim.classroom.session" in _cmdline(p)]
            mem = [memory_kib(p) for p in pids]
            peak.append((len(pids), sum(m[0] for m in mem), sum(m[1] for m in mem)))
            await asyncio.sleep(1.0)

    sampler = asyncio.create_task(sample())
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(p.play(session) for p in crowd))
    sampler.cancel()
    return crowd, peak


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def pct(values: list[float], q: float) -> float:
    vs = sorted(values)
    return vs[min(len(vs) - 1, int(round(q * (len(vs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.classroom_load")
    ap.add_argument("--players", type=int, default=20)
    ap.add_argument("--actions", type=int, default=15, help="actions per player")
    ap.add_argument("--think", type=float, default=0.5, help="seconds between actions")
    args = ap.parse_args(argv)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="salesim-bench-") as home:
        env = {**os.environ, "SALESIM_HOME": home, "TEXTUAL_ANIMATIONS": "none"}
        env.pop("SALESIM_DB", None)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sim",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--scenarios",
                "tutorial",
                "--seed",
                "3",
                "--max-sessions",
                str(args.players + 5),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        print("salesim serve did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.2)
            t = time.perf_counter()
            crowd, samples = asyncio.run(
                run_players(url, args.players, args.actions, args.think, proc.pid)
            )
            wall = time.perf_counter() - t
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    lat = [x for p in crowd for x in p.latencies]
    firsts = [p.first_screen for p in crowd if p.first_screen is not None]
    failed = [p.error for p in crowd if p.error]
    busiest = max(samples, default=(0, 0, 0))
    n = max(busiest[0], 1)
    print(f"salesim serve under load (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(
        f"  players: {args.players}, {args.actions} actions each, think time {args.think} s;"
        f" wall time {wall:.1f} s; players that failed: {len(failed)}"
    )
    for err in failed[:5]:
        print(f"    {err}")
    if firsts:
        print(
            f"  first screen after connecting: median {statistics.median(firsts):.2f} s,"
            f" slowest {max(firsts):.2f} s"
        )
    if lat:
        print(
            f"  action latency (key -> screen update), {len(lat)} actions: median "
            f"{statistics.median(lat) * 1e3:.0f} ms, p95 {pct(lat, 0.95) * 1e3:.0f} ms,"
            f" max {max(lat) * 1e3:.0f} ms"
        )
    print(
        f"  memory per session (at the busiest, {busiest[0]} sessions): RSS "
        f"{busiest[1] / n / 1024:.0f} MiB, PSS {busiest[2] / n / 1024:.0f} MiB"
    )
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
