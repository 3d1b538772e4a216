"""A bundle: the bank as one YAML file with its article embedded in `source.text`, so that it
travels as a single file; `quiz check` and `quiz play` read it like any bank."""

from __future__ import annotations

from typing import Any

import yaml

from quiz.bank.model import DateValue, Question
from quiz.export.common import Export, decimal

__all__ = ["export_bundle"]


class _Dumper(yaml.SafeDumper):
    """Never anchors (the loader refuses them); multi-line text as a `|` block."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(decimal(value))


def _question(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "kind": q.kind, "prompt": q.prompt}
    if q.kind in ("choice", "multi"):
        out["choices"] = list(q.choices)
    if q.kind == "order":
        out["items"] = list(q.items)
    elif isinstance(q.answer, DateValue):
        out["answer"] = q.answer.iso()
    elif isinstance(q.answer, tuple):
        out["answer"] = list(q.answer)
    elif isinstance(q.answer, float | int):
        out["answer"] = _number(q.answer)
    else:
        out["answer"] = q.answer
    if q.kind == "number":
        if q.tolerance:
            out["tolerance"] = _number(q.tolerance)
        if q.unit:
            out["unit"] = q.unit
    if q.accept:
        out["accept"] = list(q.accept)
    if q.cite:
        out["cite"] = q.cite[0] if len(q.cite) == 1 else list(q.cite)
    for name in ("explain", "hint"):
        value = getattr(q, name)
        if value:
            out[name] = value
    if q.tags:
        out["tags"] = list(q.tags)
    if q.points != 1:
        out["points"] = _number(q.points)
    return out


def export_bundle(export: Export) -> str:
    bank = export.bank
    source: dict[str, Any] = {}
    for name in ("title", "publisher", "url", "date"):
        value = getattr(bank.source, name)
        if value:
            source[name] = value
    source["text"] = export.article
    data: dict[str, Any] = {"bank": bank.slug, "title": bank.title}
    if bank.description:
        data["description"] = bank.description
    data["source"] = source
    data["questions"] = [_question(q) for q in export.questions]
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    header = (
        f"# {bank.slug}: a factquiz bundle (quiz export --format bundle); the article is\n"
        "# embedded in source.text. `quiz check` and `quiz play` read it like any bank.\n"
    )
    return header + body
