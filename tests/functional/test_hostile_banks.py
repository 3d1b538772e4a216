"""Hostile banks through the real `quiz` command: refused in one line, nothing raw on the
terminal, no file read that is not the bank's own article, no code run from the cache, no hang."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questions" / "kuwait-nato.yaml"
SECRET = "TOP-SECRET-91c2"
TIMEOUT = 60  # generous for a loaded machine; a hang would be forever

HEAD = "bank: hostile\ntitle: Hostile bank\nsource:\n  path: {path}\nquestions:\n"
QUESTION = """\
  - id: head
    kind: text
    prompt: {prompt}
    answer: Jassim Al Budiawi
    cite: headed by Jassim Al Budiawi
"""
ARTICLE = "The mission will be headed by Jassim Al Budiawi.\n"


def quiz(
    *args: str, cwd: Path, env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=cwd,
        env=env,
        input=stdin.encode(),
        capture_output=True,
        timeout=TIMEOUT,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QUIZ_DATA_DIR": str(tmp_path / "data"),
        "QUIZ_CACHE_DIR": str(tmp_path / "cache"),
        "NO_COLOR": "1",
    }


def write_bank(folder: Path, path: str = "article.txt", prompt: str = "Who heads it?") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    bank = folder / "bank.yaml"
    bank.write_text(HEAD.format(path=path) + QUESTION.format(prompt=prompt), encoding="utf-8")
    return bank


def assert_clean(result: subprocess.CompletedProcess[bytes]) -> str:
    output = (result.stdout + result.stderr).decode("utf-8")
    assert b"\x1b" not in result.stdout + result.stderr and b"\x9b" not in result.stdout
    assert "Traceback" not in output
    return output


def test_check_refuses_escape_sequences_at_file_line_col(
    tmp_path: Path, env: dict[str, str]
) -> None:
    bank = write_bank(tmp_path / "b", prompt='"\\e[2J\\e]0;owned\\aWho heads it?"')
    for strict in ([], ["--strict"]):
        result = quiz("check", *strict, str(bank), cwd=tmp_path, env=env)
        output = assert_clean(result)
        assert result.returncode == 1
        assert f"{bank}:8:13: error:" in output and "U+001B (ESC)" in output
    played = quiz("play", "--plain", str(bank), cwd=tmp_path, env=env)
    assert played.returncode == 1 and "U+001B (ESC)" in assert_clean(played)


@pytest.mark.parametrize("source", ["../.ssh/id_ed25519", "/proc/self/environ", "ABSOLUTE"])
def test_a_source_outside_the_bank_is_refused_and_never_printed(
    tmp_path: Path, env: dict[str, str], source: str
) -> None:
    secret = tmp_path / ".ssh" / "id_ed25519"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET} {SECRET}. The mission will be headed by Jassim Al Budiawi.\n")
    env = {**env, "FACTQUIZ_TEST_SECRET": SECRET}  # what /proc/self/environ would hold
    if source == "ABSOLUTE":
        source = str(secret)
    bank = write_bank(tmp_path / "b", path=source)
    for args in (["check", "--strict"], ["play", "--plain", "--json", "--seed", "1"]):
        result = quiz(*args, str(bank), cwd=tmp_path, env=env, stdin="Jassim Al Budiawi\n")
        output = assert_clean(result)
        assert result.returncode == 1, output
        assert SECRET not in output
        assert f"{bank}:4:9: error: source.path" in output


def test_play_of_a_system_file_does_not_echo_it(tmp_path: Path, env: dict[str, str]) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    result = quiz("play", "--plain", str(passwd), cwd=tmp_path, env=env)
    output = assert_clean(result)
    assert result.returncode == 1 and "is not a bank" in output and SECRET not in output
    assert len(output.strip().splitlines()) == 1


class _Boom:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_pickle_or_forged_entry_in_the_cache_runs_nothing(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "banks" / "harbour.yaml", folder)
    shutil.copy(ROOT / "tests" / "data" / "banks" / "harbour-article.txt", folder)
    bank = (folder / "harbour.yaml").resolve()
    # Fill the cache once, so the folder has its key and the entry its name.
    first = quiz("play", "--plain", "--seed", "1", str(bank), cwd=tmp_path, env=env)
    real_prompt = first.stdout.decode().split("\n")[3]
    entries = list((tmp_path / "cache" / "banks").iterdir())
    assert len(entries) == 1 and real_prompt
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Boom(marker))
    entries[0].with_suffix(".pickle").write_bytes(payload)  # the old cache's file name
    for content in (
        payload,
        b"0" * 64 + b"\n" + json.dumps({"key": [], "bank": {"slug": "forged"}}).encode(),
        entries[0].read_bytes().replace(real_prompt.split()[-1].encode(), b"FORGED"),
    ):
        entries[0].write_bytes(content)
        result = quiz("play", "--plain", "--seed", "1", str(bank), cwd=tmp_path, env=env)
        output = assert_clean(result)
        assert not marker.exists()
        assert real_prompt in output and "FORGED" not in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_dev_zero_and_a_fifo_in_questions_end_promptly_with_a_warning(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "x.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.yaml")
    os.mkfifo(tmp_path / "cache-pipe")
    # play SLUG: finds the shipped bank past them (and a FIFO in the cache folder).
    (tmp_path / "cache" / "banks").mkdir(parents=True)
    for name in ("kuwait-nato-00000000.json", "key"):
        os.mkfifo(tmp_path / "cache" / ("banks/" + name if name != "key" else name))
    result = quiz("play", "--plain", "--seed", "1", "kuwait-nato", cwd=tmp_path, env=env)
    output = assert_clean(result)
    assert result.returncode == 0, output
    assert "x.yaml:0:0: warning: is a device, not a bank file; skipped" in output
    assert "pipe.yaml:0:0: warning: is a FIFO (named pipe), not a bank file; skipped" in output
    # Discovery (play without a bank lists the known ones): finishes too.
    listed = quiz("play", "--plain", cwd=tmp_path, env=env)
    assert listed.returncode == 2 and "kuwait-nato" in assert_clean(listed)
    # And check of the folder says what it skipped.
    checked = quiz("check", str(folder), cwd=tmp_path, env=env)
    assert "is a device" in assert_clean(checked) and checked.returncode == 1


def test_a_utf16_bank_is_one_line(tmp_path: Path, env: dict[str, str]) -> None:
    bank = write_bank(tmp_path / "b")
    bank.write_bytes(bank.read_text().encode("utf-16"))
    result = quiz("check", str(bank), cwd=tmp_path, env=env)
    output = assert_clean(result)
    assert result.returncode == 1
    assert output.splitlines()[0] == f"{bank}:0:0: error: is UTF-16; save it as UTF-8"
