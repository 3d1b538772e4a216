"""Where factquiz keeps things on disk."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from quiz import lazy
from quiz.errors import Problem, QuizError
from quiz.safefile import file_problem, read_head

if TYPE_CHECKING:
    import platformdirs
else:
    platformdirs = lazy.module("platformdirs")  # only when neither a flag nor $QUIZ_* is given

DATA_DIR_ENV = "QUIZ_DATA_DIR"
CACHE_DIR_ENV = "QUIZ_CACHE_DIR"
STORE_FILE = "progress.sqlite3"


class Paths(NamedTuple):
    """Where one factquiz process reads and writes; front ends take one and pass it down.
    (A NamedTuple: made on every start, it costs a quarter of a frozen dataclass to define.)

    `cwd`: the working folder (its ./questions holds the user's banks).
    `data`: the data folder, which holds the progress store.
    `cache`: loaded banks (quiz.bank.cache); None: always parse the YAML. Deleting the cache at
    any time loses nothing."""

    cwd: Path
    data: Path
    cache: Path | None = None

    @classmethod
    def find(cls, cwd: Path, data: Path | None = None) -> Paths:
        """This user's folders. Data: `data` (--data-dir), else $QUIZ_DATA_DIR, else the
        platform's user data folder (~/.local/share/factquiz). Cache: $QUIZ_CACHE_DIR, else the
        platform's user cache folder (~/.cache/factquiz). Nothing is created here: the store
        and the cache create their folders when they first write."""
        data = _user_folder(data, DATA_DIR_ENV, "data")
        return cls(cwd, data, _user_folder(None, CACHE_DIR_ENV, "cache"))

    @property
    def store(self) -> Path:
        """The progress store file."""
        return self.data / STORE_FILE


def _user_folder(override: Path | None, env_name: str, kind: Literal["data", "cache"]) -> Path:
    if override is not None:
        return override.expanduser()
    env = os.environ.get(env_name)
    if env:
        return Path(env).expanduser()
    if kind == "cache":
        return Path(platformdirs.user_cache_dir("factquiz"))
    return Path(platformdirs.user_data_dir("factquiz"))


_PACKAGE = Path(__file__).resolve().parent


def bundled_questions_dir() -> Path:
    """The banks shipped with factquiz. A wheel carries them in quiz/_data (see pyproject's
    force-include); a source checkout or an editable install has them at the repo's top."""
    installed = _PACKAGE / "_data" / "questions"
    return installed if installed.is_dir() else _PACKAGE.parent / "questions"


def bank_files(cwd: Path, skipped: list[Problem] | None = None) -> list[Path]:
    """The bundled banks, then ./questions/*.yaml; each file once.

    Only regular files: a FIFO (which would block), a device, a broken or looping symlink is
    left out, with a warning appended to `skipped` when it is given."""
    seen: dict[Path, None] = {}
    for folder in (bundled_questions_dir(), cwd / "questions"):
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            problem = file_problem(path, "bank")
            if problem is None:
                try:
                    resolved = path.resolve()
                except (OSError, RuntimeError):  # swapped for a loop since the stat
                    problem = "is a symlink loop (a link that leads back to itself)"
                else:
                    seen.setdefault(resolved, None)
                    continue
            if skipped is not None:
                skipped.append(Problem(str(path), 0, 0, f"{problem}; skipped", "warning"))
    return list(seen)


_SLUG_LINE = re.compile(r"^bank:\s*['\"]?([\w.-]+)", re.MULTILINE)


def declared_slug(path: Path) -> str | None:
    # Reading the head is enough to match a slug; full loading is for the chosen bank only.
    data = read_head(path, 4096)  # a regular file only: a FIFO here would block
    if data is None:
        return None
    match = _SLUG_LINE.search(data.decode("utf-8", "replace"))
    return match.group(1) if match else None


def resolve_bank(ref: str, cwd: Path, warnings: list[Problem] | None = None) -> Path:
    """A path to a bank file, or the `bank:` slug of a bundled bank or one in ./questions.

    Files skipped while looking for a slug (see bank_files) are appended to `warnings`, and
    lead the problems of the QuizError when nothing is found."""
    path = Path(ref)
    if not path.is_absolute():
        path = cwd / path
    if path.is_file():
        return path
    if path.is_dir():
        raise QuizError(Problem(ref, 0, 0, "is a folder; give one bank file or a bank slug"))
    if os.path.lexists(path):  # a FIFO, a device, a broken or looping link: name it
        problem = file_problem(path, "bank")
        if problem is not None:
            raise QuizError(Problem(ref, 0, 0, problem))
    skipped: list[Problem] = []
    files = bank_files(cwd, skipped)
    if warnings is not None:
        warnings.extend(skipped)
    for file in files:
        if declared_slug(file) == ref:
            return file
    known = ", ".join(sorted(s for f in files if (s := declared_slug(f)))) or "none found"
    raise QuizError(
        [
            *skipped,
            Problem(ref, 0, 0, f"no bank file or bank slug by this name; known banks: {known}"),
        ]
    )
