"""Per-language glossaries (``locales/glossary/<code>.csv``), read for the ``glossary`` check.

Columns ``term,translation,note``: ``term`` is English, ``translation`` the approved
target term, with acceptable variants separated by ``|`` (a variant may be a word
stem: it is looked for as a substring, so inflected forms match).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import LocatedError


class GlossaryError(LocatedError):
    """A glossary file that cannot be used; located like a PO error."""


@dataclass(frozen=True)
class Term:
    """One glossary row."""

    term: str
    variants: tuple[str, ...]
    line: int

    @property
    def folded(self) -> tuple[str, ...]:
        """The variants, casefolded for matching."""
        return tuple(v.casefold() for v in self.variants)


@dataclass(frozen=True)
class Glossary:
    """The terms of one language and one regex that finds any of them."""

    path: str
    terms: dict[str, Term]  # by casefolded English term
    pattern: re.Pattern[str] | None

    def find(self, text: str) -> list[Term]:
        """The glossary terms that occur in ``text`` (case-insensitive, whole words)."""
        if self.pattern is None:
            return []
        found = {m.group(0).casefold() for m in self.pattern.finditer(text)}
        return [self.terms[t] for t in sorted(found)]


def load_glossary(path: Path, shown: str) -> Glossary:
    """Read a glossary CSV; raise ``GlossaryError`` with the row's line."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise GlossaryError(shown, None, f"cannot read the glossary: {e}") from e
    reader = csv.reader(io.StringIO(text))
    terms: dict[str, Term] = {}
    try:
        rows = list(reader)
    except csv.Error as e:
        raise GlossaryError(shown, reader.line_num, f"not valid CSV: {e}") from e
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["term", "translation"]:
        raise GlossaryError(shown, 1, "the first row must be the columns: term,translation,note")
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise GlossaryError(shown, number, "each row needs a term and a translation")
        term = row[0].strip()
        variants = tuple(v.strip() for v in row[1].split("|") if v.strip())
        if term.casefold() in terms:
            first = terms[term.casefold()].line
            raise GlossaryError(shown, number, f"{term!r} is already on line {first}")
        terms[term.casefold()] = Term(term, variants, number)
    # Longest first, so "trigger point" wins over "trigger" where both are terms.
    names = sorted((t.term for t in terms.values()), key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)
        if names
        else None
    )
    return Glossary(shown, terms, pattern)
