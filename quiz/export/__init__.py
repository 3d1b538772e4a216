"""`quiz export`: a checked bank written for another tool (docs/export.md).

One module per format over `quiz.export.common`; no Textual, no front end."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from quiz.export.common import Export, load_checked

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
    # Each format imports only what it needs (genanki for anki alone).
    if fmt == "gift":
        from quiz.export.gift import export_gift

        return export_gift
    if fmt == "moodle-xml":
        from quiz.export.moodle_xml import export_moodle_xml

        return export_moodle_xml
    if fmt == "anki":
        from quiz.export.anki import export_anki

        return export_anki
    if fmt == "csv":
        from quiz.export.csvfile import export_csv

        return export_csv
    if fmt == "bundle":
        from quiz.export.bundle import export_bundle

        return export_bundle
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def render(export: Export, fmt: str) -> str | bytes:
    """`export` in format `fmt`: text, or bytes for a binary format (anki)."""
    return _writer(fmt)(export)


def export_bank(path: Path, fmt: str, tags: Sequence[str] = ()) -> tuple[str | bytes, Export]:
    """Check and load the bank at `path`, and write it in `fmt`. QuizError if it fails check."""
    export = load_checked(path, tags)
    return render(export, fmt), export
