"""The Bass yardstick: the Bass curve a run's own parameters imply, and why the run is off it.

MODEL.md's Bass limit says when the simulator *is* the Bass model: everyone follows and is
aware, the seller's ads reach everyone, trust is fixed at 1, nobody unfollows, every customer
recommends with propensity 1, on the complete graph. Then the weekly purchase hazard is
``p + q F`` with ``p`` the ad hazard each person gets in a week and ``q = q_wom``.

For any run, :func:`implied_pq` reads those two numbers off its parameters:

- ``p = p_ad * ads a follower sees in a week`` where that is
  ``post_share * hours / post_cost * promo_share * reach`` (RULES step 1), and
- ``q = q_wom``.

:func:`yardstick` draws ``population * F`` from the Bass model's weekly twin
(:func:`kit.sim.bass_discrete`) and explains the distance to the run by walking from the
limit to the run in steps, each a simulation that gives back one group of the run's own
settings (same seed): the run's sparse **network**, **trust** as the run builds it (a stranger
trusts 0.25, not 1), **who recommends** (``rec_base``: customers without a tie rarely do),
**fatigue** (spam and unfollows), and last the **audience and the rest** (only the first
followers see the ads; connecting and engaging). The steps add up to the whole distance;
the order is fixed (what is given back first is measured without the later ones).

Examples
--------
>>> from kit import sim
>>> s = sim.Scenario.preset("broadcast", population=2_000, weeks=30, seed=1)
>>> p, q = implied_pq(s)
>>> round(p, 4), q
(0.006, 0.073)
>>> y = yardstick(s)
>>> round(sum(y.parts.values()) - y.gap, 6)
0.0
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from kit import sim
from kit.sim import rules

#: The steps from the Bass limit to the run: label -> the run's fields given back.
STEPS: dict[str, tuple[str, ...]] = {
    "network sparsity": ("graph", "mean_degree", "rewire"),
    "trust": ("prior_a", "prior_b", "fame", "satisfaction"),
    "who recommends": ("rec_base",),
    "fatigue": ("tolerance", "fatigue_decay", "spam_weight", "unfollow_base", "unfollow_fatigue"),
}
REST = "audience and the rest"

WHY = {
    "network sparsity": (
        "word of mouth only reaches a customer's {degree:g} or so contacts, not everyone"
    ),
    "trust": (
        "people trust a stranger {stranger:.0%}, not fully, and every chance to buy is scaled "
        "by that trust"
    ),
    "who recommends": (
        "a customer without a close tie recommends {rec_base:.0%} as readily as a friend would"
    ),
    "fatigue": "ads beyond a follower's patience cost trust and followers",
    REST: (
        "only the {followers:,} first followers see the ads, and connecting and engaging "
        "add their own sales"
    ),
}


#: Sultan, Farley & Lehmann (1990)'s meta-analysis means of Bass p and q, per YEAR.
PUBLISHED_PQ_PER_YEAR = (0.03, 0.38)


def _real_speed(p: float, q: float, weeks: int, n: int) -> str:
    """The yardstick is sped up: say so, with the published speed beside it."""
    p_year, q_year = PUBLISHED_PQ_PER_YEAR
    real = float(sim.bass_discrete(weeks, p_year / 52, q_year / 52)[-1])
    times = p * 52 / p_year
    return (
        f" Sped up: this yardstick runs at the model's weekly rates, about {times:,.0f} times "
        "the outside pull real products show (a summary of many studies, Sultan, Farley & "
        f"Lehmann 1990, found about {p_year:.0%} and {q_year:.0%} a year); at that real "
        f"speed about {real:.1%} of the market ({real * n:,.0f} people) would have bought by "
        f"week {weeks}."
    )


def implied_pq(scenario: sim.Scenario) -> tuple[float, float]:
    """The weekly Bass ``(p, q)`` a scenario's parameters imply (see the module text)."""
    r = scenario.resolved()
    ads = rules.posts(r) * r["promo_share"] * r["reach"]  # RULES step 1, in expectation
    return float(r["p_ad"] * ads), float(r["q_wom"])


def limit_of(scenario: sim.Scenario) -> sim.Scenario:
    """The Bass-limit scenario with the run's ads, ``p_ad`` and ``q_wom`` (same size, seed).

    :meth:`kit.sim.Scenario.bass_limit` with the run's own ad channel (its posting hours,
    post cost, reach and promo share instead of one ad reaching everyone) and ``rewire``.
    """
    r = scenario.resolved()
    limit = sim.Scenario.bass_limit(
        p=r["p_ad"],
        q=r["q_wom"],
        population=r["population"],
        weeks=r["weeks"],
        seed=r["seed"],
        mean_degree=r["mean_degree"],
    )
    return dataclasses.replace(
        limit,
        rewire=r["rewire"],
        hours=r["post_share"] * r["hours"],
        post_cost=r["post_cost"],
        reach=r["reach"],
        promo_share=r["promo_share"],
    )


@dataclasses.dataclass
class Yardstick:
    """A run against its Bass yardstick.

    Attributes: ``p``, ``q`` (weekly), ``weeks`` and ``curve`` (the Bass customers, week by
    week; ``None`` when ``p`` is 0), ``customers`` (the run's), ``gap`` (run minus Bass in
    the last week), ``parts`` (label -> customers each step adds to the gap; they sum to
    ``gap``), ``steps`` (label -> the customers after that step) and ``text`` (the sentences
    the explorer prints).
    """

    label: str
    p: float
    q: float
    weeks: np.ndarray
    curve: np.ndarray | None
    customers: np.ndarray
    gap: float
    parts: dict[str, float]
    steps: dict[str, float]
    text: str


def _customers(scenario: sim.Scenario) -> np.ndarray:
    return sim.simulate(scenario)["customers"].to_numpy(dtype=float)


def yardstick(
    scenario: sim.Scenario, frame: pd.DataFrame | None = None, label: str | None = None
) -> Yardstick:
    """The Bass curve a run's parameters imply, the distance to it, and why.

    Parameters
    ----------
    scenario : kit.sim.Scenario
        The run.
    frame : pandas.DataFrame, optional
        Its output, if already simulated (else it is run).
    label : str, optional
        What to call the run in the text (default: its strategy).
    """
    label = label or scenario.strategy_name
    if frame is None:
        frame = sim.simulate(scenario)
    run = frame["customers"].to_numpy(dtype=float)
    weeks = frame["week"].to_numpy()
    r = scenario.resolved()
    p, q = implied_pq(scenario)
    n = r["population"]
    if p <= 0:
        text = (
            f"{label}: no Bass yardstick. This run shows no ads, so nobody is reached from "
            "outside (the Bass model's innovation p, the ad response times the ads a follower "
            "sees, is 0) and the Bass model never starts; its "
            f"{int(run[-1]):,} customers come from relationships and word of mouth, which the "
            "Bass model has no term for."
        )
        return Yardstick(label, p, q, weeks, None, run, float("nan"), {}, {}, text)
    curve = n * sim.bass_discrete(len(weeks), p, q)
    values = {"Bass": float(curve[-1])}
    current = limit_of(scenario)
    for step, fields in STEPS.items():
        current = dataclasses.replace(current, **{f: r[f] for f in fields})
        values[step] = float(_customers(current)[-1])
    values[REST] = float(run[-1])
    names = list(values)
    parts = {names[i]: values[names[i]] - values[names[i - 1]] for i in range(1, len(names))}
    gap = float(run[-1] - curve[-1])
    why = {
        "degree": r["mean_degree"],
        "stranger": r["prior_a"] / (r["prior_a"] + r["prior_b"]) if r["prior_a"] else 0.0,
        "rec_base": r["rec_base"],
        "followers": r["initial_followers"],
    }
    if r["graph"] == "complete":
        why["degree"] = n - 1
    week = int(weeks[-1])
    head = (
        f"{label}: in week {week} the run has {int(run[-1]):,} customers; the Bass curve its "
        f"settings imply (a {p:.2%} chance a week to buy from the ads, plus up to {q:.1%} "
        f"from word of mouth) has {curve[-1]:,.0f} "
        f"({abs(gap):,.0f} {'fewer' if gap < 0 else 'more'} in the run)."
    )
    big = sorted(parts, key=lambda k: abs(parts[k]), reverse=True)
    reasons = [
        f"{k} {parts[k]:+,.0f} ({WHY[k].format(**why)})" for k in big if abs(parts[k]) >= 0.5
    ]
    tail = " Step by step from Bass to the run: " + "; ".join(reasons) + "." if reasons else ""
    tail += _real_speed(p, q, len(weeks), n)
    return Yardstick(
        label,
        p,
        q,
        weeks,
        curve,
        run,
        gap,
        parts,
        {k: v for k, v in values.items() if k != "Bass"},
        head + tail,
    )


def describe(ys: list[Yardstick]) -> str:
    """The yardsticks' sentences as one HTML paragraph per run."""
    import html

    body = "".join(f"<p style='margin: 0 0 6px'>{html.escape(y.text)}</p>" for y in ys)
    return f"<div class='kit-yardstick' style='line-height: 1.45; white-space: normal'>{body}</div>"


def as_row(y: Yardstick) -> dict[str, Any]:
    """A yardstick as flat numbers (for tables and tests)."""
    return {"label": y.label, "p": y.p, "q": y.q, "gap": y.gap, **y.parts}
