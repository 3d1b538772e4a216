"""An OptionList whose Enter picks the highlighted row, named in the footer."""

from __future__ import annotations

from textual.widgets import OptionList


class EnterList(OptionList):
    """Subclasses bind Enter to `select` with the footer's word for it ("Start", "Open"); the
    screen acts on OptionList.OptionSelected.

    Enter is the list's own binding, not a screen priority binding, so that it runs in the
    list's turn, after any arrow keys that came before it: a priority Enter ran at once and
    acted on the row highlighted before those keys (a burst: a paste, tmux send-keys)."""
