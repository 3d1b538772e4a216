"""Line mode: `quiz play BANK --plain`. The screen-reader and scripting front end.

Prompts go to `out` (to `err` with --json, so stdout carries only the JSON document); answers
come one per line from `stdin`. Nothing is carried by colour: there is none.

Every line goes out through `say` (and the JSON document through `textsafe.json_dumps`): the
one place where bank, article and typed text is made safe for the terminal."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from quiz import meanings
from quiz.grading import MAX_ANSWER_CHARS, TOO_LONG
from quiz.locations import Paths
from quiz.runs import Citation, CitedParagraph, Run, answer_key, chosen_options, start_run
from quiz.session import (
    AnswerRecord,
    ExamClock,
    NotAnAnswer,
    Presented,
    Results,
    SessionConfig,
)
from quiz.store import Store
from quiz.textsafe import json_dumps, printable

HINT, SKIP, QUIT, SOURCE = "?", ":skip", ":quit", ":source"
RESULTS_FORMAT = "factquiz-results/2"  # docs/results-format.md
# One line of input is read in pieces of at most this many characters: memory stays bounded
# whatever is piped in, and anything longer is too long to be an answer anyway.
READ_LIMIT = 16 * MAX_ANSWER_CHARS
# A "line" that runs on past this many characters (a stream from /dev/zero, a binary file) is
# not lines of answers at all: it ends the input, so time stays bounded as well as memory.
DRAIN_LIMIT = 1_000_000
_TIME_UP = object()  # _next_line's answer when the deadline passed first
_TOO_LONG = object()  # a line longer than READ_LIMIT (its rest was read and dropped)


def _read_line(stdin: TextIO) -> str | object:
    """The next line, read in bounded pieces: "" at end of input, _TOO_LONG for a line longer
    than any answer may be (the rest of it is skipped)."""
    line = stdin.readline(READ_LIMIT)
    if len(line) >= READ_LIMIT and not line.endswith("\n"):
        read = len(line)
        while (more := stdin.readline(READ_LIMIT)) and not more.endswith("\n"):
            read += len(more)
            if read > DRAIN_LIMIT:
                return ""  # end of input: what was answered so far is kept
        return _TOO_LONG
    return line


def outcome(credit: float, skipped: bool = False) -> str:
    """Symbol and word (quiz.meanings.outcome), so how an answer went never depends on colour."""
    return meanings.outcome(credit, skipped).label


def mark(citation: Citation) -> str:
    """The cited sentence with the proving words between « and »."""
    text = citation.paragraph_text
    sentence_start = text.find(citation.sentence)
    if sentence_start < 0:  # the quote spans paragraphs: show the quote's own span
        return f"«{text[citation.start : citation.end]}»"
    before = text[sentence_start : citation.start]
    inside = text[citation.start : citation.end]
    after = text[citation.end : sentence_start + len(citation.sentence)]
    return f"{before}«{inside}»{after}"


def mark_paragraph(cited: CitedParagraph) -> str:
    """The cited sentences of one paragraph, every quote in them between « and »."""
    start, end = cited.excerpt
    text = cited.text
    out: list[str] = []
    here = start
    for a, b in cited.marks:
        a, b = max(a, here), min(b, end)
        if b <= a:
            continue
        out.append(text[here:a])
        out.append(f"«{text[a:b]}»")
        here = b
    out.append(text[here : max(here, end)])
    return "".join(out)


def instructions(presented: Presented, bank_questions: tuple = ()) -> str:
    q = presented.question
    return meanings.plain_instructions(q, len(presented.options), bank_questions or (q,))


def answer_words(record: AnswerRecord) -> str:
    """What the learner answered: the options' text for option kinds, else as typed."""
    if record.skipped:
        return meanings.SKIPPED_ANSWER
    if record.chosen:
        return meanings.answer_joiner(record.presented.question.kind).join(record.chosen)
    return record.response


class _Lines:
    """stdin read on a thread, so that waiting for a line can end at a deadline."""

    def __init__(self, stdin: TextIO) -> None:
        self._stdin = stdin
        self._queue: queue.Queue[str | object] = queue.Queue()
        threading.Thread(target=self._pump, name="quiz-stdin", daemon=True).start()

    def _pump(self) -> None:
        while True:
            try:
                line = _read_line(self._stdin)
            except (OSError, ValueError):
                line = ""
            self._queue.put(line)
            if not line:
                return

    def get(self, timeout: float) -> str | object:
        """The next line ("" at end of input); queue.Empty after `timeout` seconds."""
        return self._queue.get(timeout=timeout)


class PlainFrontEnd:
    def __init__(
        self,
        *,
        stdin: TextIO,
        out: TextIO,
        err: TextIO,
        json_output: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stdin = stdin
        self.json_output = json_output
        self.result_out = out
        self.out = err if json_output else out
        self.clock = clock
        self._exam: ExamClock | None = None  # the run's clock, when it has a time limit
        self._lines: _Lines | None = None

    def say(self, text: str = "", end: str = "\n") -> None:
        """Write one line (or a prompt, with `end=""`): the only way text reaches the terminal,
        so a control character from a bank, an article or an answer is never written raw."""
        self.out.write(printable(text) + end)
        self.out.flush()

    def play(
        self,
        bank_path: Path,
        config: SessionConfig,
        paths: Paths,
        *,
        name: str | None = None,
        class_name: str | None = None,
    ) -> int:
        store = Store(paths.store, learner=name)
        try:
            run = start_run(
                bank_path, config, store, name=name, cache=paths.cache, class_name=class_name
            )
            self._play(run)
        finally:
            store.close()
        return 0

    def _play(self, run: Run) -> None:
        session = run.session
        config = session.config
        mode = config.mode
        self.say(f"{run.bank.title}")
        commands = [f"{SKIP} to skip", f"{QUIT} to stop"]
        if config.allows_source:
            commands.insert(0, f"{SOURCE} to read the article ({meanings.SOURCE_COST})")
        book = "" if config.allows_hints else " Closed book: no hints, no article."
        self.say(
            f"{mode} mode, {session.total} question{'s' if session.total != 1 else ''}, "
            f"seed {config.seed}.{book} Type {', '.join(commands)}."
        )
        if session.total == 0:
            self.say(meanings.empty_reason(mode))
        if session.time_limit is not None:
            self._exam = ExamClock(session, self.clock)
            self._lines = _Lines(self.stdin)
        status = meanings.STOPPED
        while (presented := session.current) is not None:
            if self._time_is_up():
                status = meanings.TIMED_OUT
                break
            stop = self._ask(run, presented)
            if stop is not None:
                status = stop
                break
        if status == meanings.TIMED_OUT:
            self.say()
            self.say(meanings.TIME_UP)
        results = run.finish(status)
        if not session.shows_feedback:
            self._review(run, results)
        self._summary(results)
        if self.json_output:
            self.result_out.write(json_dumps(self._json(run, results), indent=2) + "\n")
            self.result_out.flush()

    def _time_is_up(self) -> bool:
        return self._exam is not None and self._exam.expired()

    def _next_line(self) -> object:
        """The next line of input ("" at its end), or _TIME_UP once the deadline has passed,
        whether the wait ran past it or the line came after it (a late answer never counts)."""
        if self._lines is None or self._exam is None:
            return _read_line(self.stdin)
        while True:
            left = self._exam.time_left() or 0.0
            if left <= 0:
                return _TIME_UP
            try:
                line = self._lines.get(timeout=min(left, 0.25))
            except queue.Empty:
                continue
            return _TIME_UP if self._time_is_up() else line

    def _ask(self, run: Run, presented: Presented) -> str | None:
        """Ask one question until it gets an answer; the status to end with, if the run stops."""
        session = run.session
        config = session.config
        q = presented.question
        self.say()
        self.say(f"Question {presented.number} of {session.total}")
        self.say(q.prompt)
        for i, option in enumerate(presented.options, start=1):
            self.say(f"  {i}) {option}")
        if note := instructions(presented, run.bank.questions):
            self.say(note)
        if q.hint and config.allows_hints:
            self.say(f"Type {HINT} for a hint ({meanings.HINT_COST}).")
        asked = self.clock()
        warned_source = False
        while True:
            self.say("> ", end="")
            self.out.flush()
            line = self._next_line()
            if line is _TIME_UP:
                return meanings.TIMED_OUT
            if line is _TOO_LONG:
                self.say(f"Not an answer: {TOO_LONG}. Try again.")
                continue
            assert isinstance(line, str)
            if not line:  # end of input ends the run with what was answered
                self.say()
                return meanings.STOPPED
            response = line.strip()
            if response == QUIT:
                return meanings.STOPPED
            if response == HINT:
                self.say(self._hint_text(run))
                continue
            if response == SOURCE:
                if not config.allows_source:
                    self.say(meanings.NO_SOURCE)
                elif not warned_source and not session.source_taken:
                    warned_source = True
                    cost = meanings.SOURCE_COST
                    self.say(f"{cost[0].upper()}{cost[1:]}. Type {SOURCE} again to open it.")
                else:
                    run.open_source()
                    self._article(run)
                continue
            if response == SKIP:
                record = run.skip(self.clock() - asked)
                break
            try:
                record = run.answer(response, self.clock() - asked)
            except NotAnAnswer as exc:
                self.say(f"Not an answer: {exc}. Try again.")
                continue
            break
        if session.shows_feedback:
            self._feedback(run, record)
        return None

    def _hint_text(self, run: Run) -> str:
        if not run.session.config.allows_hints:
            return meanings.NO_HINTS
        hint = run.hint()
        if hint is None:
            return meanings.NO_HINT_HERE
        return f"Hint: {hint} (the credit for this question is halved)"

    def _article(self, run: Run) -> None:
        """The whole article, nothing marked: the proof is for after the answer."""
        document = run.document
        source = run.bank.source
        self.say(f"Article: {source.title or run.bank.title}")
        for paragraph in document.paragraphs:
            self.say(f"[{paragraph.number}] {document.text[paragraph.start : paragraph.end]}")
        self.say("(The credit for this question is halved.)")

    def _feedback(self, run: Run, record: AnswerRecord) -> None:
        q = record.presented.question
        words = outcome(record.credit, record.skipped)
        if record.skipped:
            self.say(words)
        else:
            credit = f"{meanings.points(record.credit)} of 1"
            self.say(f"{words} ({credit}): {record.grade.reason}")
        if record.hint_used:
            self.say("The hint halved the credit.")
        if record.source_opened:
            self.say("Opening the article before answering halved the credit.")
        self.say(f"Answer: {q.expected}")
        for cited in run.cited_paragraphs(q):
            self.say(f"Source, paragraph {cited.paragraph}: {mark_paragraph(cited)}")
        if q.kind == "claim" and not q.cite:
            self.say("Source: the article does not say this.")
        if q.explain:
            self.say(f"Why: {q.explain}")

    def _review(self, run: Run, results: Results) -> None:
        self.say()
        self.say("Review")
        for record in results.answers:
            q = record.presented.question
            self.say()
            self.say(f"{record.presented.number}. {q.prompt}")
            self.say(f"   You said: {answer_words(record)}")
            self._feedback(run, record)

    def _summary(self, results: Results) -> None:
        self.say()
        self.say(
            f"Score: {meanings.points(results.score)} of "
            f"{meanings.points(results.max_score)} ({results.percent:.0f}%)"
        )
        self.say(f"Seed {results.seed}.")
        if note := meanings.ending_note(results.status, results.answered, results.questions):
            self.say(note)
        for tag, ts in sorted(results.per_tag.items()):
            self.say(f"  {tag}: {meanings.points(ts.score)} of {meanings.points(ts.max_score)}")

    def _json(self, run: Run, results: Results) -> dict[str, Any]:
        def cite(c: Citation) -> dict[str, Any]:
            return {"quote": c.quote, "sentence": c.sentence, "paragraph": c.paragraph}

        answers = []
        for record, at in zip(results.answers, run.answered_at, strict=False):
            q = record.presented.question
            citations = [cite(c) for c in run.citations(q)]
            picked = chosen_options(record)
            chosen = None if picked is None else list(picked)
            answers.append(
                {
                    "id": q.id,
                    "number": record.presented.number,
                    "kind": q.kind,
                    "prompt": q.prompt,
                    "options": list(record.presented.options),
                    "response": record.response,
                    "chosen": list(record.chosen) if record.chosen else chosen,
                    "chosen_numbers": list(record.chosen_numbers),
                    "key": list(answer_key(q)),
                    "score": record.score,
                    "credit": record.credit,
                    "correct": meanings.is_right(record.credit),
                    "expected": q.expected,
                    "reason": record.grade.reason,
                    "hint_used": record.hint_used,
                    "source_opened": record.source_opened,
                    "skipped": record.skipped,
                    "points": q.points,
                    "citation": citations[0] if citations else None,
                    "citations": citations,
                    "time_taken": record.elapsed,
                    "answered_at": meanings.iso(at),
                }
            )
        finished = run.finished_at
        config = run.session.config
        return {
            "format": RESULTS_FORMAT,
            "bank": run.bank.slug,
            "bank_hash": run.bank.content_hash,
            "title": run.bank.title,
            "mode": results.mode,
            "seed": results.seed,
            "name": run.name,
            "learner": run.learner,
            "class": run.class_name,
            "status": results.status,
            "hints": config.allows_hints,
            "open_book": config.allows_source,
            "started": meanings.iso(run.started_at),
            "finished": meanings.iso(finished) if finished else None,
            "duration": (finished - run.started_at).total_seconds() if finished else None,
            "score": results.score,
            "max_score": results.max_score,
            "percent": meanings.percent(results.score, results.max_score) or 0.0,
            "answered": results.answered,
            "questions": results.questions,
            "unanswered": [p.question.id for p in results.unanswered],
            "unanswered_points": [p.question.points for p in results.unanswered],
            "answers": answers,
        }


__all__ = ["PlainFrontEnd", "mark", "mark_paragraph", "outcome"]
