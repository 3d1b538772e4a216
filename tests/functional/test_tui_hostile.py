"""The app shows bank, article and typed text only through quiz.tui.text, so no control
character reaches a screen; a store that fails to save an answer is a modal the learner
dismisses, after which the same answer can be given again."""

from __future__ import annotations

import re
from pathlib import Path

from paths import SHIPPED

from quiz.store import StoreError
from quiz.tui.screens.error import ErrorScreen
from quiz.tui.screens.source import SourceScreen
from quiz.tui.text import highlight, typed

from .conftest import MakeApp
from .helpers import answer, on_feedback, on_question, screen_text, settle

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def test_highlight_keeps_its_offsets_when_controls_are_made_visible() -> None:
    content = highlight("a\x9bb\x1bc", [(2, 3, "bold"), (4, 5, "italic")])
    assert content.plain == "a<U+009B>b␛c"
    spans = {(content.plain[s.start : s.end], s.style) for s in content.spans}
    assert spans == {("b", "bold"), ("c", "italic")}


def test_typed_text_loses_what_cannot_be_typed() -> None:
    assert typed("12\x1b]52;c;aGk=\x07\u200b\x9b") == "12]52;c;aGk="


async def test_no_screen_shows_a_raw_control(make_app: MakeApp, monkeypatch) -> None:
    # The reader refuses an article with control characters; the app must stay safe even if
    # one got through (defence in depth), so the refusal is switched off for this test.
    import quiz.sources

    monkeypatch.setattr(quiz.sources, "first_control", lambda text, **_: None)
    app = make_app(HOSTILE / "article-bank.yaml")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"1998", "enter")
        await settle(pilot)
        assert on_feedback(app)
        text = screen_text(app)
        assert "␛]52;c;aGFja2Vk␇" in text
        assert RAW.search(text) is None
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        text = screen_text(app)
        assert "␛[2J" in text and "<U+009B>" in text
        assert RAW.search(text) is None


async def test_a_failed_save_is_a_modal_and_the_answer_is_given_again(
    make_app: MakeApp, monkeypatch
) -> None:
    app = make_app(SHIPPED)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        run = app.quiz_run
        assert run is not None and run.recording
        store = app._store
        assert store is not None
        first = run.session.current
        assert first is not None

        def full(**_: object) -> int:
            raise StoreError(
                store.path,
                "cannot write to the progress store (database or disk is full): the disk is"
                " full; the answers saved before are kept; free some space and try again",
            )

        monkeypatch.setattr(store, "record_attempt", full)
        await answer(pilot, first, right=True)
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "Your answer was not saved" in screen_text(app)
        assert "the disk is" in screen_text(app)
        assert run.session.position == 0  # taken back: nothing is half-recorded
        await pilot.press("enter")  # dismiss
        await settle(pilot)
        assert on_question(app) and run.session.current == first
        monkeypatch.undo()
        await pilot.press("enter")  # what was typed is still in the box: give it again
        await settle(pilot)
        assert on_feedback(app)
        (saved,) = store.history(run.bank.slug, first.question.id)
        assert saved.credit == 1.0
