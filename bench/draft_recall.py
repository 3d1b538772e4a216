"""Recall of `quiz draft`: for each article with a hand-made fact list in tests/data/articles,
how many of the facts a teacher would list the draft asks (quiz/draft/recall.py says what
"asks" means), and whether the draft passes `quiz check --strict`.

    .venv/bin/python bench/draft_recall.py

The figures are in docs/authoring.md.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank.load import load_bank  # noqa: E402
from quiz.checker.check import check_paths  # noqa: E402
from quiz.draft import draft_text  # noqa: E402
from quiz.draft.recall import FactSpec, recall  # noqa: E402


def main() -> None:
    print("| article | words | questions | kinds | strict | facts asked | missed |")
    print("|---|---|---|---|---|---|---|")
    total_asked = total = 0
    for facts_file in sorted((ROOT / "tests" / "data" / "articles").glob("*.facts.yaml")):
        spec = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
        name = facts_file.name.removesuffix(".facts.yaml")
        article = (
            (facts_file.parent / spec["article"]).resolve()
            if "article" in spec
            else facts_file.with_name(f"{name}.txt")
        )
        with tempfile.TemporaryDirectory() as tmp:
            bank = Path(tmp) / "draft.yaml"
            bank.write_text(draft_text(article, bank), encoding="utf-8")
            report = check_paths([bank], strict=True)
            questions = load_bank(bank).questions
        result = recall(questions, [FactSpec.from_mapping(f) for f in spec["facts"]])
        kinds = Counter(q.kind for q in questions)
        shown_kinds = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        asked, n = len(result.asked), len(result.asked) + len(result.missed)
        total_asked += asked
        total += n
        missed = ", ".join(str(f.value) for f in result.missed) or "none"
        words = len(article.read_text(encoding="utf-8").split())
        strict = "pass" if report.errors == 0 else f"{report.errors} errors"
        print(
            f"| {name} | {words} | {len(questions)} | {shown_kinds} | {strict} | "
            f"{asked}/{n} ({asked / n:.0%}) | {missed} |"
        )
    print(f"\nall articles: {total_asked}/{total} ({total_asked / total:.0%})")


if __name__ == "__main__":
    main()
