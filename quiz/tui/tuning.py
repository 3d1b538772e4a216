"""Every workaround that reaches into Textual's internals, and where the app's garbage
collection happens (the policy itself is `quiz.gcpolicy`).

Each workaround names the Textual version it was made for (the pin in pyproject.toml) and is
called without a guard: a Textual that no longer has what it touches fails loudly here, and
tests/functional/test_textual_canaries.py fails first, before any screen does. When a Textual
release fixes the leak, drop the workaround and its canary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual._styles_cache import StylesCache

from quiz import gcpolicy

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.widgets import Footer, Input

hold_collections = gcpolicy.hold


def collect_after_paint(widget: Widget) -> None:
    """Collect garbage just after the frame being prepared has been painted, and turn
    collection back on (`quiz.gcpolicy`)."""
    # Through the app, which outlives any screen: a request must never be lost while
    # collection is held.
    widget.app.call_after_refresh(_collect)


def _collect() -> None:
    gcpolicy.collect(before=clear_style_caches)


def clear_style_caches() -> None:
    """Textual 8.2.8 caches `StylesCache.get_inner_outer` with `lru_cache` on the class, which
    keeps up to 1024 dead widgets' style caches (and their rendered lines) alive. Emptying it
    costs the live widgets two Style objects each."""
    StylesCache.get_inner_outer.cache_clear()  # type: ignore[attr-defined]


def drop_selection_subscriber(screen: Screen, old: Input) -> None:
    """Textual 8.2.8: an Input subscribes to its screen's text-selection signal, which drops it
    only when the signal fires; on a long-lived screen every replaced Input would stay alive."""
    screen.text_selection_started_signal.unsubscribe(old)


def prune_footer_watchers(footer: Footer) -> None:
    """Textual 8.2.8: each FooterKey data-binds the footer's `compact`, and the footer drops a
    watcher only when `compact` changes, which in this app it never does: without this every
    rebuild of the keys would keep the old keys (and their rendered lines) alive."""
    # Where Textual keeps an object's watchers (textual/reactive.py); absent until one is set.
    watchers: dict[str, list[tuple[object, object]]] = getattr(footer, "__watchers", {})
    compact = watchers.get("compact")
    if compact:
        compact[:] = [(node, cb) for node, cb in compact if node.is_attached]  # type: ignore[attr-defined]
