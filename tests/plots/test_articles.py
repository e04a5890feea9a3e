"""The article figures come from data/ with a source for every row."""

from __future__ import annotations

import pandas as pd

from kit import plots
from kit.data import data_path


def test_every_row_has_a_source():
    for name in ("celebrities.csv", "network_sizes.csv"):
        frame = pd.read_csv(data_path(name))
        assert frame["source"].notna().all() and (frame["source"].str.len() > 5).all()
    readme = data_path("README.md").read_text()
    assert "`celebrities.csv`" in readme and "`network_sizes.csv`" in readme


def test_celebrities_are_the_articles_numbers():
    fig = plots.celebrities()
    stars = fig.data[0]
    got = {n: (x, y) for n, x, y in zip(stars.text, stars.x, stars.y, strict=True)}
    assert got == {
        "Tiger Woods": (17, 3_000_000),
        "Ashton Kutcher": (700, 14_000_000),
        "Oprah": (100, 17_000_000),
    }
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "log"
    assert "Social ME-dia vs Social Networking" in fig.layout.annotations[-1].text
    assert any("200+ followers" in t.name for t in fig.data)


def test_dunbar_layers_against_typical_networks():
    fig = plots.dunbar_layers()
    layers = [a for a in fig.layout.annotations if a.name == "layer"]
    assert [a.text.split("<")[0] for a in layers] == ["5", "15", "50", "150"]
    lines = sorted(s.x0 for s in fig.layout.shapes if s.type == "line")
    assert lines == [5, 15, 50, 150]
    sizes = {t.meta["name"]: (t.meta["low"], t.meta["high"]) for t in fig.data}
    assert sizes["people in your address book"] == (250, 500)
    assert sizes["clients in your accounting system"] == (50, 150)
    assert sizes["people you can know personally in business"] == (100, 200)
    assert sizes["LinkedIn profile: average followers"] == (150, 150)
    note = fig.layout.annotations[-1].text
    assert "Dunbar 1993" in note and "Zhou, Sornette, Hill & Dunbar 2005" in note
