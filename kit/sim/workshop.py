"""The capstone workshop's runs and sentences (lesson 06), so the lesson only changes values.

A learner picks one of four :data:`BUSINESSES` and a :func:`design` (time shares and an
ad share); everything the lesson then says about *their* run is computed here and returned
as plain sentences (:class:`Words`, shown as text in a notebook), so the prose follows the
learner's choices instead of describing a default they may have left:

- :func:`business`, :func:`presets`, :func:`preset_finals`, :func:`say_presets`: the four
  presets on one business;
- :func:`design` and :class:`Design`: the learner's strategy, from any three shares;
- :func:`ensembles`, :func:`final_spread`, :func:`say_bands`: many runs, and whether their
  ranges overlap;
- :func:`flip_check`, :func:`say_flips`, :func:`flip_sliders`: what would have to change for
  broadcasting to beat the design (:func:`kit.sim.flip_analysis` on the business);
- :func:`duel`, :func:`say_duel`: the design against broadcast under changed assumptions;
- :func:`results_table`, :func:`say_table`, :func:`save_results`, :func:`leaderboard`: the
  class's table.

Longer than the kit's usual 500 lines because it is one lesson's helpers, mostly docstrings
with runnable examples, kept together so that a remixer changing the capstone finds them in
one place.

Examples
--------
>>> mine = design(post=1, connect=0, engage=9, promo_share=0.2)
>>> mine.strategy
(0.1, 0.0, 0.9)
>>> business("online shop")["initial_followers"]
0
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kit.errors import KitError
from kit.sim.api import compare, ensemble
from kit.sim.flip import flip_analysis
from kit.sim.scenario import Scenario

#: The four businesses of the workshop: the fields each changes from the defaults (the
#: reasons are in lesson 06's table). Every one runs for two years.
BUSINESSES: dict[str, dict[str, Any]] = {
    "real-estate agent": {
        "hours": 6,
        "population": 5_000,
        "p_ad": 0.004,
        "reach": 0.08,
        "initial_followers": 300,
        "graph": "small_world",
        "mean_degree": 12,
        "weeks": 104,
    },
    "B2B consultant": {
        "hours": 5,
        "population": 2_000,
        "p_ad": 0.002,
        "reach": 0.04,
        "p_rel": 0.04,
        "initial_followers": 200,
        "mean_degree": 20,
        "weeks": 104,
    },
    "online shop": {
        "hours": 15,
        "population": 20_000,
        "p_ad": 0.02,
        "initial_followers": 0,
        "weeks": 104,
    },
    "celebrity": {
        "hours": 10,
        "population": 30_000,
        "initial_followers": 15_000,
        "fame": 3.0,
        "weeks": 104,
    },
}

#: The presets the workshop tries on every business.
PRESET_NAMES = ("broadcast", "acquainting", "relationship", "balanced")

#: The assumptions a client could argue about, which :func:`flip_check` varies: how people
#: respond and what effort costs, not the size of the market or the design itself.
DOUBTFUL = (
    "hours",
    "reach",
    "engage_cost",
    "post_cost",
    "tolerance",
    "unfollow_fatigue",
    "tie_gain",
    "tie_decay",
    "p_ad",
    "p_rel",
    "q_wom",
    "satisfaction",
    "initial_followers",
)

#: The label of the learner's design in every table and figure.
MINE = "your design"


class WorkshopError(KitError, ValueError):
    """A value the workshop cannot use; the message says how to fix it in one sentence."""


class Words(str):
    """A sentence or two about a run: a ``str`` that a notebook shows as text."""

    def _repr_markdown_(self) -> str:
        return str(self)


# ------------------------------------------------------------------------------ businesses
def _key(name: str) -> str:
    """A business name as compared: case, quotes, hyphens and spaces do not count."""
    cleaned = name.strip().strip("\"'").lower().replace("-", " ").replace("_", " ")
    return " ".join(cleaned.split())


def business_name(name: str) -> str:
    """The workshop's spelling of a business, however a learner typed it (capitals, a
    hyphen or a space more or less); a name that is not one of them is refused with a
    sentence that lists the four and suggests the nearest.

    Examples
    --------
    >>> business_name("Real estate agent"), business_name("online-shop")
    ('real-estate agent', 'online shop')
    >>> business_name("real estate agnt")
    Traceback (most recent call last):
    ...
    kit.sim.workshop.WorkshopError: There is no business called "real estate agnt" in the \
workshop. Did you mean "real-estate agent"? Write one of "real-estate agent", \
"B2B consultant", "online shop" or "celebrity", in quotes.
    """
    import difflib

    known = {_key(b): b for b in BUSINESSES}
    if isinstance(name, str) and _key(name) in known:
        return known[_key(name)]
    choices = [f'"{b}"' for b in BUSINESSES]
    listed = ", ".join(choices[:-1]) + f" or {choices[-1]}"
    if not isinstance(name, str):
        raise WorkshopError(
            f"The business is a name in quotes, not {name!r}: write one of {listed}."
        )
    near = difflib.get_close_matches(_key(name), list(known), n=1, cutoff=0.6)
    guess = f' Did you mean "{known[near[0]]}"?' if near else ""
    raise WorkshopError(
        f'There is no business called "{name}" in the workshop.{guess} Write one of '
        f"{listed}, in quotes."
    )


def business(name: str) -> dict[str, Any]:
    """The fields one business changes (a fresh copy of :data:`BUSINESSES`'s entry); the
    name is read as :func:`business_name` reads it.

    Examples
    --------
    >>> business("celebrity")["initial_followers"]
    15000
    """
    return dict(BUSINESSES[business_name(name)])


def business_table() -> pd.DataFrame:
    """Every setting each business changes, one row per business (missing: the default).

    Examples
    --------
    >>> business_table().loc["online shop", "hours"]
    15.0
    """
    table = pd.DataFrame(BUSINESSES).T.rename_axis("business")
    if "graph" in table.columns:  # "small_world" as the lesson says it
        table["graph"] = table["graph"].map(
            lambda g: g.replace("_", " ") if isinstance(g, str) else g
        )
    return table.rename(columns={"graph": "network"})


def presets(name: str, seed: int = 1) -> pd.DataFrame:
    """The four presets (:data:`PRESET_NAMES`) on one business, one run each, same seed.

    Examples
    --------
    >>> runs = presets("B2B consultant")
    >>> sorted(runs["strategy"].unique())
    ['acquainting', 'balanced', 'broadcast', 'relationship']
    """
    return compare(list(PRESET_NAMES), seed=seed, **business(name))


def preset_finals(name: str, reps: int = 3) -> pd.Series:
    """Final customers of each preset on one business, the mean of seeds 0 to ``reps - 1``.

    Examples
    --------
    >>> finals = preset_finals("B2B consultant", reps=2)
    >>> finals.idxmax() in PRESET_NAMES
    True
    """
    runs = [presets(name, seed=s) for s in range(reps)]
    last = pd.concat(r[r["week"] == r["week"].max()] for r in runs)
    return last.groupby("strategy")["customers"].mean()


def _finals(runs: pd.DataFrame, column: str = "customers") -> pd.Series:
    last = runs[runs["week"] == runs["week"].max()]
    return last.groupby("strategy", sort=False)[column].mean()


def say_presets(runs: pd.DataFrame, name: str) -> Words:
    """Say, from the learner's own run, how the presets ranked on their business.

    Examples
    --------
    >>> print(say_presets(presets("B2B consultant"), "B2B consultant"))  # doctest: +ELLIPSIS
    For the B2B consultant after two years: ...
    """
    finals = _finals(runs).sort_values(ascending=False)
    listed = ", ".join(f"{s} {v:,.0f}" for s, v in finals.items())
    best, worst = finals.index[0], finals.index[-1]
    name = {_key(b): b for b in BUSINESSES}.get(_key(name), name)  # as the workshop spells it
    text = f"For the {name} after two years: {listed} customers. {best.capitalize()} won"
    broadcast = finals.get("broadcast", math.nan)
    if best != "broadcast" and broadcast > 0:
        text += f", with {finals[best] / broadcast:.1f} times broadcast's customers"
    elif best == "broadcast":
        text += ": here, broadcasting to the audience is what sells"
    text += f"; {worst} won the fewest."
    return Words(text)


# ------------------------------------------------------------------------------ the design
@dataclasses.dataclass(frozen=True)
class Design:
    """A learner's strategy: time shares ``(post, connect, engage)`` and the ad share.

    Build it with :func:`design`. ``scenario(name)`` runs it on a business.
    """

    post: float
    connect: float
    engage: float
    promo_share: float
    scaled: bool = False  # True when the shares given did not add up to 1

    @property
    def strategy(self) -> tuple[float, float, float]:
        """The time shares, for :class:`kit.sim.Scenario`'s ``strategy``."""
        return (self.post, self.connect, self.engage)

    def scenario(self, name: str, seed: int = 7, **changes: Any) -> Scenario:
        """This design on business ``name`` (and any changed fields), as one scenario."""
        fields = business(name)
        fields.update(changes)
        return Scenario(strategy=self.strategy, promo_share=self.promo_share, seed=seed, **fields)

    def __str__(self) -> str:
        ads = "no ads" if self.promo_share == 0 else f"{self.promo_share:.0%} of posts are ads"
        text = (
            f"My design: {self.post:.0%} of the week posting ({ads}), {self.connect:.0%} "
            f"sending connect requests, {self.engage:.0%} helping people one-to-one."
        )
        if self.scaled:
            text += " (The shares you gave did not add up to 1, so they were scaled to fit.)"
        return text

    def _repr_markdown_(self) -> str:
        return str(self)


def design(post: float, connect: float, engage: float, promo_share: float) -> Design:
    """A design from any three non-negative shares (scaled to add up to 1) and an ad share.

    Parameters
    ----------
    post, connect, engage : float
        Shares of the week spent posting, sending connect requests and helping people
        one-to-one. Any non-negative numbers, not all 0: they are divided by their sum,
        so ``(1, 0, 9)`` means 10% posting and 90% helping.
    promo_share : float
        The share of posts that are ads, from 0 to 1.

    Examples
    --------
    >>> design(0.4, 0.2, 0.4, 0.5).strategy
    (0.4, 0.2, 0.4)
    >>> design(2, 0, 2, 0).scaled
    True
    """
    shares = []
    for label, value in (("post", post), ("connect", connect), ("engage", engage)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise WorkshopError(f"{label}: {value!r} is not a share; give a number of 0 or more")
        if not math.isfinite(value):
            raise WorkshopError(f"{label}: {value!r} is not a share; give a finite number")
        shares.append(float(value))
    total = sum(shares)
    if total <= 0:
        raise WorkshopError(
            "post, connect, engage: all three shares are 0; give at least one a share above 0"
        )
    if (
        isinstance(promo_share, bool)
        or not isinstance(promo_share, int | float)
        or not 0 <= promo_share <= 1
    ):
        raise WorkshopError(
            f"promo_share: {promo_share!r} is not allowed; give the share of posts that are "
            "ads, from 0 to 1"
        )
    scaled = abs(total - 1) > 1e-9
    post, connect, engage = (round(s / total, 12) for s in shares)
    engage = 1.0 - post - connect if scaled else engage  # exactly 1 in all
    return Design(post, connect, max(engage, 0.0), float(promo_share), scaled)


def scenario_for(name: str, strategy: Any, seed: int = 7, **changes: Any) -> Scenario:
    """One strategy (a :class:`Design`, a preset name or time shares) on business ``name``.

    Examples
    --------
    >>> scenario_for("B2B consultant", "relationship", seed=2).population
    2000
    """
    return _scenario_of(strategy, name, seed, changes)


def _scenario_of(strategy: Any, name: str, seed: int, changes: Mapping[str, Any]) -> Scenario:
    if isinstance(strategy, Design):
        return strategy.scenario(name, seed=seed, **changes)
    fields = business(name)
    fields.update(changes)
    if isinstance(strategy, Scenario):
        return dataclasses.replace(strategy, seed=seed, **fields)
    return Scenario(strategy=strategy, seed=seed, **fields)


# ------------------------------------------------------------------------------ ensembles
def ensembles(
    strategies: Mapping[str, Any], name: str, reps: int = 20, seed: int = 7, **changes: Any
) -> pd.DataFrame:
    """``reps`` seeded runs of each labelled strategy on business ``name``, stacked.

    Parameters
    ----------
    strategies : mapping
        ``{label: strategy}``: a :class:`Design`, a preset name or time shares.
    name : str
        The business.
    reps, seed : int
        Runs per strategy, and the seed they are derived from (the same for every strategy).
    **changes
        Fields changed from the business's, e.g. ``satisfaction=0.7``.

    Returns
    -------
    pandas.DataFrame
        :func:`kit.sim.ensemble`'s runs with ``strategy`` set to each label.

    Examples
    --------
    >>> runs = ensembles({"broadcast": "broadcast"}, "B2B consultant", reps=2)
    >>> runs["run"].nunique()
    2
    """
    if not isinstance(strategies, Mapping) or not strategies:
        raise WorkshopError(
            "strategies: give labelled strategies, e.g. "
            "{'your design': mine, 'balanced': 'balanced'}"
        )
    frames = []
    for label, strategy in strategies.items():
        runs = ensemble(_scenario_of(strategy, name, seed, changes), reps=reps)
        frames.append(runs.assign(strategy=str(label)))
    return pd.concat(frames, ignore_index=True)


def final_spread(
    runs: pd.DataFrame, columns: Sequence[str] = ("customers", "allies", "mean_trust")
) -> pd.DataFrame:
    """The last week of an ensemble: the 5th percentile, median and 95th percentile.

    Returns
    -------
    pandas.DataFrame
        One row per strategy; columns ``(column, "5%" | "median" | "95%")``.

    Examples
    --------
    >>> runs = ensembles({"broadcast": "broadcast"}, "B2B consultant", reps=3)
    >>> list(final_spread(runs, ["customers"]).columns.get_level_values(1))
    ['5%', 'median', '95%']
    """
    last = runs[runs["week"] == runs["week"].max()]
    grouped = last.groupby("strategy", sort=False)[list(columns)]
    table = grouped.quantile([0.05, 0.5, 0.95]).unstack()
    table = table.rename(columns={0.05: "5%", 0.5: "median", 0.95: "95%"}, level=1)
    return table.round(2)


def audience_summary(runs: pd.DataFrame) -> pd.DataFrame:
    """Per strategy: mean final customers and mean unfollows over the whole run.

    Examples
    --------
    >>> runs = ensembles({"broadcast": "broadcast"}, "B2B consultant", reps=2)
    >>> list(audience_summary(runs).columns)
    ['customers', 'unfollows']
    """
    last = runs[runs["week"] == runs["week"].max()]
    customers = last.groupby("strategy", sort=False)["customers"].mean()
    totals = runs.groupby(["strategy", "run"], sort=False)["unfollows"].sum()
    unfollows = totals.groupby("strategy", sort=False).mean()
    return pd.DataFrame({"customers": customers, "unfollows": unfollows}).round(1)


def _range(runs: pd.DataFrame, label: str) -> tuple[float, float]:
    last = runs[(runs["week"] == runs["week"].max()) & (runs["strategy"] == label)]
    low, high = last["customers"].quantile([0.05, 0.95])
    return float(low), float(high)


def say_bands(runs: pd.DataFrame, mine: str = MINE) -> Words:
    """Say, from the runs, whether each strategy's range of final customers overlaps
    ``mine``'s (then the runs cannot tell them apart) or lies clear of it.

    Examples
    --------
    >>> runs = ensembles({"a": "broadcast", "b": "relationship"}, "B2B consultant", reps=3)
    >>> say_bands(runs, mine="b").startswith("B ended with")
    True
    """
    if mine not in set(runs["strategy"]):
        raise WorkshopError(f"mine: no runs labelled {mine!r}; label your design's runs so")
    reps = runs.loc[runs["strategy"] == mine, "run"].nunique()
    lo, hi = _range(runs, mine)
    parts = [
        f"{mine.capitalize()} ended with {lo:,.0f} to {hi:,.0f} customers in the middle 90% "
        f"of {reps} runs."
    ]
    for label in dict.fromkeys(runs["strategy"]):
        if label == mine:
            continue
        other_lo, other_hi = _range(runs, label)
        where = f"{label.capitalize()}: {other_lo:,.0f} to {other_hi:,.0f}"
        if other_hi < lo:
            parts.append(f"{where}, clearly below: that difference is real.")
        elif other_lo > hi:
            parts.append(f"{where}, clearly above: that difference is real.")
        else:
            parts.append(
                f"{where}. The ranges overlap, so these runs do not show that either is better."
            )
    return Words(" ".join(parts))


# ------------------------------------------------------------------------------ what flips it
def flip_check(
    mine: Design,
    name: str,
    against: str = "broadcast",
    reps: int = 3,
    seed: int = 7,
    params: Sequence[str] = DOUBTFUL,
    progress: bool = False,
) -> pd.DataFrame:
    """What would have to change for ``against`` and the design to swap places on business
    ``name``: :func:`kit.sim.flip_analysis` over the :data:`DOUBTFUL` assumptions.

    The design's label in the table's summary (``attrs["flip"]``) is :data:`MINE`.

    Examples
    --------
    >>> t = flip_check(design(0, 0, 1, 0), "B2B consultant", reps=2, params=["p_ad"])
    >>> t.attrs["flip"]["a"]
    'your design'
    """
    if not isinstance(mine, Design):
        raise WorkshopError("mine: give the design made by workshop.design(...)")
    fields = business(name)
    table = flip_analysis(
        mine.scenario(name, seed=seed),
        against,
        params=list(params),
        reps=reps,
        progress=progress,
        seed=seed,
        **fields,
    )
    info = table.attrs["flip"]
    for key in ("a", "winner"):
        if info[key] == "custom":
            info[key] = MINE
    table["note"] = table["note"].str.replace("custom", MINE, regex=False)
    return table


def _plain(name: str) -> str:
    return Scenario.field_info(name)["label"].lower()


def _value(name: str, value: float) -> str:
    """A field's value as its slider reads it (6% for a reach of 0.06)."""
    readout = Scenario.field_info(name)["readout"]
    if not readout or readout.endswith("d"):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"
    return format(value, readout)


def say_flips(table: pd.DataFrame, top: int = 3) -> Words:
    """Say who wins at the business's own values, and the smallest changes that reverse it.

    Examples
    --------
    >>> t = flip_check(design(0, 0, 1, 0), "B2B consultant", reps=2, params=["p_ad"])
    >>> say_flips(t).startswith("At your business's values")
    True
    """
    info = table.attrs["flip"]
    winner = info["winner"]
    loser = info["b"] if winner == info["a"] else info["a"]
    means = {info["a"]: info["a_mean"], info["b"]: info["b_mean"]}
    text = (
        f"At your business's values, {winner} wins: {means[winner]:,.0f} customers against "
        f"{loser}'s {means[loser]:,.0f} (mean of {info['reps']} runs)."
    )
    found = table[table["found"]].head(top)
    if found.empty:
        return Words(
            text + f" No single assumption tried, moved anywhere within its slider's range, "
            f"lets {loser} win: the result is robust to each of them alone."
        )
    changes = []
    for row in found.to_dict("records"):
        change = (
            f"{_plain(row['parameter'])} from {_value(row['parameter'], row['default'])} to "
            f"{_value(row['parameter'], row['flip_value'])} "
            f"({row['seeds_agreeing']} of {row['reps']} runs agree"
        )
        if row["within_assumed"] is True:
            change += ", within the range a reasonable reader might defend)"
        elif row["within_assumed"] is False:
            change += ", beyond the range a reasonable reader might defend)"
        else:
            change += ")"
        changes.append(change)
    text += f" The smallest changes that let {loser} win: " + "; ".join(changes) + "."
    if not found["within_assumed"].eq(True).any():
        text += (
            " None of them is within the range a reasonable reader might defend, so the "
            "advice holds unless one of these numbers is far off for your client."
        )
    else:
        text += " At least one is plausible: that is the fact to check with your client."
    return Words(text)


def flip_sliders(table: pd.DataFrame, n: int = 2) -> tuple[str, ...]:
    """The ``n`` parameters whose smallest change flips the result (first found first);
    ad response and patience with ads make up the number when fewer flip.

    Examples
    --------
    >>> t = flip_check(design(0, 0, 1, 0), "B2B consultant", reps=2, params=["p_ad"])
    >>> len(flip_sliders(t))
    2
    """
    names = list(dict.fromkeys(table.loc[table["found"], "parameter"]))
    for extra in ("p_ad", "tolerance", "engage_cost"):
        if extra not in names:
            names.append(extra)
    return tuple(names[:n])


def duel(
    mine: Design, name: str, against: str = "broadcast", reps: int = 3, seed: int = 7, **changes
) -> pd.DataFrame:
    """The design against ``against`` on business ``name`` with some fields changed.

    Returns
    -------
    pandas.DataFrame
        One row per strategy: mean, lowest and highest final customers over ``reps`` runs,
        and ``runs_won`` (on how many seeds it ended ahead). ``attrs["changes"]`` holds the
        changed fields.

    Examples
    --------
    >>> d = duel(design(0, 0, 1, 0), "B2B consultant", reps=2, engage_cost=1.0)
    >>> list(d.index)
    ['your design', 'broadcast']
    """
    runs = ensembles({MINE: mine, against: against}, name, reps=reps, seed=seed, **changes)
    last = runs[runs["week"] == runs["week"].max()]
    wide = last.pivot(index="run", columns="strategy", values="customers")
    order = [MINE, against]
    out = pd.DataFrame(
        {
            "customers": wide.mean()[order],
            "lowest": wide.min()[order],
            "highest": wide.max()[order],
            "runs_won": [
                int((wide[MINE] > wide[against]).sum()),
                int((wide[against] > wide[MINE]).sum()),
            ],
        },
        index=pd.Index(order, name="strategy"),
    )
    out.attrs["changes"] = dict(changes)
    out.attrs["business"] = name
    out.attrs["seeds"] = sorted(set(last["seed"]))
    return out


def say_duel(table: pd.DataFrame) -> Words:
    """Say who won a :func:`duel`, by how much and on how many runs.

    Examples
    --------
    >>> d = duel(design(0, 0, 1, 0), "B2B consultant", reps=2)
    >>> say_duel(d).startswith("With")
    True
    """
    changes = table.attrs.get("changes", {})
    said = ", ".join(f"{_plain(k)} {_value(k, v)}" for k, v in changes.items())
    said = said or "nothing changed from its own values"
    first, second = table.index[0], table.index[1]
    a, b = table.loc[first, "customers"], table.loc[second, "customers"]
    winner, loser = (first, second) if a >= b else (second, first)
    runs = int(table["runs_won"].sum())
    reps_won = int(table.loc[winner, "runs_won"])
    return Words(
        f"With {said} for the {table.attrs.get('business', 'business')}: {winner} "
        f"{table.loc[winner, 'customers']:,.0f} customers against {loser} "
        f"{table.loc[loser, 'customers']:,.0f} (mean of the runs); {winner} ended ahead in "
        f"{reps_won} of {len(table.attrs.get('seeds', [])) or runs} runs."
    )


# ------------------------------------------------------------------------------ class table
def results_row(
    name: str, label: str, strategy: Any, promo_share: float | None = None, reps: int = 3
) -> dict[str, Any]:
    """One row of the class table: a design on a business, from ``reps`` runs (seed 11).

    Examples
    --------
    >>> row = results_row("B2B consultant", "broadcast", "broadcast", reps=2)
    >>> row["shares"], row["reps"]
    ('0.5/0.5/0', 2)
    """
    if isinstance(strategy, Design):
        promo_share, strategy = strategy.promo_share, strategy.strategy
    scenario = _scenario_of(strategy, name, 11, {})
    if promo_share is not None:
        scenario = dataclasses.replace(scenario, promo_share=promo_share)
    runs = ensemble(scenario, reps=reps)
    last = runs[runs["week"] == runs["week"].max()]
    row: dict[str, Any] = {
        "business": name,
        "design": label,
        "shares": "/".join(f"{s:g}" for s in scenario.shares),
        "promo_share": scenario.resolved()["promo_share"],
        "reps": reps,
    }
    row.update(last[["customers", "allies", "mean_trust"]].mean().round(2).to_dict())
    low, high = last["customers"].quantile([0.05, 0.95]).round(1)
    row["customers_low"], row["customers_high"] = float(low), float(high)
    row["unfollows"] = round(runs["unfollows"].sum() / reps)
    return row


def results_table(mine: Design, reps: int = 3) -> pd.DataFrame:
    """The class table: broadcast, balanced and the design on every business.

    Examples
    --------
    >>> t = results_table(design(0.1, 0, 0.9, 0.2), reps=1)  # doctest: +SKIP
    >>> len(t)  # doctest: +SKIP
    12
    """
    rows = []
    for name in BUSINESSES:
        rows.append(results_row(name, "broadcast", "broadcast", reps=reps))
        rows.append(results_row(name, "balanced", "balanced", reps=reps))
        rows.append(results_row(name, MINE, mine, reps=reps))
    return pd.DataFrame(rows)


def say_table(table: pd.DataFrame) -> Words:
    """Say, business by business, which design led the table and by how much.

    Examples
    --------
    >>> t = pd.DataFrame({"business": ["x", "x"], "design": ["broadcast", "your design"],
    ...                   "customers": [10.0, 40.0], "unfollows": [5, 1]})
    >>> print(say_table(t))
    x: your design leads (40 customers; broadcast 10, your design 40).
    """
    lines = []
    for name, rows in table.groupby("business", sort=False):
        by = rows.set_index("design")["customers"]
        best = by.idxmax()
        others = ", ".join(f"{d} {v:,.0f}" for d, v in by.items())
        lines.append(f"{name}: {best} leads ({by[best]:,.0f} customers; {others}).")
    return Words("\n".join(f"- {line}" if len(lines) > 1 else line for line in lines))


def _results_folder(folder: str | Path | None) -> Path:
    """Where the class's capstone tables go: ``folder``, else ``$KIT_CAPSTONE_RESULTS`` (the
    test suite and the build scripts point it at a throwaway folder), else
    ``capstone-results`` beside the notebook."""
    import os

    return Path(folder or os.environ.get("KIT_CAPSTONE_RESULTS") or "capstone-results")


def save_results(table: pd.DataFrame, learner: str, folder: str | Path | None = None):
    """Write the table as ``folder/learner.csv`` with a ``learner`` column; the path.

    The path shows in a notebook as a sentence saying where the file is (a learner reads it),
    and is a ``pathlib.Path`` in every other way.

    Examples
    --------
    >>> import tempfile
    >>> t = pd.DataFrame({"business": ["x"], "design": ["y"], "customers": [1.0]})
    >>> saved = save_results(t, "ada", tempfile.mkdtemp())
    >>> saved.name, saved._repr_markdown_().startswith("Saved your results")
    ('ada.csv', True)
    """
    if not isinstance(learner, str) or not learner.strip() or "/" in learner or "\\" in learner:
        raise WorkshopError(f"learner: {learner!r} is not a name a file can have")
    out = _results_folder(folder) / f"{learner.strip()}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    table.assign(learner=learner.strip()).to_csv(out, index=False)
    return _SavedPath(out)


class _SavedPath(type(Path())):  # the concrete Path class of this system
    """A path that a notebook shows as a sentence, not as ``PosixPath('...')``."""

    def _repr_markdown_(self) -> str:
        try:
            shown = self.relative_to(Path.cwd())
        except ValueError:
            shown = self
        return f"Saved your results in the file `{shown}`."


def leaderboard(folder: str | Path | None = None, top: int = 3) -> pd.DataFrame:
    """Every learner's table in ``folder`` together; the ``top`` designs per business.

    Examples
    --------
    >>> import tempfile
    >>> where = tempfile.mkdtemp()
    >>> t = pd.DataFrame({"business": ["x", "x"], "design": ["a", "b"], "customers": [1.0, 2.0]})
    >>> _ = save_results(t, "ada", where)
    >>> leaderboard(where)["design"].tolist()
    ['b', 'a']
    """
    folder = _results_folder(folder)
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise WorkshopError(f"folder: no results files (*.csv) in {folder}; save yours first")
    everyone = pd.concat([pd.read_csv(path) for path in files], ignore_index=True)
    ranked = everyone.sort_values(["business", "customers"], ascending=[True, False])
    return ranked.groupby("business").head(top).reset_index(drop=True)
