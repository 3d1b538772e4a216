"""A cache of loaded banks, so that starting a quiz does not parse YAML every time.

`quiz play` shows the first question as soon as the bank is loaded, and loading a bank is
mostly importing PyYAML, then parsing (figures in bench/README.md). The cache
keeps each loaded `Bank` pickled under the user's cache folder (as parso and jedi keep parsed
modules), keyed by:

* the bank file's resolved path, and its bytes (their length and CRC-32): an edit shows even
  when the file's size and modification time do not change;
* the files of the loader and the model that produced it (path, size, modification time): a
  cache written by other code is not used, in an installed copy or in a checkout being edited.

The file is read on every load, so only the parse is saved. Any trouble with the cache (a
missing or unwritable folder, a truncated or foreign file, a pickle from other code) means
the bank is loaded from its YAML as if there were no cache: the cache is never the reason a
bank cannot be played, and a bank that fails to load is never cached. `quiz check` never
uses it: checking is parsing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zlib
from pathlib import Path

from quiz.bank.model import Bank

FORMAT = 1  # bump when the pickled layout changes in a way the code stamp would not show
_HERE = Path(__file__).resolve().parent
_CODE = (_HERE / "load.py", _HERE / "model.py", Path(__file__).resolve())


def _code_stamp() -> tuple[object, ...]:
    stamp: list[object] = [FORMAT]
    for path in _CODE:
        try:
            st = path.stat()
        except OSError:
            return ()  # cannot tell which code wrote a cache: use none
        stamp += [str(path), st.st_size, st.st_mtime_ns]
    return tuple(stamp)


def cache_file(cache_dir: Path, bank_path: Path) -> Path:
    """One file per bank path, named by a digest of it."""
    digest = zlib.crc32(str(bank_path).encode("utf-8", "surrogateescape"))
    return cache_dir / "banks" / f"{bank_path.stem[:40]}-{digest:08x}.pickle"


def load_bank_cached(path: Path, cache_dir: Path | None) -> Bank:
    """`quiz.bank.load.load_bank(path)`, through the cache in `cache_dir` (None: no cache)."""
    path = path.resolve()
    if cache_dir is None:
        return _load(path)
    try:
        data = path.read_bytes()
    except OSError:
        return _load(path)  # load_bank says what is wrong with the file
    key = (_code_stamp(), str(path), len(data), zlib.crc32(data))
    target = cache_file(cache_dir, path)
    bank = _read(target, key)
    if bank is not None and bank.source.path.is_file():
        return bank
    bank = _load(path)
    if key[0]:
        _write(target, key, bank)
    return bank


def _load(path: Path) -> Bank:
    from quiz.bank.load import load_bank  # imports PyYAML: only on a miss

    return load_bank(path)


def _read(target: Path, key: tuple[object, ...]) -> Bank | None:
    try:
        with target.open("rb") as f:
            stored_key, bank = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # whatever is in a cache file, at worst it is a miss
        return None
    if stored_key != key or not key[0] or not isinstance(bank, Bank):
        return None
    return bank


def _write(target: Path, key: tuple[object, ...], bank: Bank) -> None:
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as f:
            pickle.dump((key, bank), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)  # readers see the old file or the new one, never half of one
    except OSError:
        # Read-only or full disk: the bank loaded, and it will load again next time.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
