"""Where factquiz keeps things on disk."""

from __future__ import annotations

import os
import re
from pathlib import Path

from quiz.errors import Problem, QuizError

DATA_DIR_ENV = "QUIZ_DATA_DIR"
CACHE_DIR_ENV = "QUIZ_CACHE_DIR"
STORE_FILE = "progress.sqlite3"


def data_dir(override: Path | None = None) -> Path:
    """The data directory: `override` (--data-dir), else $QUIZ_DATA_DIR, else the platform's
    user data dir (e.g. ~/.local/share/factquiz). Not created here; the store creates it."""
    if override is not None:
        return override.expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no override is given

    return Path(platformdirs.user_data_dir("factquiz"))


def cache_dir() -> Path:
    """Where loaded banks are cached (quiz.bank.cache): $QUIZ_CACHE_DIR, else the platform's
    user cache dir (e.g. ~/.cache/factquiz). Deleting it at any time loses nothing."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("factquiz"))


def store_path(override: Path | None = None) -> Path:
    """The progress store file inside `data_dir(override)`."""
    return data_dir(override) / STORE_FILE


_PACKAGE = Path(__file__).resolve().parent


def bundled_questions_dir() -> Path:
    """The banks shipped with factquiz. A wheel carries them in quiz/_data (see pyproject's
    force-include); a source checkout or an editable install has them at the repo's top."""
    installed = _PACKAGE / "_data" / "questions"
    return installed if installed.is_dir() else _PACKAGE.parent / "questions"


def bank_files(cwd: Path) -> list[Path]:
    """The bundled banks, then ./questions/*.yaml; each file once."""
    seen: dict[Path, None] = {}
    for folder in (bundled_questions_dir(), cwd / "questions"):
        if folder.is_dir():
            for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
                seen.setdefault(path.resolve(), None)
    return list(seen)


_SLUG_LINE = re.compile(r"^bank:\s*['\"]?([\w.-]+)", re.MULTILINE)


def declared_slug(path: Path) -> str | None:
    # Reading the head is enough to match a slug; full loading is for the chosen bank only.
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return None
    match = _SLUG_LINE.search(head)
    return match.group(1) if match else None


def resolve_bank(ref: str, cwd: Path) -> Path:
    """A path to a bank file, or the `bank:` slug of a bundled bank or one in ./questions."""
    path = Path(ref)
    if not path.is_absolute():
        path = cwd / path
    if path.is_file():
        return path
    if path.is_dir():
        raise QuizError(Problem(ref, 0, 0, "is a folder; give one bank file or a bank slug"))
    files = bank_files(cwd)
    for file in files:
        if declared_slug(file) == ref:
            return file
    known = ", ".join(sorted(s for f in files if (s := declared_slug(f)))) or "none found"
    raise QuizError(
        Problem(ref, 0, 0, f"no bank file or bank slug by this name; known banks: {known}")
    )
