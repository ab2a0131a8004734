"""A catalog's active entries, read again from disk whenever a check goes through them.

The checker does not keep a catalog's entries: each is checked as it is read. A
catalog check that goes through them all (the header check, when the header lacks a
charset or Plural-Forms; ``stale-catalog``) reads the file again, entry by entry, in
the same little memory. A module of its own: a subclass of ``list`` is one thing the
compiled modules (``setup.py``) cannot hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import SupportsIndex, overload

from ..po import Entry


def _is_header(entry: Entry) -> bool:
    return not entry.obsolete and entry.msgid == "" and entry.msgctxt is None


class OnDisk(list[Entry]):
    """The active entries of a catalog that was checked as a stream, read again on demand.

    Reading methods work as on a list; the storage of the list itself stays empty.
    """

    def __init__(self, read: Callable[[], Iterable[Entry]]) -> None:
        super().__init__()
        self._read = read

    def __iter__(self) -> Iterator[Entry]:
        return (entry for entry in self._read() if not entry.obsolete and not _is_header(entry))

    def _all(self) -> list[Entry]:
        return list(iter(self))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return any(True for _ in self)

    @overload
    def __getitem__(self, index: SupportsIndex) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> Entry | list[Entry]:
        return self._all()[index]

    def __contains__(self, value: object) -> bool:
        return any(entry == value for entry in self)

    def __reversed__(self) -> Iterator[Entry]:
        return reversed(self._all())

    def __eq__(self, other: object) -> bool:
        return self._all() == other

    def __ne__(self, other: object) -> bool:
        return self._all() != other

    __hash__ = None

    def count(self, value: Entry) -> int:
        return self._all().count(value)

    def index(self, value: Entry, *args: SupportsIndex) -> int:
        return self._all().index(value, *args)

    def copy(self) -> list[Entry]:
        return self._all()

    def __repr__(self) -> str:
        return f"<entries of {self._read!r}, read from disk on demand>"
