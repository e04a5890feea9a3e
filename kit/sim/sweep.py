"""Parameter sweeps: which strategy wins across a grid of two parameters.

Every grid point and every strategy runs with the same seeds (common random numbers): the
``reps`` seeds are derived once from the base scenario's seed, exactly as
:func:`kit.sim.ensemble` derives them. Differences between strategies, and between
neighbouring grid points, then come from the parameters and not from luck of the draw.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from kit.sim import cache
from kit.sim.api import run_seeds, strategy_label
from kit.sim.outputs import COUNT_COLUMNS, OUTPUT_COLUMNS
from kit.sim.scenario import Scenario

_NOT_SWEPT = ("strategy", "seed")


def _axis(arg: Any, which: str) -> tuple[str, list]:
    """Check one grid axis ``(name, values)`` and return it with the values as a list."""
    fields = [f.name for f in dataclasses.fields(Scenario) if f.name not in _NOT_SWEPT]
    if not (isinstance(arg, Sequence) and not isinstance(arg, str) and len(arg) == 2):
        raise ValueError(
            f"{which}: give (name, values), e.g. {which}=('p_ad', [0.005, 0.01, 0.02]); got {arg!r}"
        )
    name, values = arg
    if name not in fields:
        raise ValueError(
            f"{which}: {name!r} is not a Scenario field that can be swept; choose one of "
            f"{', '.join(Scenario.numeric_fields())} (or graph)"
        )
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValueError(f"{which}: the values of {name!r} must be a list, e.g. [0.01, 0.02]")
    values = list(values)
    if not values:
        raise ValueError(f"{which}: give at least one value of {name!r}")
    if len(set(map(repr, values))) != len(values):
        raise ValueError(f"{which}: the values of {name!r} repeat; give each value once")
    return name, values


def sweep(
    base: Scenario,
    x: tuple[str, Iterable[Any]],
    y: tuple[str, Iterable[Any]],
    strategies: Iterable[Any] = ("broadcast", "relationship"),
    reps: int = 1,
    metrics: Iterable[str] | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Run every strategy at every point of a two-parameter grid and keep the final week.

    Parameters
    ----------
    base : Scenario
        Everything that is not swept (population, weeks, seed, other rates). Its strategy
        is replaced by each of ``strategies``.
    x, y : (str, list)
        The two swept fields and their values, e.g. ``("initial_followers", [50, 200, 800])``
        and ``("p_ad", [0.005, 0.01, 0.02])``.
    strategies : iterable
        Preset names or explicit time shares ``(post, connect, engage)``, as in
        :func:`kit.sim.compare`.
    reps : int
        Runs per grid point and strategy. Their seeds come from ``base.seed`` and are the
        same at every grid point and for every strategy (common random numbers).
    metrics : iterable of str, optional
        Output columns to keep; all of them by default. Each is its value in the final week
        (so a weekly column such as ``new_customers`` is that last week's count).
    progress : bool
        Show a progress bar (in a notebook or a terminal).

    Returns
    -------
    pandas.DataFrame
        One row per grid point, strategy and run: the columns ``x``'s name, ``y``'s name,
        ``strategy``, ``run``, ``seed``, then the metrics. ``frame.attrs["sweep"]`` records
        the axis names, the strategies and the weeks.

    Examples
    --------
    >>> from kit import sim
    >>> base = sim.Scenario(population=2_000, weeks=10, seed=1)
    >>> grid = sweep(base, x=("reach", [0.03, 0.06]), y=("p_ad", [0.01, 0.02]),
    ...              metrics=["customers"], progress=False)
    >>> grid.shape
    (8, 6)
    >>> list(grid.columns)
    ['reach', 'p_ad', 'strategy', 'run', 'seed', 'customers']
    """
    if not isinstance(base, Scenario):
        raise TypeError(
            f"sweep() takes a kit.sim.Scenario as base, not {type(base).__name__}; "
            "build one with Scenario(population=5_000, weeks=104, seed=1)"
        )
    x_name, x_values = _axis(x, "x")
    y_name, y_values = _axis(y, "y")
    if x_name == y_name:
        raise ValueError(f"x, y: both sweep {x_name!r}; choose two different fields")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
        raise ValueError(f"reps: {reps!r} is not allowed; give a whole number >= 1")
    if isinstance(strategies, str | Mapping):
        strategies = [strategies]
    strategies = list(strategies)
    if not strategies:
        raise ValueError("strategies: give at least one, e.g. ('broadcast', 'relationship')")
    outputs = [c for c in OUTPUT_COLUMNS if c != "week"]
    metrics = list(metrics) if metrics is not None else outputs
    unknown = [m for m in metrics if m not in outputs]
    if unknown:
        raise ValueError(f"metrics: unknown {unknown}; choose from {outputs}")

    seeds = run_seeds(base.seed, reps)
    # Build (and so validate) every scenario before the long part starts.
    jobs = []
    for yv in y_values:
        for xv in x_values:
            for run, seed in enumerate(seeds):
                for strategy in strategies:
                    if isinstance(strategy, Scenario):
                        scenario = dataclasses.replace(
                            strategy, **{x_name: xv, y_name: yv, "seed": seed}
                        )
                    else:
                        scenario = dataclasses.replace(
                            base, strategy=strategy, **{x_name: xv, y_name: yv, "seed": seed}
                        )
                    jobs.append((xv, yv, strategy_label(strategy), run, seed, scenario))

    iterator = jobs
    if progress:
        from tqdm.auto import tqdm

        from kit.sim.outputs import PLAIN_BAR

        iterator = tqdm(jobs, desc="Running the grid", bar_format=PLAIN_BAR)
    rows = []
    for xv, yv, label, run, seed, scenario in iterator:
        final = cache.run(scenario).iloc[-1]
        rows.append((xv, yv, label, run, seed, *(final[m] for m in metrics)))
    frame = pd.DataFrame(rows, columns=[x_name, y_name, "strategy", "run", "seed", *metrics])
    # keep the simulator's dtypes: counts are int64 (the row round-trip makes them float)
    frame = frame.astype({m: "int64" for m in metrics if m in COUNT_COLUMNS})
    frame.attrs["sweep"] = {
        "x": x_name,
        "y": y_name,
        "strategies": list(dict.fromkeys(job[2] for job in jobs)),
        "weeks": base.weeks,
        "reps": reps,
    }
    return frame


# ------------------------------------------------- one setting at a time, for the lessons
def crossover_by(
    name: str,
    values: Iterable[Any],
    a: Any = "relationship",
    b: Any = "broadcast",
    metric: str = "customers",
    seeds: Iterable[int] = (1, 2, 3, 4, 5),
    **common: Any,
) -> pd.DataFrame:
    """The week ``a`` overtakes ``b`` for good, at several values of one setting.

    A one-setting sweep for the lessons: for each value, both strategies run on every seed
    (:func:`kit.sim.api.compare_seeds`: the same graph for both on each seed), and the
    crossover is read from the mean curves (:func:`kit.sim.crossover`).

    Parameters
    ----------
    name : str
        The field to vary, e.g. ``"p_ad"``.
    values : iterable
        Its values, in the order of the rows (a repeated value is run once).
    a, b : str or sequence of three floats
        The two strategies, as for :func:`kit.sim.compare`.
    metric : str
        The output compared.
    seeds : iterable of int
        The seeds of the runs at every value.
    **common
        Fields shared by every run, e.g. ``population=20_000, weeks=104``.

    Returns
    -------
    pandas.DataFrame
        Indexed by the values (the index named by the field's plain label), with two
        columns: ``"crossover week"`` (a nullable integer, missing when ``a`` has not
        overtaken ``b`` for good by the last week) and ``"ahead at the end"`` (the strategy
        with the higher mean in the last week).

    Examples
    --------
    >>> t = crossover_by("p_ad", [0.005, 0.05], seeds=(1, 2), population=2_000, weeks=52)
    >>> t.columns.tolist(), t.index.name
    (['crossover week', 'ahead at the end'], 'Ad response')
    """
    from kit.sim.analysis import crossover, final_table
    from kit.sim.api import compare_seeds

    if isinstance(values, str) or not isinstance(values, Iterable):
        values = [values]
    name, values = _axis((name, list(dict.fromkeys(values))), "name, values")
    if metric not in OUTPUT_COLUMNS or metric == "week":
        raise ValueError(f"metric: {metric!r} is not an output; e.g. 'customers'")
    la, lb = strategy_label(a), strategy_label(b)
    if la == lb:
        raise ValueError(f"a, b: both are {la!r}; give two different strategies")
    weeks, ahead = [], []
    for value in values:
        runs = compare_seeds({la: a, lb: b}, seeds=seeds, **{**common, name: value})
        weeks.append(crossover(runs, metric, a=la, b=lb))
        end = final_table(runs, [metric])[metric]
        ahead.append(la if end[la] > end[lb] else lb if end[lb] > end[la] else "neither")
    label = Scenario.field_info(name).get("label") or name
    return pd.DataFrame(
        {"crossover week": pd.array(weeks, dtype="Int64"), "ahead at the end": ahead},
        index=pd.Index(values, name=label),
    )
