"""How hard the English is to read: a reading grade per paragraph and per page, for editors.

Patient guidance (NIH, AMA, NHS) asks for text a reader in school grade 6 to 8 can follow.
Two measures are given, both as a US school grade:

- **Flesch–Kincaid grade**, from sentence length and syllables per word. It is the grade
  that decides what is "above target": it is defined for a text of any length.
- **SMOG grade**, from words of three or more syllables per sentence, the measure
  health-literacy guidance uses most. McLaughlin defined it on a sample of 30 sentences;
  here it is always the normalized formula ``1.0430 * sqrt(polysyllables * 30 / sentences)
  + 3.1291``, which applies at any sentence count (a sentence without long words gives 3.1,
  never 0). On one sentence it moves in big steps (one long word alone gives 8.8), so it is
  shown beside the grade but never decides what is flagged. With no words at all both are
  ``None`` ("n/a").

What is graded: paragraphs and list items (each item on its own, as a reader meets it).
Page titles and headings are not: they are labels of a few words, not sentences; graded as
sentences they would either score absurdly (three long words) or, pooled into the page,
make it look easier by adding many three-word "sentences".

The text is made plain first: Markdown marks (bold, italics, code backquotes) are dropped
and a link keeps its words but loses its address. textstat counts the words and syllables,
the syllables with Pyphen's hyphenation dictionary for ``en-US``, never with NLTK's CMU
dictionary (see ``_TEXTSTAT_LANGUAGE``). Sentences are split here rather than by
textstat, which ends a sentence at every period ("e.g.", "2.5") and drops sentences of one
or two words ("Rest well.") while keeping their words, so short plain sentences would count
as long ones. A page's grade is the formula applied to the page's pooled counts (all its
graded sentences and words), not an average of paragraph grades.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final, Protocol

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .content import Block, BlockKind, Content, Page

TARGET_GRADE: Final = 8
"""The highest reading grade patient text should have (NIH, AMA: grade 6 to 8)."""

PROSE_KINDS: Final[frozenset[BlockKind]] = frozenset({"paragraph", "item"})
"""Block kinds that are graded; titles and headings are labels, not prose."""

EXCERPT_LENGTH: Final = 48

# A BCP 47 tag Pyphen reads as its en_US dictionary, but that textstat (>= 0.7.9) does not
# take for English ("en_US", "en"): for those it reads NLTK's CMU pronouncing dictionary, which
# is not installed with it and which it downloads from GitHub on first use (or fails with
# LookupError when offline). Pyphen's dictionary ships with it: the same grades on every
# machine, no network, with textstat 0.7.4 as with today's. Hyphenation points undercount the
# syllables of some words ("area", "needling": 1), so grades err low, never high.
_TEXTSTAT_LANGUAGE: Final = "en-US"

_INLINE_MARKDOWN: Final = MarkdownIt("commonmark")

# Where a sentence may end: terminal punctuation, closing quotes or brackets, then a space.
_SENTENCE_END: Final = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
_QUOTES_AND_BRACKETS: Final = "\"'“”‘’()[]"
# Abbreviations whose period does not end a sentence, even before a capital ("Dr. Lee").
_ABBREVIATIONS: Final = frozenset(
    {"e.g.", "i.e.", "cf.", "vs.", "approx.", "dr.", "mr.", "mrs.", "ms.", "prof.", "st."}
)


class _WordCounter(Protocol):
    """The part of textstat's ``textstatistics`` used here, typed (textstat ships no hints)."""

    def lexicon_count(self, text: str) -> int: ...

    def syllable_count(self, text: str) -> int: ...

    def polysyllabcount(self, text: str) -> int: ...


@cache
def _textstat() -> _WordCounter:
    """textstat, imported on first use (it imports NLTK: most of a second)."""
    from textstat.textstat import textstatistics  # type: ignore[import-untyped]

    # An instance of our own: setting the language on textstat's shared one would change it
    # for every other user of textstat in the process.
    statistics = textstatistics()
    statistics.set_lang(_TEXTSTAT_LANGUAGE)
    counter: _WordCounter = statistics
    return counter


@dataclass(frozen=True)
class TextCounts:
    """What the grade formulas read from a text; counts add up across paragraphs."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0

    def __add__(self, other: TextCounts) -> TextCounts:
        return TextCounts(
            self.sentences + other.sentences,
            self.words + other.words,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
        )

    @property
    def fk_grade(self) -> float | None:
        """Flesch–Kincaid grade, to one decimal; None without words."""
        if not self.words:
            return None
        return _one_decimal(
            0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59
        )

    @property
    def smog_grade(self) -> float | None:
        """SMOG grade (normalized to 30 sentences), to one decimal; None without words."""
        if not self.words:
            return None
        return _one_decimal(1.0430 * math.sqrt(self.polysyllables * 30 / self.sentences) + 3.1291)


@dataclass(frozen=True)
class ParagraphReadability:
    """The reading grade of one paragraph or list item."""

    page: str
    path: str
    line: int
    kind: BlockKind
    text: str
    """The block as plain text (Markdown marks and link addresses removed)."""
    counts: TextCounts

    @property
    def fk_grade(self) -> float | None:
        return self.counts.fk_grade

    @property
    def smog_grade(self) -> float | None:
        return self.counts.smog_grade

    @property
    def words(self) -> int:
        return self.counts.words

    @property
    def above_target(self) -> bool:
        """True when the Flesch–Kincaid grade is above ``TARGET_GRADE``."""
        return _above_target(self.fk_grade)

    @property
    def location(self) -> str:
        """``path:line``, as editors and their tools jump to it."""
        return f"{self.path}:{self.line}"

    @property
    def excerpt(self) -> str:
        """The start of the text, cut at a word, with "…" when cut."""
        return excerpt(self.text)


@dataclass(frozen=True)
class PageReadability:
    """The reading grade of a page's prose, and of each of its paragraphs."""

    page: str
    title: str
    path: str
    line: int
    """The line of the page's title."""
    paragraphs: tuple[ParagraphReadability, ...]

    @property
    def counts(self) -> TextCounts:
        """The page's prose as one text: the sum of its paragraphs' counts."""
        return sum((p.counts for p in self.paragraphs), TextCounts())

    @property
    def fk_grade(self) -> float | None:
        """Flesch–Kincaid grade of all the page's prose (not an average of paragraphs)."""
        return self.counts.fk_grade

    @property
    def smog_grade(self) -> float | None:
        """SMOG grade of all the page's prose."""
        return self.counts.smog_grade

    @property
    def words(self) -> int:
        return self.counts.words

    @property
    def above_target(self) -> tuple[ParagraphReadability, ...]:
        """The paragraphs above ``TARGET_GRADE``, in page order."""
        return tuple(p for p in self.paragraphs if p.above_target)


def measure_content(content: Content) -> list[PageReadability]:
    """The reading grades of every page, in navigation order."""
    return [measure_page(page) for page in content.pages]


def measure_page(page: Page) -> PageReadability:
    """The reading grades of one page's paragraphs and list items."""
    return PageReadability(
        page=page.id,
        title=plain_text(page.title.text),
        path=page.path,
        line=page.title.line,
        paragraphs=tuple(measure_block(b) for b in page.blocks if b.kind in PROSE_KINDS),
    )


def measure_block(block: Block) -> ParagraphReadability:
    """The reading grade of one block's text."""
    text = plain_text(block.text)
    return ParagraphReadability(
        page=block.page,
        path=block.path,
        line=block.line,
        kind=block.kind,
        text=text,
        counts=count_text(text),
    )


def measure_text(markdown: str) -> TextCounts:
    """Counts of a piece of inline Markdown, read as plain text."""
    return count_text(plain_text(markdown))


def count_text(text: str) -> TextCounts:
    """Sentences, words, syllables and words of 3+ syllables of a plain text."""
    counter = _textstat()
    total = TextCounts()
    for sentence in split_sentences(text):
        words = counter.lexicon_count(sentence)
        if words:
            total += TextCounts(
                sentences=1,
                words=words,
                syllables=counter.syllable_count(sentence),
                polysyllables=counter.polysyllabcount(sentence),
            )
    return total


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences.

    A sentence ends at ``.``, ``!`` or ``?`` (and any closing quote or bracket) followed by a
    space, unless the next word starts in lower case ("etc. and") or the period closes a
    known abbreviation ("e.g. Knee pain", "Dr. Lee"). A period inside a word ("2.5", "e.g.,")
    ends nothing, and text without final punctuation (a list item) is one sentence.
    """
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end() : match.end() + 1]
        last_word = text[start : match.end()].split()[-1].strip(_QUOTES_AND_BRACKETS).lower()
        if following.islower() or last_word in _ABBREVIATIONS:
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    if rest := text[start:].strip():
        sentences.append(rest)
    return sentences


def plain_text(markdown: str) -> str:
    """Inline Markdown as the words a reader sees: marks dropped, links keep their text."""
    return " ".join("".join(_inline_text(_INLINE_MARKDOWN.parseInline(markdown))).split())


def _inline_text(tokens: Iterable[Token]) -> Iterable[str]:
    for token in tokens:
        if token.type in {"text", "code_inline"}:
            yield token.content
        elif token.type in {"softbreak", "hardbreak"}:
            yield " "
        elif token.children:
            yield from _inline_text(token.children)


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first words of ``text``, at most ``length`` characters, "…" when cut."""
    if len(text) <= length:
        return text
    cut = text[:length]
    if text[length].isalnum() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # do not cut a word in two
    return cut.rstrip(" ,;:.–—-(") + "…"


def format_report(pages: Sequence[PageReadability]) -> str:
    """A short plain-text report: a line per page, then each paragraph above the target.

    Paragraph lines start with ``path:line:`` (GNU style) so an editor's tools jump to them.
    """
    lines = [
        "Reading grade of the English prose: Flesch–Kincaid grade (SMOG grade); "
        f"target: grade {TARGET_GRADE} or below."
    ]
    for page in pages:
        where = f'{page.path}: "{page.title}"'
        if not page.paragraphs:
            lines.append(f"{where}: no paragraphs to grade")
            continue
        above = page.above_target
        lines.append(
            f"{where}: {_grades(page.fk_grade, page.smog_grade)}, {len(above)} of "
            f"{len(page.paragraphs)} paragraphs above grade {TARGET_GRADE}"
        )
        lines.extend(
            f'{p.location}: {_grades(p.fk_grade, p.smog_grade)}: "{p.excerpt}"' for p in above
        )
    return "\n".join(lines)


def _grades(fk: float | None, smog: float | None) -> str:
    return f"grade {_shown(fk)} (SMOG {_shown(smog)})"


def _shown(grade: float | None) -> str:
    return "n/a" if grade is None else f"{grade:.1f}"


def _above_target(grade: float | None) -> bool:
    return grade is not None and grade > TARGET_GRADE


def _one_decimal(value: float) -> float:
    return round(value, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
