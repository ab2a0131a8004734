"""Which locales fail CI: published ones on any error and on any untranslated or fuzzy message.

Draft locales are reported and never fail. A published locale with ``min_percent``
fails below that share of translated messages instead of on each untranslated or
fuzzy one (errors still fail it). A published locale with ``review = "required"``
also fails on any translated message without a current second-person review.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from .model import Finding, Severity
from .stats import Stats

if TYPE_CHECKING:
    from ..locales import Status

_INCOMPLETE = frozenset(("untranslated", "fuzzy"))
_UNREVIEWED = "unreviewed"


class Policy:
    """What a locale must satisfy (a value: equal when its fields are; see ``model``)."""

    def __init__(
        self, status: Status, min_percent: int | None = None, review_required: bool = False
    ) -> None:
        self.status: Final = status
        self.min_percent: Final = min_percent
        self.review_required: Final = review_required

    def _fields(self) -> tuple[Status, int | None, bool]:
        return (self.status, self.min_percent, self.review_required)

    def with_min_percent(self, min_percent: int | None) -> Policy:
        return Policy(self.status, min_percent, self.review_required)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Policy{self._fields()!r}"

    def __reduce__(self) -> tuple[type[Policy], tuple[Status, int | None, bool]]:
        # Compiled (setup.py), final fields cannot be set one by one when unpickling.
        return Policy, self._fields()


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
