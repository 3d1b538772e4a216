"""The app's Class screen: the `quiz report` tables of the app's store."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.locations import Paths
from quiz.runs import start_run
from quiz.session import SessionConfig
from quiz.store import Store
from quiz.tui.app import QuizApp

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "tests" / "data" / "banks" / "kuwait-classic.yaml"  # fixed question order


def fill(path: Path) -> None:
    t0 = datetime(2025, 3, 1, 9, tzinfo=UTC)
    with Store(path) as store:
        for i, (name, answers) in enumerate(
            [("Ada", ["Brussels", "4"]), ("Ben", ["Paris", "4"]), ("[bold]Cy", ["Rome", "1"])]
        ):
            clock = iter(t0 + timedelta(minutes=i, seconds=s) for s in range(100))
            run = start_run(BANK, SessionConfig(seed=3, limit=2), store, learner=name,
                            class_name="7B", clock=lambda c=clock: next(c))  # fmt: skip
            for response in answers:
                run.answer(response, 3.0)
            run.finish()


async def test_class_report_from_the_command(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite3"
    fill(store)
    paths = Paths(tmp_path, tmp_path)
    app = QuizApp(bank_path=None, config=SessionConfig(seed=1), paths=paths, name=None)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        app.action_class_report()
        for _ in range(100):
            await pilot.pause(0.02)
            if type(app.screen).__name__ == "ClassScreen":
                break
        assert type(app.screen).__name__ == "ClassScreen"
        await pilot.pause(0.1)
        report = app.screen.report  # type: ignore[attr-defined]
        assert [s.name for s in report.primary.students] == ["[bold]Cy", "Ada", "Ben"]
        svg = re.sub(r"<style.*?</style>", "", app.export_screenshot(), flags=re.S)
        shot = html.unescape(re.sub(r"<[^>]+>|\n", "", svg)).replace("\xa0", " ")
        assert "Students" in shot and "Whole test: 3 students, 2 questions" in shot
        assert "[bold]Cy" in shot  # a name is text, never markup
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "ClassScreen"
