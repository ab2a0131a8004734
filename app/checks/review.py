"""Review: in a locale whose registry entry says ``review = "required"``, every translated
message carries a review by a second person of exactly its current English and translation."""

from __future__ import annotations

from collections.abc import Iterator

from ..po import Entry
from .context import CatalogContext
from .model import Problem, Severity, entry_check


def _reviewed(ctx: CatalogContext) -> bool:
    return ctx.reviews is not None


@entry_check(
    Severity.WARNING,
    "A second person has not reviewed the translation as it now stands (review-required)",
    when=_reviewed,
)
def unreviewed(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    if ctx.reviews is None:
        return
    from ..reviews import Status  # here: only review-required locales have records

    verdict = ctx.reviews.verdict(entry)
    if verdict.status is not Status.REVIEWED:
        yield Problem(
            f"{verdict.reason}; a second person reviews it with "
            f"`guide-i18n review {ctx.locale} --reviewer NAME`"
        )
