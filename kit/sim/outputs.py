"""The output columns of a run (MODEL.md, "Outputs, one row per week"), each described once.

:data:`OUTPUTS` holds, per column, its plain label (figure axes, the explorer's menu), its
unit, the heading it sits under in the explorer's metric menu and its dtype. Everything that
names an output reads it from here: ``kit.plots.style.METRIC_LABELS`` and ``SOURCE_LABELS``,
the explorer's menu groups, default metrics and picker (``kit.explore.controls``) and which
answers a prediction bounds by the population (``kit.explore.answers``). Thresholds in a
label are formatted from :mod:`kit.sim.rules`, so a label cannot drift from the rule.

Adding an output: a row here (in column order), the column in both ``_record``s (engine and
reference) and in MODEL.md; it appears in the explorer's menu once :data:`MENU` lists it.

Examples
--------
>>> OUTPUTS["strong_ties"].label == f"Strong ties (tie above {STRONG_TIE:g})"
True
>>> OUTPUTS["customers"].unit, OUTPUTS["customers"].group
('people', 'Customers')
>>> OUTPUT_COLUMNS[:3]
('week', 'followers', 'new_followers')
"""

from __future__ import annotations

from typing import NamedTuple

from kit.sim.rules import ALLY_TRUST, STRONG_TIE

__all__ = [
    "COUNT_COLUMNS",
    "DEFAULT_MENU",
    "MENU",
    "OUTPUTS",
    "OUTPUT_COLUMNS",
    "Output",
    "menu_groups",
]


class Output(NamedTuple):
    """One output column: ``name``, plain ``label``, ``unit``, menu ``group``, ``dtype``.

    ``group`` is the heading the explorer's metric menu shows it under (if :data:`MENU`
    offers it); ``source`` is, for a ``sales_*`` column, where those sales come from in a
    few words (the legend of :func:`kit.plots.sales_sources`), else empty.
    """

    name: str
    label: str
    unit: str
    group: str
    dtype: str = "int64"
    source: str = ""


_PEOPLE = "people"
_WEEKLY_SALES = "Where sales come from (this week)"

#: Every output column, in the order of the simulator's frames (dtype: counts are int64).
OUTPUTS: dict[str, Output] = {
    o.name: o
    for o in (
        Output("week", "Week", "week", "Time"),
        Output("followers", "Followers", _PEOPLE, "Audience"),
        Output("new_followers", "New followers this week", _PEOPLE, "Audience"),
        Output("unfollows", "Unfollows this week", _PEOPLE, "Audience"),
        Output("aware", "People who know the seller", _PEOPLE, "Audience"),
        Output("customers", "Customers so far", _PEOPLE, "Customers"),
        Output("new_customers", "New customers this week", _PEOPLE, "Customers"),
        Output("sales_ad", "Sales from ads this week", _PEOPLE, _WEEKLY_SALES, source="ads"),
        Output(
            "sales_relationship",
            "Sales from relationships this week",
            _PEOPLE,
            _WEEKLY_SALES,
            source="relationships",
        ),
        Output(
            "sales_referral",
            "Sales from referrals this week",
            _PEOPLE,
            _WEEKLY_SALES,
            source="referrals (word of mouth)",
        ),
        Output(
            "mean_trust",
            "Mean trust of followers (0 to 1)",
            "trust, 0 to 1",
            "Relationships and trust",
            "float64",
        ),
        Output(
            "strong_ties",
            f"Strong ties (tie above {STRONG_TIE:g})",
            _PEOPLE,
            "Relationships and trust",
        ),
        Output(
            "allies",
            f"Allies (strong tie and trust above {ALLY_TRUST:g})",
            _PEOPLE,
            "Relationships and trust",
        ),
        Output("hours_post", "Hours posting per week", "hours per week", "Effort", "float64"),
        Output("hours_connect", "Hours connecting per week", "hours per week", "Effort", "float64"),
        Output("hours_engage", "Hours engaging per week", "hours per week", "Effort", "float64"),
        Output("exposures", "Post views this week", "post views", "Audience"),
        Output(
            "hours_per_customer",
            "Hours per customer so far",
            "hours per customer",
            "Effort",
            "float64",
        ),
    )
}

OUTPUT_COLUMNS = tuple(OUTPUTS)

#: Columns holding whole-number counts (int64); the others are float64.
COUNT_COLUMNS = tuple(name for name, o in OUTPUTS.items() if o.dtype == "int64")

#: The outputs the explorer's metric menu can offer, in menu order (under their groups'
#: headings, which come in the order of their first member). The week and the hours columns
#: are left out (the hours are constant per strategy), and so is ``new_followers``.
MENU = (
    "customers",
    "new_customers",
    "sales_ad",
    "sales_relationship",
    "sales_referral",
    "followers",
    "aware",
    "unfollows",
    "exposures",
    "mean_trust",
    "strong_ties",
    "allies",
    "hours_per_customer",
)

#: What the menu offers when a lesson names no metrics: the few most lessons need.
DEFAULT_MENU = ("customers", "new_customers", "followers", "mean_trust")


def menu_groups(names: tuple[str, ...] = MENU) -> dict[str, tuple[str, ...]]:
    """The menu's headings, in order, each with its outputs among ``names`` (in menu order).

    Examples
    --------
    >>> list(menu_groups())[:2]
    ['Customers', 'Where sales come from (this week)']
    >>> menu_groups(("mean_trust", "customers"))
    {'Customers': ('customers',), 'Relationships and trust': ('mean_trust',)}
    """
    wanted = set(names)
    groups: dict[str, list[str]] = {}
    for name in MENU:
        if name in wanted:
            groups.setdefault(OUTPUTS[name].group, []).append(name)
    return {heading: tuple(members) for heading, members in groups.items()}


#: How the simulator's progress bars read (tqdm's ``bar_format``): what is running and how
#: far, in plain words, with no rates such as "11.3it/s".
PLAIN_BAR = "{desc}: {percentage:3.0f}% ({n_fmt} of {total_fmt}) {bar}"
