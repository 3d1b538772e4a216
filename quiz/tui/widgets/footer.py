"""The footer every screen uses: compact, so that all keys fit from 60 columns up."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Footer

from quiz.tui.tuning import prune_footer_watchers

PALETTE_MIN_WIDTH = 80  # below this, the room goes to the screen's own keys (ctrl+p still works)

Shown = tuple[bool, tuple[tuple[str, str, str, bool, str], ...]]


class QuizFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: Shown | None = None  # the keys on show, as of the last rebuild
        self._rebuild_pending = False

    def on_mount(self) -> None:
        # Footer.on_mount (called after this one) subscribes to the screen's bindings signal.
        # A footer added to a screen already on show (the run screen mounts it after its first
        # frame) would wait for the next signal, which may not come: show the keys now.
        self.bindings_changed(self.screen)

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= PALETTE_MIN_WIDTH
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.refresh(recompose=True)

    def _keys(self) -> Shown:
        return self.show_command_palette, tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        # Textual rebuilds the footer's keys (remove and mount a widget per key) on every
        # bindings signal, and a focus change alone sends three or four, each a rebuild, all
        # right after an answer's feedback is painted. Rebuild once, and only if the keys
        # on show differ.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    async def recompose(self) -> None:
        self._shown = self._keys() if self._bindings_ready else None
        await super().recompose()
        prune_footer_watchers(self)  # the old keys would stay alive otherwise
