"""Which locales fail CI: published ones on any error and on any untranslated or fuzzy message.

Draft locales are reported and never fail. A published locale with ``min_percent``
fails below that share of translated messages instead of on each untranslated or
fuzzy one (errors still fail it). A published locale with ``review = "required"``
also fails on any translated message without a current second-person review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Finding, Severity
from .stats import Stats

if TYPE_CHECKING:
    from ..locales import Status

_INCOMPLETE = frozenset(("untranslated", "fuzzy"))
_UNREVIEWED = "unreviewed"


@dataclass(frozen=True)
class Policy:
    """What a locale must satisfy."""

    status: Status
    min_percent: int | None = None
    review_required: bool = False

    def __reduce__(self) -> tuple[type[Policy], tuple[Status, int | None, bool]]:
        # Compiled (setup.py), a frozen dataclass cannot be unpickled field by field.
        return Policy, (self.status, self.min_percent, self.review_required)


def failures(policy: Policy, stats: Stats, findings: Iterable[Finding]) -> list[str]:
    """Why the locale fails CI (empty: it passes)."""
    if policy.status != "published":
        return []
    reasons = []
    errors = incomplete = unreviewed = 0
    for finding in findings:
        if finding.severity is Severity.ERROR:
            errors += 1
        elif finding.check in _INCOMPLETE:
            incomplete += 1
        elif finding.check == _UNREVIEWED:
            unreviewed += 1
    if errors:
        reasons.append(f"{errors} error(s)")
    if unreviewed and policy.review_required:
        reasons.append(f"{unreviewed} message(s) without a current review")
    if policy.min_percent is None:
        if incomplete:
            reasons.append(f"{incomplete} untranslated or fuzzy message(s)")
    elif stats.translated * 100 < policy.min_percent * stats.total:
        share = 100 * stats.translated / stats.total
        reasons.append(f"{share:.1f}% translated, below min_percent={policy.min_percent}")
    return reasons


def counts_against(policy: Policy, finding: Finding) -> bool:
    """Whether this finding is one that makes its locale fail."""
    if policy.status != "published":
        return False
    if finding.severity is Severity.ERROR:
        return True
    if finding.check == _UNREVIEWED:
        return policy.review_required
    return policy.min_percent is None and finding.check in _INCOMPLETE
