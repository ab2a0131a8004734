"""What checks produce and how they are declared: severities, problems, findings, check kinds.

A check is a small function; a decorator here records its severity, title and which
entries it applies to, and turns it into a ``Check`` whose id is the function's
name with ``_`` written ``-``. The runner adds the location to each ``Problem``
it yields, making a ``Finding``; reporters render findings.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..po import Entry

if TYPE_CHECKING:
    from .context import CatalogContext, ProjectContext


class Severity(enum.StrEnum):
    """Error: the output breaks. Warning: completeness or quality."""

    ERROR = "error"
    WARNING = "warning"


class Problem:
    """What a check found; ``line``/``entry`` only when it is not the entry being checked.

    A plain class, compiled with the checks (setup.py): one is made per finding, and
    never leaves the worker, where a named tuple's ``__new__`` is Python code.
    """

    def __init__(self, message: str, line: int | None = None, entry: Entry | None = None) -> None:
        self.message = message
        self.line = line
        self.entry = entry

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, line={self.line!r})"


# A finding is a named tuple, not a dataclass: a tree may have tens of thousands, each
# made in a worker and sent to the parent; a tuple is made and pickled three times
# faster (10 µs a finding to 4).
class Finding(NamedTuple):
    """A located problem: the unit every reporter renders and every policy counts."""

    check: str
    severity: Severity
    path: str
    line: int | None
    locale: str | None
    msgid: str | None
    message: str
    msgctxt: str | None = None


# Which entries an entry check sees. Value checks ("translated") skip untranslated
# and fuzzy entries, so one missing string gives one finding, not five.
Applies = Literal["untranslated", "fuzzy", "translated"]

# An entry check runs for every message of a tree: where it finds nothing, as nearly
# always, it returns an empty tuple rather than an exhausted generator (two objects
# made and freed per message and check).
EntryFunc = Callable[["CatalogContext", Entry], Iterable[Problem]]
NO_PROBLEMS: tuple[Problem, ...] = ()
# What a catalog must have for an entry check to find anything in it (a glossary...).
CatalogTest = Callable[["CatalogContext"], bool]
CatalogFunc = Callable[["CatalogContext"], Iterator[Problem]]
# A batched check: what it takes from one catalog (None: nothing to judge), the problems
# of each of many such items, judged at once, and how many things an item holds.
GatherFunc = Callable[["CatalogContext"], object]
JudgeFunc = Callable[[list[Any]], list[list[Problem]]]
SizeFunc = Callable[[Any], int]
ProjectFunc = Callable[["ProjectContext"], Iterator[Problem]]


# The check kinds, the runner's records and the PO reader's entries are plain classes,
# not dataclasses: importing dataclasses and making 21 of them took 12 ms of the
# checker's 46 ms start (dataclasses imports inspect, and writes each method with exec).


class Check:
    """A registered check: stable id, severity and human title."""

    id: str
    severity: Severity
    title: str

    def __init__(self, id: str, severity: Severity, title: str) -> None:
        self.id = id
        self.severity = severity
        self.title = title

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


class EntryCheck(Check):
    """Runs once per active entry in the given state."""

    applies: Applies
    func: EntryFunc
    # None: every catalog. Else the check is not even called for the entries of a
    # catalog that fails the test (it runs for every message of the tree).
    when: CatalogTest | None

    def __init__(
        self,
        id: str,
        severity: Severity,
        title: str,
        applies: Applies,
        func: EntryFunc,
        when: CatalogTest | None = None,
    ) -> None:
        super().__init__(id, severity, title)
        self.applies = applies
        self.func = func
        self.when = when


class CatalogCheck(Check):
    """Runs once per parsed catalog (header, obsolete entries, template comparison)."""

    func: CatalogFunc

    def __init__(self, id: str, severity: Severity, title: str, func: CatalogFunc) -> None:
        super().__init__(id, severity, title)
        self.func = func


class BatchedCheck(CatalogCheck):
    """A catalog check whose work costs less done for every catalog of a run at once
    (one run of msgfmt, not one per catalog: 2.5 ms each, whatever the catalog's size).

    The runner ``gather``s an item from each catalog and records where the check's turn
    came among the catalog's findings; once every catalog is checked, ``judge`` gets all
    the items, and each catalog's problems are put at that place: the report is the same
    as if ``func`` (both steps, for one catalog alone) had run in turn. An item of ``size``
    ``JUDGED_ALONE`` or more is judged at once, where its catalog is checked: a run's
    fixed cost is small beside it, and workers judge such catalogs side by side.
    """

    gather: GatherFunc
    judge: JudgeFunc
    size: SizeFunc

    def __init__(
        self,
        id: str,
        severity: Severity,
        title: str,
        gather: GatherFunc,
        judge: JudgeFunc,
        size: SizeFunc,
    ) -> None:
        super().__init__(id, severity, title, self._alone)
        self.gather = gather
        self.judge = judge
        self.size = size

    def _alone(self, ctx: CatalogContext) -> Iterator[Problem]:
        item = self.gather(ctx)
        if item is not None:
            yield from self.judge([item])[0]


# A batched item this large is judged alone (see ``BatchedCheck``): a catalog with 200
# strings for msgfmt makes a run of 5 ms, 2.5 of them fixed.
JUDGED_ALONE = 200


class ProjectCheck(Check):
    """Runs once per project tree (not for arbitrary PATHs)."""

    func: ProjectFunc

    def __init__(self, id: str, severity: Severity, title: str, func: ProjectFunc) -> None:
        super().__init__(id, severity, title)
        self.func = func


class FileCheck(Check):
    """Reported by the runner itself when a file cannot be read or parsed."""


def _check_id(func: Callable[..., object]) -> str:
    return func.__name__.replace("_", "-")


# The title is an argument, not the function's docstring: the compiled modules
# (setup.py) keep no docstrings.


def entry_check(
    severity: Severity,
    title: str,
    applies: Applies = "translated",
    when: CatalogTest | None = None,
) -> Callable[[EntryFunc], EntryCheck]:
    """Declare an entry check (``when``: the catalogs it can find anything in)."""

    def wrap(func: EntryFunc) -> EntryCheck:
        return EntryCheck(_check_id(func), severity, title, applies, func, when)

    return wrap


def catalog_check(severity: Severity, title: str) -> Callable[[CatalogFunc], CatalogCheck]:
    """Declare a catalog check."""

    def wrap(func: CatalogFunc) -> CatalogCheck:
        return CatalogCheck(_check_id(func), severity, title, func)

    return wrap


def project_check(severity: Severity, title: str) -> Callable[[ProjectFunc], ProjectCheck]:
    """Declare a project check."""

    def wrap(func: ProjectFunc) -> ProjectCheck:
        return ProjectCheck(_check_id(func), severity, title, func)

    return wrap
