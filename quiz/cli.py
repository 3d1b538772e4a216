"""The command line. The only module that exits; each command's modules are imported when
that command runs (`quiz.lazy`), so that `quiz --help`, `quiz check` and `quiz stats` never pay
for Textual, nor `quiz check` for the store.

`main` is also where the standard streams are made safe, for every command at once: a closed
or broken pipe ends the command quietly (exit 141), a stdout that cannot be written (a full
disk, a closed descriptor) is one line on stderr (exit 1), stdin is read with undecodable bytes
replaced, and a closed stdin is the end of input (see docs/security.md)."""

from __future__ import annotations

import argparse
import io
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from quiz import __version__, gcpolicy, lazy
from quiz.errors import Problem, QuizError
from quiz.locations import Paths, resolve_bank
from quiz.meanings import MODES
from quiz.textsafe import printable

if TYPE_CHECKING:
    from quiz import draft as drafting
    from quiz import export as exporting
    from quiz import learners, lesson, plain, runs, serve, session, stats
    from quiz.bank import warm
    from quiz.checker import check as checker
    from quiz.report import command as reporting
    from quiz.session import SessionConfig
    from quiz.tui import app as tui
    from quiz.tui import dashboard
else:
    checker = lazy.module("quiz.checker.check")
    dashboard = lazy.module("quiz.tui.dashboard")
    drafting = lazy.module("quiz.draft")
    exporting = lazy.module("quiz.export")
    learners = lazy.module("quiz.learners")
    lesson = lazy.module("quiz.lesson")
    plain = lazy.module("quiz.plain")
    reporting = lazy.module("quiz.report.command")
    runs = lazy.module("quiz.runs")
    serve = lazy.module("quiz.serve")
    session = lazy.module("quiz.session")
    stats = lazy.module("quiz.stats")
    tui = lazy.module("quiz.tui.app")  # Textual: imported by the app's commands only
    warm = lazy.module("quiz.bank.warm")

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool killed by a closed pipe
EXPORT_FORMATS = ("gift", "moodle-xml", "anki", "csv", "bundle")  # == quiz.export.FORMATS

# The ranges of the numeric options (docs/security.md). A seed is kept in the store
# as an SQLite INTEGER: signed 64-bit.
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
LIMIT_MAX = 100_000
MINUTES_MAX = 1440.0  # a day


def _whole(text: str, low: int, high: int, what: str) -> int:
    digits = text.strip().lstrip("+-").replace("_", "")
    # Checked before int(): it refuses (with a ValueError) strings of over 4300 digits.
    if digits.isdigit() and len(digits) > len(str(high)) + 1:
        raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}")
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{what} must be from {low} to {high}, not {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole(text, 1, LIMIT_MAX, "the number of questions")


def _seed(text: str) -> int:
    return _whole(text, SEED_MIN, SEED_MAX, "the seed")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return value


def _learner(text: str) -> str:
    try:
        return learners.check_learner(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not (math.isfinite(value) and 0 < value <= MINUTES_MAX):
        raise argparse.ArgumentTypeError(
            f"{text!r} must be more than 0 and at most {MINUTES_MAX:g} minutes"
        )
    return value


# --- the standard streams ------------------------------------------------------------------


class _PipeClosed(Exception):
    """The reader of stdout or stderr went away: stop quietly."""


class _CannotWrite(Exception):
    """stdout cannot be written (disk full, closed); str() names the cause."""


class _Output(io.TextIOBase):
    """A text stream whose write errors become _PipeClosed or _CannotWrite, so that `main` can
    tell them from every other OSError."""

    def __init__(self, stream: TextIO | None, name: str) -> None:
        self._stream = stream
        self._name = name

    def _fail(self, exc: OSError) -> Exception:
        if isinstance(exc, BrokenPipeError):
            return _PipeClosed()
        return _CannotWrite(f"cannot write to {self._name} ({exc.strerror or exc})")

    def write(self, text: str) -> int:
        if self._stream is None:
            raise _CannotWrite(f"cannot write to {self._name} (it is closed)")
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise self._fail(exc) from exc

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._fail(exc) from exc

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        if self._stream is None:
            raise io.UnsupportedOperation("closed")
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Input(io.TextIOBase):
    """stdin that ends (reads "") instead of raising when the terminal or pipe fails."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if self._stream is None:
            return ""
        try:
            return self._stream.readline(-1 if size is None else size)
        except (OSError, ValueError):  # EIO from a hung-up terminal, a closed file
            return ""

    def readable(self) -> bool:
        return True


def _closed_fds() -> set[int]:
    """Standard descriptors that were closed when quiz started (`<&-`, `>&-`), now open on
    the null device, so that no file quiz opens later (the progress store) can take their
    number and receive what is meant for the terminal."""
    closed: set[int] = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    return closed


def _silence(fd: int) -> None:
    """Point `fd` at the null device, so that Python's last flush at exit, of what could not
    be written, does not print a traceback of its own."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quiz",
        description="A terminal fact-check quiz whose every answer is proven by its article.",
        epilog="Without a command, quiz opens the home screen with the banks it finds.",
    )
    parser.add_argument("--version", action="version", version=f"factquiz {__version__}")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where progress is kept (default: $QUIZ_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--data-dir",
        dest="top_data_dir",
        type=Path,
        metavar="DIR",
        help="where progress is kept (default: $QUIZ_DATA_DIR or the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser(
        "play", parents=[data], help="take a quiz", description="Take a quiz on a bank."
    )
    play.add_argument(
        "bank", nargs="?", metavar="BANK", help="a bank file, or the `bank:` slug of a known bank"
    )
    play.add_argument("--mode", choices=MODES, default="practice", help="default: practice")
    play.add_argument("--shuffle", action="store_true", help="shuffle the question order")
    play.add_argument(
        "--seed", type=_seed, default=None, help="seed for shuffling (default: random)"
    )
    play.add_argument("--limit", type=_positive_int, metavar="N", help="ask at most N questions")
    play.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only questions tagged T"
    )
    play.add_argument(
        "--name",
        type=_learner,
        metavar="NAME",
        help="the learner: progress and review are kept per learner (default: your OS user)",
    )
    play.add_argument(
        "--class",
        dest="class_name",
        type=_learner,
        metavar="NAME",
        help="file the run under a class",
    )
    play.add_argument(
        "--time-limit", type=_minutes, metavar="MIN", help="exam mode: minutes allowed"
    )
    play.add_argument(
        "--hints",
        action="store_true",
        default=None,
        help="exam mode: allow hints (closed book by default; practice always has them)",
    )
    play.add_argument(
        "--open-book",
        action="store_true",
        default=None,
        help="exam mode: allow the article before answering (it halves that answer's credit)",
    )
    play.add_argument(
        "--plain", action="store_true", help="line mode: prompts on stdout, answers on stdin"
    )
    play.add_argument(
        "--json", action="store_true", help="with --plain: one JSON document on stdout at the end"
    )
    # How `quiz serve` starts the app in each browser tab: the assignment file it wrote.
    play.add_argument("--assignment", type=Path, help=argparse.SUPPRESS)

    serve = sub.add_parser(
        "serve",
        parents=[data],
        help="serve one assignment to a class in the browser",
        description="Serve an assignment to a class: each browser tab joins with a name (and"
        " the class code) and takes the same run; the terminal shows who has joined and how"
        " they are doing. Ctrl+C or q stops the lesson.",
    )
    serve.add_argument(
        "bank", metavar="BANK", help="a bank file, or the `bank:` slug of a known bank"
    )
    serve.add_argument("--mode", choices=("practice", "exam"), default="practice")
    serve.add_argument("--seed", type=_seed, default=None, help="default: random, shown")
    serve.add_argument("--shuffle", action="store_true", help="shuffle the question order")
    serve.add_argument("--limit", type=_positive_int, metavar="N", help="ask at most N questions")
    serve.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only questions tagged T"
    )
    serve.add_argument(
        "--time-limit", type=_minutes, metavar="MIN", help="exam mode: minutes allowed"
    )
    serve.add_argument("--hints", action="store_true", help="let students take hints (half credit)")
    serve.add_argument("--open-book", action="store_true", help="let students read the article")
    serve.add_argument(
        "--class", dest="class_name", metavar="NAME", help="the class (default: the bank's slug)"
    )
    serve.add_argument("--code", metavar="CODE", help="a code students must type to join")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer"
        " only; any other needs a code, and one is made up if none is given)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="default: 8000")
    serve.add_argument(
        "--max-students",
        type=_positive_int,
        default=60,
        metavar="N",
        help="tabs open at once (default 60)",
    )
    serve.add_argument(
        "--idle-minutes",
        type=_minutes,
        default=15,
        metavar="MIN",
        help="close a tab after this long without input; joining again carries on (default 15)",
    )
    serve.add_argument(
        "--plain", action="store_true", help="one line per event instead of the dashboard"
    )

    check = sub.add_parser(
        "check",
        help="prove a bank's citations and answers against its article",
        description="Check banks: format, citations, grounding. Exit 0 valid, 1 invalid, 2 usage.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="bank files or folders")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--json", action="store_true", help="print one JSON document")
    check.add_argument(
        "--coverage",
        action="store_true",
        help="list the article's sentences with facts that no question cites",
    )

    draft = sub.add_parser(
        "draft",
        help="write a starter bank from an article's claims",
        description=(
            "Draft a bank from ARTICLE: questions on its counts, dates, lists, people and "
            "places, each citing the article and tagged `draft`. The draft passes "
            "`quiz check --strict`; read and reword it before use."
        ),
    )
    draft.add_argument("article", type=Path, metavar="ARTICLE", help="the article's text file")
    draft.add_argument(
        "-o", "--output", type=Path, metavar="BANK.yaml", help="write here (default: stdout)"
    )
    draft.add_argument(
        "--bank", metavar="SLUG", help="the bank's slug (default: from the file name)"
    )
    draft.add_argument("--title", metavar="T", help="the bank's title (default: the first line)")
    draft.add_argument(
        "--show",
        action="store_true",
        help="print the article's paragraphs and sentences, numbered, with the facts found",
    )

    export = sub.add_parser(
        "export",
        help="write a checked bank for Moodle, Anki, a spreadsheet, or as one file",
        description="Export a bank that passes `quiz check` (see docs/export.md).",
    )
    export.add_argument(
        "bank", metavar="BANK", help="a bank file, or the `bank:` slug of a known bank"
    )
    export.add_argument("--format", dest="fmt", required=True, choices=EXPORT_FORMATS)
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="default: stdout (anki: ./SLUG.apkg)"
    )
    export.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only questions tagged T"
    )

    stats = sub.add_parser(
        "stats", parents=[data], help="show progress", description="Progress per bank."
    )
    stats.add_argument("--bank", metavar="ID", help="only this bank (its slug)")
    stats.add_argument("--json", action="store_true", help="print one JSON document")
    stats.add_argument(
        "--learner", type=_learner, metavar="NAME", help="whose progress (default: your OS user)"
    )
    stats.add_argument(
        "--runs",
        type=_positive_int,
        metavar="N",
        help="list only the latest N runs in the table (default: every run; --json lists all)",
    )
    stats.add_argument(
        "--questions",
        action="store_true",
        help="per question: attempts, latest credit and your last wrong answers",
    )

    report = sub.add_parser(
        "report",
        parents=[data],
        help="a teacher's analysis of a class's results",
        description="Per-student results, per-question statistics (facility, discrimination,"
        " answers given) and whole-test figures, from progress stores and result files.",
    )
    report.add_argument(
        "results",
        nargs="*",
        type=Path,
        metavar="RESULTS.json",
        help="result files written by `quiz play --plain --json`",
    )
    report.add_argument("--class", dest="class_name", metavar="NAME", help="only this class")
    report.add_argument("--bank", metavar="ID", help="only this bank (its slug)")
    report.add_argument(
        "--store",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a progress store to read (repeatable); default: the data dir's, unless"
        " result files are given",
    )
    report.add_argument(
        "--all-attempts",
        action="store_true",
        help="count every finished attempt, not only each student's first",
    )
    out = report.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON document")
    out.add_argument(
        "--csv", type=Path, metavar="DIR", help="write students/questions/responses.csv"
    )
    out.add_argument("--html", type=Path, metavar="FILE", help="write one self-contained page")
    parser.set_defaults(
        subparsers={"play": play, "check": check, "stats": stats, "report": report, "serve": serve}
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; return its exit status. Streams not given are the process's own."""
    real = stdin is None and stdout is None and stderr is None
    closed = _closed_fds() if real else set()
    if stdin is None and 0 not in closed and sys.stdin is not None:
        stdin = sys.stdin
        if isinstance(stdin, io.TextIOWrapper):
            stdin.reconfigure(errors="replace")  # bytes that are not UTF-8: U+FFFD, not a crash
    out = _Output(None if 1 in closed else (stdout or sys.stdout), "standard output")
    err = _Output(None if 2 in closed else (stderr or sys.stderr), "standard error")
    try:
        try:
            code = _main(argv, _Input(stdin), out, err, closed)
        finally:
            out.flush()
    except _PipeClosed:
        if real:
            _silence(1)
            _silence(2)
        return EXIT_PIPE
    except _CannotWrite as exc:
        if real:
            _silence(1)
        try:
            err.write(f"quiz: error: {exc}\n")
            err.flush()
        except (_PipeClosed, _CannotWrite):
            pass
        return EXIT_INVALID
    return code


def _main(
    argv: Sequence[str] | None, stdin: TextIO, stdout: TextIO, stderr: TextIO, closed: set[int]
) -> int:
    parser = build_parser()
    try:
        # argparse prints to sys.stdout / sys.stderr: send it through the guarded streams.
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = stdout, stderr
        try:
            args = parser.parse_args(argv)
        finally:
            sys.stdout, sys.stderr = saved
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    cwd = Path.cwd()
    # `quiz --data-dir D play` and `quiz play --data-dir D` both work; the later one wins.
    args.data_dir = getattr(args, "data_dir", None) or args.top_data_dir
    try:
        if args.command == "check":
            return checker.run_check(
                args.paths,
                strict=args.strict,
                json_output=args.json,
                coverage=args.coverage,
                out=stdout,
            )
        if args.command == "draft":
            if args.bank is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", args.bank):
                print(
                    f"quiz draft: error: --bank {args.bank!r}: a slug is lowercase letters, "
                    "digits and hyphens (kuwait-nato)",
                    file=stderr,
                )
                return EXIT_USAGE
            return drafting.run_draft(
                args.article,
                output=args.output,
                bank_slug=args.bank,
                title=args.title,
                show=args.show,
                out=stdout,
            )
        if args.command == "stats":
            return stats.run_stats(
                bank=args.bank,
                json_output=args.json,
                paths=_paths(args, cwd),
                out=stdout,
                learner=args.learner,
                runs=args.runs,
                questions=args.questions,
            )
        if args.command == "report":
            return reporting.run_report(
                results=args.results,
                stores=args.store,
                paths=_paths(args, cwd),
                data_named=args.data_dir is not None,
                class_name=args.class_name,
                bank=args.bank,
                all_attempts=args.all_attempts,
                json_output=args.json,
                csv_dir=args.csv,
                html_file=args.html,
                out=stdout,
                err=stderr,
            )
        if args.command == "export":
            return _export(args, cwd, stdout, stderr)
        if args.command == "serve":
            if args.time_limit and args.mode != "exam":
                args.subparsers["serve"].error("--time-limit needs --mode exam")
            return _serve(args, _paths(args, cwd), stdout)
        if args.command == "play":
            if args.assignment is not None:
                return _lesson(args.assignment)
            play = args.subparsers["play"]  # its own usage line, not the top-level one
            try:
                if args.json and not args.plain:
                    play.error("--json needs --plain")
                if args.time_limit and args.mode != "exam":
                    play.error("--time-limit needs --mode exam")
            except SystemExit as exc:
                return int(exc.code or 0)
            if not args.plain and (0 in closed or 1 in closed):
                return _needs_terminal(stderr)
            return _play(args, _paths(args, cwd), stdin, stdout, stderr)
        if 0 in closed or 1 in closed:
            return _needs_terminal(stderr)
        return _tui(None, _config(args=None), _paths(args, cwd), None, stderr)
    except QuizError as exc:
        for problem in exc.problems:
            # A problem may quote a bank's or an article's text: never raw controls.
            print(printable(str(problem), newlines=False), file=stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _needs_terminal(stderr: TextIO) -> int:
    print(
        "quiz: error: the app needs a terminal on standard input and output;"
        " use `quiz play BANK --plain` for line mode",
        file=stderr,
    )
    return EXIT_USAGE


def _config(args: argparse.Namespace | None) -> SessionConfig:
    if args is None:
        return session.SessionConfig(seed=_random_seed())
    return session.SessionConfig(
        mode=args.mode,
        seed=args.seed if args.seed is not None else _random_seed(),
        shuffle=args.shuffle,
        limit=args.limit,
        tags=tuple(args.tag),
        time_limit=args.time_limit * 60 if args.time_limit else None,
        hints=args.hints,
        open_book=args.open_book,
    )


def _random_seed() -> int:
    return int.from_bytes(os.urandom(3), "big")


def _paths(args: argparse.Namespace, cwd: Path) -> Paths:
    return Paths.find(cwd, args.data_dir)


def _play(
    args: argparse.Namespace, paths: Paths, stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    config = _config(args)
    skipped: list[Problem] = []  # files in ./questions that are not banks (a FIFO, a loop)
    bank_path = resolve_bank(args.bank, paths.cwd, skipped) if args.bank else None
    for problem in skipped:
        print(problem, file=stderr)
    if args.plain:
        if bank_path is None:
            banks = runs.discover_banks(paths, None)
            names = ", ".join(b.slug for b in banks) or "none found"
            print(f"quiz play: error: --plain needs a BANK (known banks: {names})", file=stderr)
            return EXIT_USAGE
        front = plain.PlainFrontEnd(stdin=stdin, out=stdout, err=stderr, json_output=args.json)
        return front.play(bank_path, config, paths, name=args.name, class_name=args.class_name)
    return _tui(bank_path, config, paths, args.name, stderr, args.class_name)


def _export(args: argparse.Namespace, cwd: Path, stdout: TextIO, stderr: TextIO) -> int:
    data, export = exporting.export_bank(resolve_bank(args.bank, cwd), args.fmt, args.tag)
    for problem in export.warnings:
        print(problem, file=stderr)
    target: Path | None = args.output
    if target is None and args.fmt in exporting.BINARY:
        target = cwd / f"{export.bank.slug}.apkg"
    if target is None or str(target) == "-":
        if isinstance(data, bytes):
            print(f"quiz export: error: {args.fmt} is a binary file: give -o FILE", file=stderr)
            return EXIT_USAGE
        stdout.write(data)
        return EXIT_OK
    target = target if target.is_absolute() else cwd / target
    # A file is replaced whole or not at all; a device or a pipe (/dev/stdout) is written to.
    tmp = target if target.exists() and not target.is_file() else None
    tmp = tmp or target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8", newline="")
        if tmp != target:
            os.replace(tmp, target)
    except OSError as exc:
        if tmp != target:
            tmp.unlink(missing_ok=True)
        print(f"quiz export: error: cannot write {target}: {exc.strerror}", file=stderr)
        return EXIT_INVALID
    print(f"quiz export: {export.written} questions written to {target}", file=stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace, paths: Paths, stdout: TextIO) -> int:
    config = _config(args)
    options = serve.ServeOptions(
        bank_path=resolve_bank(args.bank, paths.cwd),
        config=config,
        paths=paths,
        **serve.serve_args(args),
    )
    room = serve.set_up(options)
    try:
        if args.plain:
            return serve.serve_plain(room, stdout)
        return dashboard.run_dashboard(room)
    finally:
        room.close()


def _lesson(path: Path) -> int:
    """One browser tab of `quiz serve`: the app, offering only the assignment."""
    assignment = lesson.Assignment.read(path)
    gcpolicy.hold()  # as in _tui: the app collects after its first paint
    app = tui.QuizApp(
        bank_path=Path(assignment.bank_path),
        config=assignment.config,
        paths=assignment.paths(Path.cwd()),
        name=None,
        assignment=assignment,
    )
    app.run()
    return app.return_code or 0


def _tui(
    bank_path: Path | None,
    config: SessionConfig,
    paths: Paths,
    name: str | None,
    stderr: TextIO,
    class_name: str | None = None,
) -> int:
    # A first start fills the bank cache on another CPU while Textual is imported here.
    helper = None
    if bank_path is not None and paths.cache is not None:
        helper = warm.start(paths.cache, [bank_path])
    gcpolicy.hold()  # until the app's first screen is painted (quiz.gcpolicy)
    app = tui.QuizApp(  # Textual is imported here, under the hold
        bank_path=bank_path,
        config=config,
        paths=paths,
        name=name,
        class_name=class_name,
    )
    try:
        app.run()
    finally:
        if helper is not None:
            warm.finish(helper)
    if app.problem is not None:
        print(app.problem, file=stderr)
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
