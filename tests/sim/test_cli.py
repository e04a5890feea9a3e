"""``kit simulate``: the CSV it writes, its help, and one-line errors with exit code 2."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from kit import sim
from kit.cli import main
from kit.sim import OUTPUT_COLUMNS, Scenario


def test_writes_the_same_frame_as_the_api(tmp_path, capsys):
    out = tmp_path / "run.csv"
    args = "--strategy relationship --population 3000 --weeks 20 --seed 7 --set tie_gain=0.2"
    assert main(["simulate", *args.split(), "--out", str(out)]) == 0
    written = pd.read_csv(out)
    assert list(written.columns) == list(OUTPUT_COLUMNS)
    expected = sim.simulate(
        Scenario.preset("relationship", population=3000, weeks=20, seed=7, tie_gain=0.2)
    )
    pd.testing.assert_frame_equal(
        written[["week", "customers", "followers"]], expected[["week", "customers", "followers"]]
    )
    assert "wrote 20 rows" in capsys.readouterr().err
    assert not list(tmp_path.glob(".run.csv.*"))  # no temp file left behind


def test_stdout_compare_and_reps(capsys):
    argv = "simulate --strategy broadcast --strategy 0,0.5,0.5 --population 500 --weeks 3 --reps 2"
    assert main(argv.split()) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table.columns[:3]) == ["strategy", "run", "seed"]
    assert len(table) == 2 * 2 * 3
    assert set(table["strategy"]) == {"broadcast", "custom 0/0.5/0.5"}


def test_help_explains_every_option_and_parameter(capsys):
    with pytest.raises(SystemExit) as info:
        main(["simulate", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--strategy", "--population", "--weeks", "--seed", "--graph", "--set", "--out"):
        assert option in text
    for name in Scenario.numeric_fields():
        if name not in {"population", "weeks"}:
            assert f"  {name}:" in text, name


@pytest.mark.parametrize(
    "argv, words",
    [
        ("--set tie_gian=3", ["no such parameter", "tie_gain"]),
        ("--set reach=2", ["reach", "2", "[0, 1]"]),
        ("--set reach", ["NAME=VALUE"]),
        ("--set reach=lots", ["'lots' is not a number"]),
        ("--strategy viral", ["unknown preset 'viral'"]),
        ("--strategy 0.5,0.5,0.5", ["sum to 1.5"]),
        ("--population 1", ["population", "[2,"]),
        ("--population abc", ["invalid int value"]),
        ("--graph tree", ["invalid choice"]),
        ("--reps 0", ["--reps 0"]),
        ("--out /no/such/folder/x.csv", ["does not exist"]),
    ],
)
def test_bad_input_exits_2_with_one_line(argv, words, capsys):
    assert run(["simulate", "--weeks", "2", "--population", "200", *argv.split()]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, (word, err)


def run(argv: list[str]) -> int:
    """The exit code of the command line, whether it returns or exits (as argparse does)."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def test_no_traceback_from_the_real_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kit", "simulate", "--set", "p_ad=nan"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("kit simulate: error: p_ad: NaN")
