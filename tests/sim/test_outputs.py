"""Each output is described once (kit.sim.outputs.OUTPUTS); labels, menus and pickers read it."""

from __future__ import annotations

from kit import sim
from kit.sim import outputs, rules
from kit.sim.outputs import MENU, OUTPUT_COLUMNS, OUTPUTS

#: The labels as they were written out by hand in plots/style.py before OUTPUTS (issue 19):
#: deriving them must not change a word a learner sees.
LABELS_BEFORE = {
    "week": "Week",
    "followers": "Followers",
    "new_followers": "New followers this week",
    "unfollows": "Unfollows this week",
    "aware": "People who know the seller",
    "customers": "Customers so far",
    "new_customers": "New customers this week",
    "sales_ad": "Sales from ads this week",
    "sales_relationship": "Sales from relationships this week",
    "sales_referral": "Sales from referrals this week",
    "mean_trust": "Mean trust of followers (0 to 1)",
    "strong_ties": "Strong ties (tie above 0.5)",
    "allies": "Allies (strong tie and trust above 0.6)",
    "hours_post": "Hours posting per week",
    "hours_connect": "Hours connecting per week",
    "hours_engage": "Hours engaging per week",
    "exposures": "Post views this week",
    "hours_per_customer": "Hours per customer so far",
}

#: The explorer's menu as it was written out in kit/controls.py before OUTPUTS.
GROUPS_BEFORE = {
    "Customers": ("customers", "new_customers"),
    "Where sales come from (this week)": ("sales_ad", "sales_relationship", "sales_referral"),
    "Audience": ("followers", "aware", "unfollows", "exposures"),
    "Relationships and trust": ("mean_trust", "strong_ties", "allies"),
    "Effort": ("hours_per_customer",),
}


def test_every_output_has_a_label_unit_and_group():
    assert set(OUTPUTS) == set(LABELS_BEFORE)
    for name, o in OUTPUTS.items():
        assert o.name == name
        assert o.label and o.unit and o.group, name
        assert o.dtype in ("int64", "float64"), name


def test_labels_are_todays_strings():
    assert {name: o.label for name, o in OUTPUTS.items()} == LABELS_BEFORE
    from kit.plots.style import METRIC_LABELS, SOURCE_LABELS

    assert METRIC_LABELS == LABELS_BEFORE
    assert SOURCE_LABELS == {
        "sales_ad": "ads",
        "sales_relationship": "relationships",
        "sales_referral": "referrals (word of mouth)",
    }


def test_thresholds_in_labels_come_from_the_rules(monkeypatch):
    monkeypatch.setattr(rules, "STRONG_TIE", 0.7)
    monkeypatch.setattr(rules, "ALLY_TRUST", 0.8)
    import importlib

    try:
        again = importlib.reload(outputs)
        assert again.OUTPUTS["strong_ties"].label == "Strong ties (tie above 0.7)"
        assert again.OUTPUTS["allies"].label == "Allies (strong tie and trust above 0.8)"
    finally:
        monkeypatch.undo()
        importlib.reload(outputs)
    assert outputs.OUTPUTS["strong_ties"].label == LABELS_BEFORE["strong_ties"]


def test_menu_groups_are_todays_menu():
    assert outputs.menu_groups() == GROUPS_BEFORE
    assert set(MENU) <= set(OUTPUTS) and len(set(MENU)) == len(MENU)
    assert outputs.DEFAULT_MENU == ("customers", "new_customers", "followers", "mean_trust")


def test_columns_and_dtypes_are_the_simulators():
    frame = sim.simulate(sim.Scenario(population=500, weeks=3, seed=1))
    assert tuple(frame.columns) == OUTPUT_COLUMNS
    assert {c: str(frame[c].dtype) for c in frame} == {n: o.dtype for n, o in OUTPUTS.items()}
