"""The state of one explorer, observable: what is compared, with which settings, and the run.

A :class:`Session` holds everything an explorer shows as traits (``strategies``,
``fixed``, ``values``, ``metric``, ``frame``, ``error``) and runs the simulator when they
change. Its parts never reach into each other: each observes the session and sets it.

- The explorer (:mod:`kit.explore.explorer`) turns slider moves into :meth:`Session.change`,
  draws the figure when ``frame``, ``metric`` or ``overlays`` change, and is the one place
  that writes the figure.
- The lab bench (:mod:`kit.explore.bench`) keeps every ``frame`` in its history, brings a run
  back with :meth:`Session.apply`, and gives the explorer its overlay lines (pinned runs, the
  Bass yardstick) through :meth:`Session.add_overlay`; when they change it calls
  :meth:`Session.redraw`.

Observers run in the order they were registered: the explorer builds its parts first, so
they have seen a new ``frame`` when it draws and asks them for overlay lines.

Examples
--------
>>> s = Session(["broadcast", "relationship"], {"population": 2_000, "weeks": 20, "seed": 1},
...             {"p_ad": 0.01})
>>> seen = []
>>> s.observe(lambda change: seen.append(len(change["new"])), names="frame")
>>> s.run()
>>> s.set(p_ad=0.03)            # set fields and run once, now
>>> s.values, s.runs, seen
({'p_ad': 0.03}, 2, [40, 40])
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import traitlets as t

from kit import sim
from kit.sim.api import strategy_label
from kit.sim.cost import check_interactive

__all__ = ["CACHE_SIZE", "Overlay", "Session"]

#: Runs kept in memory per session, so that slider positions already visited (dragging back
#: and forth) are redrawn from memory instead of re-run. Runs are deterministic given the
#: settings.
CACHE_SIZE = 64

#: An overlay: ``layer(metric) -> (under, over)``, plotly traces drawn under and over the
#: live lines (their ``meta`` has an ``"overlay"`` key).
Overlay = Callable[[str], tuple[list, list]]


#: The fields a run's size depends on (kit.sim.cost.estimate reads these).
_SIZE_FIELDS = ("population", "weeks", "mean_degree", "graph")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Session(t.HasTraits):
    """One explorer's state and its runs (see the module text).

    Parameters
    ----------
    strategies : sequence
        What is compared, as :func:`kit.sim.compare` takes it.
    fixed : mapping
        ``Scenario`` fields held fixed.
    values : mapping
        The fields the explorer's sliders set, by name, in slider order.
    metric : str
        The output the figure shows.
    debounce : float
        Seconds: after a run, changes within this time (:meth:`change`) are folded into one.
    names : sequence of str, optional
        What to call each strategy (one name each); by default as :func:`kit.sim.compare`
        calls them.
    """

    #: What is compared (preset names, time shares or ``Scenario`` objects).
    strategies = t.List()
    #: What each strategy is called in figures and tables (the lesson's words, e.g.
    #: ``"robot"``); empty: as :func:`kit.sim.compare` calls them (:meth:`labels`).
    names = t.List(t.Unicode())
    #: ``Scenario`` fields held fixed, by name.
    fixed = t.Dict()
    #: The fields the sliders set, by name.
    values = t.Dict()
    #: The output column the figure shows.
    metric = t.Unicode("customers")
    #: The latest run (:func:`kit.sim.compare`'s frame); set by :meth:`run`.
    frame = t.Instance(pd.DataFrame, allow_none=True)
    #: Why the latest settings could not run (a slider event's error), or "".
    error = t.Unicode("")
    #: Bumped by :meth:`redraw` when overlay lines changed (pins, the yardstick).
    overlays = t.Int(0)
    #: Bumped after every run, once it is drawn (with :attr:`last_ms` set).
    updates = t.Int(0)

    def __init__(
        self,
        strategies: Sequence[Any],
        fixed: Mapping[str, Any],
        values: Mapping[str, Any],
        metric: str = "customers",
        debounce: float = 0.0,
        names: Sequence[str] | None = None,
    ) -> None:
        super().__init__(
            strategies=list(strategies),
            names=_names(strategies, names),
            fixed=dict(fixed),
            values=dict(values),
            metric=metric,
        )
        self.debounce = float(debounce)
        #: How many times the simulations were computed (runs from memory not counted).
        self.runs = 0
        #: Milliseconds the latest run took, drawing included (nan before the first).
        self.last_ms = float("nan")
        self._cache: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._pending: asyncio.TimerHandle | None = None
        self._last_run = -math.inf
        self._layers: list[Overlay] = []
        #: True while a run started by a slider (:meth:`change`) is being kept and drawn.
        self.from_slider = False

    # ------------------------------------------------------------------ reading
    def settings(self) -> dict[str, Any]:
        """Every field set: the fixed ones and the sliders' values."""
        return {**self.fixed, **self.values}

    def labels(self) -> list[str]:
        """What each strategy is called: its name, or as :func:`kit.sim.compare` calls it."""
        if self.names:
            return list(self.names)
        return [strategy_label(s) for s in self.strategies]

    # ------------------------------------------------------------------ running
    @staticmethod
    def check_size(settings: Mapping[str, Any]) -> None:
        """Refuse settings whose runs are too large to start while a learner waits (a pasted
        code for ten million people, say), in a sentence and in well under a second
        (:func:`kit.sim.cost.check_interactive`); a ``TooBig``, a ``ValueError``."""
        size = {k: settings[k] for k in _SIZE_FIELDS if k in settings}
        try:
            scenario = sim.Scenario(**size)
        except (TypeError, ValueError):
            return  # impossible values: the run itself says what is wrong
        check_interactive(scenario)

    def _simulate(self, use_cache: bool) -> pd.DataFrame:
        # fixed fields and strategies change too (a restored run, a pasted code)
        key = (tuple(sorted(self.values.items())), repr(sorted(self.fixed.items())))
        key += (repr(self.strategies), tuple(self.names))
        if use_cache and key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        self.check_size({**self.fixed, **self.values})
        named = dict(zip(self.names, self.strategies, strict=True)) if self.names else None
        frame = sim.compare(named or self.strategies, **self.fixed, **self.values)
        self.runs += 1
        self._cache[key] = frame
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return frame

    def run(self, use_cache: bool = False) -> None:
        """Run every strategy now with the current settings; sets :attr:`frame`.

        Raises whatever the simulator raises for impossible settings (:meth:`change`, the
        path of slider events, puts the message in :attr:`error` instead).
        """
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        start = time.perf_counter()
        self.frame = self._simulate(use_cache)
        self.last_ms = (time.perf_counter() - start) * 1e3
        loop = _running_loop()
        self._last_run = loop.time() if loop is not None else time.monotonic()
        self.error = ""
        self.updates += 1

    def apply(
        self,
        settings: Mapping[str, Any],
        strategies: Sequence[Any] | None = None,
        names: Sequence[str] | None = None,
    ) -> None:
        """Take ``settings`` (and ``strategies`` with their ``names``, if given) and run
        once, now.

        A slider's field missing from ``settings`` (or None there) keeps its value; every
        other field in ``settings`` is held fixed, and fixed fields not in it are dropped.
        """
        values = {}
        for name, current in self.values.items():
            value = settings.get(name, current)
            values[name] = current if value is None else value
        fixed = {k: v for k, v in settings.items() if k not in self.values}
        self.check_size({**fixed, **values})  # before anything changes: a refusal keeps all
        with self.hold_trait_notifications():
            if strategies is not None:
                self.names = _names(strategies, names)
                self.strategies = list(strategies)
            self.fixed = fixed
            self.values = values
        self.run(use_cache=True)

    def set(self, **fields: Any) -> None:
        """Set fields (sliders' or fixed ones) and run once now, also where events are
        debounced, so the run is done when the call returns."""
        self.apply({**self.settings(), **fields})

    def change(self, **values: Any) -> None:
        """A slider moved: take its value and run, debounced.

        The first change after a quiet spell runs at once (a slider release shows its result
        without waiting); changes within ``debounce`` seconds after a run are folded into one
        trailing run with the latest values. Without a running event loop (plain Python,
        tests) every change runs at once. Errors go to :attr:`error`.
        """
        self.values = {**self.values, **values}
        loop = _running_loop()
        if loop is None or self.debounce <= 0:
            self._safe_run()
            return
        if self._pending is not None:
            return  # a trailing run is booked; it will read the latest values
        wait = self.debounce - (loop.time() - self._last_run)
        if wait <= 0:
            self._safe_run()
        else:
            self._pending = loop.call_later(wait, self._trailing)

    def _trailing(self) -> None:
        self._pending = None
        self._safe_run()

    def _safe_run(self) -> None:
        self.from_slider = True
        try:
            self.run(use_cache=True)
        except (ValueError, TypeError) as exc:
            self.error = str(exc)
        finally:
            self.from_slider = False

    # ------------------------------------------------------------------ overlays
    def add_overlay(self, layer: Overlay) -> None:
        """Draw ``layer(metric) -> (under, over)`` with every figure (see :data:`Overlay`)."""
        self._layers.append(layer)

    def overlay_traces(self, metric: str) -> tuple[list, list]:
        """Every overlay's traces for ``metric``: those under the live lines, those over."""
        under: list = []
        over: list = []
        for layer in self._layers:
            below, above = layer(metric)
            under += below
            over += above
        return under, over

    def redraw(self) -> None:
        """Say that overlay lines changed: the explorer redraws them (the live lines stay)."""
        self.overlays += 1


def _names(strategies: Sequence[Any], names: Sequence[str] | None) -> list[str]:
    """``names`` checked against ``strategies`` (one each, all different), or []."""
    if names is None or not len(names):
        return []
    names = [str(n) for n in names]
    if len(names) != len(strategies) or len(set(names)) != len(names):
        raise ValueError(
            f"names: give one different name per strategy ({len(strategies)}), not {names!r}"
        )
    return names
