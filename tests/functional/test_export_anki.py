"""Anki export, imported by the real `anki` package into a new collection."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from quiz.bank.load import load_bank

anki_collection = pytest.importorskip("anki.collection")
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402

from quiz.export.anki import FIELDS, MODEL_ID, note_guid  # noqa: E402
from quiz.export.anki import export_anki as write_apkg  # noqa: E402
from quiz.export.common import answer_text, load_checked  # noqa: E402
from tests.exporting import MARKUP, ROOT, SHIPPED, literal  # noqa: E402


def _import(col, apkg: Path):
    request = ImportAnkiPackageRequest(
        package_path=str(apkg),
        options=ImportAnkiPackageOptions(),  # Anki's defaults
    )
    return col.import_anki_package(request).log


def _note(col, slug: str, question_id: str):
    """The note of a question, found by its GUID (not a search: GUIDs hold search syntax)."""
    ids = col.db.list("select id from notes where guid = ?", note_guid(slug, question_id))
    assert len(ids) == 1
    return col.get_note(ids[0])


@pytest.fixture
def collection(tmp_path: Path):
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def _write(bank: Path, out: Path, timestamp: float) -> int:
    export = load_checked(bank)
    out.write_bytes(write_apkg(export, timestamp=timestamp))
    return len(export.questions)


def test_a_new_collection_imports_every_question_and_a_reimport_updates(
    tmp_path: Path, collection
) -> None:
    first = tmp_path / "first.apkg"
    count = _write(SHIPPED, first, time.time() - 3600)
    log = _import(collection, first)
    assert log.found_notes == count == len(log.new) == collection.note_count()

    # Edit one explanation, then import the new export: that note is updated, none added.
    (tmp_path / "questions").mkdir()
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    edited = tmp_path / "questions" / "kuwait-nato.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("explain: "))
    edited.write_text(text.replace(old, old.replace("explain: ", "explain: EDITED. "), 1))
    second = tmp_path / "second.apkg"
    _write(edited, second, time.time())
    log = _import(collection, second)
    assert len(log.new) == 0 and log.found_notes == count
    # Anki updates every note whose file is newer; what matters is that none is added twice.
    assert len(log.updated) == count and not log.duplicate
    assert collection.note_count() == count
    edited_id = next(
        q.id for q in load_bank(edited).questions if (q.explain or "").startswith("EDITED.")
    )
    note = _note(collection, "kuwait-nato", edited_id)
    assert note["Explain"].startswith("EDITED.")
    assert note.note_type()["id"] == MODEL_ID
    assert [f["name"] for f in note.note_type()["flds"]] == list(FIELDS)


def test_fields_show_markup_as_text(tmp_path: Path, collection) -> None:
    apkg = tmp_path / "markup.apkg"
    _write(MARKUP, apkg, time.time())
    _import(collection, apkg)
    export = load_checked(MARKUP)
    for q in export.questions:
        note = _note(collection, export.bank.slug, q.id)
        assert q.prompt in literal(note["Prompt"]).split("\n"), q.id
        assert literal(note["Answer"]).split("\n")[0] == answer_text(q)
        assert literal(note["Source"]) == export.bank.source.title
        assert literal(note["Explain"]) == (q.explain or "")
        for choice in q.choices:
            assert choice in literal(note["Options"])
        sentence = literal(note["Sentence"])
        for c in export.cited[q.id]:
            assert c.sentence in sentence
        assert "<script>" not in note["Explain"]
    bridge = _note(collection, "markup-export", "bridge-name")
    assert '<b class="proof">name the bridge [bold]Tilde~Bridge[/bold]</b>' in bridge["Sentence"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in bridge["Options"]
