"""The command line. The only module that exits; it imports each front end lazily so that
`quiz --help`, `quiz check` and `quiz stats` never pay for Textual."""

from __future__ import annotations

import argparse
import os
import re
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
    play.add_argument("--name", metavar="NAME", help="the student's name, kept with the run")
    play.add_argument(
        "--time-limit", type=_minutes, metavar="MIN", help="exam mode: minutes allowed"
    )
    play.add_argument(
        "--plain", action="store_true", help="line mode: prompts on stdout, answers on stdin"
    )
    play.add_argument(
        "--json", action="store_true", help="with --plain: one JSON document on stdout at the end"
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

    stats = sub.add_parser(
        "stats", parents=[data], help="show progress", description="Progress per bank."
    )
    stats.add_argument("--bank", metavar="ID", help="only this bank (its slug)")
    stats.add_argument("--json", action="store_true", help="print one JSON document")
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
        if args.command == "draft":
            from quiz.draft import run_draft

            if args.bank is not None and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", args.bank):
                print(
                    f"quiz draft: error: --bank {args.bank!r}: a slug is lowercase letters, "
                    "digits and hyphens (kuwait-nato)",
                    file=stderr,
                )
                return EXIT_USAGE
            return run_draft(
                args.article,
                output=args.output,
                bank_slug=args.bank,
                title=args.title,
                show=args.show,
                out=stdout,
            )
        if args.command == "stats":
            from quiz.stats import run_stats

            return run_stats(
                bank=args.bank, json_output=args.json, data_dir=args.data_dir, out=stdout
            )
        if args.command == "play":
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
            bank_path, config, data_dir=args.data_dir, name=args.name, cache_dir=cache_dir()
        )
    return _tui(bank_path, config, args.data_dir, args.name, cwd)


def _tui(
    bank_path: Path | None,
    config: SessionConfig,
    data_dir: Path | None,
    name: str | None,
    cwd: Path,
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
    )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
