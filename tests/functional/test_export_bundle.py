"""A bundle travels as one file: it loads, passes `quiz check --strict`, and plays with the
same citations as the bank it came from."""

from __future__ import annotations

import io
from pathlib import Path

from quiz.bank.load import load_bank
from quiz.checker.check import check_paths
from quiz.cli import main
from tests.exporting import MARKUP, SHIPPED


def _export(bank: Path, out: Path) -> None:
    err = io.StringIO()
    assert main(["export", str(bank), "--format", "bundle", "-o", str(out)], stderr=err) == 0
    assert f"written to {out}" in err.getvalue()


def _play(bank: Path, data: Path, count: int) -> str:
    out = io.StringIO()
    stdin = io.StringIO(":skip\n" * count)
    argv = ["play", str(bank), "--plain", "--seed", "7", "--shuffle", "--data-dir", str(data)]
    assert main(argv, stdin=stdin, stdout=out, stderr=io.StringIO()) == 0
    return out.getvalue()


def test_the_bundle_is_one_file_that_checks_and_plays_the_same(tmp_path: Path) -> None:
    bundle = tmp_path / "elsewhere" / "kuwait.yaml"
    bundle.parent.mkdir()
    _export(SHIPPED, bundle)
    original, copy = load_bank(SHIPPED), load_bank(bundle)
    assert copy.source.text is not None and copy.source.path == bundle.resolve()
    assert [q.content_hash for q in copy.questions] == [q.content_hash for q in original.questions]
    report = check_paths([bundle], strict=True)
    assert report.problems == [] and report.questions == len(original.questions)
    n = len(original.questions)
    assert _play(bundle, tmp_path / "a", n) == _play(SHIPPED, tmp_path / "b", n)


def test_the_markup_bank_round_trips_literally(tmp_path: Path) -> None:
    bundle = tmp_path / "markup.yaml"
    _export(MARKUP, bundle)
    original, copy = load_bank(MARKUP), load_bank(bundle)
    fields = ("id", "kind", "prompt", "answer", "cite", "choices", "items", "accept",
              "tolerance", "unit", "explain", "hint", "tags", "points")  # fmt: skip
    for a, b in zip(original.questions, copy.questions, strict=True):
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    assert (copy.slug, copy.title, copy.source.title) == (
        original.slug,
        original.title,
        original.source.title,
    )
    assert check_paths([bundle]).errors == 0


def test_coverage_of_a_bundle_names_the_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "b.yaml"
    _export(SHIPPED, bundle)
    report = check_paths([bundle], coverage=True)
    assert report.errors == 0
    assert all(p.path == str(bundle.resolve()) and p.line == 0 for p in report.problems)
