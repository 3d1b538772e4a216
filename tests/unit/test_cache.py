"""The cache of loaded banks: the same Bank as the YAML gives, or no cache at all."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import quiz.bank.cache as cache
from quiz.bank.cache import cache_file, load_bank_cached
from quiz.bank.load import load_bank
from quiz.errors import QuizError
from quiz.runs import start_run
from quiz.session import SessionConfig


def test_a_miss_parses_and_a_hit_gives_the_same_bank(
    bank_path: Path, tmp_path: Path, parses: list[Path]
) -> None:
    cache_dir = tmp_path / "cache"
    first = load_bank_cached(bank_path, cache_dir)
    assert len(parses) == 1 and cache_file(cache_dir, bank_path.resolve()).is_file()
    second = load_bank_cached(bank_path, cache_dir)
    assert len(parses) == 1
    assert second == first == load_bank(bank_path)
    assert [q.content_hash for q in second.questions] == [q.content_hash for q in first.questions]
    assert second.by_id.keys() == first.by_id.keys()


def test_an_edit_is_seen_even_with_the_same_size_and_time(
    bank_path: Path, tmp_path: Path, parses: list[Path]
) -> None:
    cache_dir = tmp_path / "cache"
    before = load_bank_cached(bank_path, cache_dir)
    st = bank_path.stat()
    text = bank_path.read_text(encoding="utf-8")
    edited = text.replace("Islay opens its new harbour wall", "Islay opens its old harbour wall")
    assert len(edited) == len(text)
    bank_path.write_text(edited, encoding="utf-8")
    os.utime(bank_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = load_bank_cached(bank_path, cache_dir)
    assert len(parses) == 2
    assert before.title.endswith("new harbour wall") and after.title.endswith("old harbour wall")


def test_a_cache_written_by_other_code_is_not_used(
    bank_path: Path, tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    monkeypatch.setattr(cache, "_code_stamp", lambda: (cache.FORMAT + 1,))
    load_bank_cached(bank_path, cache_dir)
    assert len(parses) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps(("a key", "not a bank")),
        pickle.dumps({"something": "else"}),
        b"\x80\x05\x95",  # a pickle cut short
    ],
)
def test_a_broken_or_foreign_cache_file_is_a_miss_and_is_replaced(
    bank_path: Path, tmp_path: Path, parses: list[Path], content: bytes
) -> None:
    cache_dir = tmp_path / "cache"
    target = cache_file(cache_dir, bank_path.resolve())
    target.parent.mkdir(parents=True)
    target.write_bytes(content)
    bank = load_bank_cached(bank_path, cache_dir)
    assert bank == load_bank(bank_path) and len(parses) == 1
    load_bank_cached(bank_path, cache_dir)
    assert len(parses) == 1  # rewritten, so this was a hit


def test_an_unwritable_cache_folder_only_costs_the_parse(
    bank_path: Path, tmp_path: Path, parses: list[Path]
) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    for _ in range(2):
        assert load_bank_cached(bank_path, blocker) == load_bank(bank_path)
    assert len(parses) == 2
    assert blocker.read_text() == "a file where the cache folder would go"
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_a_bank_that_fails_to_load_is_never_cached(bank_path: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    bank_path.write_text("bank: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(QuizError, match=r"harbour\.yaml:2:1: error: YAML syntax error"):
            load_bank_cached(bank_path, cache_dir)
    assert not cache_file(cache_dir, bank_path.resolve()).exists()


def test_a_missing_article_is_reported_as_without_a_cache(bank_path: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    (bank_path.parent / "harbour-article.txt").unlink()
    with pytest.raises(QuizError, match=r"harbour-article\.txt' does not exist"):
        load_bank_cached(bank_path, cache_dir)


def test_start_run_through_the_cache(bank_path: Path, tmp_path: Path, parses: list[Path]) -> None:
    for _ in range(2):
        run = start_run(bank_path, SessionConfig(seed=3), None, cache=tmp_path / "c")
        assert run.session.total == 7
    assert len(parses) == 1
