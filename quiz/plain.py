"""Line mode: `quiz play BANK --plain`. The screen-reader and scripting front end.

Prompts go to `out` (to `err` with --json, so stdout carries only the JSON document); answers
come one per line from `stdin`. Nothing is carried by colour: there is none."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from quiz.bank.model import format_number
from quiz.runs import Citation, Run, answer_key, chosen_options, start_run
from quiz.session import AnswerRecord, NotAnAnswer, Presented, Results, SessionConfig
from quiz.textsafe import json_dumps

HINT, SKIP, QUIT = "?", ":skip", ":quit"
RESULTS_FORMAT = "factquiz-results/2"  # docs/results-format.md


def verdict(credit: float) -> str:
    """Symbol and word, so the verdict never depends on colour."""
    if credit >= 1:
        return "✓ Right"
    return "◐ Partly right" if credit > 0 else "✗ Wrong"


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


def instructions(presented: Presented) -> str:
    kind = presented.question.kind
    if kind == "choice":
        return "Answer with a number, a letter or the option's text."
    if kind == "multi":
        return "Choose all that apply: numbers separated by commas, e.g. 1, 3."
    if kind == "order":
        return "Give the numbers in the right order, e.g. 3 1 2."
    if kind == "claim":
        return "Is this claim supported, refuted, or not in the article? (s / r / n)"
    unit = presented.question.unit
    return f"Answer in {unit}." if kind == "number" and unit else ""


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
        self.timed_out = False  # the last run ended because its time was up

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def play(
        self,
        bank_path: Path,
        config: SessionConfig,
        *,
        data_dir: Path | None = None,
        name: str | None = None,
        cache_dir: Path | None = None,
        class_name: str | None = None,
    ) -> int:
        from quiz.locations import store_path
        from quiz.store import Store

        store = Store(store_path(data_dir), learner=name)
        try:
            run = start_run(
                bank_path, config, store, name=name, cache_dir=cache_dir, class_name=class_name
            )
            self._play(run)
        finally:
            store.close()
        return 0

    def _play(self, run: Run) -> None:
        session = run.session
        mode = session.config.mode
        self.say(f"{run.bank.title}")
        self.say(
            f"{mode} mode, {session.total} question{'s' if session.total != 1 else ''}, "
            f"seed {session.config.seed}. Type {HINT} for a hint, {SKIP} to skip, {QUIT} to stop."
        )
        if session.total == 0:
            self.say(_empty_reason(mode))
        started = self.clock()
        self.timed_out = False
        while (presented := session.current) is not None:
            limit = session.config.time_limit
            if limit is not None and session.expired(self.clock() - started):
                self.say("Time is up.")
                self.timed_out = True
                break
            if not self._ask(run, presented):
                break
        results = run.finish()
        if not session.shows_feedback:
            self._review(run, results)
        self._summary(results)
        if self.json_output:
            self.result_out.write(json_dumps(self._json(run, results), indent=2))
            self.result_out.write("\n")
            self.result_out.flush()

    def _ask(self, run: Run, presented: Presented) -> bool:
        """Ask one question until it gets an answer; False when the run should stop."""
        session = run.session
        q = presented.question
        self.say()
        self.say(f"Question {presented.number} of {session.total}")
        self.say(q.prompt)
        for i, option in enumerate(presented.options, start=1):
            self.say(f"  {i}) {option}")
        if note := instructions(presented):
            self.say(note)
        asked = self.clock()
        while True:
            self.out.write("> ")
            self.out.flush()
            line = self.stdin.readline()
            if not line:  # end of input ends the run with what was answered
                self.say()
                return False
            response = line.strip()
            if response == QUIT:
                return False
            if response == HINT:
                hint = run.hint()
                self.say(
                    f"Hint: {hint} (the credit for this question is halved)"
                    if hint
                    else "There is no hint for this question."
                )
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
        return True

    def _feedback(self, run: Run, record: AnswerRecord) -> None:
        q = record.presented.question
        credit = "skipped" if record.skipped else f"{format_number(round(record.credit, 2))} of 1"
        self.say(f"{verdict(record.credit)} ({credit}): {record.grade.reason}")
        if record.hint_used:
            self.say("The hint halved the credit.")
        self.say(f"Answer: {q.expected}")
        for c in run.citations(q):
            self.say(f"Source, paragraph {c.paragraph}: {mark(c)}")
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
            self.say(f"   You said: {record.response or '(skipped)'}")
            self._feedback(run, record)

    def _summary(self, results: Results) -> None:
        self.say()
        self.say(
            f"Score: {format_number(round(results.score, 2))} of "
            f"{format_number(results.max_score)} ({results.percent:.0f}%)"
        )
        for tag, ts in sorted(results.per_tag.items()):
            self.say(
                f"  {tag}: {format_number(round(ts.score, 2))} of {format_number(ts.max_score)}"
            )
        if results.unanswered:
            self.say(f"{len(results.unanswered)} question(s) not answered.")

    def _json(self, run: Run, results: Results) -> dict[str, Any]:
        def cite(c: Citation) -> dict[str, Any]:
            return {"quote": c.quote, "sentence": c.sentence, "paragraph": c.paragraph}

        answers = []
        for record, at in zip(results.answers, run.answered_at, strict=False):
            q = record.presented.question
            citations = [cite(c) for c in run.citations(q)]
            chosen = chosen_options(record)
            answers.append(
                {
                    "id": q.id,
                    "number": record.presented.number,
                    "kind": q.kind,
                    "prompt": q.prompt,
                    "options": list(record.presented.options),
                    "response": record.response,
                    "chosen": None if chosen is None else list(chosen),
                    "key": list(answer_key(q)),
                    "score": record.score,
                    "credit": record.credit,
                    "correct": record.credit >= 1,
                    "expected": q.expected,
                    "reason": record.grade.reason,
                    "hint_used": record.hint_used,
                    "skipped": record.skipped,
                    "points": q.points,
                    "citation": citations[0] if citations else None,
                    "citations": citations,
                    "time_taken": record.elapsed,
                    "answered_at": _iso(at),
                }
            )
        if not results.unanswered:
            status = "finished"
        else:
            status = "timed-out" if self.timed_out else "stopped"
        finished = run.finished_at
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
            "status": status,
            "started": _iso(run.started_at),
            "finished": _iso(finished) if finished else None,
            "duration": (finished - run.started_at).total_seconds() if finished else None,
            "questions": len(run.session.presented),
            "score": results.score,
            "max_score": results.max_score,
            "percent": results.percent,
            "answered": len(results.answers),
            "unanswered": [p.question.id for p in results.unanswered],
            "unanswered_points": [p.question.points for p in results.unanswered],
            "answers": answers,
        }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _empty_reason(mode: str) -> str:
    if mode == "mistakes":
        return "No mistakes to practise: every question you have answered was fully right."
    if mode == "review":
        return "Nothing is due for review."
    return "No questions match."


__all__ = ["PlainFrontEnd", "mark", "verdict"]
