"""The one way factquiz defers an import: a package's names, imported when first used.

Every start pays for each module it imports before its first frame (the app) or its first line
(`quiz check`, `--help`), so the modules a start does not need are imported on first use. That
is done here, and only here, with a module `__getattr__` (PEP 562): a package lists the names
it offers and the module each lives in, and annotations see them through a `TYPE_CHECKING`
import of the same names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: `exports` maps a name to the module it is
    imported from on first use (a module path relative to `package` when it starts with a
    dot)."""

    def __getattr__(name: str) -> object:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, package), name)
        # Looked up once: the next use finds it as an ordinary module global.
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(exports)

    return __getattr__, __dir__
