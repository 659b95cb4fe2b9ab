"""`salesim serve` refuses bad options with a clear message, before listening anywhere."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile


def serve(*args: str, prelude: str = "", home: str = "") -> subprocess.CompletedProcess[str]:
    code = f"import sys; {prelude}from sim.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "SALESIM_HOME": home or tempfile.mkdtemp(prefix="salesim-serve-")}
    env.pop("SALESIM_DB", None)
    return subprocess.run(
        [sys.executable, "-c", code, "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_without_the_extra_it_says_what_to_install():
    done = serve(prelude="sys.modules['textual_serve'] = None; ")
    assert done.returncode == 2
    assert "pip install 'salesim[classroom]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_bad_options_are_refused_clearly(tmp_path):
    bad = serve("--scenarios", "tutorial,no_such_scenario")
    assert bad.returncode == 1 and "no_such_scenario" in bad.stderr
    token = serve("--token", "a b&c")
    assert token.returncode == 2 and "--token" in token.stderr
    port = serve("--port", "70000")
    assert port.returncode == 2 and "--port" in port.stderr
    with socket.socket() as s:  # a port already taken
        s.bind(("127.0.0.1", 0))
        s.listen()
        taken = serve("--host", "127.0.0.1", "--port", str(s.getsockname()[1]))
    assert taken.returncode == 2 and "cannot listen" in taken.stderr
    for done in (bad, token, port, taken):
        assert "Traceback" not in done.stderr
