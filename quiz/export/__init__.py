"""`quiz export`: a checked bank written for another tool (docs/export.md).

One module per format over `quiz.export.common`; no Textual, no front end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import lazy
from quiz.export.common import Export, load_checked

if TYPE_CHECKING:
    from quiz.export import anki, bundle, csvfile, gift, moodle_xml
else:
    # Each format imports only what it needs (genanki for anki alone).
    anki = lazy.module("quiz.export.anki")
    bundle = lazy.module("quiz.export.bundle")
    csvfile = lazy.module("quiz.export.csvfile")
    gift = lazy.module("quiz.export.gift")
    moodle_xml = lazy.module("quiz.export.moodle_xml")

__all__ = ["BINARY", "FORMATS", "export_bank", "render"]

FORMATS = ("gift", "moodle-xml", "anki", "csv", "bundle")
BINARY = frozenset({"anki"})
SUFFIXES = {
    "gift": ".gift",
    "moodle-xml": ".xml",
    "anki": ".apkg",
    "csv": ".csv",
    "bundle": ".yaml",
}


def _writer(fmt: str) -> Callable[[Export], str | bytes]:
    if fmt == "gift":
        return gift.export_gift
    if fmt == "moodle-xml":
        return moodle_xml.export_moodle_xml
    if fmt == "anki":
        return anki.export_anki
    if fmt == "csv":
        return csvfile.export_csv
    if fmt == "bundle":
        return bundle.export_bundle
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def render(export: Export, fmt: str) -> str | bytes:
    """`export` in format `fmt`: text, or bytes for a binary format (anki)."""
    return _writer(fmt)(export)


def export_bank(path: Path, fmt: str, tags: Sequence[str] = ()) -> tuple[str | bytes, Export]:
    """Check and load the bank at `path`, and write it in `fmt`. QuizError if it fails check."""
    export = load_checked(path, tags)
    return render(export, fmt), export
