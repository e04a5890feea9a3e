"""Tables as a learner reads them (issue 25, outcome 4 and 8): kit.sim.show."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kit import sim
from kit.sim import workshop
from kit.sim.analysis import final_table, preset_shares
from kit.sim.api import vary
from kit.sim.labels import FIELD_LABELS
from kit.sim.outputs import OUTPUTS

SMALL = {"population": 2_000, "weeks": 30, "seed": 3}
CODE_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _heads_and_cells(table) -> tuple[list[str], list[str]]:
    return list(table.shown.columns), [str(v) for v in table.shown.to_numpy().ravel()]


def test_a_final_table_reads_in_plain_words_and_rounded_numbers():
    runs = vary(sim.Scenario.preset("broadcast", **SMALL), "promo_share", [1.0, 0.2], seeds=(1, 2))
    frame = final_table(runs, ["followers", "customers", "mean_trust", "hours_per_customer"])
    table = sim.show(frame)
    heads, cells = _heads_and_cells(table)
    assert heads == [
        "Strategy",
        "Followers",
        "Customers so far",
        "Mean trust of followers",
        "Hours per customer so far",
    ]
    assert table.shown["Strategy"].tolist() == ["Ads among posts 100%", "Ads among posts 20%"]
    for row, (_, values) in zip(table.shown.to_dict("records"), frame.iterrows(), strict=True):
        assert row["Customers so far"] == f"{round(values['customers']):,}"
        assert row["Mean trust of followers"] == f"{values['mean_trust']:.2f}"
    assert not any(CODE_NAME.search(h) for h in heads)
    html = table._repr_html_()
    assert "dtype" not in html and "hours_per_customer" not in html and "<th>0</th>" not in html
    assert table.data is frame  # the numbers themselves are kept for those who code


def test_numbers_are_written_as_people_write_them():
    frame = pd.DataFrame(
        {
            "customers": [176470.588235, 3.0],
            "p_ad": [0.01, 0.025],
            "share": [0.25, 0.5],
            "ratio": [1.23456, 12.3456],
            "crossover week": pd.array([21, None], dtype="Int64"),
        }
    )
    table = sim.show(frame, percent=["share"], labels={"ratio": "Sales per post"})
    assert table.shown.to_dict("list") == {
        "Customers so far": ["176,471", "3"],
        "Ad response": ["1.0%", "2.5%"],
        "Share": ["25%", "50%"],
        "Sales per post": ["1.2", "12.3"],
        "Crossover week": ["21", "–"],
    }
    # a row count as index is dropped, a meaningful index becomes the first column
    assert "Index" not in table.shown.columns
    assert str(table).splitlines()[0].split()[0] == "Customers"


def test_kit_tables_the_lessons_show_have_no_code_names():
    shares = sim.show(preset_shares(), percent=True)
    assert shares.shown.iloc[:, 0].tolist() == ["post", "connect", "engage"]
    assert shares.shown.loc[0, "Relationship"] == "0%"
    business = sim.show(workshop.business_table())
    heads, cells = _heads_and_cells(business)
    assert heads[0] == "Business" and "Ad response" in heads and "Network" in heads
    assert "small world" in cells and "0.4%" in cells and "5,000" in cells
    for head in heads:
        assert head not in FIELD_LABELS and head not in OUTPUTS, head
    totals = sim.show(
        pd.DataFrame({"sales_ad": [3]}, index=pd.Index(["x"], name="strategy")), total=True
    )
    assert list(totals.shown.columns) == ["Strategy", "Sales from ads in total"]


def test_show_refuses_what_is_not_a_table():
    with pytest.raises(TypeError, match="takes a table"):
        sim.show([1, 2, 3])
