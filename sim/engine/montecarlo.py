"""Monte Carlo balancing: many seeded games per bot policy, summarised as distributions.

Run *k* of every policy uses seed `seed + k`, so policies are compared on the same
situations; the spread of each figure is split into what the policy explains, what the
seed (luck) explains, and their interaction. Results are ordered by (policy, seed) and
carry no wall-clock values, so the report is identical whatever the number of processes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from sim.engine.bots import make_bot, play
from sim.engine.events import DealClosed, Event, ForecastCommitted
from sim.engine.game import Game
from sim.scenario.model import Scenario

FIGURES = ("revenue", "win_rate", "cycle_days", "won", "score")


def run_one(scenario: Scenario, seed: int, policy: str) -> dict[str, Any]:
    """Play one game with one policy and return its outcome figures (and score)."""
    game = Game(scenario, seed)
    play(game, make_bot(policy, seed))
    out = game.outcome()
    from sim.engine.scoring import score_game

    card = score_game(game)
    out["score"] = card.total
    out["dimensions"] = {d.id: d.score for d in card.dimensions}
    out["seed"] = seed
    out["policy"] = policy
    out["calibration"] = calibration(game.log)
    return out


def calibration(log: Sequence[Event]) -> dict[str, list[int]]:
    """Per stage: [deals in it at a forecast checkpoint, of which won by the end]."""
    won = {e.customer for e in log if isinstance(e, DealClosed) and e.result == "won"}
    out: dict[str, list[int]] = {}
    for e in log:
        if isinstance(e, ForecastCommitted):
            for c, stage in (e.stages or {}).items():
                row = out.setdefault(stage, [0, 0])
                row[0] += 1
                row[1] += c in won
    return out


def _worker(args: tuple[str, list[tuple[int, str]]]) -> list[dict[str, Any]]:
    from sim.scenario import load_scenario

    path, jobs = args
    scenario = load_scenario(path)
    return [run_one(scenario, seed, policy) for seed, policy in jobs]


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of already sorted values."""
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return float(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo))


def distribution(values: Sequence[float]) -> dict[str, float]:
    v = sorted(values)
    n = len(v)
    mean = sum(v) / n if n else 0.0
    return {
        "min": round(v[0], 4) if v else 0.0,
        "p10": round(percentile(v, 10), 4),
        "median": round(percentile(v, 50), 4),
        "p90": round(percentile(v, 90), 4),
        "max": round(v[-1], 4) if v else 0.0,
        "mean": round(mean, 4),
    }


def variance_split(rows: list[dict[str, Any]], figure: str) -> dict[str, float]:
    """Share of the figure's variance explained by policy, by seed (luck), and the rest."""
    values = [r[figure] for r in rows]
    n = len(values)
    if n < 2:
        return {"policy": 0.0, "luck": 0.0, "interaction": 0.0}
    grand = sum(values) / n
    total = sum((x - grand) ** 2 for x in values)
    if total == 0:
        return {"policy": 0.0, "luck": 0.0, "interaction": 0.0}

    def between(key: str) -> float:
        groups: dict[Any, list[float]] = {}
        for r in rows:
            groups.setdefault(r[key], []).append(r[figure])
        return float(sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in groups.values()))

    pol, luck = between("policy"), between("seed")
    return {
        "policy": round(pol / total, 4),
        "luck": round(luck / total, 4),
        "interaction": round(max(0.0, total - pol - luck) / total, 4),
    }


def simulate(
    scenario_path: str | Path,
    runs: int,
    policies: Sequence[str],
    seed: int = 1,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Play `runs` games per policy and return the report (a JSON-able dict)."""
    from sim.scenario import load_scenario

    scenario = load_scenario(scenario_path)
    for p in policies:
        make_bot(p)  # fail fast on an unknown policy
    tasks = [(seed + k, p) for p in policies for k in range(runs)]
    total = len(tasks)
    rows: list[dict[str, Any]] = []
    jobs = max(1, min(jobs, os.cpu_count() or 1, total or 1))
    if jobs == 1:
        for i, (s, p) in enumerate(tasks):
            rows.append(run_one(scenario, s, p))
            if progress and (i % 10 == 9 or i == total - 1):
                progress(i + 1, total)
    else:
        chunk = max(1, min(50, total // (jobs * 4) or 1))
        batches = [(str(scenario_path), tasks[i : i + chunk]) for i in range(0, total, chunk)]
        done = 0
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for batch_rows in pool.map(_worker, batches):
                rows.extend(batch_rows)
                done += len(batch_rows)
                if progress:
                    progress(done, total)
    rows.sort(key=lambda r: (policies.index(r["policy"]), r["seed"]))
    report: dict[str, Any] = {
        "scenario": scenario.id,
        "runs": runs,
        "seed": seed,
        "policies": {},
        "spread": {},
    }
    for p in policies:
        pr = [r for r in rows if r["policy"] == p]
        report["policies"][p] = {f: distribution([r[f] for r in pr]) for f in FIGURES}
        dims = sorted({d for r in pr for d in r["dimensions"]})
        report["policies"][p]["dimensions"] = {
            d: distribution([r["dimensions"][d] for r in pr]) for d in dims
        }
        cal: dict[str, list[int]] = {}
        for r in pr:
            for stage, (n, w) in r["calibration"].items():
                row = cal.setdefault(stage, [0, 0])
                row[0] += n
                row[1] += w
        report["policies"][p]["stages"] = {
            st.id: {
                "label": st.label,
                "probability": st.probability,
                "deals": cal[st.id][0],
                "closed_won": round(cal[st.id][1] / cal[st.id][0], 4),
            }
            for st in scenario.stages
            if st.id in cal
        }
    if len(policies) > 1:
        report["spread"] = {f: variance_split(rows, f) for f in FIGURES}
    return report
