"""A `Report` as JSON, CSV files, Rich tables or one self-contained HTML page.

Every text from students and banks goes through `quiz.textsafe` (terminal, JSON) or is
escaped (HTML, CSV), so a name or a response can never be markup, a control sequence or a
spreadsheet formula."""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quiz.report.build import Group, QuestionRow, Report, StudentRow
from quiz.textsafe import json_dumps, printable

REPORT_FORMAT = "factquiz-report/1"


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


# --- JSON ---------------------------------------------------------------------------------


def student_json(s: StudentRow) -> dict[str, Any]:
    return {
        "name": s.name,
        "status": s.status,
        "answered": s.answered,
        "score": _r(s.score),
        "max_score": _r(s.max_score),
        "percent": _r(s.percent),
        "duration": _r(s.duration),
        "counted": s.counted,
        "started": s.started,
        "class": s.class_name,
        "source": s.source,
    }


def question_json(q: QuestionRow) -> dict[str, Any]:
    f = q.figures
    return {
        "id": q.id,
        "number": q.number,
        "kind": q.kind,
        "prompt": q.prompt,
        "max": q.max,
        "attempts": q.attempts,
        "answered": q.answered,
        "skipped": q.skipped,
        "facility": _r(f.facility),
        "sd": _r(f.sd),
        "discrimination_index": _r(f.discrimination_index),
        "discriminative_efficiency": _r(f.discriminative_efficiency),
        "flags": q.flags,
        "options": None
        if q.options is None
        else [{"option": o.option, "count": o.count, "key": o.key} for o in q.options],
        "wrong_responses": None
        if q.wrong_responses is None
        else [{"response": w.response, "count": w.count} for w in q.wrong_responses],
    }


def group_json(g: Group) -> dict[str, Any]:
    t = g.test
    return {
        "bank": g.bank,
        "version": g.version,
        "title": g.title,
        "students": [student_json(s) for s in g.students],
        "questions": [question_json(q) for q in g.questions],
        "test": {
            "students": t.students,
            "questions": t.questions,
            "mean": _r(t.mean),
            "median": _r(t.median),
            "sd": _r(t.sd),
            "alpha": _r(t.alpha),
            "error_ratio": _r(t.error_ratio),
            "standard_error": _r(t.standard_error),
        },
    }


def report_json(report: Report) -> dict[str, Any]:
    """One document: the primary group's `students`, `questions` and `test` at the top, every
    other bank or bank version under `other_groups` in the same shape (docs/report.md)."""
    groups = [group_json(g) for g in report.groups]
    primary = groups[0] if groups else group_json_empty()
    return {"format": REPORT_FORMAT, **primary, "notes": report.notes, "other_groups": groups[1:]}


def group_json_empty() -> dict[str, Any]:
    return {
        "bank": None,
        "version": None,
        "title": None,
        "students": [],
        "questions": [],
        "test": {
            key: (0 if key in ("students", "questions") else None)
            for key in (
                "students",
                "questions",
                "mean",
                "median",
                "sd",
                "alpha",
                "error_ratio",
                "standard_error",
            )
        },
    }


def write_json(report: Report, out: TextIO) -> None:
    out.write(json_dumps(report_json(report), indent=2))
    out.write("\n")


# --- CSV ----------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """Text from people can start with = + - @: spreadsheets would run it as a formula."""
    if isinstance(value, str):
        value = printable(value, newlines=False)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return "" if value is None else value


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def write_csv(report: Report, folder: Path) -> list[Path]:
    """students.csv, questions.csv and responses.csv in `folder` (created if needed); every
    group's rows, with its bank and version in the first columns."""
    folder.mkdir(parents=True, exist_ok=True)
    students, questions, responses = (
        folder / "students.csv",
        folder / "questions.csv",
        folder / "responses.csv",
    )
    _write_csv(
        students,
        [
            "bank",
            "version",
            "name",
            "status",
            "counted",
            "answered",
            "score",
            "max_score",
            "percent",
            "duration",
            "started",
            "class",
            "source",
        ],
        (
            [
                g.bank,
                g.version,
                s.name,
                s.status,
                s.counted,
                s.answered,
                _r(s.score),
                _r(s.max_score),
                _r(s.percent),
                _r(s.duration),
                s.started,
                s.class_name,
                s.source,
            ]
            for g in report.groups
            for s in g.students
        ),
    )
    _write_csv(
        questions,
        [
            "bank",
            "version",
            "number",
            "id",
            "kind",
            "prompt",
            "max",
            "attempts",
            "answered",
            "skipped",
            "facility",
            "sd",
            "discrimination_index",
            "discriminative_efficiency",
            "flags",
            "answers",
        ],
        (
            [
                g.bank,
                g.version,
                q.number,
                q.id,
                q.kind,
                q.prompt,
                q.max,
                q.attempts,
                q.answered,
                q.skipped,
                _r(q.figures.facility),
                _r(q.figures.sd),
                _r(q.figures.discrimination_index),
                _r(q.figures.discriminative_efficiency),
                " ".join(q.flags),
                _answers_text(q),
            ]
            for g in report.groups
            for q in g.questions
        ),
    )
    _write_csv(
        responses,
        [
            "bank",
            "version",
            "student",
            "started",
            "question",
            "number",
            "kind",
            "prompt",
            "options",
            "response",
            "chosen",
            "credit",
            "mark",
            "max",
            "time_taken",
            "answered_at",
        ],
        (
            [
                g.bank,
                g.version,
                a.student,
                a.started,
                x.question_id,
                x.number,
                x.kind,
                x.prompt,
                " | ".join(x.options),
                x.response,
                None if x.chosen is None else " | ".join(x.chosen),
                x.credit,
                _r(x.mark),
                x.points,
                _r(x.time_taken),
                x.answered_at,
            ]
            for g in report.groups
            for a in g.attempts
            for x in a.answers
        ),
    )
    return [students, questions, responses]


def _answers_text(q: QuestionRow) -> str:
    if q.options is not None:
        return "; ".join(f"{'*' if o.key else ''}{o.option}: {o.count}" for o in q.options)
    if q.wrong_responses:
        return "; ".join(f"{w.response}: {w.count}" for w in q.wrong_responses)
    return ""


# --- terminal -----------------------------------------------------------------------------


def _f(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.0f}{suffix}"


def _bar(percent: float | None, width: int = 10) -> str:
    if percent is None:
        return ""
    filled = max(0.0, min(1.0, percent / 100)) * width
    full = int(filled)
    return "█" * full + ("▌" if filled - full >= 0.5 else "")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _t(text: str | None) -> str:
    return printable(text or "", newlines=False)


def group_heading(g: Group) -> str:
    return f"{_t(g.title or g.bank)} ({_t(g.bank)}, version {_t(g.version or 'unknown')})"


def test_line(g: Group) -> str:
    t = g.test
    return (
        f"Whole test: {t.students} students, {t.questions} questions; mean {_f(t.mean, '%')},"
        f" median {_f(t.median, '%')}, sd {_f(t.sd)}, alpha {_f(t.alpha, '%')},"
        f" error ratio {_f(t.error_ratio, '%')}, standard error {_f(t.standard_error)}"
    )


def group_tables(g: Group) -> list[Any]:
    """The Rich tables of one group: students, questions, what students answered. Every cell is
    a `Text`, so nothing in a name or a response is read as markup (in the app too)."""

    def table(title: str, columns: list[tuple[str, str]]) -> Table:
        t = Table(title=title, title_justify="left")
        for column, justify in columns:
            t.add_column(column, justify=justify)  # type: ignore[arg-type]
        return t

    def row(t: Table, *cells: str) -> None:
        t.add_row(*(Text(c) for c in cells))

    students = table(
        "Students",
        [
            ("name", "left"),
            ("status", "left"),
            ("answered", "right"),
            ("score", "right"),
            ("percent", "right"),
            ("", "left"),
            ("duration", "right"),
        ],
    )
    for s in g.students:
        status = s.status if s.counted else f"{s.status} (not counted)"
        row(
            students,
            _t(s.name),
            status,
            str(s.answered),
            f"{s.score:g} of {s.max_score:g}",
            _f(s.percent, "%"),
            _bar(s.percent),
            _duration(s.duration),
        )
    questions = table(
        "Questions",
        [
            ("#", "right"),
            ("question", "left"),
            ("n", "right"),
            ("facility", "right"),
            ("", "left"),
            ("sd", "right"),
            ("discr.", "right"),
            ("effic.", "right"),
            ("flags", "left"),
        ],
    )
    for q in g.questions:
        f = q.figures
        row(
            questions,
            str(q.number),
            _t(q.id),
            str(q.attempts),
            _f(f.facility, "%"),
            _bar(f.facility),
            _f(f.sd),
            _f(f.discrimination_index),
            _f(f.discriminative_efficiency),
            ", ".join(q.flags),
        )
    answers = table(
        "What students answered",
        [("question", "left"), ("answer", "left"), ("count", "right"), ("", "left")],
    )
    for q in g.questions:
        rows = [(("✓ " if o.key else "  ") + _t(o.option), o.count) for o in q.options or ()]
        rows += [("✗ " + _t(w.response), w.count) for w in q.wrong_responses or ()]
        total = max(1, q.answered)
        for i, (label, count) in enumerate(rows):
            row(answers, _t(q.id) if i == 0 else "", label, str(count), _bar(100 * count / total))
    return [students, questions, answers] if answers.row_count else [students, questions]


def print_report(report: Report, out: TextIO, width: int | None = None) -> None:
    """Rich tables with bar charts; no markup is read from any text."""
    console = Console(file=out, highlight=False, emoji=False, markup=False, width=width)
    for note in report.notes:
        console.print(f"Note: {_t(note)}")
    for g in report.groups:
        console.print()
        console.print(group_heading(g), style="bold")
        for t in group_tables(g):
            console.print(t)
        console.print(test_line(g))


# --- HTML ---------------------------------------------------------------------------------

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #bbb; padding: 2px 6px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: 0.8em; background: #4a7ab8; }
.flag { color: #a33; }
.muted { color: #666; }
svg { border: 1px solid #ccc; margin: 0.5em 1em 1em 0; }
section { page-break-inside: avoid; }
@media print { body { margin: 0.5cm; } a { color: inherit; } }
"""


def _e(value: Any) -> str:
    return html.escape(printable("" if value is None else str(value), newlines=False))


def _num(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.0f}{suffix}"


def _hbar(percent: float | None) -> str:
    if percent is None:
        return ""
    width = max(0.0, min(100.0, percent))
    return f'<span class="bar" style="width:{width:.0f}px"></span>'


def _histogram(percents: list[float]) -> str:
    bins = [0] * 10
    for p in percents:
        bins[min(9, max(0, int(p // 10)))] += 1
    top = max(bins) or 1
    w, h, pad = 320, 160, 24
    bar_w = (w - 2 * pad) / 10
    parts = [f'<svg width="{w}" height="{h}" role="img" aria-label="score histogram">']
    for i, count in enumerate(bins):
        bh = (h - 2 * pad) * count / top
        x = pad + i * bar_w
        parts.append(
            f'<rect x="{x:.1f}" y="{h - pad - bh:.1f}" width="{bar_w - 2:.1f}"'
            f' height="{bh:.1f}" fill="#4a7ab8"><title>{i * 10}-{i * 10 + 10}%: {count}'
            "</title></rect>"
        )
        if count:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{h - pad - bh - 3:.1f}" font-size="10"'
                f' text-anchor="middle">{count}</text>'
            )
    for i in range(0, 11, 2):
        parts.append(
            f'<text x="{pad + i * bar_w:.1f}" y="{h - 8}" font-size="10"'
            f' text-anchor="middle">{i * 10}</text>'
        )
    parts.append(f'<text x="{w / 2}" y="12" font-size="11" text-anchor="middle">score (%)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _scatter(questions: list[QuestionRow]) -> str:
    w, h, pad = 320, 240, 30
    parts = [
        f'<svg width="{w}" height="{h}" role="img" aria-label="facility against discrimination">'
    ]

    def xy(facility: float, index: float) -> tuple[float, float]:
        x = pad + (w - 2 * pad) * facility / 100
        y = h / 2 - (h / 2 - pad) * max(-100.0, min(100.0, index)) / 100
        return x, y

    parts.append(f'<line x1="{pad}" y1="{h / 2}" x2="{w - pad}" y2="{h / 2}" stroke="#999"/>')
    _, y30 = xy(0, 30)
    parts.append(
        f'<line x1="{pad}" y1="{y30:.1f}" x2="{w - pad}" y2="{y30:.1f}" stroke="#d99"'
        ' stroke-dasharray="4 3"/>'
    )
    for q in questions:
        f = q.figures
        if f.facility is None or f.discrimination_index is None:
            continue
        x, y = xy(f.facility, f.discrimination_index)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#4a7ab8"><title>{_e(q.id)}:'
            f" facility {f.facility:.0f}, discrimination {f.discrimination_index:.0f}"
            "</title></circle>"
        )
    parts.append(
        f'<text x="{w / 2}" y="{h - 6}" font-size="11" text-anchor="middle">facility (%)</text>'
        f'<text x="10" y="{h / 2}" font-size="11" transform="rotate(-90 10 {h / 2})"'
        ' text-anchor="middle">discrimination</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def report_html(report: Report) -> str:
    """One page, no network: styles inline, charts as inline SVG."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>factquiz report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>factquiz report</h1>",
    ]
    for note in report.notes:
        out.append(f'<p class="flag">Note: {_e(note)}</p>')
    for g in report.groups:
        t = g.test
        out.append("<section>")
        out.append(
            f"<h2>{_e(g.title or g.bank)} <span class='muted'>({_e(g.bank)}, version"
            f" {_e(g.version or 'unknown')})</span></h2>"
        )
        out.append(
            f"<p>{t.students} students, {t.questions} questions. Mean {_num(t.mean, '%')},"
            f" median {_num(t.median, '%')}, sd {_num(t.sd)}, alpha {_num(t.alpha, '%')},"
            f" error ratio {_num(t.error_ratio, '%')}, standard error"
            f" {_num(t.standard_error)}.</p>"
        )
        percents = [s.percent for s in g.students if s.counted and s.percent is not None]
        out.append(_histogram(percents))
        out.append(_scatter(g.questions))
        out.append("<h3>Students</h3><table><tr>")
        out.append(
            "".join(
                f"<th>{c}</th>"
                for c in ("name", "status", "answered", "score", "percent", "", "duration")
            )
        )
        out.append("</tr>")
        for s in g.students:
            status = s.status if s.counted else f"{s.status} (not counted)"
            out.append(
                f"<tr><td>{_e(s.name)}</td><td>{_e(status)}</td><td class='n'>{s.answered}</td>"
                f"<td class='n'>{s.score:g} of {s.max_score:g}</td>"
                f"<td class='n'>{_num(s.percent, '%')}</td><td>{_hbar(s.percent)}</td>"
                f"<td class='n'>{_duration(s.duration)}</td></tr>"
            )
        out.append("</table><h3>Questions</h3><table><tr>")
        out.append(
            "".join(
                f"<th>{c}</th>"
                for c in (
                    "#",
                    "question",
                    "n",
                    "facility",
                    "",
                    "sd",
                    "discrimination",
                    "efficiency",
                    "flags",
                    "answers",
                )
            )
        )
        out.append("</tr>")
        for q in g.questions:
            f = q.figures
            answers = "<br>".join(
                [f"{'✓ ' if o.key else ''}{_e(o.option)}: {o.count}" for o in q.options or ()]
                + [f"✗ {_e(w.response)}: {w.count}" for w in q.wrong_responses or ()]
            )
            out.append(
                f"<tr><td class='n'>{q.number}</td><td>{_e(q.id)}<br>"
                f"<span class='muted'>{_e(q.prompt)}</span></td>"
                f"<td class='n'>{q.attempts}</td><td class='n'>{_num(f.facility, '%')}</td>"
                f"<td>{_hbar(f.facility)}</td><td class='n'>{_num(f.sd)}</td>"
                f"<td class='n'>{_num(f.discrimination_index)}</td>"
                f"<td class='n'>{_num(f.discriminative_efficiency)}</td>"
                f"<td class='flag'>{_e(' '.join(q.flags))}</td><td>{answers}</td></tr>"
            )
        out.append("</table></section>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(report: Report, path: Path) -> None:
    path.write_text(report_html(report), encoding="utf-8")
