"""Attempts for a report, read from progress stores and from result files.

Result files come from students' machines: they are untrusted input. A file is read only up to
MAX_RESULTS_BYTES, must be one JSON object of the documented shape (docs/results-format.md,
format 1 or 2), and any problem is one `QuizError` line naming the file, never a traceback.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quiz.errors import Problem, QuizError
from quiz.meanings import iso
from quiz.report.model import STATUSES, AnswerData, Attempt
from quiz.store import Store
from quiz.textsafe import printable

MAX_RESULTS_BYTES = 5_000_000
MAX_ANSWERS = 10_000
KNOWN_FORMATS = ("factquiz-results/1", "factquiz-results/2")


class _Bad(Exception):
    """A result file that does not have the documented shape; str() says where and what."""


@dataclass(frozen=True, slots=True)
class _FileProblem(Problem):
    """`path: error: message` for the whole file, `path:line:col: ...` for a place in it."""

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.path}: {self.severity}: {self.message}"
        return Problem.__str__(self)


def _problem(path: Path, message: str, line: int = 0, col: int = 0) -> QuizError:
    # The file name is text from people too (a student named the file).
    name = printable(str(path), newlines=False)
    return QuizError(_FileProblem(name, line, col, printable(message, newlines=False)))


# --- result files -------------------------------------------------------------------------


def _get(obj: dict[str, Any], key: str, types: type | tuple[type, ...], where: str) -> Any:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise _Bad(f"{where}{key} should be {_type_name(types)}, not {json.dumps(value)}")
    if not isinstance(value, types):
        raise _Bad(f"{where}{key} should be {_type_name(types)}, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(f"{where}{key} should be a finite number")
    return value


def _type_name(types: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a number", float: "a number", bool: "true or false"}
    names.update({list: "a list", dict: "an object"})
    items = types if isinstance(types, tuple) else (types,)
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in items))


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(f"{where} should be a list of texts")
    return tuple(value)


_NUMBER = (int, float)


def _answer(raw: Any, index: int) -> AnswerData:
    where = f"answers[{index}]: "
    if not isinstance(raw, dict):
        raise _Bad(f"answers[{index}] should be an object")
    qid = _get(raw, "id", str, where)
    if not qid:
        raise _Bad(f"{where}id is missing")
    credit = _get(raw, "credit", _NUMBER, where)
    if credit is None or not 0 <= credit <= 1:
        raise _Bad(f"{where}credit should be a number from 0 to 1")
    points = _get(raw, "points", _NUMBER, where)
    points = 1.0 if points is None else float(points)
    if points < 0:
        raise _Bad(f"{where}points should not be negative")
    chosen = raw.get("chosen")
    number = _get(raw, "number", int, where)
    time_taken = _get(raw, "time_taken", _NUMBER, where)
    return AnswerData(
        question_id=qid,
        number=number if number is not None else index + 1,
        kind=_get(raw, "kind", str, where),
        prompt=_get(raw, "prompt", str, where),
        options=_texts(raw.get("options"), f"{where}options"),
        response=_get(raw, "response", str, where) or "",
        chosen=None if chosen is None else _texts(chosen, f"{where}chosen"),
        key=_texts(raw.get("key"), f"{where}key"),
        credit=float(credit),
        points=points,
        skipped=bool(_get(raw, "skipped", bool, where)),
        time_taken=None if time_taken is None else float(time_taken),
        answered_at=_get(raw, "answered_at", str, where),
    )


def _attempt_from_json(doc: Any, path: Path) -> Attempt:
    if not isinstance(doc, dict):
        raise _Bad("not a results file: expected one JSON object")
    fmt = _get(doc, "format", str, "")
    if fmt is not None and fmt not in KNOWN_FORMATS:
        known = ", ".join(KNOWN_FORMATS)
        raise _Bad(f"unknown results format {fmt!r}; this factquiz reads {known}")
    bank = _get(doc, "bank", str, "")
    if not bank:
        raise _Bad("not a results file: no bank")
    raw_answers = _get(doc, "answers", list, "") or []
    if len(raw_answers) > MAX_ANSWERS:
        raise _Bad(f"more than {MAX_ANSWERS} answers")
    answers = tuple(_answer(raw, i) for i, raw in enumerate(raw_answers))
    unanswered = _texts(doc.get("unanswered"), "unanswered")
    if len(unanswered) > MAX_ANSWERS:
        raise _Bad(f"more than {MAX_ANSWERS} unanswered questions")
    raw_points = doc.get("unanswered_points")
    if raw_points is None:
        unanswered_points = [1.0] * len(unanswered)
    elif (
        isinstance(raw_points, list)
        and len(raw_points) == len(unanswered)
        and all(isinstance(p, _NUMBER) and not isinstance(p, bool) for p in raw_points)
    ):
        unanswered_points = [float(p) for p in raw_points]
    else:
        raise _Bad("unanswered_points should be a list of numbers, one per unanswered question")
    presented = tuple((a.question_id, a.points) for a in sorted(answers, key=lambda a: a.number))
    presented += tuple(zip(unanswered, unanswered_points, strict=True))
    status = _get(doc, "status", str, "")
    if status is None:  # format 1: a run that reached the end finished; any other stopped
        status = "finished" if not unanswered else "stopped"
    elif status not in STATUSES:
        raise _Bad(f"status should be one of {', '.join(STATUSES)}, not {status!r}")
    student = (_get(doc, "learner", str, "") or _get(doc, "name", str, "") or "").strip()
    duration = _get(doc, "duration", _NUMBER, "")
    for key in ("started", "finished"):
        stamp = _get(doc, key, str, "")
        if stamp is not None:
            try:
                datetime.fromisoformat(stamp)
            except ValueError:
                raise _Bad(f"{key} should be an ISO-8601 time, not {stamp!r}") from None
    return Attempt(
        student=student or path.stem,
        bank=bank,
        title=_get(doc, "title", str, ""),
        version=_get(doc, "bank_hash", str, ""),
        class_name=_get(doc, "class", str, ""),
        status=status,
        mode=_get(doc, "mode", str, ""),
        started=_get(doc, "started", str, ""),
        finished=_get(doc, "finished", str, ""),
        duration=None if duration is None else float(duration),
        presented=presented,
        answers=answers,
        source=str(path),
    )


def read_results_file(path: Path) -> Attempt:
    """One result file as an Attempt; QuizError (one line naming the file) if it is not one."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_RESULTS_BYTES + 1)
    except OSError as exc:
        raise _problem(path, f"cannot read the results file ({exc.strerror or exc})") from None
    if len(data) > MAX_RESULTS_BYTES:
        raise _problem(path, f"too large for a results file (over {MAX_RESULTS_BYTES:,} bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _problem(path, f"not a results file: not UTF-8 (byte {exc.start})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _problem(path, f"not a results file: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise _problem(path, "not a results file: nested too deeply") from None
    try:
        return _attempt_from_json(doc, path)
    except _Bad as exc:
        raise _problem(path, str(exc)) from None


# --- stores -------------------------------------------------------------------------------


def _store_status(run: Any) -> str:
    # A store that records how runs ended says so; otherwise a finished run that answered
    # everything it showed finished, one ended early stopped, one never ended is open.
    status = getattr(run, "status", None)
    if status in STATUSES:
        return str(status)
    if run.finished is None:
        return "open"
    if run.presented and run.answered < len(run.presented):
        return "stopped"
    return "finished"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else iso(moment)


def read_store(
    path: Path, *, class_name: str | None = None, bank: str | None = None
) -> list[Attempt]:
    """The runs of a progress store (of one class and bank, if given) as Attempts. The file must
    exist: a report never creates a store."""
    if not path.exists():
        raise _problem(path, "no such progress store; check the path given to --store")
    with Store(path) as store:
        return store_attempts(store, class_name=class_name, bank=bank)


def store_attempts(
    store: Store, *, class_name: str | None = None, bank: str | None = None
) -> list[Attempt]:
    """The runs of an open store (of one class and bank, if given) as Attempts."""
    path = store.path
    rows = store.report_runs(class_name=class_name, bank=bank)
    attempts = []
    for run, attempt_rows in rows:
        points = dict(run.presented)
        answers = tuple(
            AnswerData(
                question_id=a.question_id,
                number=a.number if a.number is not None else i + 1,
                kind=a.kind,
                prompt=a.prompt,
                options=a.options,
                response=a.response,
                chosen=a.chosen,
                key=a.answer_key,
                credit=a.credit,
                points=a.points if a.points is not None else points.get(a.question_id, 1.0),
                skipped=a.response == "",  # a skip is recorded with an empty response
                time_taken=a.elapsed,
                answered_at=_iso(a.answered_at),
            )
            for i, a in enumerate(attempt_rows)
        )
        presented = run.presented or tuple((a.question_id, a.points) for a in answers)
        duration = (run.finished - run.started).total_seconds() if run.finished else None
        attempts.append(
            Attempt(
                student=run.learner or run.name or "?",
                bank=run.bank,
                title=None,
                version=run.bank_hash,
                class_name=run.class_name,
                status=_store_status(run),
                mode=run.mode,
                started=_iso(run.started),
                finished=_iso(run.finished),
                duration=duration,
                presented=presented,
                answers=answers,
                source=f"{path}#{run.id}",
            )
        )
    return attempts
