"""Questions about the English: ``# source-issue:`` translator comments, gathered for editors.

A translator who finds a problem in the English (unclear, ambiguous, wrong, too
hard for patients) writes it next to the entry, as a translator comment:

    # source-issue: "non-invasive": the needles go through the skin; ...

One comment line per question (Poedit shows it in the entry's comment box, which
writes ``# `` lines). ``check`` gathers them from every catalog, grouped by message
with the languages that raised them, for the clinicians who own the English; they
never fail CI. A question stays until the translator removes it or the English
changes: ``update`` drops it from an entry whose English changed, since it was about
the old text (which the entry keeps as ``#| msgid``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .po import Entry, PoFile

PREFIX = "source-issue:"

Key = tuple[str | None, str]


def _is_question(comment: str) -> bool:
    return comment.strip()[: len(PREFIX)].casefold() == PREFIX


def questions_of(entry: Entry) -> list[str]:
    """The source questions written on an entry (its ``# source-issue:`` comments)."""
    return [c.strip()[len(PREFIX) :].strip() for c in entry.comments if _is_question(c)]


def notes_of(entry: Entry) -> list[str]:
    """The entry's other translator comments (notes that are not questions)."""
    return [c for c in entry.comments if not _is_question(c)]


class Raised(NamedTuple):
    """One language's question: where it is written and what it says."""

    locale: str
    path: str
    line: int
    text: str


class Question:
    """The questions about one English message, from every language that raised one (a
    plain class: the checker imports it, see ``app.checks.model``)."""

    def __init__(self, msgctxt: str | None, msgid: str, references: list[str]) -> None:
        self.msgctxt = msgctxt
        self.msgid = msgid
        self.references = references
        self.raised: list[Raised] = []

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def anchor(self) -> str:
        """A stable fragment id for the message's questions (from its English, not its place)."""
        return anchor(self.key)

    @property
    def languages(self) -> list[str]:
        return sorted({r.locale for r in self.raised})

    @property
    def texts(self) -> list[tuple[str, list[str]]]:
        """Each distinct question and the languages that asked it (most asked first)."""
        by_text: dict[str, list[str]] = {}
        for raised in self.raised:
            by_text.setdefault(raised.text, []).append(raised.locale)
        return sorted(by_text.items(), key=lambda item: -len(item[1]))


def anchor(key: Key) -> str:
    """The fragment id of a message's questions on the dashboard's questions page."""
    import hashlib  # here: the checker imports this module and never needs it

    text = f"{key[0] or ''}\x04{key[1]}".encode()
    return "q-" + hashlib.sha256(text).hexdigest()[:12]


def raised_in(po: PoFile, locale: str, path: str) -> list[tuple[Entry, Raised]]:
    """The source questions of one catalog, with their entries."""
    return [
        (entry, Raised(locale, path, entry.line, text))
        for entry in po.entries
        if entry.comments
        for text in questions_of(entry)
    ]


def group(found: Iterable[tuple[Entry, Raised]]) -> list[Question]:
    """Questions grouped by English message, in the order first seen."""
    questions: dict[Key, Question] = {}
    for entry, raised in found:
        question = questions.get(entry.key)
        if question is None:
            question = questions[entry.key] = Question(
                entry.msgctxt, entry.msgid, list(entry.references)
            )
        question.raised.append(raised)
    return list(questions.values())


def retire(old: PoFile, new: PoFile) -> int:
    """Drop the questions from entries of ``new`` whose English is not in ``old``.

    Such an entry was merged from an older English (fuzzy, with ``#| msgid``): its
    question was about text that no longer exists. Returns how many were dropped.
    """
    known = {entry.key for entry in old.entries} | {entry.key for entry in old.obsolete}
    dropped = 0
    for entry in new.entries:
        if entry.key in known or not entry.comments:
            continue
        kept = notes_of(entry)
        dropped += len(entry.comments) - len(kept)
        entry.comments = kept
    return dropped
