"""What would flip it: the smallest change of each parameter that reverses a comparison.

A comparison of two strategies (``a`` against ``b`` on one metric in one week, the mean over
a few seeded runs) has a winner. :func:`flip_analysis` asks, parameter by parameter and in
each direction (up and down, within a range), how far the parameter must move before the
other strategy wins on the mean, and on how many of the seeds it wins there.

How it searches, per parameter and direction (all runs share the seeds of
:func:`kit.sim.ensemble`, so every difference comes from the parameter, not from luck):

1. **Screen** with the first seed alone at two points: the far end of the range and a
   point between (a quarter of the way on a log scale when the range spans more than a
   factor of four, halfway otherwise). A strategy whose whole run at the far end is
   bit-identical to its run at the default is taken not to depend on the parameter in that
   direction: it is not run again (relationship selling posts nothing, so ``reach`` cannot
   touch it). That is an assumption of the search, exact for the rules of RULES.md where a
   parameter gates an activity the strategy never does.
2. **Confirm** with every seed the first screened point where the winner changed on the
   first seed, or where its margin fell below half of the default's (a close call one
   seed may miss).
3. **Bisect** between the last point where the winner held and the first where it flipped,
   on every seed's mean, in steps of the field's slider step, and report the flipping end.

The search assumes the margin changes sign once between the default and the flip: a flip
that comes and goes between two screened points is not seen. A parameter reported as not
flipping did not flip at the points tried; that is evidence, not proof.

Examples
--------
>>> from kit import sim
>>> table = sim.flip_analysis("relationship", "broadcast", params=["tolerance"], reps=2,
...                           population=2_000, weeks=52, seed=1)
>>> list(table.columns[:4])
['parameter', 'direction', 'default', 'flip_value']
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from kit.errors import KitError
from kit.sim import cache
from kit.sim.api import run_seeds, strategy_label
from kit.sim.outputs import OUTPUT_COLUMNS
from kit.sim.scenario import Scenario

#: Fields left out unless named: they set the size and length of the experiment (and its
#: cost), not how people behave.
NOT_BY_DEFAULT = ("population", "weeks")

#: Columns of the table :func:`flip_analysis` returns, in order.
COLUMNS = (
    "parameter",
    "direction",
    "default",
    "flip_value",
    "holds_at",
    "relative_change",
    "range_share",
    "found",
    "seeds_agreeing",
    "reps",
    "a_mean",
    "b_mean",
    "searched_to",
    "within_assumed",
    "note",
)

_SCREEN_CLOSE = 0.5  # a first-seed margin below this share of the default's is confirmed
_MAX_BISECTIONS = 8
_PRECISION = 0.25  # bisection stops when the bracket is this share of the change, or a step


class FlipError(KitError, ValueError):
    """Bad input to :func:`flip_analysis`; the message says how to fix it in one sentence."""


def flip_analysis(
    a: Any,
    b: Any,
    metric: str = "customers",
    week: int | None = None,
    params: Iterable[str] | None = None,
    reps: int = 3,
    bounds: str | Mapping[str, tuple[float, float]] | None = None,
    higher_is_better: bool = True,
    progress: bool | Callable[[int, int, str], Any] = False,
    **common: Any,
) -> pd.DataFrame:
    """For each parameter, the smallest change up or down that reverses who wins.

    Parameters
    ----------
    a, b : str, sequence of three floats, mapping or Scenario
        The two strategies, as in :func:`kit.sim.compare`: preset names, time shares
        ``(post, connect, engage)``, or whole scenarios (``common`` applies to those too).
    metric : str
        The output column compared (:data:`kit.sim.OUTPUT_COLUMNS`), e.g. ``"customers"``.
    week : int, optional
        The week compared; the last week by default. Runs stop there.
    params : iterable of str, optional
        The fields to vary. By default every numeric field but ``population`` and ``weeks``.
        A field whose value differs between ``a`` and ``b`` (``promo_share`` for
        ``balanced`` against ``broadcast``) is not varied and says so in ``note``.
    reps : int
        Seeds per point (derived from the scenarios' seed as :func:`kit.sim.ensemble` does,
        the same for both strategies). The winner is the better mean over them.
    bounds : "slider", "assumed" or mapping, optional
        Where to search: ``"slider"`` (default) the lesson sliders' ranges
        (``Scenario.field_info(name)["slider_min"]``/``["slider_max"]``); ``"assumed"`` the
        range a reasonable reader might defend (``field_info(name)["assumed_range"]``); or
        ``{name: (low, high)}`` for some fields, the sliders' ranges for the rest.
    higher_is_better : bool
        ``False`` for a metric where less wins, such as ``hours_per_customer``.
    progress : bool or callable
        ``True`` shows a progress bar; a callable is called as ``progress(done, total,
        name)`` after each parameter.
    **common
        Fields shared by both runs, e.g. ``population=5_000, weeks=104, seed=1``.

    Returns
    -------
    pandas.DataFrame
        One row per parameter and direction (:data:`COLUMNS`): ``default`` and
        ``flip_value`` (NaN when not ``found`` within the range), ``relative_change``
        (flip / default - 1; NaN when the default is 0), ``range_share`` (the change as a
        share of the searched range), ``seeds_agreeing`` of ``reps`` seeds on which the
        other strategy wins at the flip value, ``a_mean`` and ``b_mean`` there,
        ``searched_to`` (the end of the range searched), ``within_assumed`` (whether the
        flip value lies in the field's ``assumed_range``) and a ``note``. Rows that flip
        come first, the smallest relative change first. ``attrs["flip"]`` holds the
        comparison: labels, metric, week, the winner, both means at the defaults, the seeds,
        the number of runs and the seconds taken.

    Examples
    --------
    >>> t = flip_analysis("relationship", "broadcast", params=["reach"], reps=2,
    ...                   population=2_000, weeks=30, seed=3)
    >>> sorted(t["direction"])
    ['down', 'up']
    >>> t.attrs["flip"]["metric"]
    'customers'
    """
    started = time.perf_counter()
    if progress is not True and progress is not False and not callable(progress):
        raise FlipError(f"progress: {progress!r} is not allowed; give True, False or a function")
    # every input is checked before the first run
    search = _Search(a, b, metric, week, reps, higher_is_better, common)
    names = search.parameters(params)
    limits = _bounds(bounds, names, search)
    search.run_defaults()
    iterate: Iterable[str] = names
    bar = None
    if progress is True:
        from tqdm.auto import tqdm

        from kit.sim.outputs import PLAIN_BAR

        # plain words only (no "11.3parameter/s" under the chart); the bar stays, full, when done
        bar = tqdm(names, desc="Testing each assumption", bar_format=PLAIN_BAR)
        iterate = bar
    rows = []
    for done, name in enumerate(iterate, start=1):
        rows.extend(search.parameter(name, limits.get(name)))
        if bar is not None:
            bar.set_postfix_str(name)
        elif callable(progress):
            progress(done, len(names), name)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    order = np.lexsort(
        (
            table["range_share"].fillna(np.inf).to_numpy(),
            table["relative_change"].abs().fillna(np.inf).to_numpy(),
            ~table["found"].to_numpy(bool),
        )
    )
    table = table.iloc[order].reset_index(drop=True)
    table = table.astype({"found": bool, "seeds_agreeing": "int64", "reps": "int64"})
    table.attrs["flip"] = search.summary(time.perf_counter() - started)
    return table


# ----------------------------------------------------------------------------- the search
class _Search:
    """The two scenarios, their seeds and a cache of every metric value already run."""

    def __init__(self, a, b, metric, week, reps, higher_is_better, common):
        self.labels = (strategy_label(a), strategy_label(b))
        if self.labels[0] == self.labels[1]:
            self.labels = (self.labels[0] + " (a)", self.labels[1] + " (b)")
        try:
            self.base = tuple(_scenario(x, common) for x in (a, b))
        except (TypeError, ValueError) as error:
            raise FlipError(str(error).split("\n")[0]) from None
        outputs = [c for c in OUTPUT_COLUMNS if c != "week"]
        if metric not in outputs:
            raise FlipError(f"metric: unknown {metric!r}; choose one of {', '.join(outputs)}")
        if isinstance(reps, bool) or not isinstance(reps, int) or reps < 1:
            raise FlipError(f"reps: {reps!r} is not allowed; give a whole number >= 1")
        weeks = min(s.weeks for s in self.base)
        if week is None:
            week = weeks
        if isinstance(week, bool) or not isinstance(week, int) or not 1 <= week <= weeks:
            raise FlipError(f"week: {week!r} is not allowed; give a whole number from 1 to {weeks}")
        self.metric, self.week, self.reps = metric, week, reps
        self.sign = 1.0 if higher_is_better else -1.0
        self.seeds = run_seeds(self.base[0].seed, reps)
        self.base = tuple(dataclasses.replace(s, weeks=week) for s in self.base)
        self.runs = 0
        self.cache: dict[tuple, float] = {}  # (strategy, field, value, seed index) -> metric

    def run_defaults(self) -> None:
        """Run both strategies at the defaults on every seed: the winner to reverse."""
        metric, week, reps = self.metric, self.week, self.reps
        self.first_frames = []  # each strategy's first-seed run at the defaults
        self.default = np.empty((2, reps))
        for i, scenario in enumerate(self.base):
            for k, seed in enumerate(self.seeds):
                out = self._run(dataclasses.replace(scenario, seed=seed))
                if k == 0:
                    self.first_frames.append(out)
                self.default[i, k] = out[-1, _METRIC_AT[metric]]
        means = self.default.mean(axis=1)
        if not np.all(np.isfinite(means)):
            raise FlipError(
                f"metric: {metric} has no value at week {week} at the defaults; choose another "
                "metric or a later week"
            )
        self.margin = self.sign * (means[0] - means[1])  # > 0: a wins
        if self.margin == 0:
            raise FlipError(
                f"a, b: {self.labels[0]} and {self.labels[1]} tie on {metric} at week {week} "
                "(mean over the seeds), so there is no winner to reverse; change the week or reps"
            )
        self.winner = 0 if self.margin > 0 else 1
        self.means = means

    # -------------------------------------------------------------- runs and the cache
    def _run(self, scenario: Scenario) -> np.ndarray:
        self.runs += 1
        return cache.run(scenario).to_numpy(dtype=np.float64)

    def value_of(self, name: str) -> float | None:
        """The field's value shared by both scenarios, or None if they differ."""
        values = [s.resolved()[name] for s in self.base]
        return values[0] if values[0] == values[1] else None

    def parameters(self, params: Iterable[str] | None) -> list[str]:
        numeric = Scenario.numeric_fields()
        if params is None:
            return [n for n in numeric if n not in NOT_BY_DEFAULT]
        if isinstance(params, str):
            params = [params]
        names = list(dict.fromkeys(params))
        unknown = [n for n in names if n not in numeric]
        if unknown:
            raise FlipError(
                f"params: {unknown} are not numeric Scenario fields; choose from "
                f"{', '.join(numeric)}"
            )
        if not names:
            raise FlipError("params: give at least one field, e.g. params=['tolerance']")
        return names

    def parameter(self, name: str, limits: tuple[float, float] | None) -> list[dict]:
        """Both directions' rows for one parameter."""
        default = self.value_of(name)
        if default is None:
            values = [s.resolved()[name] for s in self.base]
            return [
                _row(
                    name,
                    direction,
                    math.nan,
                    self.reps,
                    note=f"differs between the strategies ({self.labels[0]}: {values[0]:g}, "
                    f"{self.labels[1]}: {values[1]:g}); vary it in each scenario by hand",
                )
                for direction in ("down", "up")
            ]
        lo, hi = limits
        info = Scenario.field_info(name)
        rows = []
        for direction, end in (("down", lo), ("up", hi)):
            if (end - default) * (1 if direction == "up" else -1) <= 0:
                rows.append(
                    _row(
                        name,
                        direction,
                        default,
                        self.reps,
                        searched_to=end,
                        note="the default is at this end of the range",
                    )
                )
                continue
            rows.append(self.direction(name, direction, default, end, info))
        return rows

    def direction(self, name: str, direction: str, default: float, end: float, info) -> dict:
        step, integer = info["step"], info["integer"]
        fixed = [False, False]  # strategies shown not to depend on the parameter this way
        near = _between(default, end)
        near = _snap(near, step, integer)
        points = [p for p in (near, end) if p != default and (p - default) * (end - default) > 0]
        points = list(dict.fromkeys(points))
        # 1. screen on the first seed; the far end first, which also finds fixed strategies
        first = {}
        for point in sorted(points, key=lambda p: -abs(p - default)):
            first[point] = self.margins(name, point, fixed, seeds=1, probe=point == end)[0]
        inside = default  # the bracket's end where the winner is known to hold on the mean
        candidates = []
        base_first = self.sign * (self.default[0, 0] - self.default[1, 0])
        for point in sorted(points, key=lambda p: abs(p - default)):
            m = first[point]
            flipped = np.sign(m) == -np.sign(self.margin) and m != 0
            close = np.sign(base_first) == np.sign(self.margin) and abs(m) < _SCREEN_CLOSE * abs(
                base_first
            )
            if flipped or close:
                candidates.append(point)
        # 2. confirm on every seed, nearest first; a candidate that holds there narrows the
        # bracket (points only screened on the first seed do not)
        outside = None
        for point in candidates:
            if self.flipped(self.margins(name, point, fixed)):
                outside = point
                break
            inside = point
        if outside is None:
            return _row(
                name,
                direction,
                default,
                self.reps,
                searched_to=end,
                note=_unchanged_note(fixed, self.labels),
            )

        # 3. coarse: bisect on the first seed alone (one run per strategy a step), then
        # fine: check its flip point and the point just inside it on every seed; bisect on
        # every seed's mean whatever bracket is left
        def on_mean(value):
            return self.flipped(self.margins(name, value, fixed))

        def on_first(value):
            return self.flipped(self.margins(name, value, fixed, seeds=1))

        if self.reps > 1 and on_first(outside) and not on_first(inside):
            near_in, near_out = _bisect(inside, outside, default, step, integer, on_first)
            for point in (near_out, near_in):
                if point == inside or point == outside:
                    continue
                if on_mean(point):
                    outside = point
                else:
                    inside = point
                    break
        inside, outside = _bisect(inside, outside, default, step, integer, on_mean)
        margins = self.margins(name, outside, fixed)
        means = self.means_at(name, outside, fixed)
        agreeing = int(np.sum(np.sign(margins) == -np.sign(self.margin)))
        assumed = Scenario.field_info(name).get("assumed_range")
        return _row(
            name,
            direction,
            default,
            self.reps,
            flip_value=outside,
            holds_at=inside,
            found=True,
            seeds_agreeing=agreeing,
            a_mean=means[0],
            b_mean=means[1],
            searched_to=end,
            within_assumed=None if assumed is None else bool(assumed[0] <= outside <= assumed[1]),
            note=f"{self.labels[1 - self.winner]} wins on the mean",
            lo_hi=(min(default, end), max(default, end)),
        )

    def flipped(self, margins: np.ndarray) -> bool:
        mean = float(np.mean(margins))
        return math.isfinite(mean) and mean != 0 and np.sign(mean) == -np.sign(self.margin)

    def values(self, name, value, fixed, seeds=None, probe=False) -> np.ndarray:
        """The metric of both strategies for the first ``seeds`` seeds at ``value``."""
        key_seeds = self.seeds[: seeds or self.reps]
        out = np.empty((2, len(key_seeds)))
        for i, scenario in enumerate(self.base):
            for k, seed in enumerate(key_seeds):
                key = (i, name, value, k)
                if fixed[i]:
                    out[i, k] = self.default[i, k]
                    continue
                if key not in self.cache:
                    frame = self._run(dataclasses.replace(scenario, **{name: value, "seed": seed}))
                    self.cache[key] = frame[-1, _METRIC_AT[self.metric]]
                    if (
                        probe
                        and k == 0
                        and np.array_equal(frame, self.first_frames[i], equal_nan=True)
                    ):
                        fixed[i] = True
                out[i, k] = self.cache[key]
        return out

    def margins(self, name, value, fixed, seeds=None, probe=False) -> np.ndarray:
        v = self.values(name, value, fixed, seeds, probe)
        return self.sign * (v[0] - v[1])

    def means_at(self, name, value, fixed) -> np.ndarray:
        return self.values(name, value, fixed).mean(axis=1)

    def summary(self, seconds: float) -> dict:
        return {
            "a": self.labels[0],
            "b": self.labels[1],
            "metric": self.metric,
            "week": self.week,
            "winner": self.labels[self.winner],
            "a_mean": float(self.means[0]),
            "b_mean": float(self.means[1]),
            "seeds": list(self.seeds),
            "reps": self.reps,
            "runs": self.runs,
            "seconds": round(seconds, 2),
        }


_METRIC_AT = {name: i for i, name in enumerate(OUTPUT_COLUMNS)}


# ----------------------------------------------------------------------------- helpers
def _scenario(strategy: Any, common: Mapping[str, Any]) -> Scenario:
    if isinstance(strategy, Scenario):
        return dataclasses.replace(strategy, **common) if common else strategy
    return Scenario(strategy=strategy, **common)


def _bounds(bounds, names, search) -> dict[str, tuple[float, float]]:
    """The (low, high) searched for each name, inside what the scenarios allow."""
    if bounds is None:
        bounds = "slider"
    custom: Mapping[str, tuple[float, float]] = {}
    if isinstance(bounds, Mapping):
        custom, bounds = bounds, "slider"
        unknown = [n for n in custom if n not in Scenario.numeric_fields()]
        if unknown:
            raise FlipError(f"bounds: {unknown} are not numeric Scenario fields")
    elif bounds not in ("slider", "assumed"):
        raise FlipError(
            f"bounds: {bounds!r} is not allowed; give 'slider', 'assumed' or {{name: (low, high)}}"
        )
    for name, pair in custom.items():
        if not (
            isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair)
            and pair[0] <= pair[1]
        ):
            raise FlipError(f"bounds: {name}: give (low, high) with low <= high, not {pair!r}")
    population = min(s.population for s in search.base)
    out = {}
    for name in names:
        info = Scenario.field_info(name)
        if name in custom:
            lo, hi = custom[name]
        elif bounds == "assumed" and info.get("assumed_range") is not None:
            lo, hi = info["assumed_range"]
        else:
            lo, hi = info["slider_min"], info["slider_max"]
        lo, hi = max(lo, info["min"]), min(hi, info["max"])
        if name == "initial_followers":
            hi = min(hi, population)
        if name == "mean_degree" and all(s.graph != "complete" for s in search.base):
            hi = min(hi, population - 1)
        if info["integer"]:
            lo, hi = math.ceil(lo), math.floor(hi)
        out[name] = (lo, hi)
    return out


def _between(default: float, end: float) -> float:
    """The screened point between the default and the end of the range."""
    if default > 0 and end > 0 and max(default, end) / min(default, end) > 4:
        return math.exp(math.log(default) + (math.log(end) - math.log(default)) / 4)
    return (default + end) / 2


def _snap(value: float, step: float, integer: bool) -> float:
    snapped = round(round(value / step) * step, 10) if step else value
    return int(round(snapped)) if integer else float(snapped)


def _bisect(inside, outside, default, step, integer, flips) -> tuple[float, float]:
    """Narrow (inside, outside), where ``flips`` is False and True, to a step or a tenth of
    the change from the default; midpoints on a log scale across a factor of two or more."""
    for _ in range(_MAX_BISECTIONS):
        if abs(outside - inside) <= _PRECISION * abs(outside - default):
            break
        lo, hi = sorted((inside, outside))
        if lo > 0 and hi / lo >= 2:
            mid = math.sqrt(lo * hi)
        else:
            mid = (lo + hi) / 2
        mid = _snap(mid, step, integer)
        if not _strictly_between(mid, inside, outside):
            break
        if flips(mid):
            outside = mid
        else:
            inside = mid
    return inside, outside


def _strictly_between(x, lo, hi) -> bool:
    return min(lo, hi) < x < max(lo, hi)


def _unchanged_note(fixed, labels) -> str:
    if all(fixed):
        return "changes neither run (bit-identical at the end of the range)"
    if any(fixed):
        which = labels[fixed.index(True)]
        return f"does not flip within the range ({which}'s run does not depend on it)"
    return "does not flip within the range"


def _row(
    name,
    direction,
    default,
    reps,
    *,
    flip_value=math.nan,
    holds_at=math.nan,
    found=False,
    seeds_agreeing=0,
    a_mean=math.nan,
    b_mean=math.nan,
    searched_to=math.nan,
    within_assumed=None,
    note="",
    lo_hi=None,
) -> dict:
    relative = math.nan
    share = math.nan
    if found:
        if default != 0:
            relative = flip_value / default - 1
        if lo_hi is not None and lo_hi[1] > lo_hi[0]:
            share = abs(flip_value - default) / (lo_hi[1] - lo_hi[0])
    return {
        "parameter": name,
        "direction": direction,
        "default": default,
        "flip_value": flip_value,
        "holds_at": holds_at,
        "relative_change": relative,
        "range_share": share,
        "found": found,
        "seeds_agreeing": seeds_agreeing,
        "reps": reps,
        "a_mean": a_mean,
        "b_mean": b_mean,
        "searched_to": searched_to,
        "within_assumed": within_assumed,
        "note": note,
    }
