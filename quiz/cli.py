"""The command line. The only module that exits; it imports each front end lazily so that
`quiz --help`, `quiz check` and `quiz stats` never pay for Textual."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quiz import __version__
from quiz.errors import QuizError

if TYPE_CHECKING:
    from quiz.session import SessionConfig

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MODES = ("practice", "exam", "review", "mistakes")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return value


def _learner(text: str) -> str:
    from quiz.learners import check_learner

    try:
        return check_learner(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0 minutes")
    return value


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
    parser.add_argument("--data-dir", dest="top_data_dir", type=Path, help=argparse.SUPPRESS)
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

    stats = sub.add_parser(
        "stats", parents=[data], help="show progress", description="Progress per bank."
    )
    stats.add_argument("--bank", metavar="ID", help="only this bank (its slug)")
    stats.add_argument("--json", action="store_true", help="print one JSON document")
    stats.add_argument(
        "--learner", type=_learner, metavar="NAME", help="whose progress (default: your OS user)"
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
    return parser


def main(
    argv: Sequence[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    cwd = Path.cwd()
    # `quiz --data-dir D play` and `quiz play --data-dir D` both work; the later one wins.
    args.data_dir = getattr(args, "data_dir", None) or args.top_data_dir
    try:
        if args.command == "check":
            from quiz.bank.check import run_check

            return run_check(
                args.paths,
                strict=args.strict,
                json_output=args.json,
                coverage=args.coverage,
                out=stdout,
            )
        if args.command == "stats":
            from quiz.stats import run_stats

            return run_stats(
                bank=args.bank,
                json_output=args.json,
                data_dir=args.data_dir,
                out=stdout,
                learner=args.learner,
            )
        if args.command == "report":
            from quiz.report.command import run_report

            return run_report(
                results=args.results,
                stores=args.store,
                data_dir=args.data_dir,
                class_name=args.class_name,
                bank=args.bank,
                all_attempts=args.all_attempts,
                json_output=args.json,
                csv_dir=args.csv,
                html_file=args.html,
                out=stdout,
                err=stderr,
            )
        if args.command == "serve":
            if args.time_limit and args.mode != "exam":
                parser.error("--time-limit needs --mode exam")
            return _serve(args, cwd, stdout)
        if args.command == "play":
            if args.assignment is not None:
                return _lesson(args.assignment)
            if args.json and not args.plain:
                parser.error("--json needs --plain")
            if args.time_limit and args.mode != "exam":
                parser.error("--time-limit needs --mode exam")
            return _play(args, cwd, stdin, stdout, stderr)
        return _tui(None, _config(args=None), args.data_dir, None, cwd)
    except QuizError as exc:
        for problem in exc.problems:
            print(problem, file=stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _config(args: argparse.Namespace | None) -> SessionConfig:
    from quiz.session import SessionConfig

    if args is None:
        return SessionConfig(seed=_random_seed())
    return SessionConfig(
        mode=args.mode,
        seed=args.seed if args.seed is not None else _random_seed(),
        shuffle=args.shuffle,
        limit=args.limit,
        tags=tuple(args.tag),
        time_limit=args.time_limit * 60 if args.time_limit else None,
    )


def _random_seed() -> int:
    return int.from_bytes(os.urandom(3), "big")


def _play(
    args: argparse.Namespace, cwd: Path, stdin: TextIO, stdout: TextIO, stderr: TextIO
) -> int:
    from quiz.locations import cache_dir, resolve_bank

    config = _config(args)
    bank_path = resolve_bank(args.bank, cwd) if args.bank else None
    if args.plain:
        from quiz.plain import PlainFrontEnd

        if bank_path is None:
            from quiz.runs import discover_banks

            banks = discover_banks(cwd, None)
            names = ", ".join(b.slug for b in banks) or "none found"
            print(f"quiz play: error: --plain needs a BANK (known banks: {names})", file=stderr)
            return EXIT_USAGE
        front = PlainFrontEnd(stdin=stdin, out=stdout, err=stderr, json_output=args.json)
        return front.play(
            bank_path,
            config,
            data_dir=args.data_dir,
            name=args.name,
            cache_dir=cache_dir(),
            class_name=args.class_name,
        )
    return _tui(bank_path, config, args.data_dir, args.name, cwd, args.class_name)


def _serve(args: argparse.Namespace, cwd: Path, stdout: TextIO) -> int:
    from quiz.locations import cache_dir, resolve_bank, store_path
    from quiz.serve import ServeOptions, serve_args, serve_plain, set_up

    config = _config(args)
    options = ServeOptions(
        bank_path=resolve_bank(args.bank, cwd),
        config=config,
        store_path=store_path(args.data_dir),
        cache_dir=cache_dir(),
        **serve_args(args),
    )
    room = set_up(options)
    try:
        if args.plain:
            return serve_plain(room, stdout)
        from quiz.tui.dashboard import run_dashboard

        return run_dashboard(room)
    finally:
        room.close()


def _lesson(path: Path) -> int:
    """One browser tab of `quiz serve`: the app, offering only the assignment."""
    import gc

    from quiz.lesson import Assignment

    assignment = Assignment.read(path)
    gc.disable()  # as in _tui: the app turns collection on after its first paint
    from quiz.tui.app import QuizApp

    app = QuizApp(
        bank_path=Path(assignment.bank_path),
        config=assignment.config,
        store_path=None,
        name=None,
        cwd=Path.cwd(),
        cache_dir=Path(assignment.cache_dir) if assignment.cache_dir else None,
        assignment=assignment,
    )
    app.run()
    return app.return_code or 0


def _tui(
    bank_path: Path | None,
    config: SessionConfig,
    data_dir: Path | None,
    name: str | None,
    cwd: Path,
    class_name: str | None = None,
) -> int:
    import gc

    from quiz.locations import cache_dir, store_path

    # Importing Textual and starting the app allocate enough objects to set off several full
    # collections that free nothing; the app turns collection on again once its first screen
    # has been painted.
    gc.disable()
    from quiz.tui.app import QuizApp  # Textual is imported here and only here

    app = QuizApp(
        bank_path=bank_path,
        config=config,
        store_path=store_path(data_dir),
        name=name,
        cwd=cwd,
        cache_dir=cache_dir(),
        class_name=class_name,
    )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
