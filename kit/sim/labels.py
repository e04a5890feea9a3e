"""Plain words for every parameter: what a slider says to someone who does not code.

Each numeric ``Scenario`` field has a short human label, the unit in plain words, how its
value reads on a slider (a d3 number format: ``".0%"`` shows 0.06 as 6%) and the natural
step of that unit (hours in whole hours, shares in whole per cents). ``Scenario.field_info``
returns them as ``label``, ``plain_unit``, ``readout`` and ``ui_step``; the field's name stays
the key, for those who code.

Examples
--------
>>> FIELD_LABELS["reach"].label
'Reach'
>>> FIELD_LABELS["reach"].plain_unit
'share of followers who see a post, %'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class FieldLabel(NamedTuple):
    label: str
    plain_unit: str
    readout: str
    ui_step: float


_PCT, _PCT1 = ".0%", ".1%"

#: Field name -> (label, plain unit, slider readout format, natural slider step).
FIELD_LABELS: dict[str, FieldLabel] = {
    "population": FieldLabel("Market size", "people", ",d", 1_000),
    "weeks": FieldLabel("Length of the run", "weeks", "d", 1),
    "mean_degree": FieldLabel("Contacts per person", "people, on average", ".0f", 1),
    "rewire": FieldLabel("Shortcuts in the network", "% of links rewired", _PCT, 0.01),
    "hours": FieldLabel("Time budget", "hours per week", ".0f", 1),
    "post_cost": FieldLabel("Time per post", "hours", ".2f", 0.05),
    "connect_cost": FieldLabel("Time per connect request", "hours", ".2f", 0.01),
    "engage_cost": FieldLabel("Time per one-to-one talk", "hours", ".2f", 0.05),
    "reach": FieldLabel("Reach", "share of followers who see a post, %", _PCT, 0.01),
    "promo_share": FieldLabel("Ads among posts", "% of posts that are ads", _PCT, 0.05),
    "content_tie": FieldLabel(
        "Closeness from a personal post", "tie gained per post seen", ".3f", 0.005
    ),
    "content_evidence": FieldLabel(
        "Goodwill from a personal post", "trust evidence per post seen", ".2f", 0.05
    ),
    "tolerance": FieldLabel(
        "Patience with posts", "posts a follower takes before tiring", ".1f", 0.5
    ),
    "fatigue_decay": FieldLabel("Memory of ad fatigue", "% kept from last week", _PCT, 0.05),
    "spam_weight": FieldLabel(
        "Annoyance from too many ads", "distrust per ad too many", ".1f", 0.1
    ),
    "follow_back": FieldLabel("Follow-back", "% of connect requests followed back", _PCT, 0.05),
    "capacity": FieldLabel("Relationships one person keeps up", "people (Dunbar)", "d", 5),
    "explore": FieldLabel("Time on new people", "% of talks with someone new", _PCT, 0.05),
    "tie_gain": FieldLabel("Closeness per talk", "% of the gap to a full tie closed", _PCT, 0.01),
    "tie_decay": FieldLabel("Drifting apart", "% of closeness lost per week", _PCT1, 0.005),
    "help_evidence": FieldLabel(
        "Goodwill from helping", "trust evidence per helpful talk", ".1f", 0.1
    ),
    "follow_after_engage": FieldLabel(
        "Follow after a talk", "% of people talked to who follow", _PCT, 0.05
    ),
    "forget": FieldLabel("Memory of trust", "% of trust evidence kept each week", _PCT1, 0.005),
    "unfollow_base": FieldLabel(
        "Everyday unfollowing", "% of followers leaving per week", _PCT1, 0.001
    ),
    "unfollow_fatigue": FieldLabel(
        "Leaving when tired", "extra chance to leave per post too many, %", _PCT, 0.01
    ),
    "rec_base": FieldLabel(
        "Word of mouth without a tie", "how readily a customer recommends, %", _PCT, 0.01
    ),
    "p_ad": FieldLabel("Ad response", "chance to buy per ad seen, %", _PCT1, 0.005),
    "p_rel": FieldLabel(
        "Relationship pull", "chance to buy per week from a close tie, %", _PCT1, 0.005
    ),
    "q_wom": FieldLabel(
        "Word-of-mouth pull", "chance to buy per week when all friends recommend, %", _PCT1, 0.005
    ),
    "satisfaction": FieldLabel("Happy customers", "% of buyers satisfied", _PCT, 0.05),
    "initial_followers": FieldLabel("Followers at the start", "people", ",d", 100),
    "fame": FieldLabel("Fame", "goodwill the first followers bring", ".1f", 0.5),
    "ambassadors": FieldLabel("Helpers (ambassadors)", "people", "d", 1),
    "ambassador_hours": FieldLabel("Time per helper", "hours per week", ".0f", 1),
    "prior_a": FieldLabel("Starting goodwill", "trust evidence for the seller", ".1f", 0.5),
    "prior_b": FieldLabel("Starting doubt", "trust evidence against the seller", ".1f", 0.5),
}


def plain_label(name: str) -> str:
    """The plain label of a field (``"Ad response"`` for ``p_ad``); other names unchanged.

    Examples
    --------
    >>> plain_label("p_ad"), plain_label("seed")
    ('Ad response', 'seed')
    """
    entry = FIELD_LABELS.get(name)
    return entry.label if entry is not None else name


#: The three time shares of a strategy (``Scenario.strategy``), as the lessons name them.
SHARE_WORDS = ("posting", "connecting", "engaging")


def say_shares(shares: Sequence[float]) -> str:
    """A strategy's time shares in words, as the lessons write them.

    The shares (posting, connecting, engaging) are weights: ``(1, 0, 9)`` is 10% posting
    and 90% engaging. Shares of nothing are left out.

    Examples
    --------
    >>> say_shares((0.2, 0, 0.8)), say_shares((0, 0, 1)), say_shares((1, 1, 2))
    ('20% posting, 80% engaging', 'all engaging', '25% posting, 25% connecting, 50% engaging')
    """
    values = [float(v) for v in shares]
    total = sum(values)
    if len(values) != len(SHARE_WORDS) or total <= 0 or min(values) < 0:
        return "/".join(f"{v:g}" for v in values)
    parts = [(v / total, word) for v, word in zip(values, SHARE_WORDS, strict=True) if v > 0]
    if len(parts) == 1:
        return f"all {parts[0][1]}"
    return ", ".join(f"{share:.0%} {word}" for share, word in parts)


def say_value(name: str, value: object) -> str:
    """A field's value as its slider reads it (``"2.5%"`` for ``p_ad`` 0.025).

    Numbers follow the field's readout (:data:`FIELD_LABELS`), thousands with commas;
    other values and fields without a readout read as they are.

    Examples
    --------
    >>> say_value("p_ad", 0.025), say_value("population", 20000), say_value("hours", 10)
    ('2.5%', '20,000', '10')
    """
    entry = FIELD_LABELS.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, tuple):
            if name == "strategy":
                return say_shares(value)
            return "/".join(f"{v:g}" for v in value)
        return str(value)
    if entry is None or not entry.readout:
        return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
    readout = entry.readout
    if readout.endswith("d"):
        return format(round(value), "," if readout.startswith(",") else "d")
    return format(value, readout)


def say_number(value: float) -> str:
    """A number as people write it: whole with thousands separators from 100 up (or when it
    is whole), else three significant figures.

    Examples
    --------
    >>> say_number(1234.0), say_number(141.7), say_number(21.33), say_number(0.4567)
    ('1,234', '142', '21.3', '0.457')
    """
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.3g}"
