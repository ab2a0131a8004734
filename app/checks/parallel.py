"""Check catalogs on every core: worker processes, the results in the order of the targets.

Python runs one thread at a time, so the checker uses processes. The workers are
forked once the targets are known (``app.forkpool``) and share them with the parent;
each checks whole catalogs, or parts of a large one, and sends back findings and
counts. The parent puts them back in the order of the targets and of the parts, so the
report is the same, finding for finding and in the same order, as one process gives.

A catalog that would keep one core busy while the others wait is cut into parts
between two entries (``plan``), and so are the smallest catalogs, which are checked
last; each part is read and checked as if it were a file, and the parent joins them
as soon as the last one is in, while the workers go on: counts added, findings in
order, the catalog checks run once on the whole. Whatever only the whole file can
tell stays exact: a message defined in two parts, a decoding error, or a part that
does not parse makes the parent check that catalog again in one piece, which reports
it as one process would.

Small runs stay in one process: forking is not worth it below a megabyte of
catalogs, and a one-file check must start and finish fast.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import BinaryIO, NamedTuple

from ..lazy_regex import lazy_compile
from ..po import Entry, PoReader, PoSyntaxError, Span, gc_paused
from .model import Check, Finding
from .runner import CatalogRun, Outcome, Part, Target

# Below this many bytes of catalogs in all, one process is faster than forking workers
# (each compiles its patterns and loads its data again): measured even at about 0.5 MB,
# 15% faster with workers at 1.8 MB (bench/RESULTS.md).
PARALLEL_BYTES = 1 << 20
# What a catalog costs whatever its size (its header and plural rule judged, CLDR's data
# for its language read: 1-2 ms), counted as this many bytes: a hundred catalogs of 10 KB
# are worth workers.
CATALOG_BYTES = 32 << 10
# Catalogs whose batched checks are judged together, at most (see ``_Settling``).
SETTLE_EVERY = 100
# A catalog is cut into parts only when each part would still be this large.
PART_BYTES = 512 << 10
# The smallest catalogs, checked last, are cut into parts of at least this size.
TAIL_PART_BYTES = 256 << 10
# Parts per worker, at most: several, so that a worker that finishes early takes another.
_PARTS_PER_WORKER = 3
# What ``plan`` reads to find a catalog's header; it ends at the last blank line.
_HEAD_BYTES = 1 << 16
_BLANK_LINE_RE = lazy_compile(rb"\n[ \t\r]*\n")
# Codecs whose bytes may be decoded from any line on: no state carried across lines.
_STATEFUL = lazy_compile(r"utf[-_]?(16|32|7)|iso2022|hz", re.IGNORECASE)
# Where a part may start: after a string line and a blank line, at a comment or a
# msgctxt/msgid keyword: in a valid catalog, between two entries.
_CUT_RE = lazy_compile(rb'\n(?:msgstr|")[^\n]*\n(?:[ \t\r]*\n)+(?=#|msgctxt|msgid[ \t])')


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _Split(NamedTuple):
    """A catalog cut into parts, and what the parts need from the whole."""

    header: Entry
    encoding: str
    bom: bool
    c_catalog: bool
    spans: list[Span]


def check_all(
    targets: Sequence[Target],
    checks: Sequence[Check],
    jobs: int | None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Outcome]:
    """The outcome of each target, in order; ``jobs`` processes (None: as the work needs).

    ``meanwhile``: called once while the workers check, if there are workers.
    """
    run = CatalogRun(checks)
    settling = _Settling(run)
    outcomes = _outcomes(run, settling, targets, jobs, meanwhile)
    run.settle(outcomes)  # what the batched checks gathered and is not judged yet
    return outcomes


class _Settling:
    """Outcomes whose batched checks (one msgfmt run for many catalogs) wait to be judged:
    judged by ``SETTLE_EVERY`` catalogs, so that a tree of thousands of such catalogs
    does not hold all their entries until the end."""

    def __init__(self, run: CatalogRun) -> None:
        self.run = run
        self.waiting: list[Outcome] = []

    def done(self, outcome: Outcome) -> Outcome:
        if outcome.pending:
            self.waiting.append(outcome)
            if len(self.waiting) >= SETTLE_EVERY:
                self.run.settle(self.waiting)
                self.waiting = []
        return outcome


def _outcomes(
    run: CatalogRun,
    settling: _Settling,
    targets: Sequence[Target],
    jobs: int | None,
    meanwhile: Callable[[], object] | None,
) -> list[Outcome]:
    sizes = [_size(target) for target in targets]
    total = sum(sizes)
    workers = jobs or cores()
    small = jobs is None and total + len(targets) * CATALOG_BYTES < PARALLEL_BYTES
    if small or workers <= 1:
        return [settling.done(run.catalog(target)) for target in targets]
    from .. import forkpool  # here: a one-file check starts without it (pickle, selectors)

    if not forkpool.available():
        return [settling.done(run.catalog(target)) for target in targets]
    # A catalog larger than an even share of the work is cut into parts.
    splits: dict[int, _Split] = {}
    share = total / workers
    for index, size in enumerate(sizes):
        count = min(workers * _PARTS_PER_WORKER, size // PART_BYTES)
        if size > share and count > 1 and targets[index].problem is None:
            split = plan(targets[index], count)
            if split is not None:
                splits[index] = split
    # The run ends with its last unit. The smallest catalogs go last, and one may cost
    # far more than its size says (a script of two-byte letters, many findings): they
    # are cut too, so that a worker done early takes a part instead of waiting. They
    # are planned while the workers check the others.
    by_size = sorted((i for i in range(len(targets)) if i not in splits), key=sizes.__getitem__)
    tail = by_size[:workers][::-1]
    units: list[tuple[int, int]] = []  # (target, part); part -1: the whole catalog
    weight: list[int] = []
    for index, size in enumerate(sizes):
        if index in splits:
            for number, span in enumerate(splits[index].spans):
                units.append((index, number))
                weight.append(span.end - span.start)
        elif index not in tail:
            units.append((index, -1))
            weight.append(size)
    if len(units) + len(tail) == 1:
        return [settling.done(run.catalog(target)) for target in targets]
    order = sorted(range(len(units)), key=lambda unit: -weight[unit])
    whole: dict[int, Outcome] = {}
    pieces: dict[int, _Pieces] = {}

    def expect(index: int, split: _Split) -> None:
        splits[index] = split
        pieces[index] = _Pieces(len(split.spans))

    def tasks() -> Iterator[tuple[tuple[int, int], _Split | None]]:
        """The units, largest first, each taken when a worker is free for it."""
        for unit in order:
            yield units[unit], splits.get(units[unit][0])
        for index in tail:
            count = min(_PARTS_PER_WORKER, sizes[index] // TAIL_PART_BYTES)
            split = (
                plan(targets[index], count) if count > 1 and not targets[index].problem else None
            )
            if split is None:
                yield (index, -1), None
                continue
            expect(index, split)  # before its parts are handed out
            for number in range(len(split.spans)):
                yield (index, number), split

    for index, split in list(splits.items()):
        expect(index, split)
    workers = min(workers, len(units) + len(tail))
    check = partial(_check_unit, targets, run)  # the workers are forks: they have both
    for (index, number), sent in forkpool.forked(check, tasks(), workers, meanwhile):
        result = _received(sent)
        if number < 0:
            assert isinstance(result, Outcome)
            whole[index] = settling.done(result)
            continue
        assert result is None or isinstance(result, Part)
        if pieces[index].add(number, result):  # its last part: joined while the workers go on
            whole[index] = settling.done(_join(run, targets[index], splits[index], pieces[index]))
    return [whole[index] for index in range(len(targets))]


class _Pieces:
    """The parts of a cut catalog as they come in, and whether they still join into one.

    Each part's messages are compared with the others' as it comes in, while the workers
    go on: only the last part's are left for the end of the run (30,000 hashes: 2 ms).
    """

    def __init__(self, count: int) -> None:
        self.parts: list[Part | None] = [None] * count
        self.left = count
        self.hashes: set[int] = set()
        self.twice = False  # a message defined in two parts

    def add(self, number: int, part: Part | None) -> bool:
        """Keep a part (None: it did not parse); whether it was the last one."""
        self.parts[number] = part
        self.left -= 1
        if part is not None and not self.twice:
            self.twice = not self.hashes.isdisjoint(part.hashes)
            self.hashes.update(part.hashes)
        return not self.left


def _join(run: CatalogRun, target: Target, split: _Split, pieces: _Pieces) -> Outcome:
    """One catalog's outcome from its parts, or from checking it again in one piece."""
    done = [part for part in pieces.parts if part is not None]
    if len(done) < len(pieces.parts) or pieces.twice or _utf8_in_fact(split, done):
        return run.catalog(target)  # reports the error as one process does
    if not split.c_catalog and any("c-format" in part.flags for part in done):
        return run.catalog(target)  # a catalog of C code after all: its checks differ
    try:
        return run.conclude(target, split.header, split.encoding, split.bom, split.c_catalog, done)
    except PoSyntaxError as e:  # a catalog check read it again, and it had changed meanwhile
        return run.unreadable(run.explain(e, target), target.locale or "?")


def _utf8_in_fact(split: _Split, parts: list[Part]) -> bool:
    """A legacy charset whose bytes are in fact UTF-8 (an editor saved UTF-8 and left the
    header): the whole file's reader says so, as one process would."""
    if split.encoding == "utf-8":
        return False
    non_ascii = any(part.utf8[0] for part in parts)
    return non_ascii and all(part.utf8[1] for part in parts)


def plan(target: Target, parts: int) -> _Split | None:
    """Where to cut a catalog into about ``parts`` parts, or None to check it in one piece.

    Only a catalog whose first entry is its header and whose charset can be decoded
    from any line on is cut; the cuts fall between two entries (``_CUT_RE``).
    """
    try:
        head = _head(target)
        reader = PoReader.from_bytes(_first_two(head), target.shown)
        flagged = PoReader.from_bytes(head, target.shown)
        with gc_paused():
            entries = iter(reader)
            first = next(entries, None)
            if next(entries, None) is None:  # the header may go on past the head: read on
                reader = flagged = PoReader(target.path, target.shown)
                first = next(iter(reader), None)
        if first is None or first is not reader.header or _STATEFUL.search(reader.encoding):
            return None
        encoding = codecs.lookup(reader.encoding).name
        # A catalog of C code names c-format in its first entries: read from the head, not
        # from the whole file (24 ms for 23 MB, before any worker starts). A part that
        # finds it further on has the catalog checked again in one piece (``_join``).
        c_catalog = flagged.names_flag("c-format")
        size = _size(target)
        spans: list[Span] = []
        start, line = (3 if reader.bom else 0), 1
        for offset, cut_line in _cuts(target, [size * k // parts for k in range(1, parts)]):
            if offset > start:
                spans.append(Span(start, offset, line, encoding))
                start, line = offset, cut_line
        spans.append(Span(start, size, line, encoding))
    except (PoSyntaxError, OSError):
        return None  # checked in one piece, which reports the problem
    if len(spans) < 2:
        return None
    return _Split(first, encoding, reader.bom, c_catalog, spans)


def _head(target: Target) -> bytes:
    """The catalog's first bytes only: enough for its header, charset and BOM, and for the
    flags of its first entries.

    The head ends at a blank line, so that it holds whole entries; a header longer than
    the head is read as no header, and the catalog is checked in one piece.
    """
    with open(target.path, "rb") as stream:
        head = stream.read(_HEAD_BYTES)
    blanks = list(_BLANK_LINE_RE.finditer(head))
    return head[: blanks[-1].end()] if blanks else b""


def _first_two(head: bytes) -> bytes:
    """The head up to the end of its second entry, where it shows that end.

    ``plan`` needs the header and whether an entry follows it: parsing the head's
    hundreds of entries took 1.5-2 ms for each catalog cut.
    """
    first = _CUT_RE.search(head)
    second = _CUT_RE.search(head, first.end()) if first else None
    return head[: second.end()] if second else head


def _cuts(target: Target, offsets: list[int]) -> Iterator[tuple[int, int]]:
    """For each offset, the first cut after it: its byte offset and line number."""
    with open(target.path, "rb") as stream:
        lines = 1
        position = 0
        for offset in offsets:
            if offset < position:
                continue
            lines += _count_newlines(stream, position, offset)
            stream.seek(offset)
            window = stream.read(1 << 16)
            match = _CUT_RE.search(window)
            if match is None:
                position = offset
                continue
            cut = offset + match.end()
            lines += window.count(b"\n", 0, match.end())
            position = cut
            yield cut, lines


def _count_newlines(stream: BinaryIO, start: int, end: int) -> int:
    stream.seek(start)
    count = 0
    left = end - start
    while left > 0:
        chunk = stream.read(min(left, 1 << 20))
        if not chunk:
            break
        count += chunk.count(b"\n")
        left -= len(chunk)
    return count


def _size(target: Target) -> int:
    try:
        return os.stat(target.path).st_size
    except (OSError, ValueError):
        return 0


class _Sent(NamedTuple):
    """A unit's result as a worker sends it: its findings as plain tuples.

    Pickling a named tuple runs Python code for each (``__getnewargs__``); plain tuples
    are pickled in C, three times faster for the 24,000 findings of a large tree.
    """

    result: Outcome | Part
    findings: list[tuple[object, ...]]


_Result = tuple[tuple[int, int], _Sent | None]


def _check_unit(
    targets: Sequence[Target], run: CatalogRun, task: tuple[tuple[int, int], _Split | None]
) -> _Result:
    (index, number), split = task
    target = targets[index]
    result: Outcome | Part
    if split is None:
        result = run.catalog(target)
    else:
        try:
            result = run.part(target, split.spans[number], split.header, split.c_catalog)
        except PoSyntaxError:
            return (index, number), None  # the parent checks the catalog in one piece
    findings: list[tuple[object, ...]] = [tuple(finding) for finding in result.findings]
    result.findings = []
    return (index, number), _Sent(result, findings)


def _received(sent: _Sent | None) -> Outcome | Part | None:
    if sent is None:
        return None
    sent.result.findings = [tuple.__new__(Finding, row) for row in sent.findings]
    return sent.result
