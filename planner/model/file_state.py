"""Caches whose entries depend on files: what a build read, and whether
every file is still as it was read.

Reading a scenario, a rulebook or a pack records the file (its absolute
path, the sha256 of its bytes and its stat); listing a folder records the
names found.  A cache entry keeps what was recorded while it was built and
is used again only while every one of those files and folders is
unchanged, so an edited, added or removed file is read afresh.

"Unchanged" is decided as git decides it for its index: a file whose stat
(device, inode, size, modification and change times) equals the recorded
one is unchanged without being read again, because every write moves its
change time (ctime), which no user can set back.  A file changed within
RACY_NS of being read may have been changed again within the same tick of
the file system's clock, so its stat proves nothing: it is hashed again on
every lookup.  A file whose stat differs is hashed too, and a touch that
left its bytes alone still counts as unchanged.  Stat-only checks keep a
warm lookup cheap: re-reading the 25 files a listed company's plan reads
cost 0.2 ms, more than the propagation of the problem (issue 14).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import stat
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Generic, Hashable, Iterator, TypeVar

from planner.model.limits import MAX_FILE_BYTES

__all__ = ["RACY_NS", "Seen", "FileCache", "recording", "note_file", "note_listing", "note_seen", "unchanged", "folder_names",
           "working_folder"]

# Two seconds: far beyond any file system's timestamp tick (ext4 takes the
# kernel's coarse clock, a few milliseconds; FAT two seconds).
RACY_NS = 2_000_000_000

V = TypeVar("V")

Stamp = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Seen:
    """One file or folder as a build saw it."""

    path: str  # absolute
    stamp: Stamp | None  # None: changed too close to the reading for its stat to prove anything
    digest: str  # sha256 of the file's bytes, or of the folder's sorted names


def working_folder() -> str | None:
    """The working folder, part of a cache key (relative paths start there);
    None once it has been removed: then nothing is kept, and a plan of an
    absolute path still works as it did before any cache."""
    try:
        return os.getcwd()
    except OSError:
        return None


def _stamp(info: os.stat_result) -> Stamp:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns  # as unchanged() compares it


def _trusted(info: os.stat_result) -> Stamp | None:
    """The stat to compare against later, or None when the file changed so
    recently that a later change could keep the same times."""
    if max(info.st_mtime_ns, info.st_ctime_ns) >= time.time_ns() - RACY_NS:
        return None
    return _stamp(info)


def _names_digest(names: tuple[str, ...]) -> str:
    return hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()


_RECORDER: contextvars.ContextVar[dict[tuple[str, str], Seen] | None] = contextvars.ContextVar("planner_reads", default=None)


@contextlib.contextmanager
def recording() -> Iterator[dict[tuple[str, str], Seen]]:
    """Collect what is read inside the block; also passed on to an
    enclosing recording, whose result depends on the same files."""
    seen: dict[tuple[str, str], Seen] = {}
    outer = _RECORDER.get()
    token = _RECORDER.set(seen)
    try:
        yield seen
    finally:
        _RECORDER.reset(token)
        if outer is not None:
            outer.update(seen)


def note_seen(seen: dict[tuple[str, str], Seen]) -> None:
    """A cached result is used: its files are read, as far as any enclosing recording is concerned."""
    current = _RECORDER.get()
    if current is not None:
        current.update(seen)


def note_file(path: str | os.PathLike[str], before: os.stat_result, data: bytes) -> None:
    """A file was read: `before` is its stat taken before reading (so that a
    write during the reading shows as a change), `data` the bytes read."""
    current = _RECORDER.get()
    if current is not None:
        where = os.path.abspath(path)
        current[("file", where)] = Seen(where, _trusted(before), hashlib.sha256(data).hexdigest())


def note_listing(folder: str | os.PathLike[str], before: os.stat_result, names: tuple[str, ...]) -> None:
    """A folder was listed (`names`, sorted): a file added or removed there changes the result."""
    current = _RECORDER.get()
    if current is not None:
        where = os.path.abspath(folder)
        current[("folder", where)] = Seen(where, _trusted(before), _names_digest(names))


def _names(folder: str) -> tuple[str, ...]:
    return tuple(sorted(os.listdir(folder)))


def _recheck(kind: str, seen: Seen) -> Seen | None:
    """None if the file or folder is no longer as it was; else what to
    record for it: `seen`, or `seen` with the stat now taken when that
    stat is trusted and the recorded one was not (read within RACY_NS of
    a change) or no longer matches (touched, the bytes the same).  Such a
    file was hashed on every lookup for as long as its entry lived."""
    try:
        info = os.stat(seen.path)
        if seen.stamp is not None and _stamp(info) == seen.stamp:
            return seen
        if kind == "folder":
            same = _names_digest(_names(seen.path)) == seen.digest
        elif not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None  # now a pipe, a device or a huge file: reading it could hang; the build says why
        else:
            with open(seen.path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            same = hashlib.sha256(data).hexdigest() == seen.digest
    except OSError:  # removed, or no longer readable: not as it was
        return None
    if not same:
        return None
    # The stat was taken before the reading, as note_file's: trusted, it
    # proves later that nothing changed since these bytes were hashed.
    stamp = _trusted(info)
    return seen if stamp is None else Seen(seen.path, stamp, seen.digest)


def _still(kind: str, seen: Seen) -> bool:
    return _recheck(kind, seen) is not None


def unchanged(seen: dict[tuple[str, str], Seen]) -> bool:
    """Every file and folder recorded is still as it was.  The common case,
    a trusted stat that still matches, is _recheck's first test inlined: a
    listed company's lookup stats 26 files, and the calls around each stat
    were a third of its time (issue 14).  A file hashed again whose stat
    is now trusted is recorded with it (in `seen`, the caller's record),
    so that the next lookups need its stat alone."""
    restamped = []
    for key, entry in seen.items():
        stamp = entry.stamp
        if stamp is not None:
            try:
                info = os.stat(entry.path)
            except OSError:  # removed, or no longer readable: not as it was
                return False
            if (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns) == stamp:
                continue
        fresh = _recheck(key[0], entry)
        if fresh is None:
            return False
        if fresh is not entry:
            restamped.append((key, fresh))
    seen.update(restamped)  # each entry replaced whole: safe for readers in other threads
    return True


_LISTINGS: dict[str, tuple[Seen, tuple[str, ...]]] = {}


def folder_names(folder: str | os.PathLike[str]) -> tuple[str, ...]:
    """The sorted names in a folder, listed again only when the folder
    changed (a file added, removed or renamed); noted for the recording.
    Raises OSError as os.listdir does."""
    where = os.path.abspath(folder)
    known = _LISTINGS.get(where)
    if known is not None and _still("folder", known[0]):
        note_seen({("folder", where): known[0]})
        return known[1]
    before = os.stat(where)
    names = _names(where)
    seen = Seen(where, _trusted(before), _names_digest(names))
    _LISTINGS[where] = (seen, names)  # replaced whole: safe for readers in other threads
    note_seen({("folder", where): seen})
    return names


class FileCache(Generic[V]):
    """A bounded (least recently used) cache whose entries are used only
    while the files they were built from are unchanged.

    Build a value inside `recording()` and `put` it with what was
    recorded; `get` checks those files first and passes them on to any
    enclosing recording.  Errors are never stored: a file that fails is
    read again next time and fails again with the same message."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[V, dict[tuple[str, str], Seen]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        entry = self._entries.get(key)  # one lookup in C, atomic: the lock guards the changes
        if entry is None:
            return None
        value, seen = entry
        if not unchanged(seen):
            with self._lock:
                if self._entries.get(key) is entry:
                    del self._entries[key]
            return None
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
        note_seen(seen)
        return value

    def put(self, key: Hashable, value: V, seen: dict[tuple[str, str], Seen]) -> None:
        with self._lock:
            self._entries[key] = (value, dict(seen))
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
