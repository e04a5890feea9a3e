"""Every Scenario field says where its number comes from, in code and in MODEL.md alike."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pytest

from kit.data import data_path
from kit.sim import Scenario
from kit.sim.provenance import KINDS, PROVENANCE

MODEL = Path(__file__).resolve().parents[2] / "kit" / "sim" / "MODEL.md"
FIELDS = [f.name for f in dataclasses.fields(Scenario)]


def model_table() -> dict[str, list[str]]:
    """MODEL.md's parameter table: field name -> its cells."""
    text = MODEL.read_text(encoding="utf-8")
    section = text.split("## Parameters and defaults", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0] in FIELDS:
            rows[cells[0]] = cells
    return rows


def test_every_field_has_a_provenance_and_nothing_else_does():
    assert set(PROVENANCE) == set(FIELDS)
    for name, where in PROVENANCE.items():
        assert where.kind in KINDS, name
        assert where.note, name
        if where.kind in ("source", "proxy"):
            assert re.search(r"\d{4}", where.source), f"{name}: a source names its year"
        else:
            assert where.source == "", f"{name}: an assumption cites no source as its own"


@pytest.mark.parametrize("name", Scenario.numeric_fields())
def test_field_info_carries_it_and_the_default_lies_in_the_range(name):
    info = Scenario.field_info(name)
    assert info["provenance"] == PROVENANCE[name].kind
    assert info["source"] == PROVENANCE[name].source
    low_high = info["assumed_range"]
    if info["provenance"] != "setting" or low_high is not None:
        low, high = low_high
        default = Scenario.preset("relationship").resolved()[name]
        assert low <= default <= high, name
        assert info["min"] <= low <= high <= info["max"], name


def test_model_md_table_has_every_field_with_the_same_kind():
    table = model_table()
    assert set(table) == set(FIELDS)
    for name, cells in table.items():
        assert cells[2] == PROVENANCE[name].kind, name


def test_model_md_states_the_citations_exactly():
    text = MODEL.read_text(encoding="utf-8")
    # the old table cited Trusov et al. for an effect per contact, which they did not measure
    assert "outweighs ads per contact" not in text
    assert "It is not an effect per contact" in text
    assert "0.53" in text and "0.026" in text and "0.017" in text
    assert "**per year**" in text
    assert "a stranger's expected trust is\n  0.5" in text  # Josang & Ismail's prior
    assert "mundane details" in text


def test_published_effects_say_what_was_not_measured():
    with open(data_path("published_effects.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["name"] for r in rows] == [
        "wom_referrals",
        "marketing_events",
        "media",
        "bass_p",
        "bass_q",
    ]
    for row in rows:
        for column in ("population", "outcome", "unit", "not_measured", "source"):
            assert row[column].strip(), (row["name"], column)
    values = {r["name"]: float(r["value"]) for r in rows}
    # Trusov et al.: word of mouth about 20 times events and 30 times media
    assert 19 < values["wom_referrals"] / values["marketing_events"] < 22
    assert 30 < values["wom_referrals"] / values["media"] < 33
    assert (values["bass_p"], values["bass_q"]) == (0.03, 0.38)
    assert {r["unit"] for r in rows if r["name"].startswith("bass")} == {"per year"}
