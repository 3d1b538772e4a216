"""quiz.cli: numeric options in their documented ranges (else usage errors, exit 2), and the
standard streams handled in `main` for every command (pipe closed: 141; unwritable: 1)."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pytest

from quiz.cli import EXIT_PIPE, main

SHIPPED = Path(__file__).resolve().parents[2] / "questions" / "kuwait-nato.yaml"


def run(argv: list[str], stdin: str = "", stdout: io.TextIOBase | None = None):
    out = stdout if stdout is not None else io.StringIO()
    err = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)  # type: ignore[arg-type]
    return code, out, err.getvalue()


@pytest.mark.parametrize(
    "option",
    [
        ["--seed", str(2**63)],
        ["--seed", str(-(2**63) - 1)],
        ["--seed", "9" * 5000],  # past int()'s own digit limit
        ["--seed", "1.5"],
        ["--mode", "exam", "--time-limit", "inf"],
        ["--mode", "exam", "--time-limit", "nan"],
        ["--mode", "exam", "--time-limit", "1e308"],
        ["--mode", "exam", "--time-limit", "0"],
        ["--mode", "exam", "--time-limit", "1441"],
        ["--limit", "0"],
        ["--limit", "100001"],
        ["--limit", "9" * 5000],
    ],
)
def test_out_of_range_numbers_are_usage_errors(option: list[str], tmp_path: Path) -> None:
    code, _out, err = run(["play", str(SHIPPED), "--plain", "--data-dir", str(tmp_path), *option])
    assert code == 2
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("quiz play: error: argument")


@pytest.mark.parametrize(
    "option",
    [
        ["--seed", str(2**63 - 1)],
        ["--seed", str(-(2**63))],
        ["--mode", "exam", "--time-limit", "1440"],
        ["--limit", "100000"],
    ],
)
def test_the_ends_of_the_ranges_are_accepted(option: list[str], tmp_path: Path) -> None:
    code, _out, err = run(
        ["play", str(SHIPPED), "--plain", "--data-dir", str(tmp_path), *option], ":quit\n"
    )
    assert code == 0, err


class Failing(io.StringIO):
    def __init__(self, error: OSError, after: int = 0) -> None:
        super().__init__()
        self.error = error
        self.after = after

    def write(self, text: str) -> int:
        if self.after <= 0:
            raise self.error
        self.after -= 1
        return super().write(text)


def test_a_closed_pipe_ends_quietly_with_141(tmp_path: Path) -> None:
    out = Failing(BrokenPipeError(errno.EPIPE, "Broken pipe"), after=3)
    code, _, err = run(
        ["play", str(SHIPPED), "--plain", "--seed", "1", "--data-dir", str(tmp_path)],
        "2004\n" * 5,
        stdout=out,
    )
    assert code == EXIT_PIPE == 141
    assert err == ""


def test_a_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path: Path) -> None:
    out = Failing(OSError(errno.ENOSPC, "No space left on device"))
    code, _, err = run(["check", str(SHIPPED)], stdout=out)
    assert code == 1
    assert err == "quiz: error: cannot write to standard output (No space left on device)\n"


def test_stdin_that_fails_is_the_end_of_input(tmp_path: Path) -> None:
    class Hangup(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise OSError(errno.EIO, "Input/output error")

    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["play", str(SHIPPED), "--plain", "--seed", "1", "--data-dir", str(tmp_path)],
        stdin=Hangup(),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    assert "Stopped after" in out.getvalue()


def test_a_line_longer_than_the_read_limit_is_too_long_and_skipped(tmp_path: Path) -> None:
    from quiz.plain import READ_LIMIT

    code, out, err = run(
        ["play", str(SHIPPED), "--plain", "--seed", "1", "--data-dir", str(tmp_path)],
        "1" * (3 * READ_LIMIT + 5) + "\n:quit\n",
    )
    assert code == 0, err
    assert out.getvalue().count("Not an answer: too long (at most 2000 characters)") == 1


class Endless(io.TextIOBase):
    """stdin that never ends a line, like `< /dev/zero`."""

    def readable(self) -> bool:
        return True

    def readline(self, size: int = -1) -> str:
        return "\0" * (size if size > 0 else 4096)


def test_input_that_never_ends_a_line_ends_the_run(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["play", str(SHIPPED), "--plain", "--seed", "1", "--data-dir", str(tmp_path)],
        stdin=Endless(),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    assert "Stopped after 0 of" in out.getvalue()
