"""The parameters of one simulation: :class:`Scenario`.

Every number in ``MODEL.md`` is a field here, with its default, unit, allowed range and a
slider step in the field's metadata (``Scenario.field_info(name)``). Lessons vary a
scenario with keyword overrides (``Scenario.preset("relationship", p_ad=0.02)``) or
``dataclasses.replace``.

Three fields depend on the strategy and default to ``None``, meaning "the strategy's own
value" (resolved by :meth:`Scenario.resolved`):

- ``promo_share``: 0.2 for ``balanced``, otherwise 1.0 (MODEL.md's presets).
- ``initial_followers``: MODEL.md's 1,000, or 50,000 for ``celebrity``, capped at half the
  population so that the small populations lessons use for speed (5,000-20,000) still have
  people left to reach. At MODEL.md's default N = 100,000 no cap applies.
- ``fame``: 3 for ``celebrity``, otherwise 0.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kit.sim import codes

#: Strategy presets: time shares (post, connect, engage) and the values of the
#: strategy-dependent fields (MODEL.md, "Strategy presets").
PRESETS: dict[str, dict[str, Any]] = {
    "broadcast": {"shares": (0.5, 0.5, 0.0), "promo_share": 1.0},
    "acquainting": {"shares": (0.0, 1.0, 0.0), "promo_share": 1.0},
    "relationship": {"shares": (0.0, 0.0, 1.0), "promo_share": 1.0},
    "balanced": {"shares": (0.2, 0.1, 0.7), "promo_share": 0.2},
    "celebrity": {
        "shares": (0.5, 0.5, 0.0),
        "promo_share": 1.0,
        "initial_followers": 50_000,
        "fame": 3.0,
    },
}

#: Slider ranges for fields whose allowed range is far wider than a lesson needs (a ``p_ad``
#: slider from 0 to 10 would jump 5 times the default per pixel); ``(min, max)``. Other
#: fields' sliders span their allowed range. ``Scenario.field_info`` reports both.
SLIDER_RANGES: dict[str, tuple[float, float]] = {
    "population": (1_000, 20_000),
    "weeks": (13, 260),
    "mean_degree": (2, 50),
    "hours": (0, 40),
    "post_cost": (0.05, 5),
    "connect_cost": (0.01, 1),
    "engage_cost": (0.05, 5),
    "tolerance": (0, 10),
    "spam_weight": (0, 5),
    "capacity": (0, 500),
    "help_evidence": (0, 5),
    "content_evidence": (0, 2),
    "unfollow_fatigue": (0, 1),
    "unfollow_base": (0, 0.05),
    "p_ad": (0, 0.1),
    "p_rel": (0, 0.2),
    "q_wom": (0, 0.5),
    "initial_followers": (0, 2_000),
    "fame": (0, 20),
    "ambassadors": (0, 20),
    "ambassador_hours": (0, 20),
    "prior_a": (0, 20),
    "prior_b": (0, 20),
}

#: The graph kinds the simulator knows.
GRAPHS = ("random", "small_world", "complete")

DEFAULT_INITIAL_FOLLOWERS = 1_000


def _p(default, lo, hi, step, unit, doc, *, integer=False, hi_open=False):
    """A numeric field with its range, slider step, unit and one-line description."""
    meta = {
        "min": lo,
        "max": hi,
        "step": step,
        "unit": unit,
        "doc": doc,
        "integer": integer,
        "max_open": hi_open,
    }
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Scenario:
    """Every parameter of one run of the strategy simulator.

    Rates are per week, times in hours. The defaults are MODEL.md's teaching assumptions;
    its table gives the source of each number where there is one, and
    ``Scenario.field_info(name)["provenance"]`` says the same for code.

    Parameters
    ----------
    strategy : str or sequence of three floats or mapping
        A preset name (``"broadcast"``, ``"acquainting"``, ``"relationship"``,
        ``"balanced"``, ``"celebrity"``) or explicit time shares ``(post, connect,
        engage)`` summing to 1, also accepted as ``{"post": .., "connect": .., "engage": ..}``.
    population, weeks, graph, mean_degree, rewire, seed
        The population size, run length in weeks, the graph kind (``"random"``,
        ``"small_world"`` or ``"complete"``), its mean degree and rewiring probability,
        and the seed of the run's random generator.
    Other fields
        See ``Scenario.field_info(name)`` or the table in MODEL.md.

    Examples
    --------
    >>> s = Scenario.preset("relationship", population=5_000, weeks=52, seed=1)
    >>> s.shares
    (0.0, 0.0, 1.0)
    >>> Scenario.preset("balanced").resolved()["promo_share"]
    0.2
    """

    strategy: str | tuple[float, float, float] = "balanced"
    population: int = _p(
        100_000, 2, 10_000_000, 1_000, "people", "people in the market", integer=True
    )
    weeks: int = _p(156, 1, 5_200, 1, "weeks", "length of the run", integer=True)
    graph: str = "random"
    mean_degree: float = _p(
        10.0, 1.0, 1_000.0, 1.0, "contacts", "mean number of contacts per person"
    )
    rewire: float = _p(0.1, 0.0, 1.0, 0.01, "probability", "small-world rewiring probability")
    seed: int | None = 0

    hours: float = _p(10.0, 0.0, 168.0, 0.5, "hours/week", "the seller's weekly time budget")
    post_cost: float = _p(0.5, 0.001, 100.0, 0.05, "hours", "time to write one post")
    connect_cost: float = _p(0.05, 0.001, 100.0, 0.01, "hours", "time to send one connect request")
    engage_cost: float = _p(
        0.25, 0.001, 100.0, 0.05, "hours", "time for one one-to-one interaction"
    )
    reach: float = _p(
        0.06, 0.0, 1.0, 0.01, "probability", "chance a post reaches a follower (organic reach)"
    )
    promo_share: float | None = _p(None, 0.0, 1.0, 0.05, "share", "share of posts that are ads")
    content_tie: float = _p(0.01, 0.0, 1.0, 0.005, "tie", "tie added per personal post seen")
    content_evidence: float = _p(
        0.2, 0.0, 10.0, 0.05, "evidence", "positive evidence per personal post seen"
    )
    tolerance: float = _p(1.0, 0.0, 100.0, 0.5, "exposures", "fatigue a follower tolerates")
    fatigue_decay: float = _p(
        0.5, 0.0, 1.0, 0.05, "factor/week", "share of fatigue kept from last week"
    )
    spam_weight: float = _p(
        0.5, 0.0, 10.0, 0.1, "evidence", "negative evidence per unit of excess fatigue from ads"
    )
    follow_back: float = _p(
        0.2, 0.0, 1.0, 0.05, "probability", "chance a connect request is followed back"
    )
    capacity: int = _p(
        150,
        0,
        100_000,
        5,
        "people",
        "most active relationships one person keeps (Dunbar)",
        integer=True,
    )
    explore: float = _p(0.25, 0.0, 1.0, 0.05, "share", "share of interactions spent on new people")
    tie_gain: float = _p(
        0.10, 0.0, 1.0, 0.01, "share", "share of the gap to a full tie closed per interaction"
    )
    tie_decay: float = _p(0.02, 0.0, 1.0, 0.005, "share/week", "share of a tie lost each week")
    help_evidence: float = _p(
        1.0, 0.0, 10.0, 0.1, "evidence", "positive evidence per helpful interaction"
    )
    follow_after_engage: float = _p(
        0.5, 0.0, 1.0, 0.05, "probability", "chance an engaged person follows"
    )
    forget: float = _p(0.98, 0.0, 1.0, 0.005, "factor/week", "share of evidence kept each week")
    unfollow_base: float = _p(
        0.002, 0.0, 1.0, 0.001, "probability/week", "base chance a follower leaves"
    )
    unfollow_fatigue: float = _p(
        0.05,
        0.0,
        10.0,
        0.01,
        "per excess exposure",
        "extra chance to leave per unit of excess fatigue",
    )
    rec_base: float = _p(
        0.05, 0.0, 1.0, 0.01, "propensity", "how readily a customer with no tie recommends"
    )
    p_ad: float = _p(
        0.01, 0.0, 10.0, 0.005, "hazard/ad", "purchase hazard per ad seen (times trust)"
    )
    p_rel: float = _p(
        0.03, 0.0, 10.0, 0.005, "hazard/week", "purchase hazard of a full tie (times trust)"
    )
    q_wom: float = _p(
        0.073, 0.0, 10.0, 0.005, "hazard/week", "purchase hazard of full referral pressure"
    )
    satisfaction: float = _p(0.9, 0.0, 1.0, 0.05, "probability", "chance a buyer is satisfied")
    initial_followers: int | None = _p(
        None, 0, 10_000_000, 100, "people", "followers at the start", integer=True
    )
    fame: float | None = _p(
        None, 0.0, 100.0, 0.5, "evidence", "initial positive evidence of the starting followers"
    )
    ambassadors: int = _p(
        0, 0, 10_000, 1, "people", "helpers who engage on the seller's behalf", integer=True
    )
    ambassador_hours: float = _p(
        2.0, 0.0, 168.0, 0.5, "hours/week", "weekly engagement time of each ambassador"
    )
    prior_a: float = _p(1.0, 0.0, 1_000.0, 0.5, "evidence", "prior positive evidence (a0)")
    prior_b: float = _p(3.0, 0.0, 1_000.0, 0.5, "evidence", "prior negative evidence (b0)")

    # ------------------------------------------------------------------ construction
    def __post_init__(self) -> None:
        _validate(self)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> Scenario:
        """Return the scenario of a named strategy preset, with overrides.

        Parameters
        ----------
        name : str
            One of ``broadcast``, ``acquainting``, ``relationship``, ``balanced``,
            ``celebrity``.
        **overrides
            Any other field, e.g. ``population=5_000`` or ``p_ad=0.02``.

        Examples
        --------
        >>> Scenario.preset("celebrity").resolved()["initial_followers"]
        50000
        """
        if not isinstance(name, str) or name not in PRESETS:
            raise ValueError(
                f"strategy: unknown preset {name!r}; choose one of {', '.join(PRESETS)}"
            )
        if "strategy" in overrides:
            raise ValueError(
                "strategy: give the preset name as the first argument, not as strategy="
            )
        return cls(strategy=name, **overrides)

    @classmethod
    def bass_limit(
        cls,
        p: float = 0.03 / 52,
        q: float = 0.38 / 52,
        population: int = 100_000,
        weeks: int = 1_040,
        seed: int | None = 0,
        graph: str = "complete",
        mean_degree: float = 10.0,
    ) -> Scenario:
        """Return a scenario whose customer share follows the Bass model.

        Everyone is a follower and aware, the seller posts one ad a week that reaches
        everyone (so each person sees exactly one ad: hazard ``p``), trust is fixed at 1
        (no negative evidence and a prior of ``b0 = 0``), nobody unfollows, and every
        customer recommends with propensity 1 (``rec_base = 1``) with ``q_wom = q``. On the
        complete graph the purchase hazard is then ``p + q F`` exactly (MODEL.md, "The
        Bass limit"). On a sparse ``graph`` the same settings diffuse more slowly.

        Parameters
        ----------
        p, q : float
            Weekly coefficients of innovation (advertising) and imitation (word of mouth).
        population, weeks, seed : int
            Run size and seed.
        graph : str
            ``"complete"`` for the exact limit; ``"random"`` or ``"small_world"`` to see
            how a sparse network slows diffusion.
        mean_degree : float
            Mean degree of a sparse graph.

        Examples
        --------
        >>> s = Scenario.bass_limit(p=0.01, q=0.2, population=1_000, weeks=10)
        >>> s.resolved()["initial_followers"] == 1_000
        True
        """
        return cls(
            strategy=(1.0, 0.0, 0.0),
            population=population,
            weeks=weeks,
            graph=graph,
            mean_degree=mean_degree,
            seed=seed,
            hours=1.0,
            post_cost=1.0,
            reach=1.0,
            promo_share=1.0,
            spam_weight=0.0,
            unfollow_base=0.0,
            unfollow_fatigue=0.0,
            rec_base=1.0,
            p_ad=p,
            p_rel=0.0,
            q_wom=q,
            satisfaction=1.0,
            initial_followers=population,
            fame=0.0,
            prior_b=0.0,
        )

    # ------------------------------------------------------------------ scenario codes
    def to_code(self) -> str:
        """A short text holding this scenario exactly, e.g. to hand in or paste elsewhere.

        The strategy, the seed and every non-default field (:mod:`kit.sim.codes`).

        Examples
        --------
        >>> s = Scenario.preset("relationship", population=5_000, seed=3)
        >>> Scenario.from_code(s.to_code()) == s
        True
        """
        fields: dict[str, Any] = {}
        for spec in dataclasses.fields(self):
            value, default = getattr(self, spec.name), spec.default
            # an int 10 and a float 10.0 differ in a code: an int stays an int
            if spec.name in ("strategy", "seed") or not (
                value == default and type(value) is type(default)
            ):
                fields[spec.name] = list(value) if isinstance(value, tuple) else value
        return codes.encode_fields(fields)

    @classmethod
    def from_code(cls, text: str) -> Scenario:
        """The scenario a :meth:`to_code` text holds; a bad code raises ``CodeError``
        (a ``KitError`` and ``ValueError``) with one sentence saying what is wrong."""
        values = codes.decode_fields(text, known=[f.name for f in dataclasses.fields(cls)])
        try:
            return cls(**values)
        except (ValueError, TypeError) as exc:
            reason = str(exc).rstrip(".")
            raise codes.CodeError(
                f"This scenario code holds a scenario that is not allowed: {reason}."
            ) from None

    # ------------------------------------------------------------------ derived values
    @property
    def strategy_name(self) -> str:
        """The preset name, or ``"custom"`` for explicit shares."""
        return self.strategy if isinstance(self.strategy, str) else "custom"

    @property
    def shares(self) -> tuple[float, float, float]:
        """Time shares ``(post, connect, engage)``."""
        if isinstance(self.strategy, str):
            return tuple(PRESETS[self.strategy]["shares"])
        return _shares(self.strategy)

    def resolved(self) -> dict[str, Any]:
        """Return every field with the strategy-dependent ``None`` values filled in.

        Also adds ``post_share``, ``connect_share`` and ``engage_share``.
        """
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        preset = PRESETS.get(self.strategy, {}) if isinstance(self.strategy, str) else {}
        if values["promo_share"] is None:
            values["promo_share"] = float(preset.get("promo_share", 1.0))
        if values["initial_followers"] is None:
            wanted = preset.get("initial_followers", DEFAULT_INITIAL_FOLLOWERS)
            values["initial_followers"] = min(wanted, self.population // 2)
        if values["fame"] is None:
            values["fame"] = float(preset.get("fame", 0.0))
        values["post_share"], values["connect_share"], values["engage_share"] = self.shares
        return values

    @staticmethod
    def field_info(name: str) -> dict[str, Any]:
        """Return the allowed range, slider range and step, unit and description of a field.

        Keys: ``min``, ``max`` (what validation allows), ``slider_min``, ``slider_max`` and
        ``step`` (what a lesson slider offers), ``unit``, ``doc``, ``default``, ``integer``,
        and in plain words (:mod:`kit.sim.labels`): ``label``, ``plain_unit``, ``readout``
        (the slider's number format) and ``ui_step`` (the unit's natural step). Where the
        number comes from (:mod:`kit.sim.provenance`): ``provenance`` (``"source"``,
        ``"proxy"``, ``"assumed"`` or ``"setting"``), ``source`` (the study and the number
        taken from it; empty when assumed), ``assumed_range`` (``(low, high)`` a reasonable
        reader might defend, or None) and ``provenance_note`` (what the source measured, or
        why the range).

        Examples
        --------
        >>> Scenario.field_info("reach")["max"]
        1.0
        >>> Scenario.field_info("tolerance")["provenance"]
        'assumed'
        """
        for f in dataclasses.fields(Scenario):
            if f.name == name:
                if not f.metadata:
                    raise ValueError(f"{name}: is not a numeric parameter with a range")
                info = dict(f.metadata)
                info["default"] = f.default
                info["slider_min"], info["slider_max"] = SLIDER_RANGES.get(
                    name, (info["min"], info["max"])
                )
                info.update(_plain_words(name, info))
                info.update(_provenance(name))
                return info
        raise ValueError(f"{name}: no such Scenario field; see Scenario.numeric_fields()")

    @staticmethod
    def numeric_fields() -> tuple[str, ...]:
        """Names of the fields that have a numeric range (the slider names)."""
        return tuple(f.name for f in dataclasses.fields(Scenario) if f.metadata)


def _plain_words(name: str, info: dict[str, Any]) -> dict[str, Any]:
    from kit.sim.labels import FIELD_LABELS

    words = FIELD_LABELS.get(name)
    if words is None:
        return {"label": name, "plain_unit": info["unit"], "readout": "", "ui_step": info["step"]}
    return words._asdict()


def _provenance(name: str) -> dict[str, Any]:
    from kit.sim.provenance import PROVENANCE

    where = PROVENANCE[name]
    return {
        "provenance": where.kind,
        "source": where.source,
        "assumed_range": where.assumed_range,
        "provenance_note": where.note,
    }


def _shares(strategy: Any) -> tuple[float, float, float]:
    if isinstance(strategy, Mapping):
        unknown = set(strategy) - {"post", "connect", "engage"}
        if unknown:
            raise ValueError(
                f"strategy: unknown activity {sorted(unknown)}; use the keys post, connect, engage"
            )
        values = [strategy.get(k, 0.0) for k in ("post", "connect", "engage")]
    elif isinstance(strategy, Sequence) and len(strategy) == 3:
        values = list(strategy)
    else:
        raise ValueError(
            f"strategy: {strategy!r} is neither a preset name ({', '.join(PRESETS)}) nor three "
            "time shares (post, connect, engage) summing to 1"
        )
    out = []
    for label, v in zip(("post", "connect", "engage"), values, strict=True):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise ValueError(
                f"strategy: the {label} share is {v!r}; each share must be a number >= 0"
            )
        out.append(float(v))
    if abs(sum(out) - 1.0) > 1e-6:
        raise ValueError(
            f"strategy: the time shares {tuple(out)} sum to {sum(out):g}; they must sum to 1"
        )
    return tuple(out)


def _validate(s: Scenario) -> None:
    if isinstance(s.strategy, str):
        if s.strategy not in PRESETS:
            raise ValueError(
                f"strategy: unknown preset {s.strategy!r}; choose one of {', '.join(PRESETS)} "
                "or give three time shares (post, connect, engage)"
            )
    else:
        object.__setattr__(s, "strategy", _shares(s.strategy))
    if s.graph not in GRAPHS:
        raise ValueError(f"graph: unknown graph {s.graph!r}; choose one of {', '.join(GRAPHS)}")
    if s.seed is not None and (
        isinstance(s.seed, bool) or not isinstance(s.seed, int) or s.seed < 0
    ):
        raise ValueError(f"seed: {s.seed!r} is not allowed; use a whole number >= 0 or None")
    for f in dataclasses.fields(s):
        if not f.metadata:
            continue
        v = getattr(s, f.name)
        if v is None and f.default is None:
            continue
        meta = f.metadata
        rng = f"[{meta['min']:g}, {meta['max']:g}]"
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise ValueError(f"{f.name}: {v!r} is not a number; allowed range {rng}")
        if isinstance(v, float) and math.isnan(v):
            raise ValueError(f"{f.name}: NaN is not allowed; give a number in {rng}")
        if meta["integer"]:
            if isinstance(v, float):
                if not v.is_integer():
                    raise ValueError(f"{f.name}: {v!r} must be a whole number in {rng}")
                object.__setattr__(s, f.name, int(v))
                v = int(v)
        if not meta["min"] <= v <= meta["max"]:
            raise ValueError(
                f"{f.name}: {v!r} is out of range; allowed range {rng} ({meta['doc']})"
            )
    values = s.resolved()
    if values["initial_followers"] > s.population:
        raise ValueError(
            f"initial_followers: {values['initial_followers']} is more than the population "
            f"({s.population}); allowed range [0, population]"
        )
    if s.graph != "complete" and s.mean_degree >= s.population:
        raise ValueError(
            f"mean_degree: {s.mean_degree:g} must be below the population ({s.population}); "
            "lower mean_degree or use graph='complete'"
        )
