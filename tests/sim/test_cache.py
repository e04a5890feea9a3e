"""The run cache (kit/sim/cache.py): exact reuse, keys, invalidation, checksums, eviction,
failures that cost only speed, and a learner who cannot poison what another learner sees."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kit import sim
from kit.cli import main as kit_main
from kit.sim import cache, engine
from kit.sim.scenario import Scenario

sys.path.insert(0, str(Path(__file__).parent))
import golden  # noqa: E402

SMALL = Scenario.preset("relationship", population=1_000, weeks=12, seed=5)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test a fresh user folder, no shared folders, no shipped pack."""
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "user"))
    monkeypatch.setenv("KIT_CACHE_PACK", "off")
    monkeypatch.delenv("KIT_SHARED_CACHE", raising=False)
    monkeypatch.delenv("KIT_CACHE", raising=False)
    monkeypatch.delenv("KIT_CACHE_MB", raising=False)
    cache._indexes.clear()
    cache._packs.clear()
    return tmp_path / "user"


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert (a.dtypes == b.dtypes).all()
    assert golden.frame_digest(a) == golden.frame_digest(b)


def test_cached_frames_are_bit_identical_to_fresh_runs_over_the_golden_scenarios():
    cases, recorded = golden.cases(), golden.load()
    for name in sorted(cases)[::4]:  # every fourth golden scenario: each preset and branch
        scenario = cases[name]
        fresh = engine.run(scenario)
        first = cache.run(scenario)  # computed and kept
        again = cache.run(scenario)  # read back
        _same(fresh, first)
        _same(fresh, again)
        assert golden.frame_digest(again) == recorded[name]["frame"]
    assert cache.info()["hits"] >= 1


def test_a_hit_reads_the_file_and_a_miss_writes_one(own_cache):
    before = cache.info()
    cache.run(SMALL)
    assert cache.info()["entries"] == 1
    cache.run(SMALL)
    got = cache.info()
    assert got["misses"] == before["misses"] + 1 and got["hits"] == before["hits"] + 1


def test_the_key_covers_every_field_and_the_seed():
    base = cache.key_of(SMALL)
    assert cache.key_of(dataclasses.replace(SMALL)) == base
    for field in dataclasses.fields(Scenario):
        value = getattr(SMALL, field.name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        bumped = value + 1 if isinstance(value, int) else value * 0.75 + 0.0013
        try:
            other = dataclasses.replace(SMALL, **{field.name: bumped})
        except (ValueError, TypeError):
            continue
        assert cache.key_of(other) != base, field.name
    assert cache.key_of(dataclasses.replace(SMALL, strategy="broadcast")) != base
    assert cache.key_of(dataclasses.replace(SMALL, strategy=(0.5, 0.2, 0.3))) != base


def test_runs_without_a_seed_are_never_kept(own_cache):
    cache.run(dataclasses.replace(SMALL, seed=None))
    assert cache.info()["entries"] == 0


def test_an_engine_change_invalidates_every_entry(monkeypatch):
    cache.run(SMALL)
    key = cache.key_of(SMALL)
    monkeypatch.setitem(cache._state, "fingerprint", "another engine")
    assert cache.key_of(SMALL) != key
    misses = cache.info()["misses"]
    cache.run(SMALL)
    assert cache.info()["misses"] == misses + 1


def test_the_fingerprint_follows_the_engine_s_behaviour(monkeypatch):
    real = cache.engine_fingerprint()
    monkeypatch.setitem(cache._state, "fingerprint", None)
    original = engine.run

    def changed_rule(scenario):
        frame = original(scenario)
        frame["followers"] += 1  # any rule change shows in a probe frame
        return frame

    monkeypatch.setattr(engine, "run", changed_rule)
    assert cache.engine_fingerprint() != real


def test_a_damaged_own_entry_is_ignored_and_recomputed(own_cache):
    fresh = engine.run(SMALL)
    cache.run(SMALL)
    (path,) = own_cache.rglob("*.run")
    data = path.read_bytes()
    path.write_bytes(data[:-7] + b"garbage")  # a torn or edited file
    _same(cache.run(SMALL), fresh)
    header = json.loads(data.partition(b"\n")[0])
    header["key"] = "0" * 64  # an entry filed under the wrong key
    path.write_bytes(json.dumps(header).encode() + b"\n" + data.partition(b"\n")[2])
    _same(cache.run(SMALL), fresh)


def test_a_learner_who_rewrites_a_shared_entry_changes_nothing_another_learner_sees(
    tmp_path, monkeypatch
):
    shared = tmp_path / "shared"
    cache.build_shared(shared, [SMALL])  # the trusted deploy step
    monkeypatch.setenv("KIT_SHARED_CACHE", str(shared))
    fresh = engine.run(SMALL)

    # Learner A forges the entry: another run's frame, filed under the right key, with a
    # consistent header (everything but the trusted index's checksum).
    key = cache.key_of(SMALL)
    forged_frame = engine.run(dataclasses.replace(SMALL, strategy="broadcast"))
    (entry,) = shared.rglob("*.run")
    entry.write_bytes(cache.encode(key, forged_frame))

    # Learner B, with an empty folder of their own, reads through the shared folder.
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "learner-b"))
    seen = sim.simulate(SMALL)
    _same(seen, fresh)
    assert not seen.equals(forged_frame)
    # and B's own copy is the fresh run, not the forgery
    (own,) = (tmp_path / "learner-b").rglob("*.run")
    assert cache.decode(key, own.read_bytes(), SMALL.weeks).equals(fresh)


def test_learners_write_only_to_their_own_folder(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    cache.build_shared(shared, [SMALL])
    before = sorted(p.name for p in shared.rglob("*"))
    monkeypatch.setenv("KIT_SHARED_CACHE", str(shared))
    other = dataclasses.replace(SMALL, seed=99)
    cache.run(other)  # a miss everywhere
    assert sorted(p.name for p in shared.rglob("*")) == before
    assert len(list(Path(os.environ["KIT_CACHE_DIR"]).rglob("*.run"))) == 1


def test_a_shared_hit_is_exact(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    cache.build_shared(shared, [SMALL])
    monkeypatch.setenv("KIT_SHARED_CACHE", str(shared))
    misses = cache.info()["misses"]
    _same(cache.run(SMALL), engine.run(SMALL))
    assert cache.info()["misses"] == misses


def test_a_pack_is_read_like_a_shared_folder_and_is_reproducible(tmp_path, monkeypatch):
    runs = [SMALL, dataclasses.replace(SMALL, seed=6)]
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    cache.build_pack(one, runs)
    cache.build_pack(two, list(reversed(runs)))
    assert one.read_bytes() == two.read_bytes()
    assert [cache.scenario_text(s) for s in cache.pack_scenarios(one)] == [
        cache.scenario_text(s) for s in runs
    ]
    monkeypatch.setattr(cache, "PACK", one)
    monkeypatch.setenv("KIT_CACHE_PACK", "on")
    misses = cache.info()["misses"]
    _same(cache.run(runs[1]), engine.run(runs[1]))
    assert cache.info()["misses"] == misses


def test_least_recently_used_entries_are_evicted_past_the_limit(own_cache):
    scenarios = [dataclasses.replace(SMALL, seed=s) for s in range(6)]
    for s in scenarios:
        cache.run(s)
    paths = {s.seed: next(own_cache.rglob(f"{cache.key_of(s)}.run")) for s in scenarios}
    for age, s in enumerate(scenarios):  # seed 0 oldest ... seed 5 newest
        os.utime(paths[s.seed], (1_000_000 + age, 1_000_000 + age))
    cache.run(scenarios[0])  # used again: now the most recent
    size = paths[0].stat().st_size
    removed = cache.evict(limit=3 * size + size // 2)
    assert removed == 3
    left = {s.seed for s in scenarios if paths[s.seed].exists()}
    assert left == {0, 4, 5}


def test_a_full_disk_or_unwritable_folder_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KIT_CACHE_DIR", str(blocker / "runs"))  # cannot be made
    _same(sim.simulate(SMALL), engine.run(SMALL))
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "ok"))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", full)
    _same(sim.simulate(SMALL), engine.run(SMALL))
    assert not list((tmp_path / "ok").rglob("*.tmp"))  # nothing half-written left behind


def test_the_cache_can_be_turned_off(monkeypatch, own_cache):
    monkeypatch.setenv("KIT_CACHE", "off")
    cache.run(SMALL)
    assert cache.info()["entries"] == 0
    monkeypatch.setenv("KIT_CACHE", "on")
    with cache.disabled():
        cache.run(SMALL)
    assert cache.info()["entries"] == 0


def test_compare_ensemble_and_sweep_use_it(own_cache):
    sim.compare(["broadcast", "relationship"], population=1_000, weeks=10, seed=2)
    sim.ensemble(SMALL, reps=2)
    sim.sweep(
        dataclasses.replace(SMALL, weeks=6),
        ("p_ad", [0.01, 0.02]),
        ("q_wom", [0.1]),
        strategies=["broadcast"],
        progress=False,
    )
    assert cache.info()["entries"] == 2 + 2 + 2


def test_kit_cache_info_and_clear(own_cache, capsys):
    cache.run(SMALL)
    assert kit_main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert str(own_cache) in out and "1 runs" in out
    assert kit_main(["cache", "clear"]) == 0
    assert "removed 1 runs" in capsys.readouterr().out
    assert cache.info()["entries"] == 0


def test_kit_cache_warm_fills_a_shared_folder_from_a_list(tmp_path, capsys):
    runs = tmp_path / "runs.jsonl"
    runs.write_text(cache.scenario_text(SMALL) + "\n")
    assert kit_main(["cache", "warm", str(tmp_path / "shared"), "--runs", str(runs)]) == 0
    index = json.loads((tmp_path / "shared" / "index.json").read_text())
    (entry,) = (tmp_path / "shared").rglob("*.run")
    assert index["entries"][cache.key_of(SMALL)] == hashlib.sha256(entry.read_bytes()).hexdigest()
    runs.write_text("{not json\n")
    assert kit_main(["cache", "warm", str(tmp_path / "x"), "--runs", str(runs)]) == 2
    assert "line 1 is not a scenario" in capsys.readouterr().err


def test_the_shipped_pack_matches_today_s_engine():
    """The lessons' pack must be rebuilt with the engine (lessons/make_warm_cache.py)."""
    if not cache.PACK.exists():
        pytest.skip("no pack shipped in this checkout")
    with zipfile.ZipFile(cache.PACK) as pack:
        index = json.loads(pack.read(cache.INDEX))
    assert index["fingerprint"] == cache.engine_fingerprint(), (
        "kit/sim/warm-runs.zip was built by another engine: run lessons/make_warm_cache.py"
    )
    assert len(index["entries"]) == len(index["scenarios"]) > 0


@pytest.mark.slow
def test_every_run_in_the_shipped_pack_equals_a_fresh_run(monkeypatch):
    if not cache.PACK.exists():
        pytest.skip("no pack shipped in this checkout")
    monkeypatch.setenv("KIT_CACHE_PACK", "on")
    for scenario in cache.pack_scenarios():
        with cache.disabled():
            fresh = engine.run(scenario)
        _same(cache.run(scenario), fresh)
