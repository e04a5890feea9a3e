"""What the runs say: crossovers, sweep winners, summaries and a run's final state.

Figures (:mod:`kit.plots`), explorers, lessons and tests all take these numbers from here,
so each has one definition; the plotting layer only draws them.

- :func:`by_strategy`: a results frame split by strategy (an ensemble's runs averaged);
- :func:`crossover`, :func:`crossover_week`, :func:`overtakes`: when one strategy overtook
  another for good;
- :func:`sweep_winners`: which strategy wins at each point of a :func:`kit.sim.sweep`;
- :func:`summarise`: an ensemble's mean and quantile band week by week;
- :func:`sales_summary`: sales and the referral share per strategy;
- :func:`final_state`: everyone's state at the end of a run (for pictures of the network).

Examples
--------
>>> df = pd.DataFrame({"strategy": ["x"] * 4 + ["y"] * 4, "week": [1, 2, 3, 4] * 2,
...                    "customers": [0, 1, 5, 9, 2, 3, 4, 5]})
>>> crossover(df, "customers")
3
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kit.sim import engine
from kit.sim.outputs import OUTPUT_COLUMNS
from kit.sim.rules import SALE_COLUMNS, SaleSource
from kit.sim.scenario import Scenario

#: The label of a frame without a strategy column.
SINGLE = "simulation"


def check_frame(df: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    """Raise a one-sentence error unless ``df`` is a results frame with ``needed`` columns."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{what} takes the DataFrame of kit.sim.simulate, compare or ensemble, "
            f"not {type(df).__name__}"
        )
    missing = [c for c in ("week", *needed) if c not in df.columns]
    if missing:
        raise ValueError(
            f"metric: no column {missing} in the frame; choose from "
            f"{[c for c in df.columns if c not in ('strategy', 'run', 'seed', 'week')]}"
        )


def by_strategy(df: pd.DataFrame, columns: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Split a results frame into one frame per strategy label, weeks in order.

    An ensemble's runs (a ``run`` column) are averaged week by week. A frame without a
    ``strategy`` column is one series labelled ``"simulation"``.
    """
    columns = list(dict.fromkeys(columns))
    if "strategy" not in df.columns:
        df = df.assign(strategy=SINGLE)
    out = {}
    for label, part in df.groupby("strategy", sort=False):
        if "run" in part.columns:
            part = part.groupby("week", as_index=False)[columns].mean()
        out[str(label)] = part.sort_values("week")[["week", *columns]].reset_index(drop=True)
    return out


# ----------------------------------------------------------------------------- crossovers
def crossover(
    df: pd.DataFrame, metric: str = "customers", a: str | None = None, b: str | None = None
) -> int | None:
    """The week from which strategy ``a`` stays ahead of ``b`` on a metric, after trailing.

    Parameters
    ----------
    df : pandas.DataFrame
        Output of :func:`kit.sim.compare` (or a stacked ensemble, averaged per week).
    metric : str
        The output column to compare.
    a, b : str, optional
        Strategy labels. By default, the two strategies of ``df``, ``a`` being the one
        ahead in the last week.

    Returns
    -------
    int or None
        The first week of ``a``'s final lead, provided ``b`` was strictly ahead at some
        earlier week; ``None`` if ``a`` never trailed, or is not ahead at the end. Weeks
        where either value is missing (NaN) are skipped.

    Examples
    --------
    >>> df = pd.DataFrame({"strategy": ["x"] * 4 + ["y"] * 4, "week": [1, 2, 3, 4] * 2,
    ...                    "customers": [0, 1, 5, 9, 2, 3, 4, 5]})
    >>> crossover(df, "customers", a="x", b="y")
    3
    """
    check_frame(df, [metric], "crossover()")
    frames = by_strategy(df, [metric])
    labels = list(frames)
    for name, value in (("a", a), ("b", b)):
        if value is not None and value not in frames:
            raise ValueError(f"{name}: no strategy {value!r} in the frame; choose from {labels}")
    if a is None or b is None:
        others = [s for s in labels if s not in (a, b)]
        if len(labels) != 2 and (a is None and b is None):
            raise ValueError(
                f"a, b: the frame has {len(labels)} strategies ({labels}); name the two to "
                "compare, e.g. a='relationship', b='broadcast'"
            )
        if a is None and b is None:
            first, second = labels
            last = frames[first][metric].iloc[-1] - frames[second][metric].iloc[-1]
            a, b = (first, second) if last > 0 else (second, first)
        elif a is None:
            a = others[0]
        else:
            b = others[0]
    return crossover_week(frames[a], frames[b], metric)


def crossover_week(fa: pd.DataFrame, fb: pd.DataFrame, metric: str) -> int | None:
    """:func:`crossover` of two strategies' frames (``week`` and ``metric`` columns)."""
    wa, wb = fa["week"].to_numpy(), fb["week"].to_numpy()
    if len(wa) == len(wb) and (wa == wb).all():  # the usual case; a merge costs 5 ms
        weeks = wa
        diff = fa[metric].to_numpy(dtype=float) - fb[metric].to_numpy(dtype=float)
    else:
        both = fa[["week", metric]].merge(fb[["week", metric]], on="week")
        weeks = both["week"].to_numpy()
        diff = both[f"{metric}_x"].to_numpy(dtype=float) - both[f"{metric}_y"].to_numpy(dtype=float)
    keep = ~np.isnan(diff)
    weeks, diff = weeks[keep], diff[keep]
    if len(diff) == 0:
        return None
    if diff[-1] <= 0:
        return None
    not_ahead = np.flatnonzero(diff <= 0)
    start = not_ahead[-1] + 1 if len(not_ahead) else 0
    if not (diff[:start] < 0).any():
        return None
    return int(weeks[start])


def overtakes(frames: dict[str, pd.DataFrame], metric: str) -> tuple[str | None, list]:
    """The strategy ahead at the end and, in week order, ``(week, other)`` for each other
    strategy it overtook for good (:func:`crossover_week`); ``(None, [])`` if there is no
    leader (fewer than two strategies, or no finite final value)."""
    if len(frames) < 2:
        return None, []
    last = {k: f[metric].iloc[-1] for k, f in frames.items() if len(f)}
    finite = {k: v for k, v in last.items() if pd.notna(v)}
    if not finite:
        return None, []
    leader = max(finite, key=finite.get)
    marks = []
    for other, frame in frames.items():
        if other == leader:
            continue
        week = crossover_week(frames[leader], frame, metric)
        if week is not None:
            marks.append((week, other))
    return leader, sorted(marks)


# ----------------------------------------------------------------------------- sweeps
def sweep_winners(
    sweep: pd.DataFrame, metric: str = "customers", x: str | None = None, y: str | None = None
) -> pd.DataFrame:
    """Which strategy wins at each point of a sweep, and by how much.

    Parameters
    ----------
    sweep : pandas.DataFrame
        Output of :func:`kit.sim.sweep`.
    metric : str
        The final-week metric that decides (the higher mean over runs wins).
    x, y : str, optional
        The swept columns; read from the sweep by default.

    Returns
    -------
    pandas.DataFrame
        One row per grid point, in the sweep's order of ``y`` then ``x`` values: the columns
        ``y``'s name, ``x``'s name, ``winner`` (a strategy, or ``"tie"`` when the best two
        are level), ``margin`` (best mean minus the runner-up's), ``relative`` (the margin
        over the runner-up's absolute mean; inf when that is 0), then each strategy's mean.
        ``frame.attrs`` records ``x``, ``y``, ``metric`` and ``strategies``.

    Examples
    --------
    >>> grid = pd.DataFrame({"reach": [0.03] * 2, "p_ad": [0.01] * 2, "strategy": ["a", "b"],
    ...                      "run": [0, 0], "seed": [1, 1], "customers": [5, 3]})
    >>> sweep_winners(grid, x="reach", y="p_ad")[["winner", "margin"]].values.tolist()
    [['a', 2.0]]
    """
    if not isinstance(sweep, pd.DataFrame) or "strategy" not in sweep.columns:
        raise ValueError("sweep: give the DataFrame returned by kit.sim.sweep(...)")
    meta = sweep.attrs.get("sweep", {})
    cols = list(sweep.columns)
    axes = cols[: cols.index("strategy")]
    x = x or meta.get("x") or (axes[0] if len(axes) > 0 else None)
    y = y or meta.get("y") or (axes[1] if len(axes) > 1 else None)
    for name, value in (("x", x), ("y", y)):
        if value is None or value not in sweep.columns:
            raise ValueError(f"{name}: {value!r} is not a column of the sweep; name a swept field")
    if metric not in sweep.columns:
        numeric = [c for c in cols if c not in (x, y, "strategy", "run", "seed")]
        raise ValueError(f"metric: {metric!r} is not in the sweep; choose from {numeric}")

    means = sweep.groupby([y, x, "strategy"], sort=False)[metric].mean().unstack("strategy")
    strategies = list(dict.fromkeys(sweep["strategy"]))
    means = means[strategies]
    rows = []
    for yv in dict.fromkeys(sweep[y]):
        for xv in dict.fromkeys(sweep[x]):
            row = means.loc[(yv, xv)]
            order = row.sort_values(ascending=False, kind="stable")
            best, best_v = order.index[0], order.iloc[0]
            second_v = order.iloc[1] if len(order) > 1 else 0.0
            margin = best_v - second_v
            winner = "tie" if len(order) > 1 and margin == 0 else best
            relative = margin / abs(second_v) if second_v else np.inf
            rows.append((yv, xv, winner, float(margin), float(relative), *row.to_numpy()))
    out = pd.DataFrame(rows, columns=[y, x, "winner", "margin", "relative", *strategies])
    out.attrs.update(x=x, y=y, metric=metric, strategies=strategies, weeks=meta.get("weeks"))
    return out


# ----------------------------------------------------------------------------- summaries
def summarise(
    runs: pd.DataFrame, metrics: Iterable[str] | None = None, low: float = 0.05, high: float = 0.95
) -> pd.DataFrame:
    """Summarise an ensemble: mean and a low/high quantile band per week.

    Parameters
    ----------
    runs : pandas.DataFrame
        The output of :func:`kit.sim.ensemble` (a ``strategy`` column, if present, is kept apart).
    metrics : iterable of str, optional
        Output columns to summarise; all of them by default.
    low, high : float
        The band's quantiles (5% and 95% by default).

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per (strategy,) week and metric, with columns ``metric``, ``mean``,
        ``low``, ``high`` and ``runs``.
    """
    if not 0 <= low < high <= 1:
        raise ValueError(f"low, high: ({low}, {high}) must satisfy 0 <= low < high <= 1")
    metrics = list(metrics) if metrics is not None else [c for c in OUTPUT_COLUMNS if c != "week"]
    unknown = [m for m in metrics if m not in runs.columns]
    if unknown:
        raise ValueError(
            f"metrics: no column {unknown} in the runs; choose from {list(OUTPUT_COLUMNS)}"
        )
    keys = [k for k in ("strategy", "week") if k in runs.columns]
    long = runs.melt(id_vars=keys, value_vars=metrics, var_name="metric")
    grouped = long.groupby([*keys, "metric"], sort=False)["value"]
    out = grouped.agg(mean="mean", runs="count")
    out["low"] = grouped.quantile(low)
    out["high"] = grouped.quantile(high)
    out = out.reset_index()[[*keys, "metric", "mean", "low", "high", "runs"]]
    return out.sort_values([*keys[:-1], "metric", "week"], kind="stable").reset_index(drop=True)


def sales_summary(df: pd.DataFrame) -> pd.DataFrame:
    """Sales by source and the share by referral, per strategy, over the whole run.

    Returns
    -------
    pandas.DataFrame
        Indexed by strategy label: one column per sale source (``sales_ad``, ...), ``total``
        and ``referral_share`` (0 when there was no sale). An ensemble's runs are averaged.
    """
    check_frame(df, list(SALE_COLUMNS), "sales_summary()")
    rows = {}
    for label, frame in by_strategy(df, list(SALE_COLUMNS)).items():
        sums = frame[list(SALE_COLUMNS)].sum()
        total = sums.sum()
        share = sums[SaleSource.REFERRAL.column] / total if total else 0.0
        rows[label] = {**sums.to_dict(), "total": total, "referral_share": share}
    return pd.DataFrame.from_dict(rows, orient="index")


# ----------------------------------------------------------------------------- final state
@dataclass(frozen=True)
class FinalState:
    """Everyone's state at the end of one run.

    Attributes
    ----------
    scenario : Scenario
        The run's scenario.
    frame : pandas.DataFrame
        The weekly outputs, equal to ``kit.sim.simulate(scenario)``.
    follower, aware, customer : numpy.ndarray of bool
    tie, trust : numpy.ndarray of float
    bought : numpy.ndarray of int
        The week each person bought (0 for never).
    source : numpy.ndarray of int8
        What each sale is attributed to (a :class:`kit.sim.rules.SaleSource`: 0 ads, 1 the
        relationship, 2 referral); -1 (``rules.NO_SALE``) for no sale.
    graph : kit.sim.graph.Graph or None
        The social graph (``None`` for the complete graph).
    """

    scenario: Scenario
    frame: pd.DataFrame
    follower: np.ndarray
    aware: np.ndarray
    customer: np.ndarray
    tie: np.ndarray
    trust: np.ndarray
    bought: np.ndarray
    source: np.ndarray
    graph: object


def final_state(scenario: Scenario) -> FinalState:
    """Run a scenario and return everyone's final state (the engine's loop, kept open).

    The weekly outputs are exactly :func:`kit.sim.simulate`'s: the same engine runs with the
    same seeds, and only its per-person state is kept.

    Examples
    --------
    >>> state = final_state(Scenario.preset("relationship", population=2_000, weeks=20))
    >>> int((state.tie > 0.5).sum()) == int(state.frame["strong_ties"].iloc[-1])
    True
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(
            f"scenario: give a kit.sim.Scenario, not {type(scenario).__name__}; e.g. "
            "Scenario.preset('relationship', population=5_000, weeks=104, seed=1)"
        )
    frame, world = engine.run_with_state(scenario)
    return FinalState(
        scenario=scenario,
        frame=frame,
        follower=world.follower.copy(),
        aware=world.aware.copy(),
        customer=world.customer.copy(),
        tie=world.tie.astype(float),
        trust=world.trust(np.arange(world.n)).astype(float),
        bought=world.bought_week.astype(np.int64),
        source=world.sale_source.copy(),
        graph=world.graph,
    )


# ----------------------------------------------------------------- tables for the lessons
def final_table(runs: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The last week of each strategy, one row each; repeated runs (seeds) are averaged.

    Parameters
    ----------
    runs : pandas.DataFrame
        The output of :func:`kit.sim.simulate`, ``compare``, ``compare_seeds``, ``vary`` or
        ``ensemble``.
    columns : sequence of str, optional
        The outputs to show; all of them by default.

    Returns
    -------
    pandas.DataFrame
        Indexed by strategy label, in the order the runs came; with a ``run`` column (several
        seeds) each value is the mean over the runs.

    Examples
    --------
    >>> df = pd.DataFrame({"strategy": ["a", "a", "b", "b"] * 2, "run": [1] * 4 + [2] * 4,
    ...                    "week": [1, 2] * 4, "customers": [0, 4, 1, 2, 0, 6, 1, 4]})
    >>> final_table(df, ["customers"])["customers"].to_dict()
    {'a': 5.0, 'b': 3.0}
    """
    columns = list(columns) if columns is not None else None
    check_frame(runs, columns or [], "final_table()")
    if "strategy" not in runs.columns:
        runs = runs.assign(strategy=SINGLE)
    keys = ("strategy", "run", "seed", "week")
    if columns is None:
        columns = [c for c in runs.columns if c not in keys]
    last = runs[runs["week"] == runs.groupby("strategy", sort=False)["week"].transform("max")]
    if "run" in last.columns:
        return last.groupby("strategy", sort=False)[columns].mean()
    return last.set_index("strategy")[columns]


def published_comparison(runs: pd.DataFrame) -> pd.DataFrame:
    """Published word-of-mouth numbers beside the simulator's own, with what each measured.

    Two columns: Trusov, Bucklin & Pauwels (2009), member invitations against the site's
    events and against press coverage (ratios of sign-up elasticities), and the Bass
    meta-analysis of Sultan, Farley & Lehmann (1990), imitation q against innovation p (per
    year), both from ``data/published_effects.csv``. Each says who was studied, what was
    measured and in what units, what the study did not measure, and the simulator's nearest
    number: in ``runs``, sales by referral for each sale by ads; beside Bass, its defaults'
    word-of-mouth pull against an ad's.

    Parameters
    ----------
    runs : pandas.DataFrame
        Runs of one seller (``simulate``, ``ensemble`` or one strategy of ``compare``) whose
        sales to set beside the studies.

    Returns
    -------
    pandas.DataFrame
        Rows in plain words (``"who was studied"``, ``"what was measured"``, ``"their
        ratio"``, ``"the simulator's number"``, ...); a notebook shows it as a table.

    Examples
    --------
    >>> df = pd.DataFrame({"week": [1, 2], "sales_ad": [2, 2], "sales_relationship": [0, 1],
    ...                    "sales_referral": [4, 6]})
    >>> published_comparison(df).loc["the simulator's number"].iloc[0]
    '2.5 sales by referral for each sale by ads'
    """
    from kit.data import data_path

    check_frame(runs, list(SALE_COLUMNS), "published_comparison()")
    ads = runs[SaleSource.AD.column].sum()
    referrals = runs[SaleSource.REFERRAL.column].sum()
    if ads == 0:
        raise ValueError(
            "runs: this seller made no sales by ads, so there is no ratio to compare; "
            "give runs of a seller who posts ads, e.g. the balanced preset"
        )
    found = pd.read_csv(data_path("published_effects.csv")).set_index("name")
    wom, events, media, p, q = (
        found.loc[n] for n in ("wom_referrals", "marketing_events", "media", "bass_p", "bass_q")
    )
    q_wom, p_ad = (Scenario.field_info(f)["default"] for f in ("q_wom", "p_ad"))
    trusov = {
        "study": wom["source"].split(", '")[0],
        "who was studied": wom["population"],
        "what was measured": wom["outcome"],
        "units": "elasticity: % more sign-ups for 1% more of the activity",
        "their ratio": f"invitations {wom['value'] / events['value']:.0f} times events and "
        f"{wom['value'] / media['value']:.0f} times press ({wom['value']:g} against "
        f"{events['value']:g} and {media['value']:g})",
        "the simulator's number": f"{referrals / ads:.1f} sales by referral for each sale by ads",
        "not measured by the study": wom["not_measured"],
    }
    bass = {
        "study": q["source"].split(", '")[0],
        "who was studied": q["population"],
        "what was measured": q["outcome"],
        "units": f"{q['unit']}: share of those not yet adopting who adopt",
        "their ratio": f"imitation q {q['value'] / p['value']:.0f} times innovation p "
        f"({q['value']:g} against {p['value']:g} a year)",
        "the simulator's number": f"word of mouth {q_wom / p_ad:.1f} times an ad's pull, per "
        f"week (its word-of-mouth pull, {q_wom * 52:.1f} a year, is "
        f"{q_wom * 52 / q['value']:.0f} times the published q)",
        "not measured by the study": q["not_measured"],
    }
    return pd.DataFrame(
        {"Word of mouth vs marketing (one site)": trusov, "Bass model (213 published fits)": bass}
    )


__all__ = [
    "FinalState",
    "by_strategy",
    "crossover",
    "crossover_week",
    "final_state",
    "final_table",
    "overtakes",
    "published_comparison",
    "sales_summary",
    "summarise",
    "sweep_winners",
]


# ------------------------------------------------------------- lesson helpers (00-02)
def preset_shares() -> pd.DataFrame:
    """How each preset strategy splits its weekly hours between the three activities.

    Returns
    -------
    pandas.DataFrame
        One column per preset, rows ``post``, ``connect`` and ``engage`` (shares that sum
        to 1).

    Examples
    --------
    >>> preset_shares()["relationship"].to_dict()
    {'post': 0.0, 'connect': 0.0, 'engage': 1.0}
    """
    from kit.sim.scenario import PRESETS

    return pd.DataFrame(
        {name: Scenario.preset(name).shares for name in PRESETS},
        index=["post", "connect", "engage"],
    )
