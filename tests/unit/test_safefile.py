"""quiz.safefile: every file is checked before it is read, and read within its cap; discovery
of ./questions skips what is not a regular file, with one warning line each."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from quiz.errors import Problem, QuizError
from quiz.locations import Paths, bank_files, declared_slug, resolve_bank
from quiz.runs import discover_banks
from quiz.safefile import file_problem, not_utf8_kind, read_bytes_capped, read_head

ROOT = Path(__file__).resolve().parents[2]
fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def within(seconds: float, func, *args):  # type: ignore[no-untyped-def]
    """Run func(*args) in a thread; fail (instead of hanging the suite) if it blocks."""
    result: list[object] = []

    def target() -> None:
        try:
            result.append(func(*args))
        except BaseException as exc:  # handed back to the test
            result.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{func.__name__} blocked"
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def message(path: Path, cap: int = 100) -> str:
    with pytest.raises(QuizError) as excinfo:
        within(5, read_bytes_capped, path, cap, "bank")
    (problem,) = excinfo.value.problems
    assert "\n" not in str(problem)
    return problem.message


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100)
    assert read_bytes_capped(path, 100, "bank") == b"x" * 100


@fifo_only
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.yaml")
    assert message(tmp_path / "p.yaml") == "is a FIFO (named pipe), not a bank file"
    assert within(5, read_head, tmp_path / "p.yaml", 10) is None


def test_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "z.yaml").symlink_to("/dev/zero")
    assert message(tmp_path / "z.yaml") == "is a device, not a bank file"


def test_a_symlink_loop_and_a_broken_link_are_named(tmp_path: Path) -> None:
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "gone.yaml").symlink_to("nowhere.yaml")
    assert "symlink loop" in message(tmp_path / "loop.yaml")
    assert "broken symlink" in message(tmp_path / "gone.yaml")
    assert message(tmp_path / "never.yaml") == "does not exist"
    assert "a folder" in message(tmp_path)


def test_the_cap_is_checked_by_stat_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(10**12)  # sparse: a terabyte that costs nothing unless it is read
    expected = "file is 953674.3 MiB, over the 1,000 bytes limit for a bank"
    assert message(path, cap=1000) == expected


def test_the_cap_is_enforced_while_reading() -> None:
    # /proc files say their size is 0; reading them gives more. At most cap + 1 bytes are read.
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc here")
    assert message(status, cap=10) == "file is over the 10 bytes limit for a bank"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ("bank: x\n".encode("utf-16"), "UTF-16"),
        ("bank: x\n".encode("utf-16-le"), "UTF-16"),
        ("bank: x\n".encode("utf-32-be"), "UTF-32"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary"),
        (b"bank: x\n", None),
        ("café".encode("latin-1"), None),  # not UTF-8, but no NULs: the per-line messages
    ],
)
def test_not_utf8_kind(data: bytes, kind: str | None) -> None:
    assert not_utf8_kind(data) == kind


# --- discovery ---------------------------------------------------------------------------------


@pytest.fixture
def hostile_questions(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "banks" / "harbour.yaml", folder / "harbour.yaml")
    shutil.copy(ROOT / "tests" / "data" / "banks" / "harbour-article.txt", folder)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "loop.yaml").symlink_to("loop.yaml")
    (folder / "gone.yml").symlink_to("nowhere")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.yaml")
    return tmp_path


def test_bank_files_skips_what_is_not_a_regular_file_with_a_warning(
    hostile_questions: Path,
) -> None:
    skipped: list[Problem] = []
    files = within(5, bank_files, hostile_questions, skipped)
    mine = [f for f in files if f.parent.parent == hostile_questions]
    assert [f.name for f in mine] == ["harbour.yaml"]
    names = sorted(Path(p.path).name for p in skipped)
    expected = ["gone.yml", "loop.yaml", "zero.yaml"]
    assert names == sorted(expected + (["pipe.yaml"] if hasattr(os, "mkfifo") else []))
    assert all(p.severity == "warning" and p.message.endswith("; skipped") for p in skipped)


@fifo_only
def test_declared_slug_of_a_fifo_does_not_block(hostile_questions: Path) -> None:
    assert within(5, declared_slug, hostile_questions / "questions" / "pipe.yaml") is None


def test_resolve_bank_finds_a_slug_past_hostile_files_and_reports_them(
    hostile_questions: Path,
) -> None:
    warnings: list[Problem] = []
    found = within(5, resolve_bank, "harbour-wall", hostile_questions, warnings)
    assert found.name == "harbour.yaml" and len(warnings) >= 3


@fifo_only
def test_resolve_bank_names_a_fifo_given_as_the_bank(hostile_questions: Path) -> None:
    with pytest.raises(QuizError, match="is a FIFO"):
        within(5, resolve_bank, "questions/pipe.yaml", hostile_questions)


def test_discover_banks_shows_each_skipped_file_as_one_line(hostile_questions: Path) -> None:
    infos = within(20, discover_banks, Paths(hostile_questions, hostile_questions), None)
    broken = {info.path.name: info.error for info in infos if info.error}
    assert "zero.yaml" in broken and "is a device" in str(broken["zero.yaml"])
    assert "loop.yaml" in broken and "\n" not in str(broken["loop.yaml"])
    assert any(info.slug == "harbour-wall" and info.error is None for info in infos)


def test_file_problem_never_opens(tmp_path: Path) -> None:
    assert file_problem(tmp_path, "bank") == "is a folder, not a bank file"
    assert file_problem(Path("/dev/null"), "bank") == "is a device, not a bank file"
