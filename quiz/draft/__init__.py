"""`quiz draft`: a starter bank from an article's claims (core only: no Textual, no CLI)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from quiz.draft.build import Draft, build_draft
from quiz.draft.emit import render
from quiz.errors import Problem, QuizError
from quiz.facts import Analysis, analyse
from quiz.sources import Document
from quiz.textsafe import printable

__all__ = ["Draft", "build_draft", "describe", "draft_text", "run_draft"]


def draft_text(
    article: Path, bank_path: Path | None, bank_slug: str | None = None, title: str | None = None
) -> str:
    doc = Document.read(article)
    return render(_drafted(doc, article, title), article, bank_path, bank_slug, title)


def _drafted(doc: Document, article: Path, title: str | None) -> Draft:
    draft = build_draft(doc, title)
    if not draft.questions:
        raise QuizError(
            Problem(
                str(article),
                0,
                0,
                "found no facts to draft questions from (no counts, dates, lists, people or "
                "places); see them with `quiz draft --show`",
            )
        )
    return draft


def describe(doc: Document, analysis: Analysis) -> str:
    """The article as the tools see it: paragraphs and sentences numbered, with their facts."""
    lines: list[str] = []
    text = doc.text
    for p in doc.paragraphs:
        lines.append(f"¶ {p.number}")
        for s in p.sentences:
            line = text.count("\n", 0, s.start) + 1
            col = s.start - (text.rfind("\n", 0, s.start) + 1) + 1
            body = " ".join(text[s.start : s.end].split())
            lines.append(f"  {s.index + 1:>3} ({line}:{col}) {printable(body)}")
            for f in analysis.facts_in(s):
                what = f.kind
                detail = ""
                if f.kind == "number":
                    detail = f" = {f.value:g} {f.unit}" + (" (approximate)" if f.approx else "")
                elif f.kind == "date":
                    detail = f" = {f.value}"
                elif f.kind == "list":
                    kind = f.member_type or "names"
                    detail = f" of {kind}: {', '.join(map(str, f.value))}" + (  # type: ignore[arg-type]
                        " (marked complete)" if f.complete else ""
                    )
                elif f.entity is not None and f.entity.role:
                    detail = f", role: {f.entity.role}"
                lines.append(f"        {what}: {printable(f.text)!r}{printable(detail)}")
            for k in analysis.skipped_in(s):
                lines.append(f"        not drafted: {printable(k.text)!r}: {k.reason}")
    return "\n".join(lines) + "\n"


def run_draft(
    article: Path,
    *,
    output: Path | None,
    bank_slug: str | None,
    title: str | None,
    show: bool,
    out: TextIO,
) -> int:
    doc = Document.read(article)
    if show:
        out.write(describe(doc, analyse(doc)))
        return 0
    text = render(_drafted(doc, article, title), article, output, bank_slug, title)
    if output is None:
        out.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {printable(str(output))}", file=out)
    return 0
