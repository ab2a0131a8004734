"""Baseline mode: report only the findings that are new since a git revision.

``--new-since REF`` lets a project with years of findings adopt the gate without
fixing its past first. The catalogs as they were at REF are read from git (``git
cat-file``, no checkout: the work tree is never touched), checked with the same
checks and settings, and every finding that was already there is left out. A
finding is matched by catalog path, msgctxt, msgid and check id, never by line, so
a message that only moved is not new; an edited message that now fails a check it
passed is. When a message had several findings of one check, the ones with the
same text are matched first and only the surplus is new. Findings about the
project as a whole (a stale template) are always kept: they are not in a catalog.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Check, Finding, ProjectCheck
from .policy import failures
from .runner import LocaleResult, Report, Target, run_checks

Key = tuple[str, str | None, str | None, str]


class BaselineError(Exception):
    """The baseline cannot be read: not a git repository, no such revision, git missing."""


@dataclass(frozen=True)
class Baseline:
    """What the baseline was and how much of the report it left out."""

    ref: str
    commit: str  # the revision REF named (the first repository's, when there are several)
    known: int  # findings already present at REF, left out of the report


def new_since(
    ref: str, targets: Sequence[Target], checks: Sequence[Check], report: Report
) -> tuple[Report, Baseline]:
    """``report`` without the findings its catalogs already had at git revision ``ref``."""
    if not ref or ref.startswith("-"):
        raise BaselineError(f"--new-since {ref}: not a git revision")
    old = _old_catalogs(ref, targets)
    with tempfile.TemporaryDirectory(prefix="guide-i18n-baseline-") as folder:
        old_targets = []
        for number, target in enumerate(targets):
            data = old.blobs.get(number)
            if data is None:
                continue  # not in the repository at REF: everything in it is new
            copy = Path(folder) / f"{number}.po"
            copy.write_bytes(data)
            old_targets.append(target.with_path(copy))
        catalog_checks = [c for c in checks if not isinstance(c, ProjectCheck)]
        before = run_checks(old_targets, catalog_checks)
    project_ids = {c.id for c in checks if isinstance(c, ProjectCheck)}
    kept = subtract(report.findings, before.findings, project_ids)
    unreadable_before = {c.path for c in before.catalogs if not c.parsed}
    newly_unreadable = Counter(
        c.locale for c in report.catalogs if not c.parsed and c.path not in unreadable_before
    )
    locales = [_rejudge(loc, kept, newly_unreadable[loc.locale]) for loc in report.locales]
    known = len(report.findings) - len(kept)
    again = Report(
        report.checks, kept, report.catalogs, locales, report.project_failures, report.questions
    )
    return again, Baseline(ref, old.commit, known)


def subtract(
    now: Iterable[Finding],
    before: Iterable[Finding],
    always: frozenset[str] | set[str] = frozenset(),
) -> list[Finding]:
    """The findings of ``now`` that ``before`` did not have (``always``: check ids kept anyway)."""
    old_texts: Counter[tuple[Key, str]] = Counter()
    old_counts: Counter[Key] = Counter()
    for finding in before:
        key = _key(finding)
        old_texts[key, finding.message] += 1
        old_counts[key] += 1
    now = list(now)
    known = [False] * len(now)
    # First the findings whose text is unchanged, then any other of the same key.
    for index, finding in enumerate(now):
        key = _key(finding)
        if finding.check not in always and old_texts[key, finding.message] > 0:
            old_texts[key, finding.message] -= 1
            old_counts[key] -= 1
            known[index] = True
    for index, finding in enumerate(now):
        key = _key(finding)
        if not known[index] and finding.check not in always and old_counts[key] > 0:
            old_counts[key] -= 1
            known[index] = True
    return [finding for finding, old in zip(now, known, strict=True) if not old]


def _key(finding: Finding) -> Key:
    return (finding.path, finding.msgctxt, finding.msgid, finding.check)


def _rejudge(locale: LocaleResult, kept: Sequence[Finding], newly_unreadable: int) -> LocaleResult:
    """The locale's counts and verdict from its new findings only."""
    mine = [f for f in kept if (f.locale or "?") == locale.locale]
    errors = sum(1 for f in mine if f.severity == "error")
    reasons = failures(locale.policy, locale.stats, mine)
    if newly_unreadable and locale.policy.status == "published":
        reasons.append(f"{newly_unreadable} unreadable catalog(s)")
    return LocaleResult(
        locale.locale,
        locale.policy,
        locale.stats,
        locale.catalogs,
        locale.unreadable,
        errors,
        len(mine) - errors,
        reasons,
    )


# --- reading the catalogs at REF ----------------------------------------------------------------


@dataclass
class _OldCatalogs:
    commit: str
    blobs: dict[int, bytes]  # target number -> its bytes at REF (absent: not there at REF)


def _old_catalogs(ref: str, targets: Sequence[Target]) -> _OldCatalogs:
    by_repository: dict[Path, list[tuple[int, str]]] = {}
    roots: dict[Path, Path | None] = {}
    for number, target in enumerate(targets):
        try:
            real = target.path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: no baseline can name it
            continue
        root = _repository(real.parent, roots)
        if root is None:
            raise BaselineError(f"--new-since {ref}: {target.shown} is not inside a git repository")
        relative = real.relative_to(root).as_posix()
        by_repository.setdefault(root, []).append((number, relative))
    blobs: dict[int, bytes] = {}
    commits = []
    for root, wanted in by_repository.items():
        commit = _commit(root, ref)
        commits.append(commit)
        blobs.update(_blobs(root, commit, wanted))
    if not commits:  # no catalog to compare: still say whether REF exists
        here = _repository(Path.cwd().resolve(), roots)
        if here is None:
            raise BaselineError(f"--new-since {ref}: {Path.cwd()} is not inside a git repository")
        commits.append(_commit(here, ref))
    return _OldCatalogs(commits[0], blobs)


def _repository(folder: Path, cache: dict[Path, Path | None]) -> Path | None:
    """The work tree root above ``folder`` (it holds ``.git``, a folder or a file)."""
    seen = []
    root: Path | None = None
    for candidate in (folder, *folder.parents):
        if candidate in cache:
            root = cache[candidate]
            break
        seen.append(candidate)
        if os.path.lexists(candidate / ".git"):
            root = candidate
            break
    for candidate in seen:
        cache[candidate] = root
    return root


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError as e:
        raise BaselineError("--new-since needs git, and git is not installed") from e


def _commit(root: Path, ref: str) -> str:
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        detail = f" ({why[-1]})" if why else ""
        raise BaselineError(
            f"--new-since {ref}: no such commit in the git repository {root}{detail}; "
            "in a shallow clone, fetch it first (actions/checkout: fetch-depth: 0)"
        )
    return done.stdout.decode().strip()


def _blobs(root: Path, commit: str, wanted: Sequence[tuple[int, str]]) -> dict[int, bytes]:
    """The bytes of each wanted path at ``commit``, read by one ``git cat-file --batch``."""
    batch = [(n, p) for n, p in wanted if "\n" not in p]
    request = b"".join(os.fsencode(f"{commit}:{path}") + b"\n" for _, path in batch)
    done = _git(root, "cat-file", "--batch", stdin=request)
    if done.returncode != 0:
        raise BaselineError(
            f"--new-since: git cat-file failed in {root}: "
            + done.stderr.decode(errors="replace").strip()
        )
    found: dict[int, bytes] = {}
    out, at = done.stdout, 0
    for number, _ in batch:
        end = out.index(b"\n", at)
        header = out[at:end]
        at = end + 1
        if header.endswith((b" missing", b" ambiguous")):  # the name may hold spaces
            continue  # not a file at REF
        _, kind, size = header.rsplit(b" ", 2)  # <oid> <type> <size>, the content, a newline
        if kind == b"blob":
            found[number] = out[at : at + int(size)]
        at += int(size) + 1
    for number, path in wanted:
        if "\n" in path:  # cannot be named on a --batch line
            one = _git(root, "cat-file", "blob", f"{commit}:{path}")
            if one.returncode == 0:
                found[number] = one.stdout
    return found
