"""Honest statistics: translated, fuzzy, untranslated, obsolete, in messages and source words.

They are GNU ``msgfmt --statistics``'s counts: header and obsolete entries left out,
fuzzy never counted as translated, an entry whose ``msgstr`` (``msgstr[0]``) is empty
untranslated, fuzzy or not. A later plural form left empty is the ``plurals`` check's
error, not a different count.
"""

from __future__ import annotations


def words(text: str) -> int:
    """Source words: whitespace-separated words of the msgid."""
    return len(text.split())


class Stats:
    """Counts for one catalog or the sum for one locale (a plain class: see ``model``)."""

    def __init__(
        self,
        translated: int = 0,
        fuzzy: int = 0,
        untranslated: int = 0,
        obsolete: int = 0,
        translated_words: int = 0,
        fuzzy_words: int = 0,
        untranslated_words: int = 0,
        obsolete_words: int = 0,
    ) -> None:
        self.translated = translated
        self.fuzzy = fuzzy
        self.untranslated = untranslated
        self.obsolete = obsolete
        self.translated_words = translated_words
        self.fuzzy_words = fuzzy_words
        self.untranslated_words = untranslated_words
        self.obsolete_words = obsolete_words

    def counts(self) -> tuple[int, ...]:
        """Every count, in the order of the arguments."""
        return (
            self.translated,
            self.fuzzy,
            self.untranslated,
            self.obsolete,
            self.translated_words,
            self.fuzzy_words,
            self.untranslated_words,
            self.obsolete_words,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stats) and self.counts() == other.counts()

    def __repr__(self) -> str:
        return f"Stats{self.counts()}"

    @property
    def total(self) -> int:
        """Active messages (obsolete ones are not part of the catalog)."""
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        """Source words of the active messages."""
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> int:
        """Translated share of the messages, rounded; 100 only when complete, 0 only when empty.

        Rounded, not truncated (99.5 % of 1,000 messages is 99.5, shown 99, not 100): a
        catalog with one message missing never reads as 100 %, one with one translated
        never reads as 0 %.
        """
        return rounded_percent(self.translated, self.total)

    def add(self, other: Stats) -> None:
        """Add another catalog's counts (for the per-locale sum)."""
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated
        self.obsolete += other.obsolete
        self.translated_words += other.translated_words
        self.fuzzy_words += other.fuzzy_words
        self.untranslated_words += other.untranslated_words
        self.obsolete_words += other.obsolete_words


def rounded_percent(part: int, total: int) -> int:
    """``part/total`` as a percentage, rounded half up, kept off 0 and 100 unless exact."""
    if total == 0:
        return 100
    value = (200 * part + total) // (2 * total)  # integer round-half-up
    if part < total:
        value = min(value, 99)
    if part > 0:
        value = max(value, 1)
    return value
