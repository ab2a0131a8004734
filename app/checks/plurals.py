"""Plural entries: as many ``msgstr[n]`` as the header's ``nplurals``, none of them empty."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..po import Entry
from .context import CatalogContext
from .model import NO_PROBLEMS, Problem, Severity, entry_check

# Numbers past msgfmt's sample: CLDR gives French, Spanish and Portuguese a form for millions.
_LARGE = (10_000, 100_000, 1_000_000, 10_000_000, 1_000_000_000)


@entry_check(Severity.ERROR, "A plural message has the wrong number of forms, or an empty one")
def plurals(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    if not entry.plural or not entry.msgstr_plural[0]:
        return NO_PROBLEMS  # msgstr[0] empty: msgfmt drops the entry, gettext shows the English
    return _plural_problems(ctx, entry)


def _plural_problems(ctx: CatalogContext, entry: Entry) -> Iterator[Problem]:
    forms = entry.msgstr_plural
    rule = ctx.plural
    if rule is not None and len(forms) != rule.nplurals:
        wanted = (
            "msgstr[0] only" if rule.nplurals == 1 else f"msgstr[0] to msgstr[{rule.nplurals - 1}]"
        )
        yield Problem(
            f"{len(forms)} plural form(s) where the header's Plural-Forms has "
            f"nplurals={rule.nplurals}: msgfmt -c refuses the file; give {wanted}",
            entry.string_line(0),
        )
    for index, text in enumerate(forms):
        if not text:
            example = ""
            if rule is not None:
                n = next((n for n in _LARGE if rule.form(n) == index), None)
                if index in rule.forms:
                    n = rule.forms.index(index)
                if n is not None:
                    example = f" (n={n}, for example)"
            yield Problem(
                f"msgstr[{index}] is empty: that number{example} would show nothing",
                entry.string_line(index),
            )
