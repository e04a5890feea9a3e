"""kit.files: the one atomic writer writes whole files or nothing, and never leaves a temp file."""

from __future__ import annotations

import os
import stat

import pytest

from kit.errors import KitError
from kit.files import copy_atomic, write_atomic


def test_write_replaces_whole_and_sets_the_mode(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    write_atomic(target, "new\n", mode=0o640)
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_write_keeps_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(TypeError):
        write_atomic(target, None)  # not text: fails while writing
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_one_sentence(tmp_path):
    with pytest.raises(KitError, match="the folder .* does not exist"):
        write_atomic(tmp_path / "nope" / "out.txt", "x")


def test_copy_keeps_content_and_times(tmp_path):
    source = tmp_path / "lesson.ipynb"
    source.write_bytes(b'{"cells": []}\n')
    os.utime(source, (1_000_000_000, 1_000_000_000))
    (tmp_path / "home").mkdir()
    target = tmp_path / "home" / "lesson.ipynb"
    copy_atomic(source, target)
    assert target.read_bytes() == source.read_bytes()
    assert os.stat(target).st_mtime == 1_000_000_000
    assert [p.name for p in (tmp_path / "home").iterdir()] == ["lesson.ipynb"]
    with pytest.raises(FileNotFoundError):
        copy_atomic(tmp_path / "missing.ipynb", tmp_path / "home" / "other.ipynb")
    assert [p.name for p in (tmp_path / "home").iterdir()] == ["lesson.ipynb"]
