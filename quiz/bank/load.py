"""Load a YAML question bank into the frozen model, reporting problems at file:line:col.

The YAML is parsed to events, never "loaded": we build a small node tree of our own in
which every value keeps its position and its source text. That lets us

- refuse anchors/aliases (no billion laughs) and explicit tags (no `!!python/object`),
- catch duplicate keys, which YAML loaders silently overwrite,
- convert each scalar from its text by what the field expects, so `answer: yes` in a
  text question is the string "yes", `- no` in a choice list is "no", and
  `answer: 2017-01` is a date only where a date is wanted.

Every problem of a file is collected before raising; only unreadable input (size,
encoding, tabs, YAML syntax) stops early, because nothing after it can be trusted.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from quiz import gcpolicy, lazy
from quiz.bank.model import (
    KINDS,
    MAX_BANK_BYTES,
    VERDICTS,
    Answer,
    Bank,
    DateValue,
    Question,
    Skip,
    Source,
)
from quiz.errors import Problem, QuizError
from quiz.folding import text_key
from quiz.safefile import file_problem, not_utf8_kind, read_bytes_capped, size_text
from quiz.textsafe import describe, first_control, printable

if TYPE_CHECKING:
    from quiz import sources
else:
    # Only a bundle's embedded article needs its limit; a first start without a bank cache
    # parses the YAML before its first frame, and need not import the article reader too.
    sources = lazy.module("quiz.sources")

__all__ = ["MAX_BANK_BYTES", "load_bank", "load_bank_text"]


# libyaml's parser is much faster than the pure-Python one; both emit the same events.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP_FIELDS = ("bank", "title", "description", "source", "questions", "skip")
SKIP_FIELDS = ("cite", "reason")
SOURCE_FIELDS = ("path", "title", "publisher", "url", "date", "text")  # text: a bundle
COMMON_FIELDS = ("id", "kind", "prompt", "answer", "cite", "explain", "hint", "tags", "points")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "choice": ("choices",),
    "multi": ("choices",),
    "number": ("tolerance", "unit"),
    "date": (),
    "text": ("accept",),
    "claim": (),
    "order": ("items",),
}
ALL_QUESTION_FIELDS = (*COMMON_FIELDS, "choices", "tolerance", "unit", "accept", "items")
MIN_CHOICES, MAX_CHOICES = 2, 8
# Ranges of numbers (docs/security.md): a score must stay a sum a person can read, and
# numbers beyond 10^15 are past a float's exact integers (and past any article's figures).
MAX_POINTS = 1000.0
MAX_NUMBER = 1e15
# The grader reads four-digit years (quiz.reading.parse_date): a date outside them could
# never be answered.
MIN_YEAR, MAX_YEAR = 1000, 9999

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# 478, -3, 14.5, 2,600, 2_600, 1e6; not YAML's hex, octal, .inf or .nan.
_NUMBER = re.compile(
    r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:_\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?"
)
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
# Characters YAML forbids, plus lone surrogates: undecodable bytes end up as those.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# A tab inside the indentation of a line: leading spaces, tabs and "- " / "? " / ": "
# indicators (a nested sequence or complex key), up to the first tab.
_TAB_INDENT = re.compile(r"^(?:[ ]|[-?:](?=[ \t]))*\t", re.MULTILINE)
_VERDICT_HINTS = {
    "yes": "supported", "true": "supported", "on": "supported", "y": "supported",
    "no": "refuted", "false": "refuted", "off": "refuted", "n": "refuted",
}  # fmt: skip
_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value containing ': ' must be put in quotes",
    "could not find expected ':'": "a line is missing its ':' or is indented wrongly",
    "did not find expected key": "check the indentation of this line and the one above",
    "did not find expected '-' indicator": "list entries at one level must line up",
    "found unexpected end of stream": "a quote is not closed",
}


# --- the node tree --------------------------------------------------------------------
# Scalars and aliases are the parser's own event objects (value, style, start_mark): making
# a node of our own for each would double the cost of a 10,000-question bank.


class _Seq:
    __slots__ = ("items", "start_mark")

    def __init__(self, start_mark: Mark) -> None:
        self.start_mark = start_mark
        self.items: list[_Node] = []


class _Map:
    __slots__ = ("fields", "keys", "start_mark")

    def __init__(self, start_mark: Mark) -> None:
        self.start_mark = start_mark
        self.fields: dict[str, _Node] = {}
        self.keys: dict[str, ScalarEvent] = {}  # where each key is written


_Node = ScalarEvent | AliasEvent | _Seq | _Map


def _pos(node: _Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _is_null(node: _Node) -> bool:
    """Nothing written, or YAML's spellings of null: the field is given no value."""
    return type(node) is ScalarEvent and not node.style and node.value in _NULLS


def _describe(node: _Node) -> str:
    if type(node) is ScalarEvent:
        return "nothing" if _is_null(node) else repr(_clip(node.value))
    if type(node) is _Map:
        return "a mapping (key: value lines)"
    return "a list" if type(node) is _Seq else "an alias"


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _safe(message: str) -> str:
    """A message that quotes file text, made fit for one terminal line (quiz.textsafe)."""
    return printable(message, newlines=False)


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def _compose(text: str, where: str, problems: list[Problem]) -> _Node | None:
    """Parse `text` into a node tree. Syntax errors raise; other problems are collected."""

    def field_path() -> str:
        """Where the parser is, e.g. "questions[3] (id: ici-year).cite"; for messages only."""
        chain = [*(c for c, _ in stack[1:]), top]
        keys = [k for _, k in stack[1:]] + [key]
        path = ""
        for depth, container in enumerate(chain):
            if type(container) is _Seq:
                path += f"[{len(container.items)}]"
                child = chain[depth + 1] if depth + 1 < len(chain) else None
                if type(child) is _Map and type(child.fields.get("id")) is ScalarEvent:
                    path += f" (id: {child.fields['id'].value})"
            elif type(container) is _Map and type(keys[depth]) is ScalarEvent:
                path += f".{keys[depth].value}"
        return path.lstrip(".")

    def report(mark: Mark, message: str) -> None:
        path = field_path()
        text = f"{path}: {message}" if path else message
        problems.append(Problem(where, mark.line + 1, mark.column + 1, _safe(text)))

    def check_properties(event: ScalarEvent | MappingStartEvent | SequenceStartEvent) -> None:
        if event.anchor is not None:
            report(
                event.start_mark,
                f"anchor '&{event.anchor}' is not allowed in a bank: "
                "write the value out in full wherever it is needed",
            )
        if event.tag is not None:
            report(
                event.start_mark,
                f"tag '{_show_tag(event.tag)}' is not allowed in a bank: "
                "remove it (each field is read as the type it expects)",
            )

    loader = _Loader(text)
    get_event = loader.get_event
    stack: list[tuple[_Seq | _Map | None, _Node | None]] = []
    top: _Seq | _Map | None = None  # the collection being filled
    key: _Node | None = None  # when `top` is a mapping: a key read, its value not yet
    root: _Node | None = None
    documents = 0
    node: _Node
    try:
        while True:
            event = get_event()
            kind = type(event)
            # Hot loop: one branch per event kind, cheapest first.
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    check_properties(event)
                node = event
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    check_properties(event)
                stack.append((top, key))
                top = (
                    _Map(event.start_mark) if kind is MappingStartEvent else _Seq(event.start_mark)
                )
                key = None
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = top  # type: ignore[assignment]
                top, key = stack.pop()
            elif kind is AliasEvent:
                report(
                    event.start_mark,
                    f"alias '*{event.anchor}' is not allowed in a bank: "
                    "write the value out in full wherever it is needed",
                )
                node = event
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    report(
                        event.start_mark,
                        "a bank is one YAML document: remove this '---' "
                        "and everything after it, or merge it into the first",
                    )
                    break
                continue
            elif kind is StreamEndEvent:
                break
            else:
                continue

            if top is None:
                root = node
            elif type(top) is _Seq:
                top.items.append(node)
            elif key is None:
                key = node
            else:
                if type(key) is ScalarEvent:
                    name = key.value
                    if name in top.fields:
                        first = top.keys[name].start_mark.line + 1
                        mark, key = key.start_mark, None  # report at the mapping's level
                        report(
                            mark,
                            f"duplicate key '{name}' (first given at line {first}): "
                            "YAML would silently keep only one; remove one",
                        )
                    else:
                        top.fields[name] = node
                        top.keys[name] = key
                elif type(key) is not AliasEvent:
                    mark, shown, key = key.start_mark, _describe(key), None
                    report(mark, f"a key must be a plain name, not {shown}")
                key = None
    finally:
        loader.dispose()
    return root


# --- reading the file -----------------------------------------------------------------


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decode(data: bytes, where: str) -> str:
    # UTF-16/32 and binary files are named in one line (a line per NUL or bad byte would be
    # noise, and quoting a binary file is worse). UTF-16 of ASCII is valid UTF-8 full of
    # NULs, so this looks at the bytes before decoding.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        kind = not_utf8_kind(data[:4096])
        if kind == "binary":
            raise QuizError(Problem(where, 0, 0, "is a binary file, not a bank (a YAML text file)"))
        if kind is not None:
            raise QuizError(Problem(where, 0, 0, f"is {kind}; save it as UTF-8"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # One stand-in character per bad byte, so that _check_printable can place it.
    return data.decode("utf-8", "surrogateescape")


def _check_printable(text: str, where: str) -> None:
    """Refuse undecodable bytes and characters YAML forbids, each at its line and column."""
    if _NOT_PRINTABLE.search(text) is None:
        return
    problems: list[Problem] = []
    last_line = 0
    for match in _NOT_PRINTABLE.finditer(text):
        line, col = _line_col(text, match.start())
        if line == last_line:  # one bad byte sequence is often several bytes: once per line
            continue
        last_line = line
        char = match.group()
        if "\udc80" <= char <= "\udcff":
            message = (
                f"byte 0x{ord(char) - 0xDC00:02X} is not UTF-8: "
                "save the file as UTF-8 (the file is probably Latin-1 or Windows-1252)"
            )
        else:
            message = (
                f"control character U+{ord(char):04X} is not allowed in YAML: "
                "delete it (it is often invisible; retype the line)"
            )
        problems.append(Problem(where, line, col, message))
    raise QuizError(problems)


def _check_tabs(text: str, where: str) -> None:
    if "\t" not in text:
        return
    problems = []
    for match in _TAB_INDENT.finditer(text):
        # Even on a blank line: inside a block, libyaml takes it for indentation.
        line, col = _line_col(text, match.end() - 1)
        problems.append(
            Problem(
                where,
                line,
                col,
                "tab used for indentation: YAML indents "
                "with spaces only; use spaces (set your editor to insert spaces)",
            )
        )
    if problems:
        raise QuizError(problems)


def load_bank(path: Path, warnings: list[Problem] | None = None) -> Bank:
    """Read and validate the bank at `path`. Raises QuizError listing every problem found.

    Warnings (a bank that loads but has something an author should look at, such as a
    value cut by a ` #` comment) are appended to `warnings` when it is given."""
    data = read_bytes_capped(
        path, MAX_BANK_BYTES, "bank", advice="split it into several banks"
    )  # a regular file, never more than the cap: see quiz.safefile
    return _load(_decode(data, str(path)), Path(path), check_source=True, warnings=warnings)


def load_bank_text(
    text: str,
    path: Path,
    *,
    check_source: bool = True,
    warnings: list[Problem] | None = None,
) -> Bank:
    """Validate bank `text` as if read from `path` (source.path is relative to it).

    `check_source=False` skips the check that the source file exists (handy in tests); the
    source must still be a path inside the bank's folder.
    """
    if len(text) > MAX_BANK_BYTES:  # characters, not bytes: a cheap bound that errs lenient
        raise QuizError(Problem(str(path), 0, 0, _too_big(len(text))))
    return _load(text, Path(path), check_source=check_source, warnings=warnings)


def _too_big(size: int) -> str:
    return (
        f"file is {size_text(size)}, over the {size_text(MAX_BANK_BYTES)} limit for a bank: "
        "split it into several banks"
    )


def _load(
    text: str, path: Path, *, check_source: bool, warnings: list[Problem] | None = None
) -> Bank:
    where = str(path)
    _check_printable(text, where)
    _check_tabs(text, where)
    problems: list[Problem] = []
    try:
        with gcpolicy.paused():  # the tree is acyclic and short-lived (quiz.gcpolicy)
            root = _compose(text, where, problems)
            reader = _Reader(path, problems, check_source, text)
            bank = reader.bank(root)
    except yaml.MarkedYAMLError as exc:
        raise QuizError(_syntax_problem(exc, where)) from None
    except yaml.YAMLError as exc:  # reader errors carry no mark
        raise QuizError(Problem(where, 0, 0, _safe(f"YAML error: {exc}"))) from None
    if problems or bank is None:
        problems.sort(key=lambda p: (p.line, p.col))
        error = QuizError(problems)
        # What could be read despite the problems, so that `quiz check` can prove the cites of
        # the good questions in the same pass: (source, [(index, question), ...]).
        error.salvage = (reader.source_read, reader.questions_read)  # type: ignore[attr-defined]
        raise error
    if warnings is not None:
        warnings.extend(reader.warnings)
    return bank


def _syntax_problem(exc: yaml.MarkedYAMLError, where: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = exc.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    if exc.context and exc.context_mark:
        message += f" ({exc.context} started at line {exc.context_mark.line + 1})"
    for key, hint in _SYNTAX_HINTS.items():
        if key in problem:
            message += f"; {hint}"
            break
    return Problem(where, line, col, _safe(message))


# --- from nodes to the model ----------------------------------------------------------


def _suggest(value: str, options: Iterable[str]) -> str:
    """ " (did you mean 'answer'?)" or ""."""
    options = list(options)
    folded = {o.casefold(): o for o in options}
    match = folded.get(value.casefold()) or next(
        iter(difflib.get_close_matches(value, options, n=1, cutoff=0.6)), None
    )
    return f" (did you mean '{match}'?)" if match else ""


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "my-slug"


def _number_text(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text.replace(",", "").replace("_", ""))
    return value if math.isfinite(value) else None  # 1e999 overflows to inf


def _limit(value: float) -> str:
    return f"{value:,.0f}" if value < 1e6 else f"{value:.0e}".replace("e+", "e")


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # cannot happen for a file just read; never a traceback
        return path.absolute()


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _join(where: str, field: str) -> str:
    return f"{where}.{field}" if where else field


class _Reader:
    """Turns the node tree into model objects, appending a Problem for every fault.

    Field readers take the node, `where` (e.g. "questions[3] (id: ici-year)") and the
    field's name; the full name is only formatted when there is something to report.
    They return None after reporting, or when the field is absent.
    """

    def __init__(
        self, path: Path, problems: list[Problem], check_source: bool, text: str = ""
    ) -> None:
        self.path = path
        self.where = str(path)
        self.problems = problems
        self.warnings: list[Problem] = []
        self.check_source = check_source
        self.source_text = text
        self._lines: list[str] | None = None
        # Lines with a ` #` on them (0-based): only there can a comment cut a plain value.
        self._hash_lines: frozenset[int] = frozenset()
        if " #" in text or "\t#" in text:
            self._lines = text.split("\n")
            self._hash_lines = frozenset(
                i for i, line in enumerate(self._lines) if " #" in line or "\t#" in line
            )
        self.source_read: Source | None = None  # kept for a partial check when problems remain
        self.questions_read: list[tuple[int, Question]] = []

    def error(self, node: _Node, message: str) -> None:
        line, col = _pos(node)
        self.problems.append(Problem(self.where, line, col, _safe(message)))

    def control(self, node: _Node, name: str, value: str) -> bool:
        """Report a control character in a value (a `"\\e"` escape can write one): text
        reaches a terminal. Newline and tab are text. True if one was found."""
        at = first_control(value)
        if at is None:
            return False
        self.error(
            node,
            f"{name} contains the control character {describe(value[at])}, which is not "
            "allowed in a bank (it could drive the terminal); remove it or its escape",
        )
        return True

    def comment_trap(self, node: ScalarEvent, name: str, value: str) -> None:
        """Warn when ` #` after a plain value cut it: `prompt: Who was architect #1?` is
        read as "Who was architect"."""
        end = node.end_mark
        if self._lines is None or end.line >= len(self._lines):
            return
        rest = self._lines[end.line][end.column :]
        stripped = rest.lstrip(" \t")
        if not stripped.startswith("#") or len(stripped) == len(rest):
            return
        col = end.column + len(rest) - len(stripped) + 1
        self.warnings.append(
            Problem(
                self.where,
                end.line + 1,
                col,
                _safe(
                    f"{name}: the text after ' #' was dropped ({_clip(stripped, 40)!r}): YAML "
                    f"reads ' #' as the start of a comment, so the value is {_clip(value)!r}; "
                    "put the whole value in quotes to keep it (or move the comment to a line "
                    "of its own)"
                ),
                "warning",
            )
        )

    # -- typed field readers --

    def text(
        self,
        node: _Node | None,
        where: str,
        field: str,
        *,
        required: bool = False,
        trap: bool = True,
    ) -> str | None:
        """`trap`: a free-text field, which a ` #` comment can silently cut (see
        comment_trap); not for names and keywords, whose comments cut nothing."""
        if type(node) is ScalarEvent:
            value = node.value
            if node.style or value not in _NULLS:
                value = value.strip()
                if value:
                    if not value.isprintable() and self.control(node, _join(where, field), value):
                        return None
                    if trap and not node.style and node.end_mark.line in self._hash_lines:
                        self.comment_trap(node, _join(where, field), value)
                    return value
            if required:
                fix = "fill it in or remove the entry" if field[-1] == "]" else "fill it in"
                self.error(node, f"{_join(where, field)} is empty: {fix}")
            return None
        if node is None or type(node) is AliasEvent:
            return None
        self.error(node, f"{_join(where, field)} must be text, not {_describe(node)}")
        return None

    def texts(
        self,
        node: _Node | None,
        where: str,
        field: str,
        *,
        single_ok: bool = False,
        min_len: int = 0,
        unique: bool = True,
    ) -> tuple[str, ...] | None:
        """A list of non-empty texts (or one text, if `single_ok`); nothing given is ()."""
        if type(node) is ScalarEvent and single_ok and (node.style or node.value not in _NULLS):
            value = node.value.strip()  # the usual `cite: a quote`
            if value:
                checked = self.text(node, where, field)
                return None if checked is None else (checked,)
        if node is None or type(node) is AliasEvent:
            return None
        if type(node) is not _Seq:
            if _is_null(node):
                if not min_len:
                    return ()
                self.error(
                    node, f"{_join(where, field)} is empty: it needs at least {_entries(min_len)}"
                )
                return None
            if single_ok and type(node) is ScalarEvent:
                value = self.text(node, where, field, required=True)
                return None if value is None else (value,)
            example = f"[{node.value}]" if type(node) is ScalarEvent else "[a, b]"
            either = "text or a list" if single_ok else "a list"
            self.error(
                node,
                f"{_join(where, field)} must be {either}, e.g. {example}; found {_describe(node)}",
            )
            return None
        values: list[str] = []
        ok = True
        for i, item in enumerate(node.items):
            # Inlined fast path of self.text(): lists are most of a bank's values.
            if type(item) is ScalarEvent and (item.style or item.value not in _NULLS):
                value = item.value.strip()
                if value:
                    if not value.isprintable() and self.control(
                        item, f"{_join(where, field)}[{i}]", value
                    ):
                        ok = False
                        continue
                    if not item.style and item.end_mark.line in self._hash_lines:
                        self.comment_trap(item, f"{_join(where, field)}[{i}]", value)
                    values.append(value)
                    continue
            self.text(item, where, f"{field}[{i}]", required=True)  # reports
            ok = False
        if not ok:
            return None
        if unique and len(values) > 1:
            folded = [text_key(v) for v in values]
            if len(set(folded)) < len(folded):
                for i, value in enumerate(values):
                    first = folded.index(folded[i])
                    if first != i:
                        self.error(
                            node.items[i],
                            f"{_join(where, field)}[{i}] {value!r} "
                            f"repeats {field}[{first}] {values[first]!r}: each entry "
                            "must differ",
                        )
                        ok = False
        if ok and len(values) < min_len:
            self.error(
                node, f"{_join(where, field)} needs at least {_entries(min_len)}, has {len(values)}"
            )
            return None
        return tuple(values) if ok else None

    def number(
        self,
        node: _Node,
        where: str,
        field: str,
        *,
        minimum: float | None = None,
        positive: bool = False,
        maximum: float = MAX_NUMBER,
    ) -> float | None:
        if type(node) is AliasEvent:
            return None
        value = _number_text(node.value) if type(node) is ScalarEvent else None
        name = _join(where, field)
        if value is None:
            self.error(
                node, f"{name} must be a number such as 478, 2,600 or 14.5; found {_describe(node)}"
            )
        elif positive and value <= 0:
            self.error(node, f"{name} must be a number above 0; found {node.value!r}")
        elif minimum is not None and value < minimum:
            self.error(node, f"{name} must not be negative; found {node.value!r}")
        elif abs(value) > maximum:
            self.error(
                node,
                f"{name} must be at most {_limit(maximum)}"
                f"{'' if positive or minimum is not None else ' either way from 0'}; "
                f"found {node.value.strip()!r}",
            )
        else:
            return value
        return None

    def date(self, node: _Node, where: str, field: str) -> DateValue | None:
        if type(node) is AliasEvent:
            return None
        text = node.value.strip() if type(node) is ScalarEvent else ""
        match = _DATE.fullmatch(text)
        name = _join(where, field)
        if match is None:
            self.error(
                node,
                f"{name} must be a date written 2004, 2017-01 or 2017-01-15; "
                f"found {_describe(node)}",
            )
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        if not MIN_YEAR <= year <= MAX_YEAR:  # type: ignore[operator]
            self.error(
                node,
                f"{name} {text!r} is not a usable date: the year must be between "
                f"{MIN_YEAR} and {MAX_YEAR} (a learner types a four-digit year)",
            )
            return None
        try:
            return DateValue(year, month, day)  # type: ignore[arg-type]
        except ValueError as exc:
            self.error(node, f"{name} {text!r} is not a real date: {exc}")
            return None

    def slug(self, node: _Node | None, where: str, field: str, what: str) -> str | None:
        value = self.text(node, where, field, required=True, trap=False)
        if value is None or node is None or _SLUG.fullmatch(value):
            return value
        self.error(
            node,
            f"{_join(where, field)} {value!r} is not a valid {what}: use "
            f"lowercase letters, digits and single hyphens, e.g. '{_slugify(value)}'",
        )
        return None

    def mapping(self, node: _Node | None, name: str, example: str) -> _Map | None:
        if type(node) is _Map:
            return node
        if node is not None and type(node) is not AliasEvent:
            self.error(
                node, f"{name} must be a mapping of fields ({example}); found {_describe(node)}"
            )
        return None

    def unknown_fields(self, node: _Map, where: str, allowed: tuple[str, ...]) -> None:
        for key, key_node in node.keys.items():
            if key not in allowed:
                self.error(
                    key_node,
                    f"{where}unknown field '{key}'{_suggest(key, allowed)}; "
                    f"known fields: {', '.join(allowed)}",
                )

    def missing(self, node: _Node, name: str, how: str) -> None:
        self.error(node, f"{name} is missing: {how}")

    # -- the structure --

    def bank(self, root: _Node | None) -> Bank | None:
        if root is None:
            self.problems.append(
                Problem(
                    self.where,
                    0,
                    0,
                    "the bank is empty: it needs "
                    "bank:, title:, source: and questions: (see "
                    "docs/bank-format.md)",
                )
            )
            return None
        if type(root) is not _Map or not any(
            key in TOP_FIELDS or _suggest(key, TOP_FIELDS) for key in root.keys
        ):
            # Some other file (`quiz play /etc/passwd`, a config file): say so, quote nothing.
            self.problems.append(
                Problem(
                    self.where,
                    0,
                    0,
                    "is not a bank: a bank is a YAML mapping with bank:, title:, source: "
                    "and questions: (see docs/bank-format.md)",
                )
            )
            return None
        top = root
        self.unknown_fields(top, "", TOP_FIELDS)
        f = top.fields
        slug = self.slug(f.get("bank"), "", "bank", "bank slug")
        if "bank" not in f:
            self.missing(
                top, "bank", "add `bank: my-article`, a stable slug (progress is kept under it)"
            )
        title = self.text(f.get("title"), "", "title", required=True)
        if "title" not in f:
            self.missing(top, "title", "add `title:` with the bank's name as shown to learners")
        description = self.text(f.get("description"), "", "description")
        source = self.source_read = self.source(f.get("source"))
        skip = self.skips(f.get("skip"))
        if "source" not in f:
            self.missing(top, "source", "add `source:` with `path:` to the article's .txt file")
        questions = self.questions(f.get("questions"))
        if "questions" not in f:
            self.missing(top, "questions", "add `questions:` with a list of questions")
        if self.problems or slug is None or title is None or source is None or questions is None:
            return None
        return Bank(
            slug=slug,
            title=title,
            path=_resolved(self.path),
            source=source,
            questions=questions,
            description=description,
            skip=skip,
        )

    def skips(self, node: _Node | None) -> tuple[Skip, ...]:
        """`skip:` sentences of the article deliberately not asked: cite and reason each."""
        if node is None or _is_null(node):
            return ()
        if type(node) is not _Seq:
            self.error(
                node,
                "skip must be a list of `- cite: ...` / `reason: ...` entries; "
                f"found {_describe(node)}",
            )
            return ()
        out: list[Skip] = []
        for i, item in enumerate(node.items):
            m = self.mapping(item, f"skip[{i}]", "cite:, reason:")
            if m is None:
                continue
            self.unknown_fields(m, f"skip[{i}]: ", SKIP_FIELDS)
            cite = self.text(m.fields.get("cite"), f"skip[{i}]", "cite", required=True)
            reason = self.text(m.fields.get("reason"), f"skip[{i}]", "reason", required=True)
            for name in SKIP_FIELDS:
                if name not in m.fields:
                    self.missing(
                        m,
                        f"skip[{i}].{name}",
                        f"add `{name}:` (a skip needs the sentence's words and why it is "
                        "not asked)",
                    )
            if cite and reason:
                line, col = _pos(m)
                out.append(Skip(cite, reason, line, col))
        return tuple(out)

    def source(self, node: _Node | None) -> Source | None:
        src = self.mapping(node, "source", "path:, title:, publisher:, url:, date:")
        if src is None:
            return None
        self.unknown_fields(src, "source: ", SOURCE_FIELDS)
        f = src.fields
        if "text" in f:
            return self.embedded_source(src)
        path_node = f.get("path")
        raw = self.text(path_node, "source", "path", required=True, trap=False)
        if path_node is None:
            self.missing(
                src,
                "source.path",
                "add `path:` with the article's file, relative to this bank file",
            )
        optional = {k: self.text(f.get(k), "source", k) for k in SOURCE_FIELDS[1:]}
        if raw is None or path_node is None:
            return None
        resolved = self.source_path(path_node, raw)
        return None if resolved is None else Source(path=resolved, **optional)

    def source_path(self, node: _Node, raw: str) -> Path | None:
        """The article's resolved path, if the bank may read it (docs/security.md): a
        relative path, through no hidden file or folder, that resolves (symlinks followed)
        inside the bank's folder, or the folder above it for a bank in `questions/`."""
        shown = f"source.path {_clip(raw)!r}"
        fix = "put the article next to the bank and give its file name (`path: article.txt`)"
        raw_path = Path(raw)
        if raw_path.is_absolute() or raw_path.drive or raw.startswith("~"):
            self.error(
                node, f"{shown} is an absolute path: a bank may only read its own article; {fix}"
            )
            return None
        hidden = next(
            (p for p in raw_path.parts if p.startswith(".") and p not in (".", "..")), None
        )
        if hidden is not None:
            self.error(
                node,
                f"{shown} goes through the hidden name {hidden!r}: a bank may not read hidden "
                f"files or folders; {fix}",
            )
            return None
        folder = self.path.parent
        try:
            base = folder.resolve()
            resolved = (folder / raw_path).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long
            self.error(node, f"{shown} cannot be resolved (a symlink loop?); {fix}")
            return None
        roots = [base, base.parent] if base.name == "questions" else [base]
        inside = next((r for r in roots if resolved.is_relative_to(r)), None)
        if inside is None:
            where = "folder" if len(roots) == 1 else "folder or the folder above it"
            self.error(
                node,
                f"{shown} leads outside the bank's {where} (to {_clip(str(resolved), 160)}): "
                "a bank may only "
                f"read an article stored with it; {fix}",
            )
            return None
        hidden = next((p for p in resolved.relative_to(inside).parts if p.startswith(".")), None)
        if hidden is not None:
            self.error(
                node,
                f"{shown} leads through the hidden name {hidden!r} (to {resolved}): a bank "
                f"may not read hidden files or folders; {fix}",
            )
            return None
        if self.check_source:
            problem = file_problem(resolved, "source article")
            if problem is not None:
                self.error(
                    node,
                    f"{shown} {problem}: looked for {_clip(str(resolved), 160)} "
                    "(the path is relative to the folder of this bank file)",
                )
                return None
        return resolved

    def embedded_source(self, src: _Map) -> Source | None:
        """A bundle's `source.text`: the article itself, under an article file's rules."""
        f = src.fields
        node = f["text"]
        optional = {
            k: self.text(f.get(k), "source", k) for k in ("title", "publisher", "url", "date")
        }
        if "path" in f:
            self.error(
                src.keys["path"],
                "source: give either path: (the article's file) or text: (the article "
                "itself), not both",
            )
            return None
        if type(node) is not ScalarEvent or _is_null(node) or not node.value.strip():
            if type(node) is not AliasEvent:
                self.error(
                    node,
                    "source.text must be the article's text, written as a `|` block; "
                    f"found {_describe(node)}",
                )
            return None
        text = node.value
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > sources.MAX_SOURCE_BYTES:
            self.error(
                node,
                f"source.text is {size / 2**20:.1f} MiB, over the "
                f"{sources.MAX_SOURCE_BYTES / 2**20:g} MiB limit for an article",
            )
            return None
        bad = first_control(text)
        if bad is not None:
            line = text.count("\n", 0, bad) + 1
            self.error(
                node,
                f"source.text contains the control character {describe(text[bad])} "
                f"(line {line} of the article): remove it",
            )
            return None
        return Source(path=self.path.resolve(), text=text, **optional)

    def questions(self, node: _Node | None) -> tuple[Question, ...] | None:
        if node is None or type(node) is AliasEvent:
            return None
        if _is_null(node) or (type(node) is _Seq and not node.items):
            self.error(node, "questions is empty: add at least one question")
            return None
        if type(node) is not _Seq:
            self.error(
                node,
                "questions must be a list, each question starting with '- '; "
                f"found {_describe(node)}",
            )
            return None
        seen: dict[str, tuple[int, _Node]] = {}
        out: list[Question] = []
        for index, item in enumerate(node.items):
            question = self.question(item, index, seen)
            if question is not None:
                out.append(question)
                self.questions_read.append((index, question))
        return tuple(out) if len(out) == len(node.items) else None

    def question(
        self, node: _Node, index: int, seen: dict[str, tuple[int, _Node]]
    ) -> Question | None:
        before = len(self.problems)
        q = self.mapping(node, f"questions[{index}]", "id:, kind:, prompt:, answer:, cite:")
        if q is None:
            return None
        f = q.fields

        # The id first: every later message names it.
        id_node = f.get("id")
        shown = id_node.value.strip() if type(id_node) is ScalarEvent else ""
        where = f"questions[{index}] (id: {shown})" if shown else f"questions[{index}]"
        qid = self.slug(id_node, where, "id", "question id")
        if id_node is None:
            self.missing(
                q,
                f"{where}.id",
                "add `id:` with a slug unique in this bank, e.g. `id: ici-launch-year`",
            )
        elif qid is not None:
            if qid in seen:
                first_index, first = seen[qid]
                self.error(
                    id_node,
                    f"{where}.id: duplicate id {qid!r} (also questions"
                    f"[{first_index}] at line {_pos(first)[0]}): ids must be unique "
                    "in a bank",
                )
            else:
                seen[qid] = (index, id_node)

        kind_node = f.get("kind")
        if type(kind_node) is ScalarEvent and kind_node.value in KIND_FIELDS:
            kind: str | None = kind_node.value  # the usual case, without the general path
        else:
            kind = self.text(kind_node, where, "kind", required=True, trap=False)
        if kind_node is None:
            self.missing(q, f"{where}.kind", f"add `kind:` with one of {', '.join(KINDS)}")
        elif kind is not None and kind not in KIND_FIELDS:
            self.error(
                kind_node,
                f"{where}.kind {kind!r} is not a kind{_suggest(kind, KINDS)}; "
                f"use one of {', '.join(KINDS)}",
            )
            kind = None

        if kind is None:
            self.unknown_fields(q, f"{where}: ", ALL_QUESTION_FIELDS)
        else:
            self.misplaced_fields(q, where, kind)

        prompt = self.text(f.get("prompt"), where, "prompt", required=True)
        if "prompt" not in f:
            how = (
                "add `prompt:` with the statement to judge"
                if kind == "claim"
                else "add `prompt:` with the question to ask"
            )
            self.missing(q, f"{where}.prompt", how)
        explain = self.text(f["explain"], where, "explain") if "explain" in f else None
        hint = self.text(f["hint"], where, "hint") if "hint" in f else None
        tags = self.texts(f["tags"], where, "tags", unique=False) if "tags" in f else None
        points = 1.0
        if "points" in f:
            points = (
                self.number(f["points"], where, "points", positive=True, maximum=MAX_POINTS) or 1.0
            )

        answer, extra = self.answer(q, kind, where) if kind else (None, {})

        cite: tuple[str, ...] | None = ()
        if "cite" in f:
            cite = self.texts(f["cite"], where, "cite", single_ok=True, min_len=1)
        elif kind and not (kind == "claim" and answer in (None, "not-in-source")):
            self.missing(
                q,
                f"{where}.cite",
                "add `cite:` with the words of the source that "
                "prove the answer, copied verbatim (only a not-in-source claim "
                "goes without)",
            )

        if len(self.problems) > before or qid is None or kind is None or prompt is None:
            return None
        line, col = _pos(q)
        return Question(
            id=qid,
            kind=kind,
            prompt=prompt,
            answer=answer,  # type: ignore[arg-type]
            cite=cite or (),
            explain=explain,
            hint=hint,
            tags=tuple(dict.fromkeys(tags)) if tags else (),
            points=points,
            line=line,
            col=col,
            **extra,  # type: ignore[arg-type]
        )

    def misplaced_fields(self, q: _Map, where: str, kind: str) -> None:
        if q.keys.keys() <= _ALLOWED_SETS[kind]:  # the usual case, checked at C speed
            return
        allowed = _ALLOWED[kind]
        for key, key_node in q.keys.items():
            if key in allowed:
                continue
            if key == "answer":  # only order questions refuse it
                self.error(
                    key_node,
                    f"{where}.answer: order questions take no answer; "
                    "list `items:` in the right order instead",
                )
            elif key in ALL_QUESTION_FIELDS:
                users = [k for k, fields in KIND_FIELDS.items() if key in fields]
                self.error(
                    key_node,
                    f"{where}.{key} is not used by {kind} questions "
                    f"(only by {' and '.join(users)}): remove it",
                )
            else:
                self.error(
                    key_node,
                    f"{where}: unknown field '{key}'"
                    f"{_suggest(key, allowed)}; fields of a {kind} question: "
                    f"{', '.join(allowed)}",
                )

    def answer(self, q: _Map, kind: str, where: str) -> tuple[Answer | None, dict[str, object]]:
        """The answer and the kind's own fields, each read from its text by the kind."""
        f = q.fields
        node = f.get("answer")
        extra: dict[str, object] = {}
        answer: Answer | None = None
        if kind == "order":
            node = None  # reported by misplaced_fields
        elif node is None:
            self.missing(q, f"{where}.answer", _ANSWER_HOWTO[kind])
        elif _is_null(node):
            self.error(
                node, f"{where}.answer is empty: {_ANSWER_HOWTO[kind].replace('add', 'give')}"
            )
            node = None

        if kind == "choice" or kind == "multi":
            choices = self.choices(q, where)
            extra["choices"] = choices or ()
            if node is not None and kind == "choice":
                answer = self.text(node, where, "answer", required=True)
                if answer is not None and choices and answer not in choices:
                    self.error(
                        node,
                        f"{where}.answer {answer!r} is not one of the choices "
                        f"({', '.join(choices)}){_suggest(answer, choices)}; "
                        "copy the right choice exactly",
                    )
            elif node is not None:
                answer = self.members(node, where, choices)
        elif kind == "number":
            if node is not None:
                answer = self.number(node, where, "answer")
            if "tolerance" in f:
                tolerance = self.number(f["tolerance"], where, "tolerance", minimum=0)
                extra["tolerance"] = tolerance or 0.0
            extra["unit"] = self.text(f.get("unit"), where, "unit")
        elif kind == "date":
            if node is not None:
                answer = self.date(node, where, "answer")
        elif kind == "text":
            if node is not None:
                answer = self.text(node, where, "answer", required=True)
            extra["accept"] = self.texts(f.get("accept"), where, "accept", single_ok=True) or ()
        elif kind == "claim":
            if node is not None:
                answer = self.verdict(node, where)
        else:  # order: the items, in the right order, are the answer
            items = self.texts(f.get("items"), where, "items", min_len=2)
            if "items" not in f:
                self.missing(
                    q,
                    f"{where}.items",
                    "add `items:` with at least 2 entries, listed in the right order",
                )
            extra["items"] = items or ()
            answer = items
        return answer, extra

    def choices(self, q: _Map, where: str) -> tuple[str, ...] | None:
        node = q.fields.get("choices")
        if node is None:
            self.missing(
                q, f"{where}.choices", f"add `choices:` with {MIN_CHOICES} to {MAX_CHOICES} options"
            )
            return None
        choices = self.texts(node, where, "choices", min_len=MIN_CHOICES)
        if choices is not None and len(choices) > MAX_CHOICES:
            self.error(
                node,
                f"{where}.choices has {len(choices)} entries; at most {MAX_CHOICES} are allowed",
            )
        return choices

    def members(
        self, node: _Node, where: str, choices: tuple[str, ...] | None
    ) -> tuple[str, ...] | None:
        """A multi answer: the right choices, as a list (or one choice written alone)."""
        members = self.texts(node, where, "answer", single_ok=True, min_len=1)
        if members is None or not choices:
            return members
        item_nodes = node.items if type(node) is _Seq else [node]
        for i, (member, item) in enumerate(zip(members, item_nodes, strict=True)):
            if member not in choices:
                label = f"{where}.answer[{i}]" if type(node) is _Seq else f"{where}.answer"
                self.error(
                    item,
                    f"{label} {member!r} is not one of the choices "
                    f"({', '.join(choices)}){_suggest(member, choices)}; "
                    "copy the right choices exactly",
                )
        return members

    def verdict(self, node: _Node, where: str) -> str | None:
        value = self.text(node, where, "answer", required=True, trap=False)
        if value is None or value in VERDICTS:
            return value
        guess = _VERDICT_HINTS.get(value.casefold())
        hint = f" (did you mean '{guess}'?)" if guess else _suggest(value, VERDICTS)
        self.error(
            node,
            f"{where}.answer {value!r} is not a verdict{hint}; use one of {', '.join(VERDICTS)}",
        )
        return None


_ALLOWED: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f in (*COMMON_FIELDS, *fields) if not (kind == "order" and f == "answer"))
    for kind, fields in KIND_FIELDS.items()
}
_ALLOWED_SETS = {kind: frozenset(fields) for kind, fields in _ALLOWED.items()}

_ANSWER_HOWTO = {
    "choice": "add `answer:` with the right choice, copied exactly",
    "multi": "add `answer:` with the list of right choices, e.g. [Bahrain, Qatar]",
    "number": "add `answer:` with a number, e.g. 478",
    "date": "add `answer:` with a date: 2004, 2017-01 or 2017-01-15",
    "text": "add `answer:` with the expected text (alternatives go in `accept:`)",
    "claim": f"add `answer:` with one of {', '.join(VERDICTS)}",
}
