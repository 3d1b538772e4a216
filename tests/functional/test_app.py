"""Pilot tests: the app driven with the keyboard, as a learner uses it."""

from __future__ import annotations

import gc
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from paths import BANKS, HARBOUR, MARKUP, SHIPPED, SMALL
from textual.widgets import Input, OptionList

from quiz.bank.model import KINDS
from quiz.store import Store
from quiz.tui.app import QuizApp
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.screens.source import SourceScreen
from quiz.tui.screens.stats import StatsScreen

from .helpers import (
    INPUT_KINDS,
    MakeApp,
    answer,
    on_feedback,
    on_question,
    screen_text,
    settle,
    wait_until,
)

SIZE = (100, 30)
TRAPS = ("[bold red]x[/]", "[/", "[@click=app.quit]")


def local_bank(cwd: Path) -> None:
    """The harbour bank in cwd's ./questions, where Home finds it."""
    (cwd / "questions").mkdir()
    shutil.copy(HARBOUR, cwd / "questions" / "harbour.yaml")
    shutil.copy(BANKS / "harbour-article.txt", cwd / "questions" / "harbour-article.txt")


def current(app: object) -> object:
    return app.quiz_run.session.current  # type: ignore[attr-defined]


@pytest.mark.slow  # fourteen questions, each answered and its feedback read
async def test_full_practice_run_every_kind_right_and_wrong(
    make_app: MakeApp, store_path: Path
) -> None:
    """Every question of a bank with each kind twice: the first of a kind answered right, the
    second wrong. (The shipped bank is played end to end in line mode: tests/functional/
    test_plain.py.)"""
    app = make_app(SMALL)
    seen: Counter[tuple[str, bool]] = Counter()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = app.quiz_run.session.total
        assert total == 14
        for number in range(1, total + 1):
            assert on_question(app)
            presented = app.screen.presented
            assert presented.number == number
            assert f"Question {number} / {total}" in screen_text(app)
            kind = presented.question.kind
            right = seen[(kind, True)] <= seen[(kind, False)]  # alternate, right first
            seen[(kind, right)] += 1
            await answer(pilot, presented, right)
            await settle(pilot)
            assert on_feedback(app), f"question {number} ({kind})"
            text = screen_text(app)
            if right:
                assert "✓ Right" in text, f"question {number} ({kind}): {text}"
            else:
                # An order left as shown still has some pairs in order: partly right.
                verdict = "◐ Partly right" if kind == "order" else "✗ Wrong"
                assert "✓ Right" not in text and verdict in text, f"question {number} ({kind})"
            assert "Right answer:" in text
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        # 7 right, 6 wrong, and the order question left as shown: 2 of its 3 pairs in order.
        assert "Score 7.67 of 14  (55%)" in screen_text(app)
    assert seen == Counter({(kind, right): 1 for kind in KINDS for right in (True, False)})
    # Every answer was committed, and the run was marked finished.
    with Store(store_path) as store:
        assert len(store.latest_attempts("orchard-festival")) == total
        last = store.last_run("orchard-festival")
        assert last is not None and last.finished is not None and last.answered == total


async def test_exam_mode_gives_no_feedback_then_results(make_app: MakeApp) -> None:
    app = make_app(HARBOUR, mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = app.quiz_run.session.total
        for number in range(1, total + 1):
            assert on_question(app)
            assert app.screen.presented.number == number
            await answer(pilot, app.screen.presented, right=number % 2 == 1)
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "✓ Right" in text and "✗ Wrong" in text
        assert "Score 4 of 7  (57%)" in text  # questions 1, 3, 5 and 7, one point each
        for tag in ("figures", "people", "dates", "claims"):
            assert tag in text
        # Enter on a question opens its feedback with the citation; Escape comes back.
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)
        assert "Source · paragraph 2" in text
        assert "cost 12.5 million pounds" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)


async def test_exam_time_limit_ends_the_run(make_app: MakeApp) -> None:
    app = make_app(HARBOUR, mode="exam", time_limit=90)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert on_question(app)
        assert "01:30 left" in screen_text(app)  # the test clock stands still
        await answer(pilot, app.screen.presented, right=True)
        await settle(pilot)
        app.now += 60
        await wait_until(pilot, lambda: "00:30 left" in screen_text(app), "the countdown")
        assert on_question(app)
        app.now += 30
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the end")
        text = screen_text(app)
        assert "Answered 1 of 7" in text
        assert "– Not answered" in text


async def test_source_view_marks_and_scrolls_to_the_current_citation(make_app: MakeApp) -> None:
    app = make_app(SHIPPED)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        # Before answering, the article opens only after saying what it costs, and it does
        # not mark this question's proof.
        question = app.screen.presented.question
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Open the article before answering?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        first = app.quiz_run.citations(question)[0].paragraph
        assert not app.screen.query_one(f"#p{first}").has_class("-current")
        assert not app.screen.query(".-cited"), "nothing is answered yet: nothing is marked"
        await pilot.press("escape")
        await settle(pilot)
        assert on_question(app)
        assert app.screen.presented.question is question
        assert app.quiz_run.session.source_taken
        # Once answered, the proof is marked.
        await answer(pilot, app.screen.presented, right=True)
        await settle(pilot)
        assert app.quiz_run.session.answers[-1].source_opened
        assert app.quiz_run.session.answers[-1].credit == 0.5
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.query_one(f"#p{first}").has_class("-current")
        await pilot.press("escape")
        await settle(pilot)
        await app.workers.wait_for_complete()
        app.quiz_run.finish()  # after the run, every cite is marked
        # A question cited far down the article: the view scrolls to it.
        run = app.quiz_run
        last = max(
            (p for p in run.session.presented if p.question.cite),
            key=lambda p: run.citations(p.question)[0].paragraph,
        )
        paragraph = run.citations(last.question)[0].paragraph
        app.show_source(last.question)
        await settle(pilot)
        source = app.screen
        assert isinstance(source, SourceScreen)
        target = source.query_one(f"#p{paragraph}")
        assert target.has_class("-current")
        assert len(source.query(".-cited")) > 1, "the other citations are marked too"
        article = source.query_one("#article")
        assert article.scroll_y > 0
        assert article.region.y <= target.region.y < article.region.bottom
        quote = run.citations(last.question)[0].quote
        assert quote.split()[0].lower() in screen_text(app).lower()
        # n / p move between cited paragraphs.
        before = article.scroll_y
        await pilot.press("p")
        await settle(pilot)
        assert article.scroll_y < before


async def test_hint_with_h_and_with_question_mark(make_app: MakeApp) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Question 1 is a number: letters are typing, so the hint is ctrl+t or `?` + Enter.
        assert isinstance(app.screen.query_one("#answer"), Input)
        await pilot.press("h")
        await settle(pilot)
        assert "Hint:" not in screen_text(app)
        assert app.screen.query_one(Input).value == "h"
        await pilot.press("backspace", "question_mark", "enter")
        await settle(pilot)
        assert "Hint: Between 400 and 500." in screen_text(app)
        assert app.screen.query_one(Input).value == ""
        await pilot.press(*"478", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "◐ Partly right" in text
        assert "0.5 of 1 point" in text
        assert "Hint: taken, so the credit is halved" in text
        await pilot.press("enter")
        await settle(pilot)
        # Question 2 is a list: `h` is the hint key, but this one has no hint: no key offered.
        await pilot.press("h")
        await settle(pilot)
        assert "Hint:" not in screen_text(app)
        assert "Hint" not in footer_text(app)


def footer_text(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


async def test_one_screen_per_run_and_the_footer_follows_its_state(make_app: MakeApp) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        run_screen = app.screen
        await pilot.press(*"478", "enter")  # question 1 (a number), then the choice question
        await settle(pilot)
        assert on_feedback(app) and app.screen is run_screen
        keys = footer_text(app)
        assert "Next" in keys and "Source" in keys
        assert "Skip" not in keys and "Hint" not in keys
        await pilot.press("enter")
        await settle(pilot)
        assert on_question(app) and app.screen is run_screen
        assert app.screen.presented.number == 2
        keys = footer_text(app)
        # The choice question has no hint: no Hint key is offered for it.
        assert "Hint" not in keys and "Skip" in keys and "Next" not in keys


async def test_what_follows_the_first_frame_arrives_and_collection_stays_on(
    make_app: MakeApp, store_path: Path
) -> None:
    # The footer, the feedback pane and the store come after the first question's frame
    # (bench/startup.py); answers hold garbage collection off until their frame is painted.
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = footer_text(app)
        assert "Answer" in keys and "Hint" in keys and "Quit" in keys
        assert app.quiz_run is not None and app.quiz_run.recording
        assert gc.isenabled()
        await pilot.press(*"478", "enter")
        await settle(pilot)
        assert on_feedback(app) and gc.isenabled()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # a list: Enter answers with the highlighted option
        await settle(pilot)
        assert on_feedback(app) and gc.isenabled()
    with Store(store_path) as store:
        assert len(store.latest_attempts("harbour-wall")) == 2


async def test_not_an_answer_is_shown_and_the_question_stays(make_app: MakeApp) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert on_question(app)
        assert app.screen.presented.number == 1
        assert "⚠ Not an answer" in screen_text(app)
        await pilot.press(*"478", "enter")
        await settle(pilot)
        assert on_feedback(app)


async def test_quit_asks_first_then_cancel_or_confirm(make_app: MakeApp, store_path: Path) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await answer(pilot, app.screen.presented, right=True)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert on_question(app)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit? Your answers so far are saved." in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert on_question(app)
        assert app.is_running
        # ctrl+q asks too (Textual's default would leave at once).
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert on_question(app)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert not app.is_running
    with Store(store_path) as store:
        last = store.last_run("harbour-wall")
        assert last is not None and last.finished is not None and last.answered == 1


async def test_markup_like_text_is_shown_exactly(make_app: MakeApp) -> None:
    app = make_app(MARKUP)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Bridge [bold red]x[/] and the [@click=app.quit] minutes" in text
        assert "What name was given to the new bridge: [bold red]x[/] or something else?" in text
        for trap in TRAPS:
            assert trap in text
        await pilot.press("h")
        await settle(pilot)
        assert "Hint: It has [brackets]." in screen_text(app)
        await pilot.press("1", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert on_feedback(app)
        assert "Your answer: [bold red]x[/]" in text
        assert "name the new bridge [bold red]x[/] after a long debate" in text
        assert "The article says [bold red]x[/], brackets and all." in text
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(app)
        assert "Council names bridge [bold red]x[/]" in text
        assert "Markup [i]Gazette[/i]" in text
        assert "a stray [/ in a name" in text
        assert "the heading [@click=app.quit] for reasons" in text
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert "Who warned that a stray [/ in a name could confuse software?" in screen_text(app)
        await pilot.press(*"councillor", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "The minutes were filed under the heading [@click=app.quit]." in text
        await pilot.press("1", "enter")
        await settle(pilot)
        assert app.is_running, "[@click=app.quit] must not be a link"
        await pilot.press("enter", *"7", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "[tag]" in text
        assert "[bold red]x[/] or something else?" in text


async def test_home_lists_banks_and_starts_the_chosen_mode(
    make_app: MakeApp, tmp_path: Path
) -> None:
    local_bank(tmp_path)
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Start" in footer_text(app)  # the bank list's Enter, once it has loaded
        text = screen_text(app)
        assert "Islay opens its new harbour wall" in text
        assert "harbour-wall · 7 questions · no score yet" in text
        banks = app.screen.query_one("#banks", OptionList)
        harbour = next(i for i, b in enumerate(app.screen.banks) if b.slug == "harbour-wall")
        banks.highlighted = harbour
        await pilot.press("e", "enter")
        await settle(pilot)
        assert on_question(app)
        assert app.quiz_run.session.config.mode == "exam"
        assert "Exam" in screen_text(app)
        # Leave for the bank list: asked first. A run stopped before any answer is no score.
        app.action_home()
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "harbour-wall · 7 questions · no score yet" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


async def test_stats_from_results(make_app: MakeApp) -> None:
    app = make_app(HARBOUR, mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(7):
            await answer(pilot, app.screen.presented, right=True)
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "Score 7 of 7  (100%)" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert re.search(r"Answers given +7 ", text)
        assert re.search(r"Accuracy +100% ", text)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)


@pytest.mark.parametrize("kind", ["choice", "multi", "order", "claim", *INPUT_KINDS])
async def test_skip_works_for_every_kind(make_app: MakeApp, kind: str) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        while app.screen.presented.question.kind != kind:
            await pilot.press("ctrl+n", "enter")
            await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert on_feedback(app)
        assert "↷ Skipped" in screen_text(app)


async def test_a_broken_bank_exits_with_status_1(make_app: MakeApp, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: broken\ntitle: [unclosed\n", encoding="utf-8")
    app = make_app(broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 1


async def test_command_palette_offers_the_main_actions(make_app: MakeApp) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"show source")
        await wait_until(pilot, lambda: "Show source" in screen_text(app), "the search")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")  # before answering it costs what a hint costs: asked first
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)


def burst(app: object, *keys: str) -> None:
    """Keys as a terminal delivers a paste or a fast typist: all queued before any is handled
    (Pilot.press waits after each key, which hides races between keys)."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, None))  # type: ignore[attr-defined]


async def test_enter_in_a_burst_opens_the_row_the_arrows_reached(make_app: MakeApp) -> None:
    app = make_app(HARBOUR, mode="exam")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(app.quiz_run.session.total):
            await pilot.press("ctrl+n")  # skip
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        burst(app, "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert app.screen.presented.number == 3


def highlight_bank(app: QuizApp, slug: str) -> None:
    """Move Home's bank list to `slug`, as the arrow keys would."""
    banks = app.screen.query_one("#banks", OptionList)
    banks.highlighted = next(i for i, b in enumerate(app.screen.banks) if b.slug == slug)


async def test_enter_in_a_burst_on_home_starts_the_mode_reached(
    make_app: MakeApp, tmp_path: Path
) -> None:
    local_bank(tmp_path)
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        highlight_bank(app, "harbour-wall")
        app.screen.query_one("#modes", OptionList).focus()
        await pilot.pause()
        burst(app, "down", "enter")  # practice -> exam
        await settle(pilot)
        assert on_question(app)
        assert app.quiz_run.session.config.mode == "exam"


async def test_multi_picks_are_marked_in_words_not_only_colour(make_app: MakeApp) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        while app.screen.presented.question.kind != "multi":
            await pilot.press("ctrl+n", "enter")
            await settle(pilot)
        options = app.screen.presented.options
        assert not any(f"✓ 1  {options[0]}" in line for line in screen_text(app).splitlines())
        await pilot.press("1", "3")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        picked = [line for line in lines if "✓" in line]
        assert len(picked) == 2
        assert f"✓ 1  {options[0]}" in picked[0] and f"✓ 3  {options[2]}" in picked[1]
        await pilot.press("1")  # untick
        await settle(pilot)
        assert [line for line in screen_text(app).splitlines() if "✓" in line] == [picked[1]]


async def test_keys_typed_right_after_next_go_to_the_next_question(make_app: MakeApp) -> None:
    app = make_app(HARBOUR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"478", "enter")
        await settle(pilot)
        assert on_feedback(app)
        # Next, then question 2's answer (a choice: 2, Enter) before it is on screen.
        burst(app, "enter", "2", "enter")
        await settle(pilot)
        assert on_feedback(app)
        record = app.screen.record
        assert record is not None and record.presented.number == 2
        assert record.response == "2"
        # Question 3 (multi), with a key the feedback pane binds too (down: scroll).
        burst(app, "enter", "down", "space", "enter")
        await settle(pilot)
        assert on_feedback(app) and app.screen.record.presented.number == 3
        assert app.screen.record.response == "2"


async def test_tab_then_keys_in_a_burst_go_to_the_mode_list(
    make_app: MakeApp, tmp_path: Path
) -> None:
    local_bank(tmp_path)
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        highlight_bank(app, "harbour-wall")
        await pilot.pause()
        burst(app, "tab", "down", "enter")  # to the modes, practice -> exam, start
        await settle(pilot)
        assert on_question(app)
        assert app.quiz_run.session.config.mode == "exam"
