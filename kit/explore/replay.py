"""Side-by-side replay of two runs, week by week, animated in the browser.

:func:`record` runs a scenario with the engine's ``each_week`` hook and keeps, for everyone,
the week they became aware and the week they bought (the engine records that one itself),
and week by week who is an ally: tie above ``rules.STRONG_TIE`` and trust above
``rules.ALLY_TRUST``, the people who "would go out of their way for you" (MODEL.md's
``allies``), drawn here as the seller's **ambassadors**. The weekly outputs are exactly
:func:`kit.sim.simulate`'s.

:func:`replay` picks a sample of the population (the people who bought in either run, their
contacts, and some others: at most ``people``, so a large population stays light), lays the
sample out once (a small force layout of their friendships), and encodes each week's state of
each person as one character. :class:`Replay`, an anywidget, then plays it entirely in the
browser: play, pause, step and a week slider; each frame only recolours the people whose state
changed and extends the two curves, so the kernel is not involved while it plays.

Examples
--------
>>> from kit import sim
>>> a = sim.Scenario.preset("broadcast", population=2_000, weeks=20, seed=1)
>>> b = sim.Scenario.preset("relationship", population=2_000, weeks=20, seed=1)
>>> r = replay(a, b, people=60)
>>> len(r.data["sides"]), len(r.data["sides"][0]["states"])
(2, 20)
"""

from __future__ import annotations

import dataclasses
from typing import Any

import anywidget
import numpy as np
import pandas as pd
import traitlets as t

from kit import sim
from kit.files import static_text
from kit.plots.style import OKABE_ITO, STRATEGY_COLOURS, metric_label, strategy_style
from kit.sim.rules import ALLY_TRUST, STRONG_TIE

UNAWARE, AWARE, CUSTOMER, AMBASSADOR = "0", "1", "2", "3"
#: Each state's label and colour (Okabe-Ito; sizes differ too, for colour-blind readers).
STATES = {
    UNAWARE: ("not aware", "#999999"),
    AWARE: ("aware", OKABE_ITO["sky_blue"]),
    CUSTOMER: ("customer", OKABE_ITO["orange"]),
    AMBASSADOR: ("ambassador (ally)", OKABE_ITO["blue"]),
}


@dataclasses.dataclass
class Recording:
    """One run, week by week: ``frame`` (= ``simulate``), ``aware_week`` and ``bought_week``
    (per person, 0 for never), ``allies`` (per week, the allies' indices) and ``graph``."""

    scenario: sim.Scenario
    frame: pd.DataFrame
    aware_week: np.ndarray
    bought_week: np.ndarray
    allies: list[np.ndarray]
    graph: Any


def record(scenario: sim.Scenario) -> Recording:
    """Run ``scenario`` and record who is aware, a customer and an ally in each week."""
    from kit.sim import engine

    if not isinstance(scenario, sim.Scenario):
        raise TypeError(f"record: give a kit.sim.Scenario, not {type(scenario).__name__}")
    n = scenario.population
    aware_week = np.zeros(n, dtype=np.int32)
    allies: list[np.ndarray] = []

    def each_week(world, week: int) -> None:
        aware_week[(aware_week == 0) & world.aware] = week
        strong = np.flatnonzero(world.tie > STRONG_TIE)
        keep = world.trust(strong) > ALLY_TRUST
        allies.append(strong[keep])

    frame, world = engine.run_with_state(scenario, each_week=each_week)
    return Recording(
        scenario, frame, aware_week, world.bought_week.astype(np.int32).copy(), allies, world.graph
    )


def _graph_key(s: sim.Scenario) -> tuple:
    return (s.population, s.graph, s.mean_degree, s.rewire, s.seed)


def sample_people(recs: list[Recording], people: int, seed: int | None = 0) -> np.ndarray:
    """Up to ``people`` people of the recordings' (shared) population, sorted.

    About a third are people who bought in one of the runs, a third their contacts (so word
    of mouth between them is visible) and the rest anyone, all drawn with ``seed``.
    """
    n = recs[0].scenario.population
    rng = np.random.default_rng(seed)
    if people >= n:
        return np.arange(n)
    bought = np.flatnonzero(np.logical_or.reduce([r.bought_week > 0 for r in recs]))
    chosen = rng.permutation(bought)[: people // 3]
    graph = recs[0].graph
    if graph is not None and len(chosen):
        near = np.unique(np.concatenate([graph.neighbours(int(i)) for i in chosen]))
        near = np.setdiff1d(near, chosen)
        chosen = np.concatenate([chosen, rng.permutation(near)[: (2 * people) // 3 - len(chosen)]])
    rest = np.setdiff1d(np.arange(n), chosen)
    chosen = np.concatenate([chosen, rng.choice(rest, size=people - len(chosen), replace=False)])
    return np.sort(chosen.astype(np.int64))


def edges_among(graph, people: np.ndarray) -> np.ndarray:
    """The friendships among ``people`` as pairs of positions in ``people`` (shape (k, 2))."""
    if graph is None or len(people) == 0:
        return np.empty((0, 2), dtype=np.int64)
    where = {int(p): i for i, p in enumerate(people)}
    pairs = [
        (i, where[int(q)])
        for i, p in enumerate(people)
        for q in graph.neighbours(int(p))
        if int(q) in where and where[int(q)] > i
    ]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def layout(n: int, edges: np.ndarray, seed: int | None = 0, rounds: int = 120) -> np.ndarray:
    """Positions in [0, 1]² for ``n`` nodes: a small Fruchterman-Reingold force layout.

    Written for few NumPy calls a round (squared distances, no ``np.add.at``): about eight
    times faster than the first version for the replay's 150 people, the same steps (the two
    agree to 1e-16 after a round; rounding then drifts as any force layout's does).
    """
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0, 1, size=(n, 2))
    if n < 2:
        return np.full((n, 2), 0.5)
    k = 1.0 / np.sqrt(n)
    temp = 0.1
    u, v = (edges[:, 0], edges[:, 1]) if len(edges) else (None, None)
    for _ in range(rounds):
        x, y = pos[:, 0], pos[:, 1]
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        push = dx * dx
        push += dy * dy
        np.maximum(push, 1e-6, out=push)  # distances of at least 1e-3
        np.divide(k * k, push, out=push)
        move = np.stack([(push * dx).sum(axis=1), (push * dy).sum(axis=1)], axis=1)
        if u is not None:
            d = pos[u] - pos[v]
            length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-3)[:, None]
            pull = d * length / k
            for axis in (0, 1):
                move[:, axis] -= np.bincount(u, pull[:, axis], n)
                move[:, axis] += np.bincount(v, pull[:, axis], n)
        move += (0.5 - pos) * 0.05 * n * k  # gravity keeps loose people on the page
        size = np.maximum(np.hypot(move[:, 0], move[:, 1]), 1e-9)[:, None]
        pos += move / size * np.minimum(size, temp)
        temp *= 0.97
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    return (pos - lo) / np.where(hi - lo > 0, hi - lo, 1)


def states(rec: Recording, people: np.ndarray) -> list[str]:
    """One string per week, one character per person: 0 not aware, 1 aware, 2 customer,
    3 ambassador (an ally, whatever else they are)."""
    aware, bought = rec.aware_week[people], rec.bought_week[people]
    where = {int(p): i for i, p in enumerate(people)}
    out = []
    for week, allies in enumerate(rec.allies, start=1):
        code = np.zeros(len(people), dtype=np.uint8)
        code[(aware > 0) & (aware <= week)] = 1
        code[(bought > 0) & (bought <= week)] = 2
        for p in allies:
            i = where.get(int(p))
            if i is not None:
                code[i] = 3
        out.append((code + ord("0")).tobytes().decode())
    return out


#: Plotly's dash names as SVG dash arrays (the replay's chart is plain SVG).
SVG_DASHES = {
    "solid": "",
    "dash": "8 4",
    "dot": "2 3",
    "dashdot": "8 3 2 3",
    "longdash": "14 4",
    "longdashdot": "14 4 2 4",
}


def _colour(s: sim.Scenario, other: sim.Scenario) -> str:
    mine = STRATEGY_COLOURS.get(s.strategy_name, OKABE_ITO["sky_blue"])
    theirs = STRATEGY_COLOURS.get(other.strategy_name, OKABE_ITO["sky_blue"])
    return OKABE_ITO["bluish_green"] if mine == theirs and s is not other else mine


def replay_data(
    a: sim.Scenario | Recording,
    b: sim.Scenario | Recording,
    *,
    titles: tuple[str, str] | None = None,
    people: int = 150,
    metric: str = "customers",
    seed: int | None = 0,
    styles: tuple[dict, dict] | None = None,
) -> dict[str, Any]:
    """Everything :class:`Replay` draws, as JSON-ready data (see :func:`replay`).

    ``styles`` gives each side's line (``{"colour": ..., "dash": <plotly dash name>}``), as
    the figure above the replay draws it; by default each strategy's own colour and dash
    (:func:`kit.plots.style.strategy_style`), so a strategy looks the same in every figure.
    """
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise ValueError(f"people: {people!r} is not allowed; give a whole number >= 1")
    recs = [r if isinstance(r, Recording) else record(r) for r in (a, b)]
    if metric not in recs[0].frame.columns:
        raise ValueError(f"metric: no column {metric!r}; choose from {list(sim.OUTPUT_COLUMNS)}")
    weeks = max(len(r.frame) for r in recs)
    shared = _graph_key(recs[0].scenario) == _graph_key(recs[1].scenario)
    titles = titles or tuple(r.scenario.strategy_name for r in recs)
    if titles[0] == titles[1]:
        titles = (f"{titles[0]} (A)", f"{titles[1]} (B)")
    sides = []
    for i, rec in enumerate(recs):
        group = recs if shared else [rec]
        if i == 0 or not shared:
            who = sample_people(group, min(people, rec.scenario.population), seed)
            edges = edges_among(rec.graph, who)
            pos = layout(len(who), edges, seed)
        if styles is not None:
            colour, dash = styles[i]["colour"], SVG_DASHES.get(styles[i]["dash"], "")
        else:
            colour = _colour(rec.scenario, recs[1 - i].scenario)
            dash = SVG_DASHES.get(strategy_style(rec.scenario.strategy_name)["dash"], "")
        if i == 1 and (colour, dash) == (sides[0]["colour"], sides[0]["dash"]):
            dash = "6 4" if dash != "6 4" else ""  # the same line on both sides: told apart
        sides.append(
            {
                "title": str(titles[i]),
                "colour": colour,
                "dash": dash,
                "curve": rec.frame[metric].astype(float).round(6).tolist(),
                "x": pos[:, 0].round(4).tolist(),
                "y": pos[:, 1].round(4).tolist(),
                "people": who.tolist(),
                "edges": edges.ravel().tolist(),
                "states": states(rec, who),
                "population": rec.scenario.population,
            }
        )
    return {
        "weeks": weeks,
        "metric": metric_label(metric),
        "sides": sides,
        "legend": [[k, label, colour] for k, (label, colour) in STATES.items()],
        "shared": shared,
    }


_ESM = static_text("kit.explore", "replay.js")

_CSS = static_text("kit.explore", "replay.css")


class Replay(anywidget.AnyWidget):
    """Two runs replayed together: build one with :func:`replay`.

    ``data`` is what is drawn (:func:`replay_data`), ``week`` the week on show (the browser
    reports it after a pause, step or scrub; setting it moves the picture),
    ``interval_ms`` the time per week while playing.
    """

    _esm = _ESM
    _css = _CSS
    data = t.Dict().tag(sync=True)
    week = t.Int(1).tag(sync=True)
    interval_ms = t.Int(120).tag(sync=True)

    def state_counts(self, week: int | None = None) -> list[dict[str, int]]:
        """How many sampled people are in each state in ``week`` (default: the one on show),
        per side, by state label."""
        week = self.week if week is None else week
        out = []
        for side in self.data["sides"]:
            row = side["states"][min(max(week, 1), len(side["states"])) - 1]
            out.append({label: row.count(k) for k, (label, _) in STATES.items()})
        return out


def replay(
    a: sim.Scenario | Recording, b: sim.Scenario | Recording, *, interval_ms: int = 120, **options
) -> Replay:
    """Replay two runs side by side, week by week, in the browser.

    Parameters
    ----------
    a, b : kit.sim.Scenario or Recording
        The two runs (lesson size: ``population=5_000, weeks=104``).
    interval_ms : int
        Time per week while playing.
    **options
        Passed to :func:`replay_data`:
    titles : (str, str), optional
        What to call them (default: their strategies).
    people : int
        How many people to draw at most per network. When both runs share a graph (same
        population, graph settings and seed) the same people are drawn on both sides.
    metric : str
        The curve drawn under the networks.
    seed : int or None
        Seed of the sample and the layout (the runs use their own seeds).
    """
    return Replay(
        data=replay_data(a, b, **options),
        interval_ms=int(interval_ms),
    )
