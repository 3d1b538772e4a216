"""A cache of loaded banks, so that starting a quiz does not parse YAML every time.

`quiz play` shows the first question as soon as the bank is loaded, and loading a bank is
mostly importing PyYAML, then parsing (figures in bench/README.md). The cache keeps each loaded
`Bank` as plain JSON data (`quiz.bank.model.bank_to_dict`) under the user's cache folder, keyed
by:

* the bank file's resolved path, and a digest (BLAKE2b) of its bytes: an edit shows even when
  the file's size and modification time do not change;
* the files of the loader and the model that produced it (path, size, modification time): a
  cache written by other code is not used, in an installed copy or in a checkout being edited.

A cache file is data, never code: it is JSON read through `quiz.safefile` (a regular file,
at most MAX_CACHE_BYTES), and `bank_from_dict` checks every field's type and shape. Each file
also carries a keyed digest (BLAKE2b with a random key kept in the cache folder, readable
only by the user): a file planted in the cache folder by anyone who does not hold that key (a
shared or copied folder, a file someone handed over) does not match, so it can never stand
in for a bank. Cache files and the key must be the user's own and writable by no one else.

The bank file is read on every load, so only the parse is saved. Any trouble with the cache (a
missing or unwritable folder, a truncated, foreign or forged file, a file from other code)
means the bank is loaded from its YAML as if there were no cache: the cache is never the
reason a bank cannot be played, and a bank that fails to load is never cached. `quiz check`
never uses it: checking is parsing.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import lazy
from quiz.bank.model import MAX_BANK_BYTES, Bank, bank_from_dict, bank_to_dict
from quiz.errors import QuizError
from quiz.safefile import file_problem, read_bytes_capped

try:  # the C module itself: hashlib would also load OpenSSL (~2 ms of start-up) for nothing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b

if TYPE_CHECKING:
    from quiz.bank import load as loader
else:
    loader = lazy.module("quiz.bank.load")  # PyYAML: only on a miss

FORMAT = 2  # bump when the stored layout changes in a way the code stamp would not show
MAX_CACHE_BYTES = 16 * 1024 * 1024  # JSON of the largest bank the loader takes (4 MiB) fits
KEY_FILE = "key"
_KEY_BYTES = 32
_DIGEST_HEX = 64  # a 32-byte BLAKE2b digest in hex
_HERE = Path(__file__).resolve().parent
_CODE = (
    _HERE / "load.py",
    _HERE / "model.py",
    Path(__file__).resolve(),
    _HERE.parent / "safefile.py",
    _HERE.parent / "textsafe.py",
)


def _code_stamp() -> tuple[object, ...]:
    stamp: list[object] = [FORMAT]
    for path in _CODE:
        try:
            st = path.stat()
        except OSError:
            return ()  # cannot tell which code wrote a cache: use none
        stamp += [str(path), st.st_size, st.st_mtime_ns]
    return tuple(stamp)


def needs_warming(bank_path: Path, folder: Path) -> bool:
    """Whether `bank_path` looks as if its next load would be a miss: no entry in `folder`, or
    one older than the bank file or the loader's code. Stats only, no read: it decides whether
    to fill the cache ahead of time (quiz.bank.warm); what is used is still decided by the
    entry's key."""
    try:
        bank = bank_path.resolve()
        written = cache_file(folder, bank).stat().st_mtime_ns
        newest = max(path.stat().st_mtime_ns for path in (bank, *_CODE))
    except (OSError, RuntimeError):
        return True
    return written < newest


def cache_file(folder: Path, bank_path: Path) -> Path:
    """One file per bank path, named by a digest of it."""
    digest = zlib.crc32(str(bank_path).encode("utf-8", "surrogateescape"))
    return folder / "banks" / f"{bank_path.stem[:40]}-{digest:08x}.json"


def load_bank_cached(path: Path, folder: Path | None) -> Bank:
    """`quiz.bank.load.load_bank(path)`, through the cache in `folder` (None: no cache)."""
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: load_bank names it
        return _load(path)
    if folder is None:
        return _load(path)
    try:
        data = read_bytes_capped(path, MAX_BANK_BYTES, "bank")
    except QuizError:
        return _load(path)  # load_bank says what is wrong with the file
    stamp = _code_stamp()
    key = [*stamp, str(path), len(data), blake2b(data, digest_size=16).hexdigest()]
    target = cache_file(folder, path)
    secret = _secret(folder)
    bank = _read(target, key, path, secret) if secret and stamp else None
    if bank is not None and file_problem(bank.source.path, "source article") is None:
        return bank
    bank = _load(path)
    if stamp:
        _write(folder, target, key, bank, secret)
    return bank


def _load(path: Path) -> Bank:
    return loader.load_bank(path)


def _secret(folder: Path) -> bytes | None:
    """The cache folder's key, if it exists and is the user's own."""
    try:
        text = read_bytes_capped(folder / KEY_FILE, 2 * _KEY_BYTES, "cache key", private=True)
    except QuizError:
        return None
    try:
        secret = bytes.fromhex(text.decode("ascii"))
    except ValueError:
        return None
    return secret if len(secret) == _KEY_BYTES else None


def _new_secret(folder: Path) -> bytes | None:
    """Create the cache folder's key, atomically: two processes starting at once agree."""
    tmp = folder / f"{KEY_FILE}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(os.urandom(_KEY_BYTES).hex())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, folder / KEY_FILE)  # never replaces a key another process made
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return _secret(folder)


def _mac(secret: bytes, payload: bytes) -> str:
    return blake2b(payload, key=secret, digest_size=_DIGEST_HEX // 2).hexdigest()


def _read(target: Path, key: list[object], path: Path, secret: bytes) -> Bank | None:
    """The cached bank, or None for anything but a file this code wrote for these bytes."""
    try:
        blob = read_bytes_capped(target, MAX_CACHE_BYTES, "cache file", private=True)
    except QuizError:
        return None
    mac, _, payload = blob.partition(b"\n")
    if len(mac) != _DIGEST_HEX or mac.decode("ascii", "replace") != _mac(secret, payload):
        return None  # not written with this folder's key: planted, copied or damaged
    try:
        stored = json.loads(payload)
        if type(stored) is not dict or stored.keys() != {"key", "bank"}:
            return None
        if stored["key"] != key:
            return None
        bank = bank_from_dict(stored["bank"])
    except Exception:  # whatever is in a cache file, at worst it is a miss
        return None
    return bank if bank.path == path else None


def _write(folder: Path, target: Path, key: list[object], bank: Bank, secret: bytes | None) -> None:
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        secret = secret or _new_secret(folder)
        if secret is None:
            return
        payload = json.dumps(
            {"key": key, "bank": bank_to_dict(bank)}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8", "surrogateescape")
        if len(payload) + _DIGEST_HEX + 1 > MAX_CACHE_BYTES:
            return
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(_mac(secret, payload).encode("ascii") + b"\n" + payload)
        os.replace(tmp, target)  # readers see the old file or the new one, never half of one
    except (OSError, ValueError):
        # Read-only or full disk: the bank loaded, and it will load again next time.
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
