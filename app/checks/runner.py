"""Find the catalogs, parse each once, run the selected checks, locate what they find.

Checks report problems; this module turns them into findings with check id, path,
line, locale and msgid, applies per-entry opt-outs, counts statistics and asks the
policy which locales fail. A file that cannot be read or parsed becomes a ``syntax``
finding and the rest of the tree is still checked.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..po import Entry, PoFile, PoSyntaxError, gc_paused, read_po
from ..reviews import Record
from ..source_issues import Question, Raised, group, raised_in
from .context import CatalogContext, Key, ProjectContext
from .glossary import Glossary
from .header import _LANGUAGE_RE
from .model import (
    CatalogCheck,
    Check,
    EntryCheck,
    FileCheck,
    Finding,
    Problem,
    ProjectCheck,
)
from .pluralforms import PluralFormsError, PluralRule, parse_plural_forms
from .policy import Policy, failures
from .stats import Stats, words

_OPT_OUT_RE = re.compile(r"i18n-check:\s*ignore\s+([\w\s,-]+)")
_CODE_RE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*(?:@[A-Za-z0-9]+)?")


@dataclass(frozen=True)
class Target:
    """A catalog to check and what is known about it before reading it."""

    path: Path
    shown: str
    locale: str | None  # the registry's code, or one guessed from the path
    policy: Policy
    expected_language: str | None = None  # project catalogs: Language must say this
    template: dict[Key, Entry] | None = None
    glossary: Glossary | None = None
    missing_hint: str | None = None  # what to do when the file does not exist
    reviews: Record | None = None  # review-required locales: their review record


@dataclass
class CatalogResult:
    """One catalog's statistics."""

    path: str
    locale: str
    status: str
    stats: Stats
    parsed: bool


@dataclass
class LocaleResult:
    """The sum over one locale's catalogs, and whether its policy failed."""

    locale: str
    policy: Policy
    stats: Stats = field(default_factory=Stats)
    catalogs: int = 0
    unreadable: int = 0  # catalogs that could not be read or parsed: their counts are unknown
    errors: int = 0
    warnings: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything a reporter renders."""

    checks: tuple[Check, ...]
    findings: list[Finding]
    catalogs: list[CatalogResult]
    locales: list[LocaleResult]
    project_failures: list[str]
    questions: list[Question] = field(default_factory=list)  # about the English; never fail

    @property
    def passed(self) -> bool:
        """No locale and nothing project-wide failed: exit code 0."""
        return not self.project_failures and not any(loc.failures for loc in self.locales)


def guess_locale(path: Path) -> str | None:
    """The locale a path names: ``<code>/LC_MESSAGES/x.po`` or ``<code>.po``."""
    parts = path.parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES" and _CODE_RE.fullmatch(parts[-3]):
        return parts[-3]
    if _CODE_RE.fullmatch(path.stem):
        return path.stem
    return None


def find_catalogs(paths: Iterable[Path]) -> list[Path]:
    """Every ``*.po`` under the given directories, and the given files, sorted, once each."""
    found: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():
            found[path] = None
            continue
        for folder, dirs, files in os.walk(path):  # does not follow symlinked folders
            dirs.sort()
            base = Path(folder)
            for name in sorted(dirs + files):
                if name.endswith(".po"):
                    found[base / name] = None
    return list(found)


def _opt_outs(entry: Entry) -> frozenset[str]:
    ids: set[str] = set()
    for comment in (*entry.auto_comments, *entry.comments):
        if "i18n-check" in comment:
            for match in _OPT_OUT_RE.finditer(comment):
                ids.update(part.strip() for part in re.split(r"[\s,]+", match.group(1)) if part)
    return frozenset(ids)


def _read(target: Target) -> PoFile:
    try:
        mode = os.stat(target.path).st_mode
    except FileNotFoundError:
        hint = target.missing_hint or "no such file (a broken link?)"
        raise PoSyntaxError(target.shown, None, f"missing: {hint}") from None
    except OSError as e:
        raise PoSyntaxError(target.shown, None, f"cannot read: {e.strerror}") from e
    if stat.S_ISDIR(mode):
        raise PoSyntaxError(target.shown, None, "is a directory, not a PO file")
    if not stat.S_ISREG(mode):  # a FIFO or device would block the read forever
        raise PoSyntaxError(target.shown, None, "not a regular file")
    return read_po(target.path, target.shown)


class _Run:
    """One checker run: accumulates findings and results."""

    def __init__(self, checks: Sequence[Check]) -> None:
        self.checks = tuple(checks)
        self.selected = {check.id for check in checks}
        by_state: dict[str, list[EntryCheck]] = {"untranslated": [], "fuzzy": [], "translated": []}
        for check in checks:
            if isinstance(check, EntryCheck):
                by_state[check.applies].append(check)
        self.untranslated, self.fuzzy, self.translated = (
            tuple(by_state["untranslated"]),
            tuple(by_state["fuzzy"]),
            tuple(by_state["translated"]),
        )
        self.catalog_checks = tuple(c for c in checks if isinstance(c, CatalogCheck))
        self.findings: list[Finding] = []
        self.raised: list[tuple[Entry, Raised]] = []

    def finding(
        self,
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
        self.findings.append(
            Finding(
                check=check.id,
                severity=check.severity,
                path=path,
                line=line,
                locale=locale,
                msgid=entry.msgid if real and entry else None,
                message=problem.message,
                msgctxt=entry.msgctxt if real and entry else None,
            )
        )

    def file_error(self, error: PoSyntaxError, locale: str | None) -> None:
        """A file that cannot be read or parsed: a ``syntax`` finding (if selected)."""
        check = next((c for c in self.checks if isinstance(c, FileCheck)), None)
        if check is not None:
            self.finding(check, Problem(error.message, error.line), error.path, locale, None)

    def catalog(self, target: Target) -> tuple[Stats | None, str]:
        """Check one catalog; its statistics (None: unreadable) and its locale code."""
        try:
            po = _read(target)
        except PoSyntaxError as e:
            self.file_error(e, target.locale or "?")
            return None, target.locale or "?"
        ctx = _context(po, target)
        finding, shown, locale = self.finding, target.shown, ctx.locale
        self.raised += raised_in(po, locale, shown)
        by_state = {
            state: tuple((check, check.func) for check in checks)
            for state, checks in (
                ("untranslated", self.untranslated),
                ("fuzzy", self.fuzzy),
                ("translated", self.translated),
            )
        }
        untranslated_checks = by_state["untranslated"]
        fuzzy_checks = by_state["fuzzy"]
        value_checks = by_state["translated"]
        # Plain local counters: this loop runs once per message of the tree.
        translated = fuzzy = untranslated = 0
        translated_words = fuzzy_words = untranslated_words = 0
        for entry in po.entries:
            count = len(entry.msgid.split())  # source words
            if entry.msgid_plural is None:
                complete = filled = bool(entry.msgstr)
            else:
                complete = all(entry.msgstr_plural)
                filled = complete or any(entry.msgstr_plural)
            is_fuzzy = "fuzzy" in entry.flags
            if not filled:
                untranslated += 1
                untranslated_words += count
                checks = untranslated_checks
            else:
                if not complete:  # a plural form left empty: untranslated (msgfmt: translated)
                    untranslated += 1
                    untranslated_words += count
                elif is_fuzzy:
                    fuzzy += 1
                    fuzzy_words += count
                else:
                    translated += 1
                    translated_words += count
                checks = fuzzy_checks if is_fuzzy else value_checks
            for check, func in checks:
                for problem in func(ctx, entry):
                    if problem.line is None and checks is value_checks:
                        problem = Problem(problem.message, entry.string_line(), entry)
                    finding(check, problem, shown, locale, entry)
        stats = Stats(
            translated, fuzzy, untranslated, 0, translated_words, fuzzy_words, untranslated_words
        )
        for entry in po.obsolete:
            stats.obsolete += 1
            stats.obsolete_words += words(entry.msgid)
        for catalog_check in self.catalog_checks:
            for problem in catalog_check.func(ctx):
                finding(catalog_check, problem, shown, locale, None, po.header)
        return stats, locale


def _context(po: PoFile, target: Target) -> CatalogContext:
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
        guess_python=not any("c-format" in entry.flags for entry in po.entries),
    )


def run_checks(
    targets: Sequence[Target],
    checks: Sequence[Check],
    project: ProjectContext | None = None,
    project_path: str = "",
) -> Report:
    """Check every target (and the project, if given) with the selected checks."""
    with gc_paused():  # checks make many small acyclic objects too
        return _run_checks(targets, checks, project, project_path)


def _run_checks(
    targets: Sequence[Target],
    checks: Sequence[Check],
    project: ProjectContext | None,
    project_path: str,
) -> Report:
    run = _Run(checks)
    if project is not None:
        for check in checks:
            if isinstance(check, ProjectCheck):
                for problem in check.func(project):
                    run.finding(check, problem, project_path, None, None)
    project_findings = len(run.findings)
    catalogs: list[CatalogResult] = []
    locales: dict[str, LocaleResult] = {}
    for target in targets:
        stats, code = run.catalog(target)
        parsed = stats is not None
        stats = stats or Stats()
        catalogs.append(CatalogResult(target.shown, code, target.policy.status, stats, parsed))
        result = locales.setdefault(code, LocaleResult(code, target.policy))
        result.stats.add(stats)
        result.catalogs += 1
        result.unreadable += not parsed
    by_locale: dict[str, list[Finding]] = {}
    for finding in run.findings[project_findings:]:
        by_locale.setdefault(finding.locale or "?", []).append(finding)
    for code, result in locales.items():
        mine = by_locale.get(code, [])
        result.errors = sum(1 for f in mine if f.severity == "error")
        result.warnings = len(mine) - result.errors
        result.failures = failures(result.policy, result.stats, mine)
        if result.unreadable and result.policy.status == "published":
            # Not left to the syntax finding: --select or --ignore may have dropped it, and
            # a catalog nobody could read must never pass as published.
            result.failures.append(f"{result.unreadable} unreadable catalog(s)")
    project_failures = [
        f"{f.path}: [{f.check}] {f.message}"
        for f in run.findings[:project_findings]
        if f.severity == "error"
    ]
    return Report(
        run.checks,
        run.findings,
        catalogs,
        list(locales.values()),
        project_failures,
        group(run.raised),
    )
