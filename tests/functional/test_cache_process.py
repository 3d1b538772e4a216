"""The bank cache seen from a fresh interpreter: a hit does without PyYAML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from paths import HARBOUR


def test_a_hit_does_not_import_yaml(tmp_path: Path) -> None:
    bank_path = tmp_path / "banks" / "harbour.yaml"
    bank_path.parent.mkdir()
    shutil.copy(HARBOUR, bank_path)
    shutil.copy(HARBOUR.with_name("harbour-article.txt"), bank_path.parent)
    # The point of the cache: PyYAML's import is most of the cost of loading a small bank.
    code = (
        "import sys; from pathlib import Path; from quiz.bank.cache import load_bank_cached; "
        f"b = load_bank_cached(Path({str(bank_path)!r}), Path({str(tmp_path / 'c')!r})); "
        "print(len(b.questions), 'yaml' in sys.modules)"
    )
    outputs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert outputs == [["7", "True"], ["7", "False"]]
