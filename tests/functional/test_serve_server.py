"""`quiz serve`'s set-up and its server, on 127.0.0.1: codes, the cap on tabs, the page."""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import urllib.request
from pathlib import Path

import pytest
import websockets

from quiz.errors import QuizError
from quiz.lesson import Assignment
from quiz.locations import Paths
from quiz.serve import ServeOptions, set_up
from quiz.session import SessionConfig

REPO = Path(__file__).resolve().parents[2]
BANK = REPO / "tests" / "data" / "banks" / "harbour.yaml"


def _options(tmp_path: Path, **changes: object) -> ServeOptions:
    values: dict[str, object] = {
        "bank_path": BANK,
        "config": SessionConfig(seed=3),
        "paths": Paths(tmp_path, tmp_path / "data"),
        "port": _free_port(),
    }
    values.update(changes)
    return ServeOptions(**values)  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_network_host_gets_a_code_and_localhost_none(tmp_path: Path) -> None:
    room = set_up(_options(tmp_path, host="0.0.0.0"))  # set up only: nothing listens
    try:
        assert room.code is not None and len(room.code) == 6 and room.code.isdigit()
        assignment = Assignment.read(Path(room.folder.name) / "assignment.json")
        assert assignment.needs_code and assignment.code_matches(room.code)
        assert room.code not in (Path(room.folder.name) / "assignment.json").read_text()
        assert Path(room.folder.name).stat().st_mode & 0o077 == 0
    finally:
        room.close()
    local = set_up(_options(tmp_path))
    try:
        assert local.code is None and not local.assignment.needs_code
        assert local.address.startswith("http://127.0.0.1:")
    finally:
        local.close()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "a\x1bb"}, "--code"),
        ({"config": SessionConfig(mode="review")}, "practice or exam"),
        ({"config": SessionConfig(tags=("no-such-tag",))}, "no question has the tag no-such-tag"),
        ({"class_name": "x" * 41}, "--class"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(QuizError) as caught:
        set_up(_options(tmp_path, **changes))
    (problem,) = caught.value.problems
    assert message in str(problem) and "\n" not in str(problem)


async def test_tabs_past_the_cap_are_refused_with_a_page(tmp_path: Path) -> None:
    room = set_up(_options(tmp_path, max_students=1))
    port = room.options.port
    await room.server.start()
    try:
        page = await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/")
        assert page[0] == 200 and "textual" in page[1]
        first = await websockets.connect(f"ws://127.0.0.1:{port}/ws?width=80&height=24")
        await first.send(json.dumps(["resize", {"width": 80, "height": 24}]))
        for _ in range(100):  # the server counts the tab once its handler runs
            if room.server.live == 1:
                break
            await asyncio.sleep(0.05)
        assert room.server.live == 1
        with pytest.raises(websockets.InvalidStatus) as refused:
            await websockets.connect(f"ws://127.0.0.1:{port}/ws?width=80&height=24")
        assert refused.value.response.status_code == 503
        status, text = await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/")
        assert status == 503 and "This class is full" in text
        await first.close()
    finally:
        await room.server.stop()
        room.close()
        # textual-serve never waits on a tab's process: let it be reaped (and its transport
        # collected) while this test's loop is still open.
        await asyncio.sleep(1.0)
        gc.collect()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
