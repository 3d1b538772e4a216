"""A draft as bank YAML: written by hand, every string double-quoted and escaped, so that the
bank loader reads back exactly what was drafted; a comment above each question says where it
comes from and which rule made it."""

from __future__ import annotations

import os
from pathlib import Path

from quiz.bank.model import DateValue, Question, format_number
from quiz.draft.build import Draft, slug
from quiz.textsafe import printable

__all__ = ["quote", "render"]

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar: backslash, quote and control characters escaped."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029\ufeff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _comment(text: str) -> str:
    """One line of comment text: no newlines, nothing a terminal would act on."""
    return printable(" ".join(text.split()))


def _number(value: float) -> str:
    return format_number(value).replace(",", "")


def _question(q: Question) -> list[str]:
    lines = [f"  - id: {q.id}", f"    kind: {q.kind}", f"    prompt: {quote(q.prompt)}"]
    if q.kind in ("choice", "multi"):
        lines.append("    choices:")
        lines.extend(f"      - {quote(c)}" for c in q.choices)
    if q.kind == "order":
        lines.append("    items:")
        lines.extend(f"      - {quote(i)}" for i in q.items)
    elif q.kind == "multi":
        lines.append("    answer:")
        lines.extend(f"      - {quote(a)}" for a in q.answer)
    elif q.kind == "number":
        assert isinstance(q.answer, float)
        lines.append(f"    answer: {_number(q.answer)}")
        if q.unit:
            lines.append(f"    unit: {quote(q.unit)}")
        lines.append(f"    tolerance: {_number(q.tolerance)}")
    elif q.kind == "date":
        assert isinstance(q.answer, DateValue)
        lines.append(f'    answer: "{q.answer.iso()}"')
    else:
        lines.append(f"    answer: {quote(str(q.answer))}")
    if q.accept:
        lines.append("    accept:")
        lines.extend(f"      - {quote(a)}" for a in q.accept)
    if len(q.cite) == 1:
        lines.append(f"    cite: {quote(q.cite[0])}")
    elif q.cite:
        lines.append("    cite:")
        lines.extend(f"      - {quote(c)}" for c in q.cite)
    if q.tags:
        lines.append("    tags: [" + ", ".join(q.tags) + "]")
    return lines


def _reachable(article: Path, folder: Path) -> bool:
    target = article.resolve()
    roots = [folder, folder.parent] if folder.name == "questions" else [folder]
    for root in roots:
        if target.is_relative_to(root):
            parts = target.relative_to(root).parts
            return not any(part.startswith(".") for part in parts)
    return False


def _embedded(text: str) -> list[str]:
    """`source.text` as a literal block: explicit indentation, so lines that start with spaces
    stay as they are; final line breaks stripped (they prove nothing)."""
    body = text.rstrip("\n").split("\n")
    return ["  text: |2-", *(f"    {line}" if line else "" for line in body)]


def render(
    draft: Draft,
    article: Path,
    bank_path: Path | None,
    bank_slug: str | None = None,
    title: str | None = None,
) -> str:
    """The bank's YAML text. `bank_path` (None: printed) decides the relative source path."""
    doc = draft.document
    folder = bank_path.resolve().parent if bank_path else Path.cwd()
    rel = os.path.relpath(article.resolve(), folder).replace(os.sep, "/")
    # A bank may read only an article stored with it (its folder, or the parent of a
    # `questions/` folder); anywhere else the draft carries the article itself (a bundle).
    source_lines = [f"  path: {quote(rel)}"] if _reachable(article, folder) else _embedded(doc.text)
    headline = draft.title
    slug_text = bank_slug or slug(article.stem, 60)
    out = [
        "# A starter bank drafted by `quiz draft` from the article's claims. Every question is",
        "# tagged `draft`: read each one against the article, reword it, then remove the tag.",
        f"# Drafted: {len(draft.questions)} questions; sentences with facts not drafted are",
        "# listed at the end.",
        f"bank: {slug_text}",
        f"title: {quote(title or headline)}",
        "source:",
        *source_lines,
        "questions:",
    ]
    for d in draft.questions:
        out.append("")
        out.append(f"  # paragraph {d.paragraph}, sentence {d.sentence + 1}: {_comment(d.rule)}")
        out.extend(f"  # {_comment(n)}" for n in d.notes)
        out.extend(_question(d.question))
    out += [
        "",
        "  # A not-in-source claim needs knowledge of what the article does not say, so it is",
        "  # left to you. Write a headline the article neither supports nor refutes:",
        "  # - id: claim-not-in-source",
        "  #   kind: claim",
        '  #   prompt: "..."',
        "  #   answer: not-in-source",
        '  #   explain: "The article does not say ..."',
    ]
    if draft.not_drafted:
        out += ["", "# Not drafted (sentence: words: why):"]
        placed = sorted(
            (
                (max(doc.text.find(n.text, n.sentence.start), n.sentence.start), n)
                for n in draft.not_drafted
            ),
            key=lambda p: p[0],
        )
        for offset, n in placed:
            line, col = _line_col(doc.text, offset)
            out.append(
                f"# - paragraph {n.sentence.paragraph}, sentence {n.sentence.index + 1} "
                f"(line {line}:{col}): {_comment(repr(n.text))}: {_comment(n.reason)}"
            )
    return "\n".join(out) + "\n"


def _line_col(text: str, index: int) -> tuple[int, int]:
    index = max(index, 0)
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1
