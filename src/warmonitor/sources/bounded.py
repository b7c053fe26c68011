"""Bounded reading: no source is read past a size cap or (where it can stall) past a deadline.

Every reader gets its bytes through :class:`BoundedInput`, whatever the source: a regular file, a
FIFO or a device (``/dev/zero`` never ends; a FIFO may never get a writer), standard input, or a
fetched body. ``read_all`` stops one byte past the cap; ``lines`` splits on ``\\n`` only and skips
an over-long line without ever holding it, so memory stays near the cap whatever the input.
"""

from __future__ import annotations

import os
import select
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warmonitor.sources.base import InputError

CHUNK_BYTES = 64 * 1024
HEAD_BYTES = 4096

# read(size, seconds_left) -> bytes; b"" at the end. seconds_left is None without a deadline.
ChunkReader = Callable[[int, float | None], bytes]


@dataclass(frozen=True, slots=True)
class LineTooLarge:
    """A JSONL line over the cap, skipped unread; ``size`` is what was seen of it."""

    number: int
    size: int


class BoundedInput:
    """The bytes of one source, read in chunks, with a cap per call and an overall deadline."""

    def __init__(self, name: str, read_chunk: ChunkReader, timeout: float | None = None) -> None:
        self.name = name
        self._read_chunk = read_chunk
        self._timeout = timeout
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._pending = b""  # read ahead by peek(), handed out first
        self._ended = False

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> BoundedInput:
        chunks = iter([data])
        return cls(name, lambda _size, _left: next(chunks, b""))

    def _chunk(self) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        if self._ended:
            return b""
        left = None
        if self._deadline is not None:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise InputError(self.name, f"timed out after {self._timeout:g} s")
        data = self._read_chunk(CHUNK_BYTES, left)
        if not data:
            self._ended = True
        return data

    def peek(self, size: int = HEAD_BYTES) -> bytes:
        """The first ``size`` bytes (fewer at the end), left in place for the next read."""
        head = self._pending
        while len(head) < size and not self._ended:
            self._pending = b""
            data = self._chunk()
            head += data
        self._pending = head
        return head[:size]

    def read_all(self, limit: int) -> bytes:
        """Everything, or InputError once more than ``limit`` bytes arrive."""
        parts: list[bytes] = []
        total = 0
        while data := self._chunk():
            total += len(data)
            if total > limit:
                raise InputError(self.name, f"too large (over {limit} bytes; the limit is {limit})")
            parts.append(data)
        return b"".join(parts)

    def lines(self, limit: int) -> Iterator[bytes | LineTooLarge]:
        """Lines split on ``\\n`` alone (JSON strings may hold U+2028 and friends)."""
        number = 1
        current: list[bytes] = []
        size = 0
        skipping = False
        while data := self._chunk():
            start = 0
            while (end := data.find(b"\n", start)) != -1:
                piece = data[start:end]
                size += len(piece)
                if skipping or size > limit:
                    yield LineTooLarge(number, size)
                else:
                    current.append(piece)
                    yield b"".join(current)
                number, current, size, skipping = number + 1, [], 0, False
                start = end + 1
            rest = data[start:]
            size += len(rest)
            if size > limit:
                skipping, current = True, []  # drop what we hold; count the rest only
            elif rest:
                current.append(rest)
        if skipping:
            yield LineTooLarge(number, size)
        elif current:
            yield b"".join(current)


def _stream_reader(handle: BinaryIO) -> ChunkReader:
    read = getattr(handle, "read1", handle.read)
    return lambda size, _left: read(size)


def _fd_reader(fd: int, waits: bool) -> ChunkReader:
    def read(size: int, left: float | None) -> bytes:
        while True:
            if waits:  # a FIFO or device: wait for data no longer than the deadline allows
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    return _timed_out()
            try:
                return os.read(fd, size)
            except BlockingIOError:
                continue

    return read


def _timed_out() -> bytes:
    raise TimeoutError


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-directory file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


class OpenedFile:
    """A path opened without blocking (a FIFO with no writer must not hang the run)."""

    def __init__(self, path: Path, name: str, timeout: float) -> None:
        try:
            self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as err:
            raise InputError(name, describe_os_error(err)) from err
        self.mode = os.fstat(self.fd).st_mode
        waits = not stat.S_ISREG(self.mode)
        self.kind = special_kind(self.mode)
        reader = _fd_reader(self.fd, waits)
        self.stream = BoundedInput(
            name, _deadline_guard(name, reader, timeout), timeout if waits else None
        )

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> OpenedFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _deadline_guard(name: str, reader: ChunkReader, timeout: float) -> ChunkReader:
    def read(size: int, left: float | None) -> bytes:
        try:
            return reader(size, left)
        except TimeoutError as err:
            raise InputError(name, f"timed out after {timeout:g} s with no data") from err
        except OSError as err:
            raise InputError(name, describe_os_error(err)) from err

    return read


def stdin_input(handle: BinaryIO) -> BoundedInput:
    """Standard input: capped like any source; no deadline (a slow producer is the user's own)."""
    return BoundedInput("-", _stream_reader(handle))


def describe_os_error(err: OSError) -> str:
    """One line for an OS error, without repeating the file name."""
    import errno

    if err.errno == errno.ELOOP:
        return "symbolic link loop"
    if err.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read: {err.strerror or type(err).__name__}"
