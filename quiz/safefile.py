"""Reading a file that someone else may have made: the one place every bank, article and cache
file is read through.

A path handed to factquiz can name anything: a FIFO (opening it blocks until a writer comes),
a device (`/dev/zero` never ends), a symlink loop, a file that grows while it is read. So a
file is stat'ed before it is opened and only a regular file is opened; it is opened
non-blocking (should it be swapped for a FIFO between the stat and the open, the open does not
wait) and fstat'ed again once open; and at most `cap + 1` bytes are read, whatever the stat
said. Every refusal is a QuizError with one Problem naming the cause; nothing of the file's
content is ever quoted.

Pure standard library and light (the start-up path reads the cache through it).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from quiz.errors import Problem, QuizError

__all__ = ["file_problem", "not_utf8_kind", "read_bytes_capped", "read_head", "size_text"]

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def file_problem(path: Path | str, what: str) -> str | None:
    """Why `path` cannot be read as a `what` ("bank", "source article"), or None if it names a
    regular file. Never opens the file; safe on FIFOs, devices and symlink loops."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _stat_error(path, exc)
    except ValueError:  # a NUL in the name
        return "is not a usable file name"
    if stat.S_ISREG(info.st_mode):
        return None
    kind = _kind(info.st_mode)
    return f"is {kind}, not a {what} file" if kind.startswith("a") else f"is {kind}"


def _stat_error(path: Path | str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symlink loop (a link that leads back to itself)"
    if exc.errno == errno.ENOENT:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return "is a broken symlink (it points to a file that does not exist)"
        except OSError:
            pass
        return "does not exist"
    if exc.errno == errno.ENAMETOOLONG:
        return "has a name too long for the file system"
    return f"cannot be read: {exc.strerror or 'error'}"


def size_text(n: int) -> str:
    mib = 1024 * 1024
    if n < mib:
        return f"{n:,} bytes"
    return f"{n // mib} MiB" if n % mib == 0 else f"{n / mib:.1f} MiB"


def _open_regular(path: Path | str, what: str, private: bool = False) -> tuple[int, int]:
    """An open descriptor of the regular file `path`, and its size. Raises QuizError.
    `private`: the file must also be the user's own and writable by no one else."""
    where = str(path)
    problem = file_problem(path, what)
    if problem is not None:
        raise QuizError(Problem(where, 0, 0, problem))
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    except OSError as exc:
        raise QuizError(Problem(where, 0, 0, _stat_error(path, exc))) from None
    try:
        info = os.fstat(fd)  # what was opened, not what was stat'ed a moment ago
    except OSError as exc:
        os.close(fd)
        raise QuizError(Problem(where, 0, 0, _stat_error(path, exc))) from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise QuizError(Problem(where, 0, 0, f"is {_kind(info.st_mode)}, not a {what} file"))
    if private and not _is_private(info):
        os.close(fd)
        raise QuizError(Problem(where, 0, 0, "is not the user's own file (or others may write it)"))
    return fd, info.st_size


def _is_private(info: os.stat_result) -> bool:
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owner bits to compare; the user's profile is private
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        try:
            chunk = os.read(fd, min(left, 1 << 20))
        except BlockingIOError:  # cannot happen on a regular file; never spin on it
            break
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_bytes_capped(
    path: Path | str, cap: int, what: str, *, advice: str = "", private: bool = False
) -> bytes:
    """The bytes of the regular file `path`, at most `cap` of them.

    QuizError (one Problem at line 0) if `path` is not a regular file (a folder, FIFO, device,
    broken link, symlink loop), cannot be read, or holds more than `cap` bytes: checked with
    stat before reading, and enforced while reading (a file that grows is cut at cap + 1).
    `what` names the file in messages ("bank", "source article"); `advice` follows the size
    message ("split it into several banks"). `private=True` also refuses a file that is not
    the user's own or that others may write (for the cache, which the program trusts)."""
    where = str(path)
    fd, size = _open_regular(path, what, private)
    try:
        if size > cap:
            raise QuizError(Problem(where, 0, 0, _too_big(size, cap, what, advice)))
        try:
            data = _read_at_most(fd, cap + 1)
        except OSError as exc:
            raise QuizError(Problem(where, 0, 0, _stat_error(path, exc))) from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise QuizError(Problem(where, 0, 0, _too_big(None, cap, what, advice)))
    return data


def _too_big(size: int | None, cap: int, what: str, advice: str) -> str:
    # None: read to cap + 1 bytes, size unknown (the file grew, or stat says 0 as /proc does).
    limit = f"the {size_text(cap)} limit for a {what}"
    message = (
        f"file is over {limit}" if size is None else f"file is {size_text(size)}, over {limit}"
    )
    return f"{message}: {advice}" if advice else message


def read_head(path: Path | str, n: int) -> bytes | None:
    """The first `n` bytes of the regular file `path`, or None if it is not one or cannot be
    read (for peeking at a file, e.g. its `bank:` line, without trusting it)."""
    try:
        fd, _ = _open_regular(path, "file")
    except QuizError:
        return None
    try:
        return _read_at_most(fd, n)
    except OSError:
        return None
    finally:
        os.close(fd)


def not_utf8_kind(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when `data` is text in one of those (by its byte-order mark, or
    by the NUL bytes ASCII text has in them), "binary" when it holds other NUL bytes, else
    None. Text files are UTF-8; this names the usual wrong saves in one line."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if b"\x00" not in data:
        return None
    head = data[:256]
    if len(head) >= 8:
        if all(head[i] == 0 for i in range(len(head)) if i % 4 != 0) or all(
            head[i] == 0 for i in range(len(head)) if i % 4 != 3
        ):
            return "UTF-32"
        if all(head[i] == 0 for i in range(1, len(head), 2)) or all(
            head[i] == 0 for i in range(0, len(head), 2)
        ):
            return "UTF-16"
    return "binary"
