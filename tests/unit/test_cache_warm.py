"""When a first start fills the bank cache beside the app (quiz.bank.warm); the helper process
itself is tested in tests/functional/test_cache_warm.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import quiz.bank.cache as cache
from quiz.bank import warm
from quiz.bank.cache import cache_file, load_bank_cached, needs_warming


def test_an_entry_needs_warming_until_written_and_again_after_an_edit(
    bank_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    assert needs_warming(bank_path, folder)
    load_bank_cached(bank_path, folder)
    assert not needs_warming(bank_path, folder)
    entry = cache_file(folder, bank_path.resolve())
    later = entry.stat().st_mtime_ns + 10**9
    os.utime(bank_path, ns=(later, later))  # the bank edited after its entry was written
    assert needs_warming(bank_path, folder)


def test_new_loader_code_makes_an_entry_stale(
    bank_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    load_bank_cached(bank_path, folder)
    code = tmp_path / "load.py"
    code.write_text("# newer than the entry\n", encoding="utf-8")
    later = cache_file(folder, bank_path.resolve()).stat().st_mtime_ns + 10**9
    os.utime(code, ns=(later, later))
    monkeypatch.setattr(cache, "_CODE", (*cache._CODE, code))
    assert needs_warming(bank_path, folder)


def test_no_helper_with_one_cpu(
    bank_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm, "_cpus", lambda: 1)
    assert warm.start(tmp_path / "cache", [bank_path]) is None
