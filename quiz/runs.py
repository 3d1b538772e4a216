"""The service both front ends use: find banks, pick the questions for a mode, drive a
`Session`, commit every answer to the `Store`, and turn cites into citations.

Nothing here knows about screens or streams; what one front end gets, the other gets too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import lazy
from quiz.bank.cache import load_bank_cached
from quiz.bank.model import Bank, Question
from quiz.errors import Problem, QuizError
from quiz.locations import Paths, bank_files, declared_slug
from quiz.meanings import STOPPED, is_right
from quiz.session import (
    AnswerRecord,
    NotAnAnswer,
    Presented,
    Results,
    Session,
    SessionConfig,
    SessionOver,
    select_questions,
)

if TYPE_CHECKING:
    from quiz import learners, sources
    from quiz.sources import Document, Span
    from quiz.store import AttemptRow, RunRow, Store
else:
    # Reading the article waits until the first question is on screen (Run.prepare).
    sources = lazy.module("quiz.sources")
    learners = lazy.module("quiz.learners")  # getpass: only a run without a store asks the OS

REVIEW_LIMIT = 20  # review mode's default --limit: a short daily round


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited quote, in the source's own words, placed in its paragraph."""

    quote: str
    sentence: str
    paragraph: int
    paragraph_text: str
    start: int  # the quote's span within paragraph_text
    end: int


@dataclass(frozen=True, slots=True)
class CitedParagraph:
    """A paragraph a question cites, once however many of its quotes are in it."""

    paragraph: int  # 1-based
    text: str  # the whole paragraph
    marks: tuple[tuple[int, int], ...]  # the quotes' spans within `text`, in order, merged
    excerpt: tuple[int, int]  # first cited sentence's start to the last one's end, in `text`


@dataclass(frozen=True, slots=True)
class BankInfo:
    path: Path
    slug: str
    title: str
    questions: int
    last_score: float | None = None  # percent of the last complete (not stopped) run
    due: int = 0  # due for review, among the questions the options keep (tags)
    error: str | None = None  # the first problem, when the bank does not load
    in_run: int | None = None  # questions a practice or exam run with the options would ask
    tags: tuple[str, ...] = ()  # the bank's tags, in order of first use


def check_tags(bank: Bank, tags: tuple[str, ...]) -> None:
    """A --tag that no question has is a mistake (a typo), not an empty run: say which exist."""
    if not tags:
        return
    wanted = {t.casefold() for t in tags}
    if any(wanted & {t.casefold() for t in q.tags} for q in bank.questions):
        return
    known = ", ".join(sorted(bank.tags, key=str.casefold)) or "none"
    shown = ", ".join(tags)
    raise QuizError(
        Problem(
            str(bank.path),
            0,
            0,
            f"no question has the tag {shown}; the tags of this bank are: {known}",
        )
    )


# --- finding banks: the light part lives in quiz.locations, for the start-up path ---


def discover_banks(
    paths: Paths,
    store: Store | None,
    now: datetime | None = None,
    config: SessionConfig | None = None,
    *,
    learner: str | None = None,
) -> list[BankInfo]:
    """Every bank found in `paths` (quiz.locations.bank_files), loaded through its cache;
    last score and due count are `learner`'s (default: the store's learner). With `config`, the
    due count and `in_run` follow its tags and limit, as a run would."""
    now = now or utc_now()
    infos: list[BankInfo] = []
    skipped: list[Problem] = []
    files = bank_files(paths.cwd, skipped)
    for path in files:
        try:
            bank = load_bank_cached(path, paths.cache)
        except QuizError as exc:
            slug = declared_slug(path) or path.stem
            infos.append(BankInfo(path, slug, path.name, 0, error=str(exc.problems[0])))
            continue
        last_score: float | None = None
        due = 0
        tags = config.tags if config is not None else ()
        kept = {q.id for q in _with_tags(bank.questions, tags)}
        in_run = None
        if config is not None:
            in_run = len(select_questions(bank.questions, replace(config, shuffle=False)))
        if store is not None:
            last = store.last_run(bank.slug, complete_only=True, learner=learner)
            if last is not None and last.max_score:
                last_score = 100 * (last.score or 0) / last.max_score
            hashes = {q.id: q.content_hash for q in bank.questions}
            due_ids = store.due_question_ids(bank.slug, now, hashes, learner=learner)
            due = sum(1 for qid in due_ids if qid in kept)
        infos.append(
            BankInfo(
                path,
                bank.slug,
                bank.title,
                len(bank.questions),
                last_score,
                due,
                in_run=in_run,
                tags=bank.tags,
            )
        )
    # What is not a regular file (a FIFO, a device, a looping link) is shown as one line.
    infos.extend(
        BankInfo(Path(p.path), Path(p.path).stem, Path(p.path).name, 0, error=str(p))
        for p in skipped
    )
    return infos


# --- picking questions per mode ------------------------------------------------------------


def _with_tags(questions: tuple[Question, ...], tags: tuple[str, ...]) -> list[Question]:
    """The questions with any of `tags`, ignoring case, as the Session filters them."""
    if not tags:
        return list(questions)
    wanted = {t.casefold() for t in tags}
    return [q for q in questions if wanted & {t.casefold() for t in q.tags}]


def pick_questions(
    bank: Bank,
    config: SessionConfig,
    store: Store | None,
    now: datetime,
    learner: str | None = None,
) -> tuple[list[Question], SessionConfig]:
    """The questions a mode asks `learner` (default: the store's), and the config the Session
    should apply to them."""
    if config.mode == "review":
        pool = _with_tags(bank.questions, config.tags)
        # With the hashes, a question edited since it was last answered counts as new again.
        hashes = {q.id: q.content_hash for q in bank.questions}
        due_ids = store.due_question_ids(bank.slug, now, hashes, learner=learner) if store else []
        carded = store.carded_question_ids(bank.slug, hashes, learner=learner) if store else set()
        by_id = {q.id: q for q in pool}
        due = [by_id[qid] for qid in due_ids if qid in by_id]
        new = [q for q in pool if q.id not in carded]
        limit = config.limit or REVIEW_LIMIT
        return (due + new)[:limit], replace(config, shuffle=False, tags=(), limit=None)
    if config.mode == "mistakes":
        latest = store.latest_attempts(bank.slug, learner=learner) if store else {}
        pool = _with_tags(bank.questions, config.tags)
        missed = [q for q in pool if q.id in latest and not is_right(latest[q.id].credit)]
        return missed, replace(config, shuffle=False, tags=())
    return list(bank.questions), config


# --- what an answer chose --------------------------------------------------------------------


def _split_options(text: str, options: tuple[str, ...]) -> tuple[str, ...] | None:
    """`text` read back as options joined by ", " in display order (how the grader writes a
    multi answer), trying each split since an option may itself hold ", "."""

    def walk(start: int, first: int) -> list[str] | None:
        if start == len(text):
            return []
        for i in range(first, len(options)):
            option = options[i]
            if text.startswith(option, start):
                end = start + len(option)
                if end == len(text):
                    return [option]
                if text.startswith(", ", end):
                    rest = walk(end + 2, i + 1)
                    if rest is not None:
                        return [option, *rest]
        return None

    found = walk(0, 0)
    return None if found is None else tuple(found)


def chosen_options(record: AnswerRecord) -> tuple[str, ...] | None:
    """The options an answer picked, as shown: one for choice and claim, the picks of a multi
    in display order, the items in the order given for order. None when skipped or typed."""
    if record.skipped:
        return None
    kind = record.presented.question.kind
    normalized = record.grade.normalized
    options = record.presented.options
    if kind in ("choice", "claim"):
        return (normalized,)
    if kind == "multi":
        return _split_options(normalized, options)
    if kind == "order":
        try:
            return tuple(options[int(n) - 1] for n in normalized.split(", "))
        except (ValueError, IndexError):
            return None
    return None


def answer_key(question: Question) -> tuple[str, ...]:
    """The right options of a choice kind (for order, the items in the right order); ()
    for typed kinds, whose answer is `question.expected`."""
    if question.kind in ("choice", "claim"):
        return (str(question.answer),)
    if question.kind in ("multi", "order"):
        answer = question.answer or question.items
        return tuple(str(a) for a in answer) if isinstance(answer, tuple) else (str(answer),)
    return ()


# --- a run ---------------------------------------------------------------------------------


class Run:
    """One quiz run: the session, its article, and the store it commits to."""

    def __init__(
        self,
        bank: Bank,
        session: Session,
        store: Store | None,
        name: str | None,
        clock: Callable[[], datetime],
        *,
        prepare: bool = True,
        learner: str | None = None,
        class_name: str | None = None,
        assignment_id: int | None = None,
    ) -> None:
        self.bank = bank
        self.session = session
        self.name = name
        # Whose run it is: the learner given, else the name, else the store's (the OS user),
        # found when first asked for: looking up the OS user is not first-frame work.
        self._learner: str | None = learner or name
        self.class_name = class_name
        self.assignment_id = assignment_id
        self._store = store
        self._clock = clock
        self.started_at: datetime = clock()
        self.finished_at: datetime | None = None
        self.answered_at: list[datetime] = []  # one per session answer, when it was given
        self._document: Document | None = None
        self._spans: dict[str, Span] = {}
        self.run_id: int | None = None
        self._results: Results | None = None
        if prepare:
            self.prepare()
        if store is not None:
            self.attach_store(store)

    @property
    def learner(self) -> str:
        if self._learner is None:
            store = self._store
            self._learner = store.learner if store is not None else learners.default_learner()
        return self._learner

    def prepare(self) -> None:
        """Read the article and locate every cite; a bank with a broken cite is refused.

        `start_run` does it before the first question; the app may show the first question
        first and call this right after (on its core thread), since it is only needed for
        feedback. Calling it again does nothing."""
        if self._document is not None:
            return
        document = sources.Document.for_source(self.bank.source.path, self.bank.source.text)
        problems: list[Problem] = []
        spans: dict[str, Span] = {}
        for q in self.bank.questions:
            for quote in q.cite:
                if quote in spans:
                    continue
                try:
                    spans[quote] = document.locate(quote)
                except sources.LocateError as exc:
                    problems.append(
                        Problem(str(self.bank.path), q.line, q.col, f"questions: {q.id}: {exc}")
                    )
        if problems:
            last = problems[-1]
            advice = "; run `quiz check` on this bank to see every problem"
            problems[-1] = Problem(last.path, last.line, last.col, last.message + advice)
            raise QuizError(problems)
        self._document, self._spans = document, spans

    @property
    def document(self) -> Document:
        self.prepare()
        assert self._document is not None
        return self._document

    def attach_store(self, store: Store) -> None:
        """Start recording this run in `store`.

        The app shows a practice or exam run's first question before the store is open (opening
        or creating it is slow next to painting a question); anything answered meanwhile is
        recorded now, so nothing is lost."""
        config = self.session.config
        self._store = store
        self.run_id = store.start_run(
            self.bank.slug,
            config.mode,
            config.seed,
            self.name,
            self.started_at,
            learner=self.learner,
            class_name=self.class_name,
            bank_hash=self.bank.content_hash,
            presented=tuple((p.question.id, p.question.points) for p in self.session.presented),
            assignment_id=self.assignment_id,
            questions=self.session.total,
            hints=config.allows_hints,
            open_book=config.allows_source,
        )
        for record, at in zip(self.session.answers, self.answered_at, strict=True):
            self._record(record, at)
        if self._results is not None and self.finished_at is not None:
            _record_finish(store, self.run_id, self._results, self.finished_at)

    def continue_in(self, store: Store, run_id: int) -> None:
        """Record further answers in a run already in `store` (a resumed run: its earlier
        answers are there)."""
        self._store = store
        self.run_id = run_id

    def review(self) -> Results:
        """The results of a run that was ended elsewhere, without touching the store."""
        if self._results is None:
            self.session.finish()
            self._results = self.session.results()
        return self._results

    @property
    def recording(self) -> bool:
        """A store is attached: answers are being committed."""
        return self._store is not None

    @property
    def config(self) -> SessionConfig:
        return self.session.config

    def citations(self, question: Question) -> tuple[Citation, ...]:
        out: list[Citation] = []
        text = self.document.text  # prepares the run if it was not yet
        for quote in question.cite:
            span = self._spans[quote]
            para = self.document.paragraph(span.paragraph)
            sentence = text[span.sentences[0].start : span.sentences[-1].end]
            out.append(
                Citation(
                    quote=quote,
                    sentence=sentence,
                    paragraph=span.paragraph,
                    paragraph_text=text[para.start : para.end],
                    start=max(0, span.start - para.start),
                    end=min(para.end, span.end) - para.start,
                )
            )
        return tuple(out)

    def cited_paragraphs(self, question: Question) -> tuple[CitedParagraph, ...]:
        """The question's cites by paragraph: two quotes in one paragraph show it once."""
        text = self.document.text
        grouped: dict[int, list[Span]] = {}
        for quote in question.cite:
            span = self._spans[quote]
            grouped.setdefault(span.paragraph, []).append(span)
        out: list[CitedParagraph] = []
        for number, spans in grouped.items():
            para = self.document.paragraph(number)
            length = para.end - para.start
            marks: list[tuple[int, int]] = []
            for span in sorted(spans, key=lambda sp: sp.start):
                start = max(0, span.start - para.start)
                end = min(length, span.end - para.start)
                if marks and start <= marks[-1][1]:
                    marks[-1] = (marks[-1][0], max(marks[-1][1], end))
                else:
                    marks.append((start, end))
            first = min(sp.sentences[0].start for sp in spans) - para.start
            last = max(sp.sentences[-1].end for sp in spans) - para.start
            out.append(
                CitedParagraph(
                    number,
                    text[para.start : para.end],
                    tuple(marks),
                    (max(0, first), min(length, last)),
                )
            )
        return tuple(out)

    def cited_spans(self) -> list[tuple[str, Span]]:
        self.prepare()
        return [(q.id, self._spans[quote]) for q in self.bank.questions for quote in q.cite]

    def hint(self) -> str | None:
        return self.session.hint()

    def open_source(self) -> bool:
        """The article is opened while a question waits (see `Session.open_source`)."""
        if self.session.current is None:
            return True  # after the run: free
        return self.session.open_source()

    def answer(self, response: str, elapsed: float) -> AnswerRecord:
        """Grade and commit one answer. If the store cannot save it (StoreError: disk full,
        read-only, locked, damaged), the session takes it back: the question is asked again
        and nothing is half-recorded."""
        return self._committed(self.session.answer(response, elapsed))

    def skip(self, elapsed: float) -> AnswerRecord:
        return self._committed(self.session.skip(elapsed))

    def _committed(self, record: AnswerRecord) -> AnswerRecord:
        try:
            self._given(record)
        except QuizError:
            self.session.retract(record)
            raise
        return record

    def _given(self, record: AnswerRecord) -> None:
        at = self._clock()
        self._record(record, at)  # first: a failed save leaves no trace of the answer
        self.answered_at.append(at)

    def _record(self, record: AnswerRecord, at: datetime) -> None:
        if self._store is None or self.run_id is None:
            return
        presented: Presented = record.presented
        q = presented.question
        self._store.record_attempt(
            run_id=self.run_id,
            bank=self.bank.slug,
            question_id=q.id,
            question_hash=q.content_hash,
            response=record.response,
            credit=record.credit,
            hint_used=record.hint_used,
            elapsed=record.elapsed,
            at=at,
            number=presented.number,
            kind=q.kind,
            prompt=q.prompt,
            options=presented.options,
            chosen=None if record.skipped else (record.chosen or chosen_options(record)),
            chosen_numbers=record.chosen_numbers,
            answer_key=answer_key(q),
            points=q.points,
            source_opened=record.source_opened,
        )

    def finish(self, status: str = STOPPED) -> Results:
        """End the run: finished if every question was answered, else `status` (stopped, or
        timed-out), and record how it ended."""
        if self._results is None:
            self.session.finish(status)
            self._results = self.session.results()
            self.finished_at = self._clock()
            if self._store is not None and self.run_id is not None:
                _record_finish(self._store, self.run_id, self._results, self.finished_at)
        return self._results


def _record_finish(store: Store, run_id: int, results: Results, at: datetime) -> None:
    store.finish_run(run_id, at, results.score, results.max_score, results.status)


def start_run(
    bank_path: Path,
    config: SessionConfig,
    store: Store | None,
    name: str | None = None,
    now: datetime | None = None,
    clock: Callable[[], datetime] = utc_now,
    *,
    prepare: bool = True,
    cache: Path | None = None,
    learner: str | None = None,
    class_name: str | None = None,
    assignment_id: int | None = None,
) -> Run:
    """Load the bank, pick the questions for the mode and start recording in `store`.

    `learner`: whose run it is (default: `name`, else the store's learner, the OS user); review
    and mistakes pick from that learner's cards and attempts, and the answers are theirs.
    `class_name` (and the class's `assignment_id`) file the run under a class.
    `prepare=False` leaves reading the article to `Run.prepare()` (see there); `cache`
    is where loaded banks are cached (`Paths.cache`; None: parse the YAML)."""
    bank = load_bank_cached(bank_path, cache)
    check_tags(bank, config.tags)
    who = learner or name or (store.learner if store is not None else None)
    questions, session_config = pick_questions(bank, config, store, now or clock(), who)
    session = Session(questions, session_config)
    return Run(
        bank,
        session,
        store,
        name,
        clock,
        prepare=prepare,
        learner=who,
        class_name=class_name,
        assignment_id=assignment_id,
    )


def resume_run(
    bank_path: Path,
    config: SessionConfig,
    store: Store | None,
    run: RunRow,
    earlier: Sequence[AttemptRow],
    clock: Callable[[], datetime] = utc_now,
    *,
    cache: Path | None = None,
) -> Run:
    """Carry on `run` (a row of `store`): the same questions in the same order (from the same
    config and seed), with its `earlier` answers given again, and the next answer recorded in
    that run. Practice and exam only: the other modes pick from progress that the run itself
    changed. With `store` None the run is only replayed (to show a finished run's results).

    Raises QuizError if the earlier answers no longer fit (the bank was edited)."""
    bank = load_bank_cached(bank_path, cache)
    questions, session_config = pick_questions(bank, config, None, clock(), run.learner)
    session = Session(questions, session_config)
    try:
        for attempt in earlier:
            if attempt.hint_used:
                session.hint()
            if attempt.response == "":  # "" is never an answer: it was a skip
                session.skip(attempt.elapsed)
            else:
                session.answer(attempt.response, attempt.elapsed)
    except (NotAnAnswer, SessionOver) as exc:
        raise QuizError(
            Problem(str(bank_path), 0, 0, f"cannot resume run {run.id}: {exc}")
        ) from exc
    resumed = Run(
        bank,
        session,
        None,
        run.name,
        clock,
        learner=run.learner,
        class_name=run.class_name,
        assignment_id=run.assignment_id,
    )
    resumed.started_at = run.started
    resumed.answered_at = [attempt.answered_at for attempt in earlier]
    if store is not None:
        resumed.continue_in(store, run.id)
    return resumed
