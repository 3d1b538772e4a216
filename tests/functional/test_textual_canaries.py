"""Canaries for the workarounds in quiz/tui/tuning.py: each fails loudly, naming what is gone,
when the pinned Textual no longer has (or no longer leaks through) what a workaround touches.
A failure here means: read the workaround's docstring, check the new Textual, and drop or
redo the workaround."""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import ClassVar

from paths import REPO
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from quiz.tui import tuning
from quiz.tui.widgets import footer as footer_module
from quiz.tui.widgets.footer import QuizFooter


def test_textual_is_the_version_the_workarounds_were_made_for() -> None:
    pinned = re.search(r'"textual==([^"]+)"', (REPO / "pyproject.toml").read_text()).group(1)
    assert version("textual") == pinned
    for workaround in (
        tuning.clear_style_caches,
        tuning.drop_selection_subscriber,
        tuning.prune_footer_watchers,
    ):
        assert f"Textual {pinned}" in (workaround.__doc__ or ""), workaround.__name__


def test_the_style_cache_is_an_lru_cache_that_clearing_empties() -> None:
    from textual._styles_cache import StylesCache

    cached = StylesCache.get_inner_outer
    assert hasattr(cached, "cache_info"), "StylesCache.get_inner_outer is no longer lru_cached"
    tuning.clear_style_caches()
    assert cached.cache_info().currsize == 0


class _One(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+n", "bell", "Next")]

    def compose(self) -> ComposeResult:
        yield Input(id="answer")
        yield QuizFooter()


async def test_an_input_stays_subscribed_until_the_workaround_drops_it() -> None:
    app = _One()
    async with app.run_test() as pilot:
        screen = app.screen
        old = app.query_one(Input)
        signal = screen.text_selection_started_signal
        await old.remove()
        await pilot.pause()
        # The leak the workaround is for: removed, and still a subscriber.
        assert old in signal._subscriptions, "Textual now drops a removed Input: drop the fix"
        tuning.drop_selection_subscriber(screen, old)
        assert old not in signal._subscriptions


async def test_the_footer_keeps_watchers_of_removed_keys_until_pruned(monkeypatch) -> None:
    app = _One()
    async with app.run_test() as pilot:
        footer = app.query_one(QuizFooter)
        for _ in range(20):  # the footer builds its keys after a refresh
            await pilot.pause()
            if hasattr(footer, "__watchers"):
                break
        watchers = getattr(footer, "__watchers")  # where Textual keeps them
        assert "compact" in watchers, "Footer keys no longer watch `compact`: drop the fix"
        before = len(watchers["compact"])
        # Textual's rebuild of the keys, with the fix turned off.
        monkeypatch.setattr(footer_module, "prune_footer_watchers", lambda footer: None)
        footer.refresh(recompose=True)  # on the footer's own loop, as Textual does it
        for _ in range(3):
            await pilot.pause()
        stale = [node for node, _ in watchers["compact"] if not node.is_attached]
        assert stale, "Textual now drops the old keys' watchers: drop the fix"
        tuning.prune_footer_watchers(footer)
        assert all(node.is_attached for node, _ in watchers["compact"])
        assert len(watchers["compact"]) <= before
