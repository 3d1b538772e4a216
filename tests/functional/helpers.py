"""Driving a question with the keyboard, the way a learner would, right or wrong."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from quiz.bank.model import DateValue, format_number
from quiz.session import Presented
from quiz.tui.app import QuizApp
from quiz.tui.screens.run import RunScreen

INPUT_KINDS = ("text", "number", "date")


class QuizTestApp(QuizApp):
    """QuizApp on a clock that only moves when a test moves it."""

    cursor_blink = False

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.now = 1000.0

    def clock(self) -> float:
        return self.now


MakeApp = Callable[..., QuizTestApp]


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and the message queues are empty (answers go through a
    worker and a thread, so a plain pause is not enough)."""
    app = pilot.app
    for _ in range(100):  # a bound only: it returns as soon as the app is idle
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return
        await app.workers.wait_for_complete()
    raise AssertionError("the app did not settle")


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = 10.0
) -> None:
    """Let the app run until `condition()` holds: for what a timer brings (a countdown's tick,
    the command palette's search), which comes later on a busy machine. The timeout only keeps
    a broken app from hanging the suite."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        await pilot.pause(0.05)
    await settle(pilot)


def on_question(app: QuizApp) -> bool:
    """The run screen shows a question (waiting for an answer)."""
    screen = app.screen
    return isinstance(screen, RunScreen) and not screen.showing_feedback


def on_feedback(app: QuizApp) -> bool:
    """The run screen shows the feedback on the answer just given."""
    screen = app.screen
    return isinstance(screen, RunScreen) and screen.showing_feedback


def screen_text(app: QuizApp) -> str:
    """Every character on the screen, line by line, as the user reads it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def typed_answer(presented: Presented, right: bool) -> str:
    """What to type for a text, number or date question."""
    answer = presented.question.answer
    match answer:
        case DateValue():
            wrong = DateValue(answer.year + 50, answer.month, answer.day)
            return (answer if right else wrong).iso()
        case float() | int():
            return format_number(answer) if right else format_number(answer + 1000)
        case _:
            return str(answer) if right else "Zanzibar Quux"


def picks(presented: Presented, right: bool) -> list[int]:
    """0-based display positions to pick (choice, claim, multi)."""
    question, options = presented.question, presented.options
    if question.kind == "multi":
        wanted = set(question.answer)  # type: ignore[arg-type]
        chosen = [i for i, o in enumerate(options) if (o in wanted) == right]
        return chosen
    target = options.index(str(question.answer))
    return [target] if right else [(target + 1) % len(options)]


async def answer(pilot: Pilot[None], presented: Presented, right: bool) -> None:
    """Answer the question on screen with keys only (no Enter on feedback)."""
    kind = presented.question.kind
    if kind in INPUT_KINDS:
        await pilot.press(*typed_answer(presented, right), "enter")
    elif kind in ("choice", "claim"):
        (pick,) = picks(presented, right)
        await pilot.press(str(pick + 1), "enter")
    elif kind == "multi":
        await pilot.press(*[str(i + 1) for i in picks(presented, right)], "enter")
    elif kind == "order":
        if right:
            await put_in_order(pilot, presented)
        await pilot.press("enter")  # as shown: never the right order (the session sees to it)
    else:  # pragma: no cover - a new kind needs a new branch here
        raise AssertionError(f"unknown kind {kind}")


async def put_in_order(pilot: Pilot[None], presented: Presented) -> None:
    """Selection sort with the order widget's keys: go to an item, move it up with `u`."""
    current = list(presented.options)
    target = list(presented.question.answer)  # type: ignore[arg-type]
    for place, item in enumerate(target):
        where = current.index(item, place)
        await pilot.press("home", *["down"] * where, *["u"] * (where - place))
        current.insert(place, current.pop(where))
