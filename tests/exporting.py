"""Shared by the export tests: the banks, and an independent reader of the GIFT we write."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questions" / "kuwait-nato.yaml"
MARKUP = ROOT / "tests" / "data" / "banks" / "markup-export.yaml"

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def gift_unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def literal(html_text: str) -> str:
    """The text an HTML field shows: <br> as a newline, tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", html_text.replace("<br>", "\n")))


def plain_form(gift_text: str) -> str:
    """A short answer as its text: GIFT escapes undone, then Moodle's `\\*` (a literal *)."""
    return gift_unescape(gift_text).replace("\\*", "*")


@dataclass
class GiftQuestion:
    title: str
    text: str  # raw, still escaped
    answers: list[tuple[str, str | None, str]] = field(default_factory=list)  # sign, weight, text
    feedback: str = ""


def _unescaped(text: str, char: str, start: int = 0) -> list[int]:
    """Offsets of `char` in `text` that no backslash escapes."""
    out, i = [], start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(char, i):
            out.append(i)
        i += 1
    return out


def read_gift(text: str) -> list[GiftQuestion]:
    """A strict reader of the layout quiz.export.gift writes (one answer per line), written
    from Moodle's GIFT rules; it cross-checks pygiftparser and covers what that cannot read."""
    questions: list[GiftQuestion] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.lstrip().startswith("//")]
        if not lines:
            continue
        body = "\n".join(lines)
        m = re.match(r"::(.*?)::", body)
        assert m, body
        opening = _unescaped(body, "{", m.end())[0]
        closing = _unescaped(body, "}", m.end())[-1]
        head = body[m.end() : opening].strip()
        assert head.startswith("[html]"), head
        q = GiftQuestion(m.group(1), head.removeprefix("[html]"))
        inside = body[opening + 1 : closing]
        hashes = [i for i in _unescaped(inside, "#") if inside.startswith("####", i)]
        if hashes:
            q.feedback = inside[hashes[0] + 4 :].strip().removeprefix("[html]")
            inside = inside[: hashes[0]]
        for line in inside.strip().splitlines():
            if line.startswith("#"):
                q.answers.append(("#", None, line[1:]))
                continue
            w = re.match(r"([=~])(?:%(-?[0-9.]+)%)?(.*)$", line)
            assert w, line
            q.answers.append((w.group(1), w.group(2), w.group(3)))
        questions.append(q)
    return questions
