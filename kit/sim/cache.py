"""A cache of simulator runs: a seeded run is computed once and reused, bit for bit.

Every lesson seeds its runs, so every learner in a room asks for the very same ones. This
module keeps each run's weekly frame under a key made of the whole scenario (every field and
the seed) and of the engine's fingerprint, so that a cached frame is always the frame a fresh
run would give:

* **The engine's fingerprint** is a SHA-256 of the frames of a few small probe runs that
  between them take every step of RULES.md (each preset and the rarer branches the golden
  frames cover), plus the NumPy version and the output columns. Any change of a rule, of the
  engine or of the machine's arithmetic changes some probe frame, so old entries are simply
  never asked for again. The probes cost about 0.1 s once per process.
* **Layers.** Reads look in the user's own folder first, then in read-only shared folders
  (``KIT_SHARED_CACHE``, folders separated by ``os.pathsep``: on a hub, one a trusted process
  fills at deploy time), then in the pack the kit ships (``kit/sim/warm-runs.zip``, the runs
  of the shipped lessons, built by ``lessons/make_warm_cache.py``). Writes only ever go to the
  user's own folder.
* **No poisoning.** A shared folder or pack holds an ``index.json`` written by its trusted
  builder: for each key, the SHA-256 of the entry's bytes. An entry is used only if its bytes
  match that checksum, its stored key equals the key asked for, and its shape is a frame of the
  right size; anything else is ignored and the run recomputed, never shown. A learner who
  rewrites a shared entry (where permissions would even let them) changes nothing another learner
  sees; one who rewrites their own entries only fools themselves, and those are checked too.
* **Bounded.** The user's folder (``$XDG_CACHE_HOME/kit/runs``, ``~/.cache/kit/runs`` on Linux)
  holds at most :data:`DEFAULT_LIMIT_MB` (``KIT_CACHE_MB`` to change); the least recently used
  entries are evicted past it. Any failure to read or write (a full disk, a read-only folder)
  only costs speed: the run is computed and nothing is shown.
* ``KIT_CACHE=off`` turns it off (benchmarks of the engine do), as does :func:`disabled`.
  Runs without a seed (``seed=None``) are never cached: each is meant to differ.

Examples
--------
>>> from kit.sim import Scenario, cache
>>> s = Scenario.preset("relationship", population=2_000, weeks=8, seed=1)
>>> cache.run(s).equals(cache.run(s))
True
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from kit.sim import engine
from kit.sim.outputs import OUTPUT_COLUMNS
from kit.sim.scenario import Scenario

#: Size limit of the user's own cache folder, in MB (``KIT_CACHE_MB`` overrides it).
DEFAULT_LIMIT_MB = 200
#: Entry file format; a change of layout bumps it (and the fingerprint with it).
FORMAT = 1
#: The file in a shared folder or pack that vouches for its entries.
INDEX = "index.json"
#: Largest entry read (a year-long weekly frame is about 25 kB before compression).
MAX_ENTRY_BYTES = 8 * 1024 * 1024
#: The pack of the shipped lessons' runs, inside the package (a zip of a shared folder).
PACK = Path(__file__).with_name("warm-runs.zip")

_EPOCH = (1980, 1, 1, 0, 0, 0)
_lock = threading.Lock()
_state = {"fingerprint": None, "disabled": 0, "writes": 0, "hits": 0, "misses": 0}
_indexes: dict[Path, tuple[float, dict[str, str]]] = {}
#: One open handle per pack, with the (mtime, size) it was opened at: opening a zip reads its
#: whole central directory (about 20 ms for the shipped pack), which per run cost more than
#: the run itself. Re-opened when the file changes, and in each process.
_packs: dict[Path, tuple[tuple[float, int, int], zipfile.ZipFile]] = {}


# ---------------------------------------------------------------------------- where and what
def user_folder() -> Path:
    """The user's own cache folder: ``KIT_CACHE_DIR``, else the platform's cache home."""
    if os.environ.get("KIT_CACHE_DIR"):
        return Path(os.environ["KIT_CACHE_DIR"]).expanduser()
    if sys.platform == "win32":  # pragma: no cover - not on the kit's machines
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "kit" / "Cache" / "runs"
    if sys.platform == "darwin":  # pragma: no cover
        return Path.home() / "Library" / "Caches" / "kit" / "runs"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kit" / "runs"


def shared_folders() -> list[Path]:
    """Read-only folders to look in after the user's own: ``KIT_SHARED_CACHE``, then the pack."""
    text = os.environ.get("KIT_SHARED_CACHE", "")
    folders = [Path(p).expanduser() for p in text.split(os.pathsep) if p.strip()]
    if os.environ.get("KIT_CACHE_PACK", "on").lower() in ("off", "0", "no", "false"):
        return folders
    return [*folders, PACK]


def limit_bytes() -> int:
    """The user's folder's size limit in bytes (``KIT_CACHE_MB``, else the default)."""
    try:
        mb = float(os.environ.get("KIT_CACHE_MB", DEFAULT_LIMIT_MB))
    except ValueError:
        mb = DEFAULT_LIMIT_MB
    return int(max(mb, 0.0) * 1024 * 1024)


def enabled() -> bool:
    """Whether runs are looked up and kept (``KIT_CACHE=off`` or :func:`disabled` turn it off)."""
    return not _state["disabled"] and os.environ.get("KIT_CACHE", "on").lower() not in (
        "off",
        "0",
        "no",
        "false",
    )


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Run the block without the cache (every run computed fresh, nothing kept)."""
    with _lock:
        _state["disabled"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["disabled"] -= 1


# ------------------------------------------------------------------------------ the key
#: Small runs that between them take every step and branch of the engine (as the golden
#: frames do): each preset on each graph kind, and the rarer branches.
_PROBES = (
    *(
        dict(strategy=preset, graph=graph, seed=1)
        for preset in ("broadcast", "acquainting", "relationship", "balanced")
        for graph in ("random", "small_world", "complete")
    ),
    dict(strategy="balanced", ambassadors=2, capacity=20, graph="small_world", seed=2),
    dict(strategy="balanced", reach=0.5, p_rel=0.4, p_ad=0.1, promo_share=0.5, seed=3),
    dict(strategy="relationship", prior_a=0.0, rec_base=0.0, seed=4),
    dict(strategy=(0.3, 0.3, 0.4), promo_share=0.5, fame=1.0, seed=5),
)


def engine_fingerprint() -> str:
    """A SHA-256 of what the engine does today (probe runs' frames, NumPy, the columns).

    Computed once per process. Two machines or versions that give the same probe frames
    share cache entries; any rule or engine change alters a probe frame and with it every key.
    """
    if _state["fingerprint"] is None:
        h = hashlib.sha256(f"kit-run-cache {FORMAT} numpy {np.__version__}".encode())
        h.update(",".join(OUTPUT_COLUMNS).encode())
        for fields in _PROBES:
            scenario = Scenario(population=300, weeks=26, **fields)
            h.update(_matrix(engine.run(scenario)).tobytes())
        _state["fingerprint"] = h.hexdigest()
    return _state["fingerprint"]


def scenario_text(scenario: Scenario) -> str:
    """The scenario as canonical JSON: every field, the seed included."""
    fields = dataclasses.asdict(scenario)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=_plain)


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot key a scenario field of type {type(value).__name__}")


def key_of(scenario: Scenario) -> str:
    """The cache key of a run: SHA-256 of the engine's fingerprint and the whole scenario."""
    text = engine_fingerprint() + "\n" + scenario_text(scenario)
    return hashlib.sha256(text.encode()).hexdigest()


# ---------------------------------------------------------------------------- entries
def _matrix(frame: pd.DataFrame) -> np.ndarray:
    return np.ascontiguousarray(frame[list(OUTPUT_COLUMNS)].to_numpy(dtype=np.float64))


def encode(key: str, frame: pd.DataFrame) -> bytes:
    """One entry's bytes: a JSON header line (format, key, shape) and the zlib'd matrix."""
    matrix = _matrix(frame)
    header = json.dumps({"format": FORMAT, "key": key, "shape": list(matrix.shape)})
    return header.encode() + b"\n" + zlib.compress(matrix.tobytes(), 6)


def decode(key: str, data: bytes, weeks: int) -> pd.DataFrame | None:
    """The frame an entry holds, or None if it is not a well-formed entry for ``key``."""
    try:
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if header.get("format") != FORMAT or header.get("key") != key:
            return None
        shape = tuple(header["shape"])
        if shape != (weeks, len(OUTPUT_COLUMNS)):
            return None
        raw = zlib.decompressobj().decompress(body, weeks * len(OUTPUT_COLUMNS) * 8 + 1)
        if len(raw) != weeks * len(OUTPUT_COLUMNS) * 8:
            return None
        matrix = np.frombuffer(raw, dtype=np.float64).reshape(shape).copy()
    except (ValueError, KeyError, TypeError, zlib.error):
        return None
    return engine.to_frame(matrix)


def _entry_path(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.run"


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_ENTRY_BYTES else None


def _index(source: Path) -> dict[str, str]:
    """A shared folder's or pack's ``index.json`` (key -> SHA-256 of the entry), re-read when
    the file changes."""
    is_pack = source.suffix == ".zip"
    try:
        stamp = (source if is_pack else source / INDEX).stat().st_mtime
    except OSError:
        return {}
    cached = _indexes.get(source)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        if is_pack:
            with zipfile.ZipFile(source) as pack:
                if pack.getinfo(INDEX).file_size > MAX_ENTRY_BYTES:
                    raise ValueError("index too large")
                text = pack.read(INDEX).decode()
        else:
            text = (source / INDEX).read_text()
        index = json.loads(text)
        entries = index.get("entries", {}) if isinstance(index, dict) else {}
        if not isinstance(entries, dict):
            entries = {}
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        entries = {}
    _indexes[source] = (stamp, entries)
    return entries


def _open_pack(source: Path) -> zipfile.ZipFile | None:
    """The pack's open handle (kept while the file is unchanged), or None if it cannot be read."""
    try:
        st = source.stat()
    except OSError:
        return None
    # The process id too: a forked worker opens its own (a file offset is shared across a fork).
    stamp = (st.st_mtime, st.st_size, os.getpid())
    with _lock:
        held = _packs.get(source)
        if held and held[0] == stamp:
            return held[1]
        if held:
            with contextlib.suppress(OSError):
                held[1].close()
            del _packs[source]
        try:
            pack = zipfile.ZipFile(source)
        except (OSError, zipfile.BadZipFile, ValueError):
            return None
        _packs[source] = (stamp, pack)
        return pack


def _forget_pack(source: Path) -> None:
    with _lock:
        held = _packs.pop(source, None)
    if held:
        with contextlib.suppress(OSError):
            held[1].close()


def _read_shared(source: Path, key: str) -> bytes | None:
    if source.suffix != ".zip":
        return _read(_entry_path(source, key))
    pack = _open_pack(source)
    if pack is None:
        return None
    member = f"{key[:2]}/{key}.run"
    try:
        with _lock:
            if pack.getinfo(member).file_size > MAX_ENTRY_BYTES:
                return None
            return pack.read(member)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None


def _lookup(key: str, weeks: int) -> pd.DataFrame | None:
    own = _entry_path(user_folder(), key)
    data = _read(own)
    if data is not None:
        frame = decode(key, data, weeks)
        if frame is not None:
            with contextlib.suppress(OSError):
                os.utime(own)  # recently used: evicted last
            return frame
    for folder in shared_folders():
        want = _index(folder).get(key)
        if not want:
            continue
        data = _read_shared(folder, key)
        if data is None or hashlib.sha256(data).hexdigest() != want:
            continue  # missing, or not what the trusted builder wrote: ignored
        frame = decode(key, data, weeks)
        if frame is not None:
            return frame
    return None


def _write(folder: Path, key: str, frame: pd.DataFrame) -> bytes | None:
    """Write one entry atomically; None (and nothing left behind) if the folder refuses."""
    data = encode(key, frame)
    path = _entry_path(folder, key)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return None
    return data


def _keep(key: str, frame: pd.DataFrame) -> None:
    if _write(user_folder(), key, frame) is None:
        return
    with _lock:
        _state["writes"] += 1
        due = _state["writes"] % 50 == 1
    if due:
        evict()


# ------------------------------------------------------------------------------ the API
def run(scenario: Scenario) -> pd.DataFrame:
    """``engine.run(scenario)``, from the cache when this very run was made before.

    The frame returned is bit-identical to a fresh run's (same columns, dtypes and values);
    a run is kept for next time in the user's folder. Runs without a seed, and every run while
    the cache is off, are simply computed.
    """
    if scenario.seed is None or not enabled():
        return engine.run(scenario)
    if os.environ.get("KIT_CACHE_RECORD"):
        _record(scenario)
    try:
        key = key_of(scenario)
    except TypeError:
        return engine.run(scenario)
    frame = _lookup(key, scenario.weeks)
    if frame is not None:
        _state["hits"] += 1
        return frame
    _state["misses"] += 1
    frame = engine.run(scenario)
    _keep(key, frame)
    return frame


def _record(scenario: Scenario) -> None:
    """Append the scenario to ``KIT_CACHE_RECORD`` (one JSON line): how the warm pack learns
    which runs the lessons make."""
    with contextlib.suppress(OSError, TypeError):
        with open(os.environ["KIT_CACHE_RECORD"], "a") as f:
            f.write(scenario_text(scenario) + "\n")


def scenario_from_text(text: str) -> Scenario:
    """The scenario a :func:`scenario_text` line describes."""
    fields = json.loads(text)
    if isinstance(fields.get("strategy"), list):
        fields["strategy"] = tuple(fields["strategy"])
    return Scenario(**fields)


def _entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    out = []
    try:
        subfolders = [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return out
    for sub in subfolders:
        try:
            for path in sub.iterdir():
                if path.suffix == ".run":
                    with contextlib.suppress(OSError):
                        out.append((path, path.stat()))
        except OSError:
            continue
    return out


def evict(limit: int | None = None) -> int:
    """Delete the least recently used entries of the user's folder until it fits ``limit``
    bytes (default :func:`limit_bytes`); returns how many were deleted."""
    limit = limit_bytes() if limit is None else limit
    entries = _entries(user_folder())
    total = sum(st.st_size for _, st in entries)
    removed = 0
    for path, st in sorted(entries, key=lambda e: e[1].st_mtime):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= st.st_size
            removed += 1
    return removed


def clear() -> int:
    """Delete every entry of the user's folder (shared folders are left alone); returns how many."""
    removed = 0
    for path, _ in _entries(user_folder()):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def info() -> dict:
    """Where the cache is and how full: the user's folder, each shared folder, this process."""
    own = _entries(user_folder())
    shared = []
    for folder in shared_folders():
        index = _index(folder)
        shared.append({"folder": str(folder), "entries": len(index), "exists": folder.exists()})
    return {
        "enabled": enabled(),
        "folder": str(user_folder()),
        "entries": len(own),
        "bytes": sum(st.st_size for _, st in own),
        "limit_bytes": limit_bytes(),
        "shared": shared,
        "hits": _state["hits"],
        "misses": _state["misses"],
    }


def build_shared(folder: Path, scenarios) -> dict:
    """Fill a shared folder (or the pack) with these runs and write its ``index.json``.

    For the trusted builder only (a deploy step, ``kit cache warm``): entries already listed
    and intact are kept; the index is rewritten whole, atomically. Returns the index.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    old = _index(folder)
    entries: dict[str, str] = {}
    texts: dict[str, str] = {}
    for scenario in scenarios:
        if scenario.seed is None:
            continue
        key = key_of(scenario)
        if key in entries:
            continue
        texts[key] = scenario_text(scenario)
        data = _read(_entry_path(folder, key))
        if data is None or old.get(key) != hashlib.sha256(data).hexdigest():
            with disabled():
                frame = engine.run(scenario)
            data = _write(folder, key, frame)
            if data is None:
                raise OSError(f"could not write to {folder}: check its permissions and space")
        entries[key] = hashlib.sha256(data).hexdigest()
    index = {
        "format": FORMAT,
        "fingerprint": engine_fingerprint(),
        "entries": entries,
        "scenarios": texts,  # what each entry is, to build the same runs elsewhere
    }
    tmp = folder / f".{INDEX}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(index, sort_keys=True, indent=0) + "\n")
    os.replace(tmp, folder / INDEX)
    # entries no longer listed (an older engine's) are removed
    for path, _ in _entries(folder):
        if path.stem not in entries:
            with contextlib.suppress(OSError):
                path.unlink()
    _indexes.pop(folder, None)
    return index


def pack_matches(path: Path | None = None) -> bool:
    """Whether a pack (the kit's own by default) was built by this machine's engine.

    When it was not (another NumPy, say), its entries are never asked for: a hub then fills a
    shared folder with the same runs (``kit cache warm FOLDER``) so learners still start warm.
    """
    path = PACK if path is None else Path(path)
    try:
        with zipfile.ZipFile(path) as pack:
            index = json.loads(pack.read(INDEX))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False
    return isinstance(index, dict) and index.get("fingerprint") == engine_fingerprint()


def pack_scenarios(path: Path | None = None) -> list[Scenario]:
    """The scenarios of the runs a pack holds (the kit's own by default)."""
    path = PACK if path is None else Path(path)
    try:
        with zipfile.ZipFile(path) as pack:
            index = json.loads(pack.read(INDEX))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    return [scenario_from_text(text) for text in index.get("scenarios", {}).values()]


def build_pack(path: Path, scenarios) -> dict:
    """Write the runs to one zip file (a shared folder's layout: ``index.json`` and entries),
    as the kit ships in :data:`PACK`. Members are stored, not deflated (entries are zlib'd)."""
    import tempfile

    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        index = build_shared(Path(tmp), scenarios)
        part = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as pack:
            # fixed member dates: the same runs give the same bytes
            pack.writestr(zipfile.ZipInfo(INDEX, _EPOCH), (Path(tmp) / INDEX).read_bytes())
            for key in sorted(index["entries"]):
                data = _entry_path(Path(tmp), key).read_bytes()
                pack.writestr(zipfile.ZipInfo(f"{key[:2]}/{key}.run", _EPOCH), data)
        os.replace(part, path)
    _indexes.pop(path, None)
    _forget_pack(path)
    return index
