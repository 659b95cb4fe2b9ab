"""`make bench`: engine figures printed as a table (benchmarks report, they do not assert).

- identities: 10,000 customer identities through the engine vs a bare loop of the same
  Faker calls in the same process (goal: at most 1.2x the bare loop);
- commands per second: scripted actions and day ends applied to a game;
- random-bot games per second: whole tutorial games in one process (goal: >= 200/s);
- simulate: expert+greedy+random Monte Carlo with 1 and 2 processes.
"""

from __future__ import annotations

import sys
import time

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.identity import INDUSTRIES, _faker, identity_seed, make_identity
from sim.scenario import load_scenario, resolve_scenario

N_IDENT = 10_000


def best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def bare_faker_loop(locale: str, seed: int) -> None:
    fake = _faker(locale)
    for i in range(N_IDENT):
        fake.seed_instance(identity_seed(seed, i))
        fake.first_name()
        fake.last_name()
        fake.job()
        fake.company()
        fake.random_element(INDUSTRIES)
        fake.city()
        fake.phone_number()
        fake.tld()


def engine_identities(locale: str, seed: int) -> None:
    for i in range(N_IDENT):
        make_identity(locale, seed, i)


def commands_per_second(sc) -> tuple[int, float]:
    n = 0
    t = time.perf_counter()
    for seed in range(1, 201):
        g = Game(sc, seed)
        while not g.over:
            for c in g.open_customers():
                for a in ("call", "email"):
                    g.act(c.index, a)
                    n += 1
            g.end_day()
            n += 1
    return n, time.perf_counter() - t


def games_per_second(sc, policy: str, games: int) -> float:
    t = time.perf_counter()
    for seed in range(1, games + 1):
        play(Game(sc, seed), make_bot(policy, seed))
    return games / (time.perf_counter() - t)


def main() -> int:
    sc = load_scenario("tutorial")
    locale = sc.metadata.locale
    _faker(locale)  # construct once, outside the timings
    rows: list[tuple[str, str, str]] = []

    bare = best_of(lambda: bare_faker_loop(locale, 1))
    eng = best_of(lambda: engine_identities(locale, 1))
    rows.append(
        (
            "identities: bare Faker loop (10,000)",
            f"{bare * 1e3:.0f} ms",
            f"{bare / N_IDENT * 1e6:.1f} us each",
        )
    )
    rows.append(
        (
            "identities: engine (10,000)",
            f"{eng * 1e3:.0f} ms",
            f"{eng / bare:.2f}x the bare loop (goal <= 1.2x)",
        )
    )

    g = Game(sc, 1)
    t = time.perf_counter()
    for _ in range(N_IDENT):
        g._new_customer("lead", inbound=True)
    rows.append(
        (
            "10,000 customers created (no identities)",
            f"{(time.perf_counter() - t) * 1e3:.0f} ms",
            "identities stay lazy",
        )
    )

    n, secs = commands_per_second(sc)
    rows.append(("commands applied", f"{n / secs:,.0f}/s", f"{n:,} commands in {secs:.2f} s"))

    for policy, games in (("random", 1000), ("greedy", 300), ("expert", 300)):
        rate = games_per_second(sc, policy, games)
        goal = " (goal >= 200/s)" if policy == "random" else ""
        rows.append(
            (f"{policy}-bot tutorial games, one process", f"{rate:,.0f}/s", f"{games} games{goal}")
        )

    from sim.engine.montecarlo import simulate

    path = resolve_scenario("tutorial")
    took: dict[int, float] = {}
    for jobs in (1, 2):
        t = time.perf_counter()
        simulate(path, 200, ["random", "greedy", "expert"], 1, jobs)
        took[jobs] = secs = time.perf_counter() - t
        note = f"{secs:.2f} s"
        if jobs == 2:
            note += f", {took[1] / secs:.2f}x one job (goal >= 1.7x)"
        rows.append((f"simulate 3x200 games, --jobs {jobs}", f"{600 / secs:,.0f} games/s", note))

    w = max(len(r[0]) for r in rows)
    print(f"salesim benchmarks (python {sys.version.split()[0]})")
    print(f"{'benchmark':<{w}}  {'figure':>14}  note")
    print("-" * (w + 40))
    for name, fig, note in rows:
        print(f"{name:<{w}}  {fig:>14}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
