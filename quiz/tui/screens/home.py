"""Home: the banks found (bundled and ./questions) and the four modes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz.tui.memory import collect_after_paint
from quiz.tui.text import safe
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.enter_list import EnterList
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.runs import BankInfo
    from quiz.session import Mode
    from quiz.tui.app import QuizApp

MODES: tuple[tuple[Mode, str, str], ...] = (
    ("practice", "p", "the proof after every answer"),
    ("exam", "e", "no feedback until the end"),
    ("review", "r", "due questions first, then new"),
    ("mistakes", "m", "the ones you last got wrong"),
)


def bank_row(info: BankInfo) -> Content:
    if info.error is not None:
        return Content.assemble(
            (safe(info.path.name, newlines=False), "bold"),
            "\n",
            ("⚠ does not load: ", "bold"),
            safe(info.error, newlines=False),
        )
    facts = [info.slug, f"{info.questions} question{'s' if info.questions != 1 else ''}"]
    facts.append("no score yet" if info.last_score is None else f"last {info.last_score:.0f}%")
    if info.due:
        facts.append(f"{info.due} due")
    return Content.assemble(
        (safe(info.title, newlines=False), "bold"),
        "\n",
        (safe(" · ".join(facts), newlines=False), "$foreground-muted"),
    )


class StartList(EnterList):
    """The bank list and the mode list: Enter starts the highlighted bank in the mode."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start", id="home.start", tooltip="Start this bank"),
    ]


class HomeScreen(Screen[None]):
    app: QuizApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch", "Banks/Mode", id="home.switch", show=False),
        Binding("t", "stats", "Stats", id="home.stats", tooltip="Progress on this bank"),
        Binding("q", "app.request_quit", "Quit", id="home.quit"),
        *[Binding(key, f"mode({i})", show=False) for i, (_, key, _) in enumerate(MODES)],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.banks: list[BankInfo] = []

    def compose(self) -> ComposeResult:
        yield TitleBar("factquiz", "Home")
        with Vertical(id="home-body"):
            yield Static(Content.styled("Banks", "bold $text-accent"), classes="heading")
            yield StartList(id="banks")
            yield Static(
                Content.styled("Mode  (p e r m, or Tab)", "bold $text-accent"), classes="heading"
            )
            yield StartList(
                *[
                    Option(
                        Content.assemble(
                            (key, "bold $text-accent"),
                            "  ",
                            (mode.capitalize(), "bold"),
                            ("  " + about, "$foreground-muted"),
                        ),
                        id=mode,
                    )
                    for mode, key, about in MODES
                ],
                id="modes",
            )
        yield QuizFooter()

    def on_mount(self) -> None:
        modes = self.query_one("#modes", OptionList)
        modes.highlighted = 0
        banks = self.query_one("#banks", OptionList)
        banks.loading = True
        banks.focus()
        self.app.load_banks()
        collect_after_paint(self)

    def on_screen_resume(self) -> None:
        # Back from a run: the last scores and due counts have changed.
        if self.banks:
            self.app.load_banks()

    def show_banks(self, banks: list[BankInfo]) -> None:
        self.banks = banks
        option_list = self.query_one("#banks", OptionList)
        keep = option_list.highlighted
        option_list.loading = False
        self.refresh_bindings()  # a loading widget's keys are left out of the footer
        option_list.set_options(
            Option(bank_row(info), id=f"b{i}", disabled=info.error is not None)
            for i, info in enumerate(banks)
        )
        if not banks:
            option_list.add_option(
                Option(
                    Content("No banks found. Put bank files (*.yaml) in ./questions."),
                    disabled=True,
                )
            )
        else:
            usable = [i for i, info in enumerate(banks) if info.error is None]
            if keep is not None and keep < len(banks) and banks[keep].error is None:
                option_list.highlighted = keep
            elif usable:
                option_list.highlighted = usable[0]

    @property
    def selected_bank(self) -> BankInfo | None:
        index = self.query_one("#banks", OptionList).highlighted
        if index is None or index >= len(self.banks) or self.banks[index].error is not None:
            return None
        return self.banks[index]

    @property
    def selected_mode(self) -> Mode:
        index = self.query_one("#modes", OptionList).highlighted or 0
        return MODES[index][0]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter or a click, on a bank or a mode
        self.action_start()

    def action_start(self) -> None:
        bank = self.selected_bank
        if bank is None:
            self.notify("Choose a bank that loads.", severity="warning", markup=False)
            return
        self.app.start(bank.path, self.selected_mode)

    def action_switch(self) -> None:
        banks = self.query_one("#banks", OptionList)
        modes = self.query_one("#modes", OptionList)
        # At once (Widget.focus waits its turn): keys right behind the Tab are for the other list.
        self.set_focus(modes if banks.has_focus else banks)

    def action_mode(self, index: int) -> None:
        self.query_one("#modes", OptionList).highlighted = index

    def action_stats(self) -> None:
        bank = self.selected_bank
        if bank is not None:
            self.app.show_stats(bank.path, bank.slug)
