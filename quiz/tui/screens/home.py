"""Home: the banks found (bundled and ./questions), the four modes, and the run's options.

Home starts runs with the options `quiz` was started with (mode, limit, tag, shuffle, seed,
time limit) and shows them; limit, tag and shuffle can be changed here before starting."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz import meanings
from quiz.tui.messages import BanksWanted, StartRun, StatsWanted
from quiz.tui.text import safe
from quiz.tui.tuning import collect_after_paint
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.enter_list import EnterList
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.runs import BankInfo
    from quiz.session import Mode, SessionConfig

# quiz.meanings' modes, each with its key (its first letter) and its line.
MODES: tuple[tuple[Mode, str, str], ...] = tuple(
    (mode, mode[0], meanings.MODE_ABOUT[mode]) for mode in meanings.MODES
)
LIMITS = (None, 5, 10, 20)  # what `l` steps through (and the limit Home was started with)


def bank_row(info: BankInfo) -> Content:
    if info.error is not None:
        return Content.assemble(
            (safe(info.path.name, newlines=False), "bold"),
            "\n",
            ("⚠ does not load: ", "bold"),
            safe(info.error, newlines=False),
        )
    facts = [info.slug, f"{info.questions} question{'s' if info.questions != 1 else ''}"]
    if info.in_run is not None and info.in_run != info.questions:
        facts.append(f"{info.in_run} in a run")
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
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch", "Banks/Mode", id="home.switch", show=False),
        Binding("t", "stats", "Stats", id="home.stats", tooltip="Progress on this bank"),
        Binding("l", "limit", "Limit", id="home.limit", tooltip="How many questions"),
        Binding("g", "tag", "Tag", id="home.tag", tooltip="Only questions with this tag"),
        Binding("s", "shuffle", "Shuffle", id="home.shuffle", tooltip="Shuffle the order"),
        Binding("q", "app.request_quit", "Quit", id="home.quit"),
        *[Binding(key, f"mode({i})", show=False) for i, (_, key, _) in enumerate(MODES)],
    ]

    def __init__(self, started_with: SessionConfig) -> None:
        super().__init__()
        self.banks: list[BankInfo] = []
        self.started_with = started_with  # the command line's options
        self.options: SessionConfig | None = None  # as changed here; set on mount

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
            yield Static(id="options")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.options = self.started_with
        modes = self.query_one("#modes", OptionList)
        names = [mode for mode, _, _ in MODES]
        modes.highlighted = names.index(self.options.mode) if self.options.mode in names else 0
        self._show_options()
        banks = self.query_one("#banks", OptionList)
        banks.loading = True
        banks.focus()
        self.post_message(BanksWanted())
        collect_after_paint(self)

    def on_screen_resume(self) -> None:
        # Back from a run: the last scores and due counts have changed.
        if self.banks:
            self.post_message(BanksWanted())

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
        assert self.options is not None
        self.post_message(StartRun(bank.path, replace(self.options, mode=self.selected_mode)))

    # -- the run's options ---------------------------------------------------------------

    def _show_options(self) -> None:
        o = self.options
        assert o is not None
        mode = self.selected_mode if self.is_mounted else o.mode
        facts: list[tuple[str, str]] = [
            ("l", f"limit {o.limit}" if o.limit else "no limit"),
            ("g", f"tag {', '.join(o.tags)}" if o.tags else "every tag"),
            ("s", "shuffled" if o.shuffle else "bank order"),
        ]
        parts: list[str | tuple[str, str]] = [("Options  ", "bold $text-accent")]
        for key, text in facts:
            parts += [(key, "bold $text-accent"), " ", (text, "bold"), "  "]
        parts.append(("seed ", "$foreground-muted"))
        parts.append((str(o.seed), "bold"))
        if o.time_limit and mode == "exam":
            parts += [("  ·  ", "$foreground-muted"), (f"{o.time_limit / 60:g} min", "bold")]
        if mode == "exam" and (o.hints or o.open_book):
            opened = [name for name, on in (("hints", o.hints), ("article", o.open_book)) if on]
            parts += [("  ·  open: ", "$foreground-muted"), (" and ".join(opened), "bold")]
        self.query_one("#options", Static).update(Content.assemble(*parts))

    def _set_options(self, options: SessionConfig) -> None:
        self.options = options
        self._show_options()
        self.post_message(BanksWanted())  # the counts follow the tag and the limit

    def action_limit(self) -> None:
        assert self.options is not None
        steps = list(LIMITS)
        if self.started_with.limit not in steps:
            steps.append(self.started_with.limit)
            steps.sort(key=lambda n: n or 0)
        current = steps.index(self.options.limit) if self.options.limit in steps else 0
        self._set_options(replace(self.options, limit=steps[(current + 1) % len(steps)]))

    def action_tag(self) -> None:
        assert self.options is not None
        bank = self.selected_bank
        steps: list[tuple[str, ...]] = [(), *((t,) for t in (bank.tags if bank else ()))]
        if self.options.tags not in steps:
            steps.insert(1, self.options.tags)
        current = steps.index(self.options.tags)
        self._set_options(replace(self.options, tags=steps[(current + 1) % len(steps)]))

    def action_shuffle(self) -> None:
        assert self.options is not None
        self._set_options(replace(self.options, shuffle=not self.options.shuffle))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "modes" and self.options is not None:
            self._show_options()  # the time limit is shown for exams only

    def action_switch(self) -> None:
        banks = self.query_one("#banks", OptionList)
        modes = self.query_one("#modes", OptionList)
        # At once (Widget.focus waits its turn): keys right behind the Tab are for the other list.
        self.set_focus(modes if banks.has_focus else banks)

    def action_mode(self, index: int) -> None:
        self.query_one("#modes", OptionList).highlighted = index
        self._show_options()

    def action_stats(self) -> None:
        bank = self.selected_bank
        if bank is not None:
            self.post_message(StatsWanted(bank.path, bank.slug))
