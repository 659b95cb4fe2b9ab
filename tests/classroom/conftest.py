"""Real parts for the classroom tests: `salesim serve` on 127.0.0.1, Debian's Chromium
through Playwright, and a PostgreSQL server in a temporary directory.

In CI (`CI=true`) a missing Chromium or PostgreSQL fails the test loudly: `.ci/run` installs
them. A local run skips with the reason printed (`make test` shows skip reasons).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SALESIM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOKEN = "class-of-today"


def required() -> bool:
    """True in CI: the real parts must be there."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(what: str, why: str) -> None:
    """Fail in CI, skip (with the reason) elsewhere."""
    if required():
        pytest.fail(f"{what} is required in CI but {why} (.ci/run installs it with apt-get)")
    pytest.skip(f"{what}: {why}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check, what: str, timeout: float = 30.0, proc=None) -> None:
    """Poll `check()` until it is true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: the process exited with {proc.returncode}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what}: not ready after {timeout:.0f} s")


class Served:
    """A running `salesim serve`."""

    def __init__(self, url: str, home: Path, proc: subprocess.Popen[bytes], log: Path):
        self.url = url
        self.home = home
        self.proc = proc
        self.log = log

    def salesim(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a salesim command against the same store."""
        env = {**os.environ, "SALESIM_HOME": str(self.home)}
        return subprocess.run(
            [sys.executable, "-m", "sim", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )


@contextmanager
def serving(tmp_path: Path, *extra: str) -> Iterator[Served]:
    """`salesim serve` on 127.0.0.1 and a free port with the shared TOKEN, the tutorial
    pinned at seed 3 (plus `extra` options); stopped afterwards."""
    pytest.importorskip("textual_serve", reason="needs the classroom extra")
    port = free_port()
    home = tmp_path / "home"
    log = tmp_path / "serve.log"
    env = {**os.environ, "SALESIM_HOME": str(home), "TEXTUAL_ANIMATIONS": "none"}
    env.pop("SALESIM_DB", None)
    with log.open("wb") as out:
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
                "--token",
                TOKEN,
                "--scenarios",
                "tutorial",
                "--seed",
                "3",
                *extra,
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        with urllib.request.urlopen(f"{url}/healthz?token={TOKEN}", timeout=2) as r:
            return r.status == 200

    try:
        wait_until(answers, "salesim serve", proc=proc)
        yield Served(url, home, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path) as s:
        yield s


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright (its own browser downloads are not used).
    Module-scoped: Playwright's sync API keeps an event loop that async tests must not see."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable("Chromium", f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright", "the playwright package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def which_pg(tool: str) -> str | None:
    """A PostgreSQL server binary: on PATH, or in Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which(tool)
    if found:
        return found
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / tool).is_file():
            return str(d / tool)
    return None


class Postgres:
    """A running PostgreSQL server of our own, on 127.0.0.1."""

    def __init__(self, port: int, folder: Path):
        self.port = port
        self.folder = folder
        self.counter = 0

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        """A fresh empty database; returns its URL."""
        import psycopg

        self.counter += 1
        name = f"salesim_{self.counter}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _as_postgres(argv: list[str]) -> list[str]:
    """Run a server tool as the `postgres` user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A real PostgreSQL server (`initdb` + `pg_ctl`) in a temporary directory, on a free
    127.0.0.1 port, stopped after the tests."""
    pytest.importorskip("psycopg", reason="needs the classroom extra")
    initdb, pg_ctl = which_pg("initdb"), which_pg("pg_ctl")
    if initdb is None or pg_ctl is None:
        unavailable("PostgreSQL", "initdb/pg_ctl are not installed (Debian: postgresql)")
    import pwd
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="salesim-pg-"))
    if os.geteuid() == 0:
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("PostgreSQL", "there is no 'postgres' user to run the server as")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
    data, log = folder / "data", folder / "server.log"
    port = free_port()

    def run(argv: list[str]) -> None:
        done = subprocess.run(_as_postgres(argv), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            extra = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"{argv[0]} failed:\n{done.stdout}\n{done.stderr}\n{extra}")

    try:
        run(
            [
                initdb,
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off "
            "-c max_connections=60"
        )
        run([pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start"])
        yield Postgres(port, folder)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(folder, ignore_errors=True)
