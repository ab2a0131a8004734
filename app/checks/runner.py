"""Find the catalogs, read each once as a stream, run the selected checks, locate findings.

Checks report problems; this module turns them into findings with check id, path,
line, locale and msgid, applies per-entry opt-outs, counts statistics and asks the
policy which locales fail. A file that cannot be read or parsed becomes a ``syntax``
finding and the rest of the tree is still checked.

Memory and time: a catalog is read as a stream of entries and each entry is checked
as it is read, then dropped, so a catalog of any size is checked in little memory
(catalog checks that go through every entry read the file again, see ``ondisk.py``).
Catalogs are checked in worker processes, one per core, and a large catalog is cut
into parts checked side by side (``parallel.py``); the report is the same, finding
for finding and in the same order, as one process gives.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..formats import names_unparsed_format
from ..lazy_regex import lazy_compile
from ..po import Entry, MissingFile, PoFile, PoReader, PoSyntaxError, Span, gc_paused
from ..source_issues import Question, Raised, group, questions_of
from .context import CatalogContext, Key, ProjectContext
from .header import _LANGUAGE_RE
from .language import code_from_path
from .model import (
    JUDGED_ALONE,
    BatchedCheck,
    CatalogCheck,
    Check,
    EntryCheck,
    EntryFunc,
    FileCheck,
    Finding,
    Problem,
    ProjectCheck,
)
from .ondisk import OnDisk
from .pluralforms import PluralFormsError, PluralRule, parse_plural_forms
from .policy import Policy, failures
from .stats import Stats, words

if TYPE_CHECKING:
    from ..reviews import Record
    from .glossary import Glossary

_OPT_OUT_RE = lazy_compile(r"i18n-check:\s*ignore\s+([\w\s,-]+)")
_CODE_RE = lazy_compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[A-Za-z0-9]+)?")


class Target:
    """A catalog to check and what is known about it before reading it (a plain class,
    as every record of the checker: see ``model``)."""

    def __init__(
        self,
        path: Path,
        shown: str,
        locale: str | None,  # the registry's code, or one guessed from the path
        policy: Policy,
        expected_language: str | None = None,  # project catalogs: Language must say this
        template: dict[Key, Entry] | None = None,
        glossary: Glossary | None = None,
        missing_hint: str | None = None,  # what to do when the file does not exist
        reviews: Record | None = None,  # review-required locales: their review record
        problem: str | None = None,  # found unreadable while looking for catalogs (a folder)
    ) -> None:
        self.path = path
        self.shown = shown
        self.locale = locale
        self.policy = policy
        self.expected_language = expected_language
        self.template = template
        self.glossary = glossary
        self.missing_hint = missing_hint
        self.reviews = reviews
        self.problem = problem

    def with_path(self, path: Path) -> Target:
        """The same catalog read from another file (an older version of it)."""
        return self._with(path, self.policy)

    def with_policy(self, policy: Policy) -> Target:
        return self._with(self.path, policy)

    def _with(self, path: Path, policy: Policy) -> Target:
        return Target(
            path,
            self.shown,
            self.locale,
            policy,
            self.expected_language,
            self.template,
            self.glossary,
            self.missing_hint,
            self.reviews,
            self.problem,
        )

    def __repr__(self) -> str:
        return f"Target({self.shown!r}, locale={self.locale!r})"


class CatalogResult:
    """One catalog's statistics."""

    def __init__(self, path: str, locale: str, status: str, stats: Stats, parsed: bool) -> None:
        self.path = path
        self.locale = locale
        self.status = status
        self.stats = stats
        self.parsed = parsed


class LocaleResult:
    """The sum over one locale's catalogs, and whether its policy failed."""

    def __init__(
        self,
        locale: str,
        policy: Policy,
        stats: Stats | None = None,
        catalogs: int = 0,
        unreadable: int = 0,  # catalogs that could not be read or parsed: counts unknown
        errors: int = 0,
        warnings: int = 0,
        failures: list[str] | None = None,
    ) -> None:
        self.locale = locale
        self.policy = policy
        self.stats = Stats() if stats is None else stats
        self.catalogs = catalogs
        self.unreadable = unreadable
        self.errors = errors
        self.warnings = warnings
        self.failures = [] if failures is None else failures


class Report:
    """Everything a reporter renders."""

    def __init__(
        self,
        checks: tuple[Check, ...],
        findings: list[Finding],
        catalogs: list[CatalogResult],
        locales: list[LocaleResult],
        project_failures: list[str],
        questions: list[Question] | None = None,  # about the English; never fail
    ) -> None:
        self.checks = checks
        self.findings = findings
        self.catalogs = catalogs
        self.locales = locales
        self.project_failures = project_failures
        self.questions = [] if questions is None else questions

    @property
    def passed(self) -> bool:
        """No locale and nothing project-wide failed: exit code 0."""
        return not self.project_failures and not any(loc.failures for loc in self.locales)


def guess_locale(path: Path) -> str | None:
    """The locale a path names (``zh_TW.UTF-8.po``: ``zh_TW``; see ``code_from_path``).

    A ``<code>/LC_MESSAGES`` folder names a locale even when CLDR does not know it.
    """
    code = code_from_path(path.as_posix())
    if code is None:
        parts = path.parts
        if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and _CODE_RE.fullmatch(parts[-3]):
            return parts[-3]
    return code


class Found:
    """What a walk through the PATHs found: catalogs, and places it could not look into."""

    def __init__(self) -> None:
        self.catalogs: list[Path] = []
        self.problems: list[tuple[Path, str]] = []


def walk(paths: Iterable[Path]) -> Found:
    """Every ``*.po`` under the given directories, and the given files, sorted, once each.

    Symlinked folders are not followed (a link loop cannot trap the walk). A folder
    that cannot be listed (no permission, a path longer than the system allows) is a
    problem to report, never a silent gap in the check.
    """
    found = Found()
    seen: dict[Path, None] = {}
    spellings: set[str] = set()  # "fr.po" and "./po/../fr.po" are one catalog (links are kept)

    def add(path: Path) -> None:
        spelling = os.path.normpath(os.path.abspath(path))
        if spelling not in spellings:
            spellings.add(spelling)
            seen[path] = None

    def unreadable(error: OSError) -> None:
        where = Path(os.fsdecode(error.filename)) if error.filename else Path(".")
        found.problems.append((where, folder_problem(error)))

    for path in paths:
        if not path.is_dir():
            add(path)
            continue
        for folder, dirs, files in os.walk(path, onerror=unreadable):
            dirs.sort()
            base = Path(folder)
            for name in sorted(dirs + files):
                if name.endswith(".po"):
                    add(base / name)
    found.catalogs = list(seen)
    return found


def find_catalogs(paths: Iterable[Path]) -> list[Path]:
    """Every ``*.po`` under the given directories, and the given files (see ``walk``)."""
    return walk(paths).catalogs


def folder_problem(error: OSError) -> str:
    """Why a folder could not be searched for catalogs, and what to do."""
    if error.errno == errno.ENAMETOOLONG:
        return (
            "cannot look into this folder: its path is longer than the system allows "
            "(PATH_MAX); the catalogs below it were not checked"
        )
    reason = error.strerror or type(error).__name__
    return f"cannot look into this folder ({reason}): the catalogs below it were not checked"


def _opt_outs(entry: Entry) -> frozenset[str]:
    ids: set[str] = set()
    for comment in (*entry.auto_comments, *entry.comments):
        if "i18n-check" in comment:
            for match in _OPT_OUT_RE.finditer(comment):
                ids.update(part.strip() for part in re.split(r"[\s,]+", match.group(1)) if part)
    return frozenset(ids)


class CheckFailed(Exception):
    """A check raised on an entry (a bug in the check, never the catalog's fault)."""


class Outcome:
    """What checking one catalog (or one part of a large one) produced."""

    def __init__(self, stats: Stats | None = None, locale: str = "?") -> None:
        self.findings: list[Finding] = []
        self.stats = stats  # None: the file could not be read or parsed
        self.locale = locale
        self.raised: list[tuple[Entry, Raised]] = []
        # What batched checks gathered, to judge with other catalogs': (check id, where
        # its findings go in ``findings``, the path as printed, the item). See ``settle``.
        self.pending: list[tuple[str, int, str, object]] = []


class Part:
    """What checking the entries of a catalog, or of one part of it, produced."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.stats = Stats()
        self.raised: list[tuple[Entry, Raised]] = []
        self.obsolete: list[Entry] = []
        self.hashes: list[int] = []  # a part's: duplicates across parts
        self.utf8: tuple[int, bool] = (0, True)  # a part's: see ``PoReader.utf8``
        self.flags: set[str] = set()  # every flag of the entries, once
        # Active entries flagged with a format only msgfmt judges (``placeholders-msgfmt``):
        # that check needs no second reading of the catalog.
        self.delegated: list[Entry] = []


class CatalogRun:
    """The checks of one run, applied to one catalog at a time."""

    def __init__(self, checks: Sequence[Check]) -> None:
        self.checks = tuple(checks)
        by_state: dict[str, list[EntryCheck]] = {"untranslated": [], "fuzzy": [], "translated": []}
        for check in checks:
            if isinstance(check, EntryCheck):
                by_state[check.applies].append(check)
        self.untranslated = tuple((check, check.func) for check in by_state["untranslated"])
        self.fuzzy = tuple((check, check.func) for check in by_state["fuzzy"])
        self.translated = tuple((check, check.func) for check in by_state["translated"])
        self.catalog_checks = tuple(c for c in checks if isinstance(c, CatalogCheck))
        self.file_check = next((c for c in checks if isinstance(c, FileCheck)), None)

    def unreadable(self, error: PoSyntaxError, locale: str) -> Outcome:
        """A file that cannot be read or parsed: a ``syntax`` finding (if selected)."""
        outcome = Outcome(locale=locale)
        if self.file_check is not None:
            _locate(
                outcome.findings,
                self.file_check,
                Problem(error.message, error.line),
                error.path,
                locale,
                None,
            )
        return outcome

    def catalog(self, target: Target) -> Outcome:
        """Check one catalog, reading it as a stream."""
        if target.problem is not None:
            problem = PoSyntaxError(target.shown, None, target.problem)
            return self.unreadable(problem, target.locale or "?")
        try:
            reader = _reader(target)
            c_catalog = reader.names_flag("c-format")
            with gc_paused():
                entries = iter(reader)
                # Entries before the header (rare) wait for it: every check sees its facts.
                waiting: list[Entry] = []
                for entry in entries:
                    waiting.append(entry)
                    if reader.header is not None:
                        break
                part = self.part_of(target, reader.header, reader, c_catalog, [waiting, entries])
                outcome = self.conclude(
                    target, reader.header, reader.encoding, reader.bom, c_catalog, [part]
                )
            if reader.duplicates and self.file_check is not None:
                twice: list[Finding] = []
                for twin in reader.duplicates:
                    again = Problem(twin.message, twin.line)
                    _locate(twice, self.file_check, again, target.shown, outcome.locale, None)
                outcome.findings[:0] = twice
                outcome.pending = [
                    (id, at + len(twice), shown, item) for id, at, shown, item in outcome.pending
                ]
            return outcome
        except PoSyntaxError as e:
            return self.unreadable(self.explain(e, target), target.locale or "?")

    def explain(self, error: PoSyntaxError, target: Target) -> PoSyntaxError:
        """The error, with what to do when the file is missing."""
        if isinstance(error, MissingFile):
            hint = target.missing_hint or "no such file (a broken link?)"
            return PoSyntaxError(target.shown, None, f"missing: {hint}")
        return error

    def part(self, target: Target, span: Span, header: Entry, c_catalog: bool) -> Part:
        """Check the entries of one part of a large catalog (``PoSyntaxError`` if broken)."""
        reader = PoReader(target.path, target.shown, span)
        with gc_paused():
            part = self.part_of(target, header, reader, c_catalog, [reader])
        part.hashes = list(reader.hashes)
        part.utf8 = reader.utf8
        return part

    def part_of(
        self,
        target: Target,
        header: Entry | None,
        reader: PoReader,
        c_catalog: bool,
        entries: Iterable[Iterable[Entry]],
    ) -> Part:
        """Count and check the entries, keeping only findings, counts, obsolete entries and
        those flagged with a format only msgfmt judges."""
        part = Part()
        ctx = self.context(target, header, reader.encoding, reader.bom, c_catalog, part.obsolete)
        for some in entries:
            self.entries(ctx, some, part)
        return part

    def conclude(
        self,
        target: Target,
        header: Entry | None,
        encoding: str,
        bom: bool,
        c_catalog: bool,
        parts: Sequence[Part],
    ) -> Outcome:
        """The outcome of a catalog once all its entries were checked: the catalog checks."""
        stats = Stats()
        outcome = Outcome(stats=stats)
        obsolete: list[Entry] = []
        flags: set[str] = set()
        delegated: list[Entry] = []
        for part in parts:
            outcome.findings += part.findings
            outcome.raised += part.raised
            stats.add(part.stats)
            obsolete += part.obsolete
            flags |= part.flags
            delegated += part.delegated
        ctx = self.context(target, header, encoding, bom, c_catalog, obsolete)
        ctx.flags = frozenset(flags)
        ctx.delegated = delegated
        for entry in obsolete:
            stats.obsolete += 1
            stats.obsolete_words += words(entry.msgid)
        outcome.locale = ctx.locale
        for check in self.catalog_checks:
            if isinstance(check, BatchedCheck):  # judged with the other catalogs': settle
                item = check.gather(ctx)
                if item is None:
                    continue
                if check.size(item) < JUDGED_ALONE:
                    outcome.pending.append((check.id, len(outcome.findings), ctx.shown, item))
                    continue
                problems: Iterable[Problem] = check.judge([item])[0]
            else:
                problems = check.func(ctx)
            for problem in problems:
                _locate(outcome.findings, check, problem, ctx.shown, ctx.locale, None, header)
        return outcome

    def settle(self, outcomes: Sequence[Outcome]) -> None:
        """Judge what the batched checks gathered from all the catalogs, each check at
        once, and put each catalog's findings where that check's turn came."""
        # The last check first: the places recorded for the checks before it stay true.
        for check in reversed(self.catalog_checks):
            if not isinstance(check, BatchedCheck):
                continue
            waiting = [
                (outcome, at, shown, item)
                for outcome in outcomes
                for id, at, shown, item in outcome.pending
                if id == check.id
            ]
            if not waiting:
                continue
            judged = check.judge([item for _, _, _, item in waiting])
            for (outcome, at, shown, _), problems in zip(waiting, judged, strict=True):
                found: list[Finding] = []
                for problem in problems:
                    _locate(found, check, problem, shown, outcome.locale, None)
                outcome.findings[at:at] = found
        for outcome in outcomes:
            outcome.pending = []

    def context(
        self,
        target: Target,
        header: Entry | None,
        encoding: str,
        bom: bool,
        c_catalog: bool,
        obsolete: list[Entry],
    ) -> CatalogContext:
        """What the checks know of the catalog: its header, never all its entries at once."""

        po = PoFile(target.shown, header, OnDisk(lambda: _reader(target)), obsolete, encoding, bom)
        return _context(po, target, guess_python=not c_catalog)

    def entries(self, ctx: CatalogContext, entries: Iterable[Entry], part: Part) -> None:
        """Count and check entries, adding to ``part``.

        Obsolete entries are set aside for the catalog checks, the header is skipped:
        this loop runs once per message of the tree.
        """
        stats, obsolete, findings, raised = part.stats, part.obsolete, part.findings, part.raised
        flags, delegated = part.flags, part.delegated
        shown, locale = ctx.shown, ctx.locale
        untranslated_checks, fuzzy_checks, value_checks = (
            _for_catalog(ctx, self.untranslated),
            _for_catalog(ctx, self.fuzzy),
            _for_catalog(ctx, self.translated),
        )
        for entry in entries:
            if entry.obsolete:
                obsolete.append(entry)
                continue
            if entry.msgid == "" and entry.msgctxt is None:  # the header (there is one)
                continue
            if entry.flags:
                flags.update(entry.flags)
                if names_unparsed_format(entry.flags):
                    delegated.append(entry)
            count = len(entry.msgid.split())  # source words
            # As msgfmt: translated when msgstr (msgstr[0]) is filled. Without it msgfmt
            # drops the entry, other forms included, and gettext shows the English.
            if not (entry.msgstr if entry.msgid_plural is None else entry.msgstr_plural[0]):
                stats.untranslated += 1
                stats.untranslated_words += count
                checks = untranslated_checks
            elif "fuzzy" in entry.flags:
                stats.fuzzy += 1
                stats.fuzzy_words += count
                checks = fuzzy_checks
            else:
                stats.translated += 1
                stats.translated_words += count
                checks = value_checks
            for check, func in checks:
                try:
                    problems = func(ctx, entry)
                    if not problems:  # NO_PROBLEMS, nearly always: no iterator to make
                        continue
                    for problem in problems:
                        if problem.line is None and checks is value_checks:
                            problem = Problem(problem.message, entry.string_line(), entry)
                        _locate(findings, check, problem, shown, locale, entry)
                except Exception as e:  # a bug in a check: say where, so that it can be fixed
                    where = f"{shown}:{entry.line}: the {check.id} check failed"
                    raise CheckFailed(f"{where} ({type(e).__name__}: {e})") from e
            if entry.comments:
                raised += (
                    (entry, Raised(locale, shown, entry.line, text)) for text in questions_of(entry)
                )


def _for_catalog(
    ctx: CatalogContext, checks: tuple[tuple[EntryCheck, EntryFunc], ...]
) -> tuple[tuple[EntryCheck, EntryFunc], ...]:
    """The checks that can find anything in this catalog (``EntryCheck.when``)."""
    return tuple(pair for pair in checks if pair[0].when is None or pair[0].when(ctx))


def _reader(target: Target) -> PoReader:
    """A whole catalog as the checker reads it, the first time and again for catalog checks.

    Every message defined twice is collected (the checker reports them all, as msgfmt
    does) and left out; a charset only GNU knows is read byte by byte (the header check
    says what Python cannot do with it).
    """
    reader = PoReader(target.path, target.shown)
    reader.duplicates = []
    reader.charset_fallback = True
    return reader


def _locate(
    findings: list[Finding],
    check: Check,
    problem: Problem,
    path: str,
    locale: str | None,
    entry: Entry | None,
    header: Entry | None = None,
) -> None:
    """Locate a problem and keep it, unless its entry opts out of this check."""
    entry = problem.entry or entry
    line = problem.line
    if entry is not None:
        if line is None:
            line = entry.line
        if (entry.comments or entry.auto_comments) and check.id in _opt_outs(entry):
            return
    real = entry is not None and entry is not header
    # tuple.__new__, not Finding(...): a named tuple's __new__ is Python code, and this
    # runs for every finding. The fields in Finding's order.
    fields = (
        check.id,
        check.severity,
        path,
        line,
        locale,
        entry.msgid if real and entry else None,
        problem.message,
        entry.msgctxt if real and entry else None,
    )
    findings.append(tuple.__new__(Finding, fields))


def _context(po: PoFile, target: Target, guess_python: bool) -> CatalogContext:
    fields = po.headers
    declared = fields.get("Language", "")
    # The registry knows a project catalog's language better than its (maybe wrong) header.
    language = target.expected_language or (
        declared if _LANGUAGE_RE.fullmatch(declared) else target.locale
    )
    plural: PluralRule | None = None
    if "Plural-Forms" in fields:
        try:
            plural = parse_plural_forms(fields["Plural-Forms"])
        except PluralFormsError:
            plural = None  # the header check reports it
    return CatalogContext(
        po=po,
        shown=target.shown,
        locale=target.locale or language or "?",
        language=language,
        expected_language=target.expected_language,
        plural=plural,
        glossary=target.glossary,
        template=target.template,
        reviews=target.reviews,
        guess_python=guess_python,
        path=target.path,
    )


def run_checks(
    targets: Sequence[Target],
    checks: Sequence[Check],
    project: ProjectContext | None = None,
    project_path: str = "",
    jobs: int | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Report:
    """Check every target (and the project, if given) with the selected checks.

    ``jobs``: worker processes (None: one per core when the catalogs are large enough
    to gain from it; 1: all in this process). ``meanwhile``: work for after the run
    that this process does while worker processes check, if there are any.
    """
    from .parallel import check_all

    findings: list[Finding] = []
    if project is not None:
        for check in checks:
            if isinstance(check, ProjectCheck):
                for problem in check.func(project):
                    _locate(findings, check, problem, project_path, None, None)
    project_failures = [
        f"{f.path}: [{f.check}] {f.message}" for f in findings if f.severity == "error"
    ]
    catalogs: list[CatalogResult] = []
    locales: dict[str, LocaleResult] = {}
    raised: list[tuple[Entry, Raised]] = []
    by_locale: dict[str, list[Finding]] = {}
    outcomes = check_all(targets, checks, jobs, meanwhile)
    for target, outcome in zip(targets, outcomes, strict=True):
        findings += outcome.findings
        raised += outcome.raised
        for finding in outcome.findings:
            by_locale.setdefault(finding.locale or "?", []).append(finding)
        parsed = outcome.stats is not None
        stats = outcome.stats or Stats()
        code = outcome.locale
        catalogs.append(CatalogResult(target.shown, code, target.policy.status, stats, parsed))
        result = locales.setdefault(code, LocaleResult(code, target.policy))
        result.stats.add(stats)
        result.catalogs += 1
        result.unreadable += not parsed
    for code, result in locales.items():
        mine = by_locale.get(code, [])
        result.errors = sum(1 for f in mine if f.severity == "error")
        result.warnings = len(mine) - result.errors
        result.failures = failures(result.policy, result.stats, mine)
        if result.unreadable and result.policy.status == "published":
            # Not left to the syntax finding: --select or --ignore may have dropped it, and
            # a catalog nobody could read must never pass as published.
            result.failures.append(f"{result.unreadable} unreadable catalog(s)")
    return Report(
        tuple(checks), findings, catalogs, list(locales.values()), project_failures, group(raised)
    )
