"""The public functions of :mod:`kit.sim`: run, compare, repeat, and the Bass model."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from kit.sim import cache
from kit.sim.analysis import summarise  # noqa: F401  (kit.sim.api.summarise, as before)
from kit.sim.labels import say_value
from kit.sim.scenario import Scenario


def simulate(scenario: Scenario | None = None, **overrides: Any) -> pd.DataFrame:
    """Run one scenario and return one row per week.

    Parameters
    ----------
    scenario : Scenario, optional
        The run's parameters; the default scenario when omitted.
    **overrides
        Fields to change, as in ``dataclasses.replace(scenario, **overrides)``.

    Returns
    -------
    pandas.DataFrame
        Exactly the columns of MODEL.md (:data:`kit.sim.OUTPUT_COLUMNS`), weeks 1..weeks.
        Counts are int64; ``mean_trust``, the hours and ``hours_per_customer`` are float64
        (``mean_trust`` is NaN in a week with no followers, ``hours_per_customer`` while there
        are no customers).

    Examples
    --------
    >>> df = simulate(Scenario.preset("broadcast", population=2_000, weeks=10, seed=3))
    >>> len(df), int(df["week"].iloc[-1])
    (10, 10)
    """
    if scenario is None:
        scenario = Scenario()
    elif not isinstance(scenario, Scenario):
        raise TypeError(
            f"simulate() takes a kit.sim.Scenario, not {type(scenario).__name__}; "
            "build one with Scenario.preset(name, ...) or Scenario(...)"
        )
    if overrides:
        scenario = dataclasses.replace(scenario, **overrides)
    return cache.run(scenario)


def strategy_label(strategy: Any) -> str:
    """What :func:`compare` calls a strategy: a preset's name, ``"custom P/C/E"`` for shares.

    A :class:`Scenario` is called by its ``strategy_name``; explicit time shares, as a
    sequence or a mapping with ``post``, ``connect`` and ``engage``, by ``"custom "`` and the
    shares. The explorers label runs and match pasted codes with it.

    Examples
    --------
    >>> strategy_label("broadcast"), strategy_label((0.2, 0.3, 0.5))
    ('broadcast', 'custom 0.2/0.3/0.5')
    """
    if isinstance(strategy, str):
        return strategy
    if isinstance(strategy, Scenario):
        return strategy.strategy_name
    if isinstance(strategy, Mapping):
        return "custom " + "/".join(
            f"{strategy.get(k, 0):g}" for k in ("post", "connect", "engage")
        )
    return "custom " + "/".join(f"{v:g}" for v in strategy)


def compare(strategies: Iterable[Any], **common: Any) -> pd.DataFrame:
    """Run several strategies on the same population and stack the results.

    Parameters
    ----------
    strategies : iterable or mapping
        Preset names, explicit time shares ``(post, connect, engage)``, or whole
        :class:`Scenario` objects (common overrides are applied to those too). A mapping
        ``{label: strategy}`` names each run, e.g. ``{"robot": (1, 0, 0)}``; otherwise presets
        are labelled by name and explicit shares as ``"custom P/C/E"``.
    **common
        Fields shared by every run, e.g. ``population=5_000, weeks=104, seed=7``. The same
        seed gives every strategy the same graph and the same starting followers.

    Returns
    -------
    pandas.DataFrame
        The runs stacked, with a ``strategy`` column first.

    Examples
    --------
    >>> df = compare(["broadcast", "relationship"], population=2_000, weeks=8, seed=1)
    >>> df.groupby("strategy").size().to_dict()
    {'broadcast': 8, 'relationship': 8}
    >>> named = compare({"robot": (1, 0, 0)}, population=2_000, weeks=8, seed=1)
    >>> named["strategy"].unique().tolist()
    ['robot']
    """
    frames = []
    if isinstance(strategies, Mapping):
        labelled = [(str(label), strategy) for label, strategy in strategies.items()]
    else:
        labelled = [(strategy_label(strategy), strategy) for strategy in strategies]
    for label, strategy in labelled:
        if isinstance(strategy, Scenario):
            scenario = dataclasses.replace(strategy, **common) if common else strategy
        else:
            scenario = Scenario(strategy=strategy, **common)
        frame = cache.run(scenario)
        frame.insert(0, "strategy", label)
        frames.append(frame)
    if not frames:
        raise ValueError(
            "strategies: give at least one strategy, e.g. ['broadcast', 'relationship']"
        )
    return pd.concat(frames, ignore_index=True)


def run_seeds(seed: int | None, reps: int) -> list[int]:
    """The seeds of ``reps`` repeated runs, derived reproducibly from one seed."""
    children = np.random.SeedSequence(seed).spawn(reps)
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in children]


def ensemble(scenario: Scenario, reps: int = 20, progress: bool = False) -> pd.DataFrame:
    """Run a scenario ``reps`` times with seeds derived from its seed.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its ``seed`` fixes the whole ensemble.
    reps : int
        Number of runs (at least 1).
    progress : bool
        Show a progress bar (in a notebook or terminal).

    Returns
    -------
    pandas.DataFrame
        The runs stacked, with ``run`` (0..reps-1) and ``seed`` columns first.

    Examples
    --------
    >>> runs = ensemble(Scenario.preset("balanced", population=2_000, weeks=5, seed=2), reps=3)
    >>> sorted(runs["run"].unique().tolist())
    [0, 1, 2]
    """
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ValueError(f"reps: {reps!r} is not allowed; give a whole number >= 1")
    seeds = run_seeds(scenario.seed, reps)
    iterator = enumerate(seeds)
    if progress:
        from tqdm.auto import tqdm

        from kit.sim.outputs import PLAIN_BAR

        iterator = tqdm(iterator, total=reps, desc="Running the seeds", bar_format=PLAIN_BAR)
    frames = []
    for i, seed in iterator:
        frame = cache.run(dataclasses.replace(scenario, seed=seed))
        frame.insert(0, "seed", seed)
        frame.insert(0, "run", i)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def bass_curve(t: Any, p: float, q: float) -> np.ndarray:
    """The closed-form Bass adoption share F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).

    Parameters
    ----------
    t : array_like
        Times (weeks when p and q are weekly rates).
    p, q : float
        Coefficients of innovation and imitation (p > 0, q >= 0).

    Examples
    --------
    >>> round(float(bass_curve(10, 0.03, 0.0)), 4)  # q = 0: 1 - e^{-pt}
    0.2592
    """
    _check_pq(p, q)
    t = np.asarray(t, dtype=float)
    e = np.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + (q / p) * e)


def bass_discrete(weeks: int, p: float, q: float) -> np.ndarray:
    """The weekly twin of Bass that the simulator follows exactly in expectation.

    F[0] = 0 and F[t+1] = F[t] + (1 - F[t]) (1 - exp(-(p + q F[t]))).

    Returns
    -------
    numpy.ndarray
        F[1..weeks] (length ``weeks``), aligned with the simulator's week column.

    Examples
    --------
    >>> bass_discrete(3, 0.1, 0.0).round(4).tolist()
    [0.0952, 0.1813, 0.2592]
    """
    _check_pq(p, q)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"weeks: {weeks!r} is not allowed; give a whole number >= 1")
    f = np.empty(weeks)
    prev = 0.0
    for t in range(weeks):
        prev = prev + (1.0 - prev) * -np.expm1(-(p + q * prev))
        f[t] = prev
    return f


def _check_pq(p: float, q: float) -> None:
    for name, value, lo in (("p", p, "> 0"), ("q", q, ">= 0")):
        if not np.isfinite(value) or value < 0 or (name == "p" and value == 0):
            raise ValueError(f"{name}: {value!r} is not allowed; it must be a finite number {lo}")


# ----------------------------------------------------------------- repeated runs for lessons
def compare_seeds(
    strategies: Iterable[Any], seeds: Iterable[int] = (1, 2, 3), **common: Any
) -> pd.DataFrame:
    """:func:`compare` once per seed, stacked, so a lesson reads typical behaviour.

    Parameters
    ----------
    strategies : iterable or mapping
        As for :func:`compare` (a mapping ``{label: strategy}`` names the runs).
    seeds : iterable of int
        One comparison per seed; every strategy meets the same graph on each seed.
    **common
        Fields shared by every run, e.g. ``population=20_000, weeks=104``.

    Returns
    -------
    pandas.DataFrame
        The comparisons stacked, with ``run`` (the seed) and ``strategy`` columns first;
        :func:`kit.sim.analysis.final_table` averages the runs.

    Examples
    --------
    >>> runs = compare_seeds(["broadcast", "relationship"], seeds=(1, 2), population=2_000,
    ...                      weeks=6)
    >>> sorted(runs["run"].unique().tolist()), len(runs)
    ([1, 2], 24)
    """
    seeds = _seed_list(seeds)
    frames = []
    for seed in seeds:
        frame = compare(strategies, **{**common, "seed": seed})
        frame.insert(0, "run", seed)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def vary(
    scenario: Scenario,
    field: str,
    values: Iterable[Any],
    seeds: Iterable[int] | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """Run one scenario at several values of one field, each run labelled by its value.

    Parameters
    ----------
    scenario : Scenario
        What stays the same.
    field : str
        The field to change, e.g. ``"hours"``.
    values : iterable
        Its values, in the order the rows and lines should appear.
    seeds : iterable of int, optional
        Repeat every value on these seeds (a ``run`` column); the scenario's own seed only
        by default.
    name : str, optional
        How to label a run, with ``{}`` for the value (``"{} hours"``); by default the
        field's plain label and the value as its slider reads it (``"Time budget 5"``,
        ``"Ads among posts 20%"``). Time shares (``field="strategy"``) are written in
        words either way (``"20% posting, 80% engaging"``).

    Returns
    -------
    pandas.DataFrame
        The weekly runs stacked, with ``strategy`` (the label) and the field's value as a
        column; give it to :func:`kit.plots.over_time` or
        :func:`kit.sim.analysis.final_table`.

    Examples
    --------
    >>> base = Scenario.preset("relationship", population=2_000, weeks=5, seed=1)
    >>> runs = vary(base, "hours", [5, 10], name="{} h/week")
    >>> runs["strategy"].unique().tolist(), runs["hours"].unique().tolist()
    (['5 h/week', '10 h/week'], [5, 10])
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(
            f"vary() takes a kit.sim.Scenario, not {type(scenario).__name__}; build one with "
            "Scenario.preset(name, ...) or Scenario(...)"
        )
    if field not in {f.name for f in dataclasses.fields(Scenario)}:
        raise ValueError(f"field: {field!r} is not a Scenario field; e.g. 'hours' or 'p_ad'")
    values = list(values)
    if not values:
        raise ValueError("values: give at least one value to run, e.g. [5, 10, 20]")
    if name is None:
        try:  # the seed, the graph and the strategy have no slider label: their own name
            label = Scenario.field_info(field).get("label", field)
        except (ValueError, KeyError):
            label = field
        name = label + " {}"
        plain = True  # the value as its slider reads it: "Ads among posts 20%"
    else:
        plain = False
    seed_list = _seed_list(seeds) if seeds is not None else [None]
    frames = []
    for value in values:
        if plain or (field == "strategy" and isinstance(value, tuple)):
            shown = say_value(field, value)  # time shares in words: "20% posting, 80% engaging"
        else:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
        for seed in seed_list:
            changes = {field: value} if seed is None else {field: value, "seed": seed}
            frame = cache.run(dataclasses.replace(scenario, **changes))
            if field != "strategy":  # the label is the strategy column
                frame.insert(0, field, value)
            frame.insert(0, "strategy", name.format(shown))
            if seed is not None:
                frame.insert(0, "run", seed)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _seed_list(seeds: Iterable[int]) -> list[int]:
    seeds = list(seeds)
    if not seeds or any(isinstance(s, bool) or not isinstance(s, int | np.integer) for s in seeds):
        raise ValueError(f"seeds: {seeds!r} is not allowed; give whole numbers, e.g. (1, 2, 3)")
    return [int(s) for s in seeds]
