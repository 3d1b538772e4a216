"""quiz.serve leans on textual-serve 1.1.3 beyond its documented surface: fail loudly, naming
what went, if a new textual-serve changes it (it is pinned exactly in pyproject.toml)."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from textual_serve.app_service import AppService
from textual_serve.server import Server


def test_textual_serve_is_the_pinned_version() -> None:
    assert version("textual-serve") == "1.1.3", "quiz.serve was written against 1.1.3"


def test_the_server_internals_quiz_serve_uses() -> None:
    # ClassServer.start builds the aiohttp app with the private _make_app and runs it itself.
    assert inspect.iscoroutinefunction(Server._make_app)
    for name in ("handle_websocket", "handle_index", "on_startup", "initialize_logging"):
        assert hasattr(Server, name), f"textual_serve.server.Server.{name} is gone"
    assert list(inspect.signature(Server.__init__).parameters)[:4] == [
        "self",
        "command",
        "host",
        "port",
    ]
    # Each tab's process is started with the shell (the command redirects its stderr).
    assert "create_subprocess_shell" in inspect.getsource(AppService._open_app_process)
    # The page's messages quiz's load test and browser test rely on.
    source = inspect.getsource(Server._process_messages)
    for message in ('"stdin"', '"resize"', '"ping"'):
        assert message in source, f"the page protocol lost {message}"
