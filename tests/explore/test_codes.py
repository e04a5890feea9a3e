"""Scenario codes: exact round trips over every field, and one clear sentence for bad codes."""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import subprocess
import sys
import zlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kit import sim
from kit.errors import KitError
from kit.sim import GRAPHS, PRESETS, Scenario
from kit.sim.codes import ZDICT, CodeError, pack


def _field_values(f: dataclasses.Field):
    meta = f.metadata
    if meta["integer"]:
        values = st.integers(int(meta["min"]), int(meta["max"]))
    else:
        values = st.floats(float(meta["min"]), float(meta["max"]), allow_nan=False) | st.integers(
            int(math.ceil(meta["min"])), int(meta["max"])
        )
    return st.none() | values if f.default is None else values


@st.composite
def shares(draw):
    u = draw(st.floats(0, 1))
    v = draw(st.floats(0, 1))
    return (u, v * (1 - u), max(0.0, 1.0 - u - v * (1 - u)))


@st.composite
def scenarios(draw):
    values = {}
    for f in dataclasses.fields(Scenario):
        if f.metadata and draw(st.booleans()):
            values[f.name] = draw(_field_values(f))
    values["strategy"] = draw(st.sampled_from(sorted(PRESETS)) | shares())
    values["graph"] = draw(st.sampled_from(GRAPHS))
    values["seed"] = draw(st.none() | st.integers(0, 2**64))
    try:
        return Scenario(**values)
    except ValueError:
        assume(False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios())
def test_every_field_round_trips_exactly(scenario):
    code = scenario.to_code()
    back = Scenario.from_code(code)
    assert back == scenario
    for f in dataclasses.fields(Scenario):  # the same values, of the same types
        assert type(getattr(back, f.name)) is type(getattr(scenario, f.name)), f.name
    assert back.to_code() == code
    assert code.startswith("kit1:") and code.isascii() and " " not in code


def test_the_capstone_design_with_ten_changes_is_short():
    s = sim.Scenario(
        strategy=(0.1, 0.0, 0.9),
        promo_share=0.2,
        seed=7,
        hours=6,
        population=5_000,
        p_ad=0.004,
        reach=0.08,
        initial_followers=300,
        graph="small_world",
        mean_degree=12,
        weeks=104,
    )
    assert len(s.to_code()) < 120 and sim.Scenario.from_code(s.to_code()) == s


def test_the_kit1_dictionary_is_frozen():
    # Changing ZDICT makes every kit1 code unreadable: a new dictionary needs a new format.
    assert zlib.crc32(ZDICT) == 0x2DCD60CE


def test_a_preset_with_a_few_changes_is_short():
    s = Scenario.preset(
        "relationship", population=5_000, weeks=104, seed=12345, p_ad=0.025, q_wom=0.11, hours=15
    )
    code = s.to_code()
    assert len(code) < 200, code
    assert Scenario.from_code(code) == s
    # copying may add spaces or line breaks: they are ignored
    assert Scenario.from_code(f"  {code[:30]}\n{code[30:]} ") == s


def test_the_code_holds_only_the_strategy_seed_and_changed_fields():
    s = Scenario.preset("broadcast", seed=0, p_ad=0.02)
    body = s.to_code()[5:].rpartition(".")[0]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    fields = json.loads(zlib.decompressobj(-15, ZDICT).decompress(raw))
    assert fields == {"strategy": "broadcast", "seed": 0, "p_ad": 0.02}


def _forge(fields: dict, version: str = "kit1") -> str:
    return pack(json.dumps(fields).encode(), version)


GOOD = Scenario.preset("balanced", population=5_000, seed=4, reach=0.1).to_code()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (GOOD[:-4], "damaged or incomplete"),  # truncated
        (GOOD[: len(GOOD) // 2], "damaged or incomplete"),
        (GOOD[:12] + ("A" if GOOD[12] != "A" else "B") + GOOD[13:], "damaged or incomplete"),
        ("kit2:" + GOOD[5:], "newer kit"),
        ("hello there", "not a scenario code"),
        ("", "empty"),
        ("kit1:" + "A" * 5000, "far longer"),
        (_forge({"strategy": "balanced", "seed": 1, "warp_drive": 3}), "does not know"),
        (_forge({"strategy": "balanced", "seed": 1, "p_ad": 99}), "not allowed"),
        (_forge({"strategy": "balanced", "seed": 1, "p_ad": "__import__('os')"}), "not a number"),
        (_forge({"strategy": {"post": 1}, "seed": 1}), "strategy"),
        (_forge(["not", "a", "dict"]), "damaged"),
        (_forge({"strategy": "balanced", "seed": 1}, version="kitX"), "not a scenario code"),
    ],
)
def test_a_bad_code_gets_one_sentence(text, words):
    with pytest.raises(CodeError) as info:
        Scenario.from_code(text)
    message = str(info.value)
    assert words in message
    assert "\n" not in message and message.endswith(".")
    assert isinstance(info.value, KitError) and isinstance(info.value, ValueError)


def test_a_zip_bomb_is_refused_without_inflating_it():
    code = pack(b" " * 2_000_000)
    assert len(code) < 4_000
    with pytest.raises(CodeError, match="damaged"):
        Scenario.from_code(code)


def _kit(*args):
    return subprocess.run(
        [sys.executable, "-m", "kit", "simulate", *args], capture_output=True, text=True
    )


def test_cli_runs_a_code_and_refuses_a_bad_one_in_one_sentence():
    s = Scenario.preset("broadcast", population=2_000, weeks=6, seed=7, p_ad=0.04)
    from kit import sim

    ok = _kit("--code", s.to_code())
    assert ok.returncode == 0, ok.stderr
    import io

    import pandas as pd

    got = pd.read_csv(io.StringIO(ok.stdout))
    want = sim.simulate(s)
    assert got["customers"].tolist() == want["customers"].tolist()
    bad = _kit("--code", s.to_code()[:-2])
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert "damaged or incomplete" in bad.stderr
    clash = _kit("--code", s.to_code(), "--seed", "3")
    assert clash.returncode == 2 and "drop --seed" in clash.stderr


def test_json_nested_thousands_deep_is_one_sentence_not_a_recursion_error():
    for nested in (b"[" * 3000 + b"]" * 3000, b'{"strategy":' + b"[" * 5000 + b"]" * 5000 + b"}"):
        with pytest.raises(CodeError, match="damaged or incomplete"):
            Scenario.from_code(pack(nested))
