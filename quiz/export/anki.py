"""Anki `.apkg` with genanki: one note per question (docs/export.md).

Ids are derived, never random: the note type and the deck from fixed strings and the bank slug,
each note's GUID from the slug and the question id. Re-importing an edited bank therefore
updates its notes instead of adding them again. Every field is HTML with the text escaped."""

from __future__ import annotations

import html
import os
import random
import tempfile
import time
from pathlib import Path

import genanki

from quiz.bank.model import VERDICTS, Question
from quiz.export.common import (
    VERDICT_LABELS,
    Export,
    answer_text,
    highlighted_html,
    stable_id,
)

__all__ = ["FIELDS", "MODEL_ID", "deck_id", "export_anki", "note_guid"]

FIELDS = ("Prompt", "Options", "Answer", "Sentence", "Paragraph", "Explain", "Source", "Id")
MODEL_ID = stable_id("factquiz", "note type", "1")

_FRONT = (
    '<div class="prompt">{{Prompt}}</div>\n'
    '{{#Options}}<div class="options">{{Options}}</div>{{/Options}}'
)
_BACK = (
    "{{FrontSide}}\n<hr id=answer>\n"
    '<div class="answer">{{Answer}}</div>\n'
    '{{#Sentence}}<blockquote class="sentence">{{Sentence}}</blockquote>{{/Sentence}}\n'
    '{{#Paragraph}}<div class="paragraph">Paragraph {{Paragraph}}</div>{{/Paragraph}}\n'
    '{{#Explain}}<div class="explain">{{Explain}}</div>{{/Explain}}\n'
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
)
_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.answer { font-weight: bold; }
.proof { background: #ffef9e; color: #000; }
.paragraph, .source { font-size: 14px; color: #777; }
"""


def _model() -> object:
    return genanki.Model(
        MODEL_ID,
        "factquiz",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )


def deck_id(slug: str) -> int:
    return stable_id("factquiz", "deck", slug)


def note_guid(slug: str, question_id: str) -> str:
    return str(genanki.guid_for(slug, question_id))


def _esc(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _options(q: Question) -> str:
    if q.kind in ("choice", "multi"):
        shown = q.choices
        kind = "Choose all that apply." if q.kind == "multi" else ""
    elif q.kind == "claim":
        shown = tuple(VERDICT_LABELS[v] for v in VERDICTS)
        kind = ""
    elif q.kind == "order":
        # A fixed shuffle, so the card never shows the answer as the question.
        shown = list(q.items)
        random.Random(q.id).shuffle(shown)
        if list(shown) == list(q.items):
            shown = shown[1:] + shown[:1]
        kind = "Put these in order."
    else:
        return ""
    items = "".join(f"<li>{_esc(option)}</li>" for option in shown)
    note = f"<div>{kind}</div>" if kind else ""
    return f'{note}<ol type="a">{items}</ol>'


def _fields(export: Export, q: Question) -> list[str]:
    cited = export.cited[q.id]
    prompt = _esc(q.prompt)
    if q.kind == "claim":
        prompt = "Supported, refuted, or not in the article?<br>" + prompt
    elif q.kind == "number" and q.unit:
        prompt += "<br>" + _esc(f"(in {q.unit})")
    answer = _esc(answer_text(q))
    if q.kind == "text" and q.accept:
        answer += "<br><small>also accepted: " + _esc(", ".join(q.accept)) + "</small>"
    source = export.bank.source
    return [
        prompt,
        _options(q),
        answer,
        "<br>".join(highlighted_html(c, '<b class="proof">') for c in cited),
        ", ".join(dict.fromkeys(str(c.paragraph) for c in cited)),
        _esc(q.explain or ""),
        _esc(source.title or export.bank.title),
        _esc(q.id),
    ]


def export_anki(export: Export, timestamp: float | None = None) -> bytes:
    """The .apkg file's bytes. `timestamp` stamps the notes (Anki updates a note on import when
    the file's is newer); it defaults to now."""
    bank = export.bank
    model = _model()
    deck = genanki.Deck(deck_id(bank.slug), f"factquiz::{bank.title}")
    for q in export.questions:
        tags = ["_".join(tag.split()) for tag in q.tags]
        deck.add_note(
            genanki.Note(
                model=model,
                fields=_fields(export, q),
                guid=note_guid(bank.slug, q.id),
                tags=tags,
            )
        )
    fd, name = tempfile.mkstemp(suffix=".apkg")
    os.close(fd)
    try:
        genanki.Package(deck).write_to_file(name, timestamp=timestamp or time.time())
        return Path(name).read_bytes()
    finally:
        os.unlink(name)
