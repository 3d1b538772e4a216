"""Text from files and from people is data all the way to the terminal.

One home for the rule: every string a front end writes that came from a bank, an article, a
file name, a typed answer or a learner's name goes through `printable` (or `json_dumps` for
JSON) first. C0 and C1 control characters and DEL are never written raw; format characters
(Unicode category Cf: zero-width spaces, bidi overrides) are dropped, because they are
invisible and can reorder what the reader sees.

Pure and dependency-free, so every layer (core, line mode, the app, the server) may use it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from quiz import lazy

if TYPE_CHECKING:
    import json
else:
    json = lazy.module("json")  # only where JSON is written: the app's start-up never needs it

# C0 (except tab and newline, which callers may keep), DEL, C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Unicode category Cf (format characters) as of Unicode 14, written out because building it
# from unicodedata at import would slow every start; tests/unit check it against unicodedata.
# FORMAT_CHARS is the body of a regex character class, for other modules' patterns.
FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
_FORMAT = re.compile(f"[{FORMAT_CHARS}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    # Control Pictures (U+2400 block) show C0 and DEL visibly; C1 has none, so name its code.
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def printable(text: str, *, newlines: bool = True) -> str:
    """`text` made safe to write to a terminal: controls shown as visible symbols, format
    characters dropped. With `newlines=False`, newline and tab are shown as symbols too (for
    one-line fields such as names and titles)."""
    if not text.isascii() or not text.isprintable():
        pattern = _CONTROL if newlines else _CONTROL_ALL
        text = pattern.sub(_escape, _FORMAT.sub("", text))
    return text


def is_control(char: str) -> bool:
    """A C0 or C1 control character or DEL (tab and newline included)."""
    return bool(_CONTROL_ALL.fullmatch(char))


def first_control(text: str, *, allow: str = "\n\t") -> int | None:
    """Offset of the first control character in `text` not in `allow`, or None."""
    for match in _CONTROL_ALL.finditer(text):
        if match.group() not in allow:
            return match.start()
    return None


def describe(char: str) -> str:
    """A control character named for an error message: `U+001B (ESC)`."""
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control")
    return f"U+{ord(char):04X} ({name})"


_C0_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x09: "TAB",
    0x0A: "LF",
    0x0B: "VT",
    0x0C: "FF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
    0x9B: "CSI",
    0x9D: "OSC",
}


def strip_format(text: str) -> str:
    """`text` without format (Cf) characters, for matching quotes and answers."""
    return text if text.isascii() else _FORMAT.sub("", text)


_JSON_C1 = re.compile(r"[\x7f-\x9f]")


def json_dumps(value: Any, **kwargs: Any) -> str:
    """json.dumps that also escapes DEL and C1 (json escapes only C0), so a JSON document
    written to a terminal or a file can never carry a raw control character."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _JSON_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
