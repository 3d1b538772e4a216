"""Where factquiz keeps things on disk."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "QUIZ_DATA_DIR"
STORE_FILE = "progress.sqlite3"


def data_dir(override: Path | None = None) -> Path:
    """The data directory: `override` (--data-dir), else $QUIZ_DATA_DIR, else the platform's
    user data dir (e.g. ~/.local/share/factquiz). Not created here; the store creates it."""
    if override is not None:
        return override.expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("factquiz"))


def store_path(override: Path | None = None) -> Path:
    """The progress store file inside `data_dir(override)`."""
    return data_dir(override) / STORE_FILE


_PACKAGE = Path(__file__).resolve().parent


def bundled_questions_dir() -> Path:
    """The banks shipped with factquiz. A wheel carries them in quiz/_data (see pyproject's
    force-include); a source checkout or an editable install has them at the repo's top."""
    installed = _PACKAGE / "_data" / "questions"
    return installed if installed.is_dir() else _PACKAGE.parent / "questions"
