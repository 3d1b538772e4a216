"""Who is learning: a learner is a name. Review cards, mistakes, due counts and `quiz stats` are
kept per learner, so two learners sharing a store never see each other's schedule.

Light and dependency-free: the CLI checks `--name` with it before anything heavy is imported."""

from __future__ import annotations

import getpass

from quiz.textsafe import first_control, printable, strip_format

MAX_LEARNER_CHARS = 80
FALLBACK_LEARNER = "learner"


def default_learner() -> str:
    """The OS user's login name, or "learner" where there is none (no passwd entry, no
    LOGNAME in a container)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError, ImportError):  # getuser raises OSError since 3.13
        return FALLBACK_LEARNER
    name = printable(strip_format(name), newlines=False).strip()
    return name[:MAX_LEARNER_CHARS] or FALLBACK_LEARNER


def check_learner(name: str) -> str:
    """`name` as a learner's name (surrounding spaces removed), or ValueError saying why not."""
    cleaned = strip_format(name).strip()
    if not cleaned:
        raise ValueError("a learner's name cannot be empty")
    if first_control(cleaned, allow="") is not None:
        raise ValueError("a learner's name cannot contain control characters")
    if len(cleaned) > MAX_LEARNER_CHARS:
        raise ValueError(f"a learner's name is at most {MAX_LEARNER_CHARS} characters")
    return cleaned
