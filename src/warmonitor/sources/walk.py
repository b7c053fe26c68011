"""Directories: every file below, in name order, each problem one named rejection.

An unreadable file or subdirectory, a dangling link, a symbolic link loop or a FIFO inside the
tree is reported by its own path and the walk goes on; hidden entries (".git", ".DS_Store") are
skipped silently, as documented.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from warmonitor.records import untrusted_text
from warmonitor.sources.base import InputError
from warmonitor.sources.bounded import describe_os_error, special_kind


def shown_path(path: Path | str) -> str:
    """A path as the user can read it: undecodable bytes of its name as ``\\xNN``."""
    return untrusted_text(str(path), file_name=True)


def walk_directory(root: Path) -> Iterator[Path | InputError]:
    """Regular files under ``root`` (depth first, sorted by name) and an error per bad entry."""
    found = False
    visited = {_identity(os.stat(root))}
    for item in _walk(root, visited):
        found = True
        yield item
    if not found:
        yield InputError(shown_path(root), "directory holds no files")


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _walk(directory: Path, visited: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as err:
        yield InputError(shown_path(directory), f"cannot read directory: {err.strerror or err}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            st = os.stat(path)  # follows symbolic links
        except OSError as err:
            yield InputError(shown_path(path), _link_problem(entry, err))
            continue
        if stat.S_ISDIR(st.st_mode):
            if _identity(st) in visited:  # a link back up the tree, or a second way in
                yield InputError(shown_path(path), "symbolic link loop (a directory already read)")
                continue
            visited.add(_identity(st))
            yield from _walk(path, visited)
        elif stat.S_ISREG(st.st_mode):
            yield path
        else:
            yield InputError(shown_path(path), f"{special_kind(st.st_mode)}, not a regular file")


def _link_problem(entry: os.DirEntry[str], err: OSError) -> str:
    if entry.is_symlink():
        return "symbolic link loop" if err.errno == errno.ELOOP else "dangling symbolic link"
    return describe_os_error(err)
