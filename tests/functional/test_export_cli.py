"""`quiz export` on the command line: refusal of failing banks, files, tags, no Textual."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import EXPORT_FORMATS, main
from quiz.export import FORMATS
from tests.exporting import ROOT, SHIPPED


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_cli_offers_every_format() -> None:
    assert EXPORT_FORMATS == FORMATS


def test_a_bank_that_fails_check_is_refused_with_the_checks_messages(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for article in (ROOT / "seeds").iterdir():
        (seeds / article.name).write_bytes(article.read_bytes())
    bad = tmp_path / "questions" / "bad.yaml"
    bad.parent.mkdir()
    text = SHIPPED.read_text(encoding="utf-8")
    bad.write_text(text.replace("cite: launched in 2004", "cite: launched in 2005"))
    code, out, err = _run(["export", str(bad), "--format", "gift"])
    assert code == 1 and out == ""
    assert "quote is not in the article" in err and "must pass `quiz check`" in err
    assert f"{bad}:" in err


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "csv", "bundle"])
def test_text_formats_go_to_stdout_by_default(fmt: str) -> None:
    code, out, _ = _run(["export", "kuwait-nato", "--format", fmt])
    assert code == 0 and "mission-city" in out


def test_output_file_and_tag_filter(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    code, out, err = _run(["export", str(SHIPPED), "--format", "csv", "--tag", "people",
                           "-o", str(target)])  # fmt: skip
    assert code == 0 and out == ""
    rows = target.read_text(encoding="utf-8").splitlines()[1:]
    assert rows and all(",people" in r or "people |" in r or "| people" in r for r in rows)
    assert f"{len(rows)} questions written to {target}" in err
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unknown_tag_is_an_error() -> None:
    code, _, err = _run(["export", str(SHIPPED), "--format", "csv", "--tag", "nope"])
    assert code == 1 and "no question has tag nope" in err


def test_anki_goes_to_a_file_not_to_stdout(tmp_path: Path, monkeypatch) -> None:
    code, _, err = _run(["export", str(SHIPPED), "--format", "anki", "-o", "-"])
    assert code == 2 and "binary" in err
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(["export", str(SHIPPED), "--format", "anki"])
    assert code == 0 and (tmp_path / "kuwait-nato.apkg").stat().st_size > 1000


def test_help_lists_export(capsys) -> None:
    assert main(["--help"]) == 0
    assert "export" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_does_not_import_textual(fmt: str, tmp_path: Path) -> None:
    code = (
        "import io, sys\nfrom quiz.cli import main\n"
        f"rc = main(['export', 'kuwait-nato', '--format', {fmt!r}, '-o', sys.argv[1]],"
        " stdout=io.StringIO(), stderr=io.StringIO())\n"
        "assert rc == 0, rc\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "assert 'quiz.tui' not in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_a_device_target_is_written_in_place(tmp_path: Path) -> None:
    code, _, err = _run(["export", str(SHIPPED), "--format", "csv", "-o", "/dev/null"])
    assert code == 0, err
