"""The one way factquiz defers an import: a module or a package's names, imported when first
used.

Every start pays for each module it imports before its first frame (the app) or its first line
(`quiz check`, `--help`), so the modules a start does not need are imported on first use. That
is done here, and only here (no function body imports: a test checks it), in two forms:

- `module(name)`: a stand-in for a module, imported at its first attribute. A module that
  defers one writes, at its top,

      if TYPE_CHECKING:
          from quiz import grading
      else:
          grading = lazy.module("quiz.grading")

  so that annotations, readers and the import-linter contracts all see the dependency.
- `lazy_exports(package, {...})`: a package's module `__getattr__` (PEP 562), for a package
  that offers names from modules it does not import itself (`quiz.tui.screens`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any


class _Deferred(ModuleType):
    """Stands in for the module of the same name; each attribute is read from the real one, so
    a test that patches the module is seen."""

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        real = sys.modules.get(name) or importlib.import_module(name)
        return getattr(real, attr)

    def __repr__(self) -> str:
        return f"<deferred module {self.__name__!r}>"


def module(name: str) -> Any:
    """The module `name`, imported when one of its attributes is first read."""
    return _Deferred(name)


def load(*names: str) -> None:
    """Import `names` now: a warm-up, off the path that deferred them (the app's core thread
    after the first paint)."""
    for name in names:
        importlib.import_module(name)


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
