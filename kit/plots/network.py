"""The seller's network: who is around the seller at the end of a run.

:func:`network` draws the final state that :func:`kit.sim.final_state` returns (everyone's
state at the end of a run, which :func:`kit.sim.simulate` throws away); it runs nothing itself.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from kit.plots.figure import described
from kit.plots.style import (
    GRID_GREY,
    OKABE_ITO,
    SOURCE_COLOURS,
    TEMPLATE_NAME,
    TEXT_GREY,
    rgba,
    source_note,
)
from kit.sim import rules
from kit.sim.analysis import FinalState

STRONG = rules.STRONG_TIE  # the output column strong_ties counts tie > 0.5
ACTIVE = rules.ACTIVE_TIE  # a relationship is active above this tie

#: Each group of people in the picture: label, colour, marker symbol.
GROUPS = {
    "strong": (f"strong ties (tie above {STRONG:g})", OKABE_ITO["blue"], "circle"),
    "weak": (f"weak ties (tie {ACTIVE:g} to {STRONG:g})", OKABE_ITO["sky_blue"], "circle-open"),
    "follower": ("followers without a tie", OKABE_ITO["orange"], "triangle-up"),
    "other": ("other customers", OKABE_ITO["reddish_purple"], "diamond"),
}
REFERRAL = rules.SaleSource.REFERRAL  # the sale_source of a referral sale
SHARES = {"strong": 0.3, "weak": 0.3, "follower": 0.2, "other": 0.2}


def _groups(state: FinalState) -> dict[str, np.ndarray]:
    tie = state.tie
    return {
        "strong": np.flatnonzero(tie > STRONG),
        "weak": np.flatnonzero((tie > ACTIVE) & (tie <= STRONG)),
        "follower": np.flatnonzero(state.follower & (tie <= ACTIVE)),
        "other": np.flatnonzero(state.customer & ~state.follower & (tie <= ACTIVE)),
    }


def _neighbours(graph, people: np.ndarray) -> np.ndarray:
    if graph is None or len(people) == 0:
        return np.empty(0, dtype=np.int64)
    return np.concatenate([graph.neighbours(int(i)) for i in people]).astype(np.int64)


def _sample(state: FinalState, people: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Pick up to ``people`` people, a fixed share from each group, leftovers shared out."""
    groups = _groups(state)
    quota = {g: int(round(SHARES[g] * people)) for g in groups}
    spare = people - sum(min(quota[g], len(groups[g])) for g in groups)
    for g in groups:  # give unused places to groups with people left, in order
        extra = min(spare, max(0, len(groups[g]) - quota[g]))
        quota[g] += extra
        spare -= extra
    picked = {}
    for g in ("strong", "weak", "follower"):
        pool = groups[g]
        k = min(quota[g], len(pool))
        picked[g] = np.sort(rng.choice(pool, size=k, replace=False)) if k else pool[:0]
    # Other customers: prefer the contacts of customers already shown, so that the word of
    # mouth between them (the referral paths) is visible in the sample.
    pool = groups["other"]
    k = min(quota["other"], len(pool))
    shown = np.concatenate(list(picked.values()))
    near = np.intersect1d(pool, _neighbours(state.graph, shown[state.customer[shown]]))
    first = rng.permutation(near)[:k]
    rest = rng.permutation(np.setdiff1d(pool, first))[: k - len(first)]
    picked["other"] = np.sort(np.concatenate([first, rest]).astype(np.int64))
    return picked


def _layout(
    picked: dict[str, np.ndarray], state: FinalState, rng: np.random.Generator
) -> dict[int, tuple[float, float]]:
    """Concentric rings: distance from the seller is 1 - tie; angles keep friends together.

    Angles start at random (seeded), are pulled towards each person's sampled contacts for
    a few rounds (a one-dimensional force layout), then spread evenly within each group so
    that markers do not overlap while the order, and so the clusters, is kept.
    """
    people = np.concatenate(list(picked.values()))
    if len(people) == 0:
        return {}
    index = {int(p): i for i, p in enumerate(people)}
    edges = _sample_edges(state.graph, people)
    angle = rng.uniform(0, 2 * np.pi, size=len(people))
    if len(edges):
        u = np.array([index[a] for a, _ in edges])
        v = np.array([index[b] for _, b in edges])
        for _ in range(60):
            pull = np.zeros((len(people), 2))
            np.add.at(pull, u, np.column_stack([np.cos(angle[v]), np.sin(angle[v])]))
            np.add.at(pull, v, np.column_stack([np.cos(angle[u]), np.sin(angle[u])]))
            has = np.hypot(pull[:, 0], pull[:, 1]) > 0
            target = np.arctan2(pull[:, 1], pull[:, 0])
            step = np.angle(np.exp(1j * (target - angle)))
            angle[has] += 0.3 * step[has]
    radius = np.empty(len(people))
    start = 0
    for g, group in picked.items():
        sl = slice(start, start + len(group))
        start += len(group)
        if g in ("strong", "weak"):
            radius[sl] = 0.12 + 0.88 * (1.0 - state.tie[group])
        elif g == "follower":
            radius[sl] = 1.08 + rng.uniform(0, 0.08, size=len(group))
        else:
            radius[sl] = 1.3 + rng.uniform(0, 0.08, size=len(group))
        if len(group) > 1:
            order = np.argsort(angle[sl] % (2 * np.pi))
            offset = rng.uniform(0, 2 * np.pi)
            even = offset + 2 * np.pi * np.arange(len(group)) / len(group)
            spread = np.empty(len(group))
            spread[order] = even
            angle[sl] = spread
    return {
        int(p): (float(r * np.cos(a)), float(r * np.sin(a)))
        for p, r, a in zip(people, radius, angle, strict=True)
    }


def _sample_edges(graph, people: np.ndarray) -> list[tuple[int, int]]:
    if graph is None:
        return []
    inside = set(map(int, people))
    edges = set()
    for p in inside:
        for q in map(int, graph.neighbours(p)):
            if q in inside and p < q:
                edges.add((p, q))
    return sorted(edges)


def _segments(pairs, pos) -> tuple[list, list]:
    xs, ys = [], []
    for a, b in pairs:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def network(
    state: FinalState, people: int = 120, *, seed: int | None = 0, title: str | None = None
):
    """The seller's network at the end of a run: a sample of the people around the seller.

    The seller sits in the middle. Distance from the seller is ``1 - tie``: strong ties
    (tie above ``rules.STRONG_TIE``) are close, weak ties further out, followers without a
    tie on the next ring and other customers (reached by word of mouth) on the outer ring.
    Customers wear a ring; grey lines are friendships among the people shown, and green
    dotted lines are possible referrals: a friendship from an earlier customer to a friend
    whose later sale the simulation attributed to referral (who exactly passed the word is
    not recorded).

    Parameters
    ----------
    state : kit.sim.FinalState
        The run to draw, from ``kit.sim.final_state(scenario)`` (lesson size:
        ``population=5_000, weeks=104``).
    people : int
        How many people to show at most (30% strong ties, 30% weak ties, 20% followers,
        20% other customers; places a group cannot fill go to the others).
    seed : int or None
        Seed of the sample and the layout (the run itself used its scenario's seed).
    title : str, optional
        The figure's title.

    Returns
    -------
    plotly.graph_objects.Figure
        One trace per group, named with how many are shown out of how many there are;
        ``trace.meta`` holds ``group``, ``shown``, ``total`` and the people's ids.

    Examples
    --------
    >>> from kit import sim
    >>> s = sim.Scenario.preset("relationship", population=2_000, weeks=30, seed=1)
    >>> fig = network(sim.final_state(s), people=40)
    >>> fig.data[-1].name
    'seller'
    """
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise ValueError(f"people: {people!r} is not allowed; give a whole number >= 1")
    if not isinstance(state, FinalState):
        raise TypeError(
            f"state: give the final state of a run, not {type(state).__name__}; e.g. "
            "plots.network(sim.final_state(sim.Scenario.preset('relationship', "
            "population=5_000, weeks=104, seed=3)))"
        )
    rng = np.random.default_rng(seed)
    groups = _groups(state)
    picked = _sample(state, people, rng)
    pos = _layout(picked, state, rng)
    pos[-1] = (0.0, 0.0)  # the seller
    shown = np.concatenate(list(picked.values()))
    fig = go.Figure()

    # Rings that say what distance means.
    for tie, label in ((STRONG, "tie 0.5"), (ACTIVE, "tie 0.05")):
        r = 0.12 + 0.88 * (1 - tie)
        fig.add_shape(
            type="circle",
            x0=-r,
            x1=r,
            y0=-r,
            y1=r,
            line={"color": GRID_GREY, "width": 1, "dash": "dot"},
            layer="below",
        )
        fig.add_annotation(
            x=0, y=r, text=label, showarrow=False, yshift=8, font={"size": 12, "color": TEXT_GREY}
        )

    friends = _sample_edges(state.graph, shown)
    xs, ys = _segments(friends, pos)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            # mid grey at 60%: visible on JupyterLab's light and dark backgrounds alike
            line={"color": "rgba(150, 150, 150, 0.6)", "width": 1},
            name="friendships",
            hoverinfo="skip",
            meta={"group": "friendships", "shown": len(friends)},
        )
    )
    referrals = []  # from an earlier customer to a friend whose later sale was a referral
    for a, b in friends:
        ta, tb = state.bought[a], state.bought[b]
        if ta and tb and ta != tb:
            early, late = (a, b) if ta < tb else (b, a)
            if state.source[late] == REFERRAL:
                referrals.append((early, late))
    xs, ys = _segments(referrals, pos)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": SOURCE_COLOURS["sales_referral"], "width": 2, "dash": "dot"},
            name=f"possible referrals ({len(referrals)})",
            hoverinfo="skip",
            meta={"group": "referrals", "shown": len(referrals)},
        )
    )
    for g in ("weak", "strong"):  # the seller's active relationships, drawn as spokes
        spokes = [(-1, int(p)) for p in picked[g]]
        xs, ys = _segments(spokes, pos)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": rgba(GROUPS[g][1], 0.35), "width": 1.5 if g == "strong" else 0.8},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=g,
                meta={"group": f"{g} spokes"},
            )
        )

    for g, members in picked.items():
        label, colour, symbol = GROUPS[g]
        hover = [
            f"person {p}<br>tie {state.tie[p]:.2f}, trust {state.trust[p]:.2f}"
            f"<br>{'follower' if state.follower[p] else 'not a follower'}"
            + (f"<br>customer since week {state.bought[p]}" if state.bought[p] else "")
            for p in members
        ]
        fig.add_trace(
            go.Scatter(
                x=[pos[int(p)][0] for p in members],
                y=[pos[int(p)][1] for p in members],
                mode="markers",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 11,
                    "line": {"color": colour, "width": 2},
                },
                name=f"{label}: {len(members)} shown of {len(groups[g]):,}",
                legendgroup=g,
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                meta={
                    "group": g,
                    "shown": len(members),
                    "total": len(groups[g]),
                    "people": [int(p) for p in members],
                },
            )
        )
    buyers = [int(p) for p in shown if state.customer[p]]
    fig.add_trace(
        go.Scatter(
            x=[pos[p][0] for p in buyers],
            y=[pos[p][1] for p in buyers],
            mode="markers",
            marker={
                "symbol": "circle-open",
                "size": 21,
                "color": SOURCE_COLOURS["sales_referral"],
                "line": {"width": 2.5},
            },
            name=f"customers: {len(buyers)} shown of {int(state.customer.sum()):,}",
            hoverinfo="skip",
            meta={
                "group": "customers",
                "shown": len(buyers),
                "total": int(state.customer.sum()),
                "people": buyers,
            },
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[0],
            y=[0],
            mode="markers+text",
            marker={"symbol": "star", "size": 26, "color": TEXT_GREY, "line": {"width": 0}},
            text=["seller"],
            textposition="bottom center",
            name="seller",
            hovertemplate=(
                f"the seller<br>{int(state.follower.sum()):,} followers"
                f"<br>{int(state.customer.sum()):,} customers<extra></extra>"
            ),
            meta={"group": "seller", "followers": int(state.follower.sum())},
        )
    )
    scenario = state.scenario
    resolved = scenario.resolved()
    week = resolved["weeks"]
    default = (
        f"The seller's network after {week} weeks ({scenario.strategy_name}): "
        f"{len(shown)} of the people around the seller"
    )
    axis = {"visible": False, "range": [-1.5, 1.5], "fixedrange": False}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis, scaleanchor="x", scaleratio=1)
    fig.update_layout(
        template=TEMPLATE_NAME,
        title_text=title or default,
        height=640,
        legend={"title": {"text": "People"}, "itemsizing": "constant"},
        annotations=list(fig.layout.annotations)
        + [
            source_note(
                f"{resolved['population']:,} people, {int(state.follower.sum()):,} "
                f"followers, {int(state.customer.sum()):,} customers in all. "
                "Distance from the seller = 1 - tie. Sample and layout seed "
                f"{seed}."
            )
        ],
        margin={"b": 80},
    )
    counts = ", ".join(f"{len(groups[g]):,} {GROUPS[g][0].lower()}" for g in groups)
    said = (
        f"Figure: the seller's network after {week} weeks ({scenario.strategy_name}), "
        f"{len(shown)} people drawn around the seller, closer for a stronger tie. In all, of "
        f"{resolved['population']:,} people: {counts}; {int(state.follower.sum()):,} "
        f"followers and {int(state.customer.sum()):,} customers, {len(referrals)} possible "
        "referrals among the people drawn."
    )
    return described(fig, said)
