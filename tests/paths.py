"""Where the tests' banks and articles are: one definition for every test module."""

from __future__ import annotations

from pathlib import Path

from quiz.locations import bundled_questions_dir

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
BANKS = TESTS / "data" / "banks"
ARTICLES = TESTS / "data" / "articles"

# The shipped bank, found the way the app finds it (the repo's questions/ in a checkout).
SHIPPED = bundled_questions_dir() / "kuwait-nato.yaml"
SHIPPED_ARTICLE = REPO / "seeds" / "kuwait-nato-mission.txt"

# Every kind once, over a small stable article: the screens' snapshot fixture.
HARBOUR = BANKS / "harbour.yaml"
# Every kind twice (one answered right, one wrong in the long Pilot run).
SMALL = BANKS / "small-all-kinds.yaml"
# Markup-like text everywhere: shown exactly, never interpreted.
MARKUP = BANKS / "markup.yaml"
# Every kind once with YAML's traps; the loader's fixture.
VALID = BANKS / "valid.yaml"
