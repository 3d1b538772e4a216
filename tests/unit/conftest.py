"""Fixtures shared by the unit tests of the bank cache (test_cache.py, test_cache_safe.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paths import HARBOUR

import quiz.bank.cache as cache


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """A copy of the harbour bank and its article, free to edit, touch or delete."""
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(HARBOUR, folder / "harbour.yaml")
    shutil.copy(HARBOUR.with_name("harbour-article.txt"), folder / "harbour-article.txt")
    return folder / "harbour.yaml"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the cache falls back to parsing the YAML."""
    seen: list[Path] = []
    real = cache._load

    def counting(path: Path) -> object:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(cache, "_load", counting)
    return seen
