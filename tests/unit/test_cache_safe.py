"""The bank cache holds data, never code, and never stands in for a different bank."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

import quiz.bank.cache as cache
from quiz.bank.cache import cache_file, load_bank_cached
from quiz.bank.load import load_bank
from quiz.bank.model import (
    bank_from_dict,
    bank_to_dict,
    question_from_dict,
    question_to_dict,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "banks"


class _Boom:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_in_the_cache_folder_runs_nothing(
    bank_path: Path, tmp_path: Path, parses: list[Path]
) -> None:
    cache_dir = tmp_path / "cache"
    marker = tmp_path / "pwned"
    target = cache_file(cache_dir, bank_path.resolve())
    target.parent.mkdir(parents=True)
    blob = pickle.dumps(_Boom(marker))
    target.write_bytes(blob)
    target.with_suffix(".pickle").write_bytes(blob)  # where the old cache kept it
    bank = load_bank_cached(bank_path, cache_dir)
    assert not marker.exists()
    assert bank == load_bank(bank_path) and len(parses) == 1


def _key_for(path: Path) -> list[object]:
    data = path.resolve().read_bytes()
    return [
        *cache._code_stamp(),
        str(path.resolve()),
        len(data),
        cache.blake2b(data, digest_size=16).hexdigest(),
    ]


def _forged(path: Path) -> dict[str, object]:
    real = load_bank(path)
    doc = bank_to_dict(real)
    first = doc["questions"][0]  # type: ignore[index]
    first["prompt"] = "FORGED: type anything"
    first["answer"] = first["choices"][-1] if first["choices"] else "anything"
    return {"key": _key_for(path), "bank": doc}


@pytest.mark.parametrize(
    "mac", ["", "0" * 64, "not hex at all, but sixty-four characters long....."]
)
def test_a_forged_entry_with_the_right_key_is_a_miss(
    bank_path: Path, tmp_path: Path, parses: list[Path], mac: str
) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)  # a real entry and the folder's key exist
    target = cache_file(cache_dir, bank_path.resolve())
    payload = json.dumps(_forged(bank_path)).encode()
    target.write_bytes(mac.encode() + b"\n" + payload)
    os.chmod(target, 0o600)
    bank = load_bank_cached(bank_path, cache_dir)
    assert bank == load_bank(bank_path)
    assert not bank.questions[0].prompt.startswith("FORGED")


def test_a_planted_key_and_entry_from_a_shared_folder_are_not_trusted(
    bank_path: Path, tmp_path: Path
) -> None:
    # A folder others may write (a shared QUIZ_CACHE_DIR): a key and an entry made by them.
    cache_dir = tmp_path / "cache"
    (cache_dir / "banks").mkdir(parents=True)
    secret = os.urandom(32)
    (cache_dir / "key").write_text(secret.hex())
    os.chmod(cache_dir / "key", 0o666)
    payload = json.dumps(_forged(bank_path)).encode()
    target = cache_file(cache_dir, bank_path.resolve())
    target.write_bytes(cache._mac(secret, payload).encode() + b"\n" + payload)
    bank = load_bank_cached(bank_path, cache_dir)
    assert not bank.questions[0].prompt.startswith("FORGED")


def test_an_entry_others_may_write_is_a_miss(
    bank_path: Path, tmp_path: Path, parses: list[Path]
) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    os.chmod(cache_file(cache_dir, bank_path.resolve()), 0o666)
    load_bank_cached(bank_path, cache_dir)
    assert len(parses) == 2


def test_entries_and_key_are_written_private(bank_path: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    for path in (cache_dir / "key", cache_file(cache_dir, bank_path.resolve())):
        assert path.stat().st_mode & 0o077 == 0, path


def _rewrite(target: Path, secret: bytes, change) -> None:  # type: ignore[no-untyped-def]
    """Change an entry's data and sign it again, as a bug in this code might."""
    _, _, payload = target.read_bytes().partition(b"\n")
    doc = json.loads(payload)
    change(doc)
    new = json.dumps(doc).encode()
    target.write_bytes(cache._mac(secret, new).encode() + b"\n" + new)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(extra=1),
        lambda d: d.update(bank=[]),
        lambda d: d["bank"].update(slug=7),
        lambda d: d["bank"].update(questions=[]),
        lambda d: d["bank"]["questions"][0].update(kind="essay"),
        lambda d: d["bank"]["questions"][0].update(points="1"),
        lambda d: d["bank"]["questions"][0].update(points=True),
        lambda d: d["bank"]["questions"][0].pop("hint"),
        lambda d: d["bank"]["questions"][0].update(surprise=None),
        lambda d: d["bank"]["questions"].append(d["bank"]["questions"][0]),  # duplicate id
        lambda d: d["bank"].update(path="/somewhere/else.yaml"),
        lambda d: d.update(key=["other"]),
    ],
)
def test_an_entry_of_the_wrong_shape_is_a_miss_never_an_exception(
    bank_path: Path, tmp_path: Path, parses: list[Path], change
) -> None:  # type: ignore[no-untyped-def]
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    secret = cache._secret(cache_dir)
    assert secret is not None
    _rewrite(cache_file(cache_dir, bank_path.resolve()), secret, change)
    assert load_bank_cached(bank_path, cache_dir) == load_bank(bank_path)
    assert len(parses) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_huge_file_in_the_cache_folder_is_a_miss(
    bank_path: Path, tmp_path: Path, parses: list[Path]
) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    target = cache_file(cache_dir, bank_path.resolve())
    target.unlink()
    os.mkfifo(target)
    assert load_bank_cached(bank_path, cache_dir) == load_bank(bank_path)  # no hang
    target.unlink()
    with target.open("wb") as f:
        f.truncate(cache.MAX_CACHE_BYTES + 1)  # sparse
    os.chmod(target, 0o600)
    assert load_bank_cached(bank_path, cache_dir) == load_bank(bank_path)
    assert len(parses) == 3


def test_a_bank_behind_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(Exception, match="is a device") as excinfo:
        load_bank_cached(link, tmp_path / "cache")
    assert type(excinfo.value).__name__ == "QuizError"


def test_the_model_round_trips_through_json() -> None:
    for path in (ROOT / "questions" / "kuwait-nato.yaml", DATA / "harbour.yaml"):
        bank = load_bank(path)
        again = bank_from_dict(json.loads(json.dumps(bank_to_dict(bank))))
        assert again == bank
        assert [q.content_hash for q in again.questions] == [q.content_hash for q in bank.questions]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("answer", "not a choice"),
        ("tolerance", -1.0),
        ("points", 0),
        ("points", float("nan")),
        ("line", 1.5),
        ("cite", "a string, not a list"),
        ("cite", [1, 2]),
        ("unit", 3),
    ],
)
def test_question_from_dict_refuses_what_the_loader_never_makes(field: str, value: object) -> None:
    bank = load_bank(ROOT / "questions" / "kuwait-nato.yaml")
    choice = next(q for q in bank.questions if q.kind == "choice")
    data = question_to_dict(choice)
    data[field] = value
    with pytest.raises(ValueError):
        question_from_dict(data)


def test_the_hit_path_decodes_json_not_yaml(bank_path: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load_bank_cached(bank_path, cache_dir)
    blob = cache_file(cache_dir, bank_path.resolve()).read_bytes()
    mac, _, payload = blob.partition(b"\n")
    assert len(mac) == 64 and json.loads(payload)["bank"]["slug"] == load_bank(bank_path).slug
