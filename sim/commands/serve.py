"""`salesim serve`: the game in the browser for a classroom, with the trainer's page.

Every browser tab plays the real app in its own process (textual-serve); trainees type their
name first and every run lands in the store (`--db` / `SALESIM_DB`, else `$SALESIM_HOME`).
Localhost only unless `--host` says otherwise; `--token` requires a shared code in the URL.
Needs the optional extra: `pip install 'salesim[classroom]'`.
"""

from __future__ import annotations

import argparse
import secrets
import shlex
import sys

from sim.commands.lang import add_lang_argument

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--host",
        default="localhost",
        help="address to listen on (default: localhost; 0.0.0.0 for every interface)",
    )
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address trainees open, when a proxy stands in front "
        "(e.g. https://training.example.com)",
    )
    p.add_argument(
        "--scenarios",
        metavar="ID,...",
        help="the scenarios trainees may play, comma-separated bundled ids or files "
        "(default: every bundled one)",
    )
    p.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="everyone plays this seed (default: each trainee chooses)",
    )
    p.add_argument(
        "--seed-per-trainee",
        action="store_true",
        help="each trainee gets their own seed, derived from --seed and their name "
        "(the same name always gets the same seed)",
    )
    p.add_argument(
        "--token",
        nargs="?",
        const="",
        metavar="CODE",
        help="require this shared code in the URL (?token=CODE); "
        "without CODE a random one is made and printed",
    )
    p.add_argument(
        "--max-sessions",
        type=int,
        default=40,
        metavar="N",
        help="most browser tabs playing at once (default: 40)",
    )
    add_lang_argument(p)


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"salesim serve: {message}", file=sys.stderr)
    return code


def session_command(
    scenarios: list[str], seed: int | None, per_trainee: bool, lang: str | None = None
) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "sim.classroom.session"]
    if lang is not None:
        argv += ["--lang", lang]
    for s in scenarios:
        argv += ["--scenario", s]
    if seed is not None:
        argv += ["--seed", str(seed)]
    if per_trainee:
        argv.append("--per-trainee")
    return "exec " + shlex.join(argv)  # no shell left between the server and the game


def run(args: argparse.Namespace) -> int:
    try:
        from sim.classroom.server import ClassroomServer
    except ImportError as e:
        return _fail(
            f"serving to browsers needs the classroom extra ({e.name or e} is missing): "
            "pip install 'salesim[classroom]'"
        )
    from sim.scenario import ScenarioError, load_scenario

    if args.seed_per_trainee and args.seed is None:
        args.seed = 1
    if not 0 < args.port < 65536:
        return _fail(f"--port {args.port}: give a port between 1 and 65535")
    paths: list[str] = []
    for name in (args.scenarios or "").split(","):
        if not name.strip():
            continue
        try:
            sc = load_scenario(name.strip())
        except ScenarioError as e:
            print(str(e), file=sys.stderr)
            return _fail(f"--scenarios: '{name.strip()}' cannot be played", EXIT_INVALID)
        paths.append(sc.path or name.strip())
    token = args.token
    if token == "":
        token = secrets.token_urlsafe(9)
    if token is not None and not token.replace("-", "").replace("_", "").isalnum():
        return _fail("--token: use letters, digits, '-' and '_' only (it goes in a URL)")
    try:
        from sim.store import RunStore, StoreError

        with RunStore():
            pass
    except StoreError as e:
        return _fail(str(e))
    if args.host not in LOCAL_HOSTS and token is None:
        print(
            f"salesim serve: warning: listening on {args.host} with no --token: anyone who can "
            "reach this port can play and read the cohort page. Put it behind your "
            "organisation's proxy, or add --token.",
            file=sys.stderr,
        )
    from sim.classroom.cohort import cohort_page, run_page

    server = ClassroomServer(
        session_command(paths, args.seed, args.seed_per_trainee, args.lang),
        host=args.host,
        port=args.port,
        public_url=args.public_url.rstrip("/") if args.public_url else None,
        token=token,
        max_sessions=max(1, args.max_sessions),
        cohort_page=cohort_page,
        run_page=run_page,
    )
    try:
        server.serve()
    except OSError as e:
        return _fail(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}")
    return EXIT_OK
