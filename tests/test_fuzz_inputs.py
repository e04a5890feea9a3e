"""Fuzzing every entry point that reads input from someone else (issue 23): scenario codes,
banks (YAML and jupyterquiz JSON), progress exports, and the bounded parsers. Whatever goes
in, only the kit's own one-sentence error comes out, and nothing is half-written."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.cli import main as kit_main
from kit.errors import KitError
from kit.limits import InputError, load_json, load_yaml, nesting_depth
from kit.sim import Scenario
from kit.sim.codes import ZDICT, pack
from kit.store import read_export
from kit.store.export import merge_exports

FAST = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@FAST
@given(text=st.text(max_size=300))
def test_any_text_as_a_code_is_a_scenario_or_a_code_error(text):
    try:
        Scenario.from_code(text)
    except KitError as exc:
        assert str(exc) and "\n" not in str(exc)


@FAST
@given(fields=_json)
def test_any_json_inside_a_well_formed_code_is_a_scenario_or_a_code_error(fields):
    try:
        payload = json.dumps(fields).encode()
    except ValueError:
        return
    try:
        Scenario.from_code(pack(payload))
    except KitError as exc:
        assert str(exc)


@FAST
@given(depth=st.integers(1, 20_000), data=st.binary(max_size=200))
def test_deep_or_garbage_payloads_are_code_errors(depth, data):
    for payload in (b"[" * depth + b"]" * depth, data):
        with pytest.raises(KitError):
            Scenario.from_code(pack(payload))
    raw = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, ZDICT)
    body = base64.urlsafe_b64encode(raw.compress(data) + raw.flush()).decode().rstrip("=")
    with pytest.raises(KitError):
        Scenario.from_code(f"kit1:{body}.00000000")


@FAST
@given(value=_json)
def test_load_json_returns_or_says_why(value):
    try:
        text = json.dumps(value)
    except ValueError:
        return
    try:
        assert load_json(text, what="x") == json.loads(text)
    except InputError as exc:
        assert "JSON" in str(exc) or "nests" in str(exc)


@FAST
@given(text=st.text(alphabet="[]{}\"'\\ab,:", max_size=400))
def test_nesting_depth_never_underestimates_what_json_parses(text):
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return

    def depth(v):
        if isinstance(v, list):
            return 1 + max(map(depth, v), default=0)
        if isinstance(v, dict):
            return 1 + max(map(depth, v.values()), default=0)
        return 0

    assert nesting_depth(text) >= depth(value)


@FAST
@given(text=st.text(max_size=400))
def test_load_yaml_returns_or_raises_only_its_errors(text):
    import yaml

    try:
        load_yaml(text, what="x")
    except (InputError, yaml.YAMLError):
        pass


@pytest.mark.parametrize("levels", [3, 6, 9])
def test_nested_aliases_are_refused_by_their_expanded_size(levels):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    text = "\n".join(lines)
    if 9**levels < 200_000:
        assert load_yaml(text, what="the bank")
    else:
        with pytest.raises(InputError, match="expands to more than"):
            load_yaml(text, what="the bank")


@FAST
@given(bank=_json)
def test_any_bank_file_is_checked_without_a_traceback(tmp_path_factory, bank, capsys):
    folder = tmp_path_factory.mktemp("bank")
    for name, text in (("b.json", json.dumps(bank)), ("b.yaml", json.dumps(bank))):
        path = folder / name
        path.write_text(text)
        code = kit_main(["quiz", "check", str(path)])
        assert code in (0, 1, 2)
        assert "Traceback" not in capsys.readouterr().err


@FAST
@given(rows=st.lists(st.dictionaries(st.text(max_size=10), _json, max_size=12), max_size=4))
def test_any_export_file_is_read_or_refused_in_a_sentence(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("export")
    path = folder / "export.json"
    path.write_text(json.dumps(rows))
    out = folder / "class.csv"
    try:
        merge_exports([path], out)
    except KitError as exc:
        assert str(exc)
        assert not out.exists()  # nothing half-written


def test_a_huge_or_deep_export_is_refused(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    with pytest.raises(KitError, match="nests"):
        read_export(deep)
    assert kit_main(["progress", "merge", str(deep), "--out", str(tmp_path / "o.csv")]) == 2
