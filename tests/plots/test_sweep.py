"""kit.sim.sweep: tidy, reproducible, common random numbers; sweep_winner draws it."""

from __future__ import annotations

import numpy as np
import pytest

from kit import plots, sim
from kit.plots.style import contrast_ratio, label_colour
from kit.sim.api import run_seeds
from kit.sim.labels import plain_label
from kit.sim.sweep import sweep

BASE = sim.Scenario(population=2_000, weeks=30, seed=5)
X = ("initial_followers", [10, 80])
Y = ("p_ad", [0.005, 0.04])


@pytest.fixture(scope="module")
def grid():
    return sweep(BASE, x=X, y=Y, reps=2, progress=False)


def test_sweep_is_tidy_and_uses_common_seeds(grid):
    assert list(grid.columns[:5]) == ["initial_followers", "p_ad", "strategy", "run", "seed"]
    assert len(grid) == 2 * 2 * 2 * 2
    assert set(grid["seed"]) == set(run_seeds(BASE.seed, 2))
    # every grid point and strategy uses the same seed for the same run
    assert grid.groupby("run")["seed"].nunique().eq(1).all()
    assert grid["customers"].dtype == np.int64 and grid["mean_trust"].dtype == np.float64
    assert grid.attrs["sweep"]["x"] == "initial_followers"


def test_sweep_rows_equal_fresh_simulations(grid):
    row = grid.iloc[5]
    fresh = sim.simulate(
        BASE,
        strategy=row["strategy"],
        initial_followers=int(row["initial_followers"]),
        p_ad=float(row["p_ad"]),
        seed=int(row["seed"]),
    ).iloc[-1]
    for m in ("customers", "followers", "mean_trust", "strong_ties"):
        assert row[m] == pytest.approx(fresh[m])


def test_sweep_is_reproducible(grid):
    again = sweep(BASE, x=X, y=Y, reps=2, progress=False)
    assert again.equals(grid)


def test_sweep_rejects_bad_input():
    with pytest.raises(ValueError, match="x: 'speed' is not a Scenario field"):
        sweep(BASE, x=("speed", [1]), y=Y, progress=False)
    with pytest.raises(ValueError, match="two different fields"):
        sweep(BASE, x=Y, y=Y, progress=False)
    with pytest.raises(ValueError, match="p_ad"):
        sweep(BASE, x=X, y=("p_ad", [-1.0]), progress=False)  # validated before running
    with pytest.raises(ValueError, match="reps"):
        sweep(BASE, x=X, y=Y, reps=0, progress=False)
    with pytest.raises(ValueError, match="metrics: unknown"):
        sweep(BASE, x=X, y=Y, metrics=["sales"], progress=False)
    with pytest.raises(ValueError, match="at least one value"):
        sweep(BASE, x=("reach", []), y=Y, progress=False)


def test_sweep_winner_shows_winner_and_margin(grid):
    fig = plots.sweep_winner(grid, "customers")
    heat = fig.data[0]
    means = grid.groupby(["p_ad", "initial_followers", "strategy"])["customers"].mean()
    for i, yv in enumerate(Y[1]):
        for j, xv in enumerate(X[1]):
            cell = means.loc[(yv, xv)].sort_values(ascending=False)
            winner, margin, _ = heat.customdata[i][j]
            if cell.iloc[0] == cell.iloc[1]:
                assert winner == "tie"
            else:
                assert winner == cell.index[0]
            assert margin == pytest.approx(cell.iloc[0] - cell.iloc[1])
            assert heat.text[i][j].startswith("tie" if winner == "tie" else winner[0].upper())
            colour_index = heat.z[i][j]
            strategies = ["broadcast", "relationship", "tie"]
            assert strategies[int(colour_index)] == winner
    legend = {t.name: t.marker.color for t in fig.data[1:] if t.name != "cell labels"}
    for name, colour in legend.items():
        if name != "tie":
            assert colour == plots.STRATEGY_COLOURS[name.split(" = ")[1].split()[0]]
    # the axes say the setting as the lesson's slider does, not its code name
    assert plain_label("initial_followers") in fig.layout.xaxis.title.text
    assert "initial_followers" not in fig.layout.xaxis.title.text
    rel = plots.sweep_winner(grid, "customers", relative=True)
    assert all("%" in t or t == "tie" or "∞" in t for row in rel.data[0].text for t in row)


def test_each_cell_label_takes_black_or_white_by_its_cells_colour(grid):
    """Heatmap labels (issue 25): white on vermillion is 3.87:1, so each cell's label is
    black or white, whichever has more contrast on that cell, at least 4.5:1 (AA)."""
    fig = plots.sweep_winner(grid, "customers")
    (labels,) = [t for t in fig.data if t.name == "cell labels"]
    heat = fig.data[0]
    drawn = [t for row in heat.text for t in row if t]
    assert list(labels.text) == drawn  # every cell's label, once
    assert not heat.texttemplate  # the heatmap itself draws no text under them
    for colour, cell in zip(labels.textfont.color, labels.meta["cell_colours"], strict=True):
        other = "#FFFFFF" if colour == "#000000" else "#000000"
        assert contrast_ratio(colour, cell) >= max(4.5, contrast_ratio(other, cell))
    assert label_colour(plots.STRATEGY_COLOURS["broadcast"]) == "#000000"  # vermillion
    assert label_colour(plots.STRATEGY_COLOURS["relationship"]) == "#FFFFFF"  # blue
