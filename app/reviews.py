"""The review record: which translations a second person reviewed, by whom, when, and of what.

One file per locale, ``locales/reviews/<code>.jsonl``: one JSON object per line, one
line per reviewed message, sorted by message. A line holds exactly what was
reviewed (the English and the translation), so a later change to either makes the
review stale by itself, with no bookkeeping by translators. Git is the audit trail:
a new review of a message replaces its line, and the old one stays in history.

Two reviewers working in parallel change different lines; where their lines meet,
``.gitattributes`` merges with ``merge=union`` (a record is a set of lines), and a
message reviewed on both branches keeps both lines until the next write.
"""

from __future__ import annotations

import enum
import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import LocatedError
from .files import atomic_write
from .po import Entry, PoFile

Key = tuple[str | None, str]
_FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "reviewer", "reviewed", "note")


class ReviewError(LocatedError):
    """A review record that cannot be read, or a review that cannot be recorded."""


class Status(enum.StrEnum):
    """Where a translated message stands: reviewed as it is now, reviewed before a change, never."""

    REVIEWED = "reviewed"
    STALE = "stale"
    UNREVIEWED = "unreviewed"


@dataclass(frozen=True)
class Review:
    """One reviewed message: the English and the translation as the reviewer saw them."""

    msgid: str
    msgstr: tuple[str, ...]  # the translation; one string per plural form for a plural message
    reviewer: str
    reviewed: str  # UTC, ISO 8601 to the second: "2026-12-02T05:10:00Z"
    msgctxt: str | None = None
    msgid_plural: str | None = None
    note: str | None = None

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def date(self) -> str:
        """The day of the review, ``YYYY-MM-DD``."""
        return self.reviewed[:10]

    def to_line(self) -> str:
        values = {
            "msgctxt": self.msgctxt,
            "msgid": self.msgid,
            "msgid_plural": self.msgid_plural,
            "msgstr": list(self.msgstr) if self.msgid_plural is not None else self.msgstr[0],
            "reviewer": self.reviewer,
            "reviewed": self.reviewed,
            "note": self.note,
        }
        return json.dumps({k: v for k, v in values.items() if v is not None}, ensure_ascii=False)


@dataclass(frozen=True)
class Verdict:
    """A message's review status, the review it rests on (if any), and why, in words."""

    status: Status
    review: Review | None
    reason: str


def review_of(entry: Entry, reviewer: str, when: datetime, note: str | None = None) -> Review:
    """A review of the entry as it stands now."""
    return Review(
        msgid=entry.msgid,
        msgstr=tuple(entry.strings),
        reviewer=reviewer,
        reviewed=when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        note=note,
    )


class Record:
    """The reviews of one locale, by message."""

    def __init__(self, reviews: Iterable[Review] = ()) -> None:
        self.by_key: dict[Key, list[Review]] = {}
        for review in reviews:
            self.by_key.setdefault(review.key, []).append(review)
        for found in self.by_key.values():
            found.sort(key=lambda r: r.reviewed)

    def __iter__(self) -> Iterator[Review]:
        for found in self.by_key.values():
            yield from found

    def covering(
        self, key: Key, strings: Iterable[str], msgid_plural: str | None = None
    ) -> Review | None:
        """The latest review of a message with exactly this English and translation."""
        strings = tuple(strings)
        for review in reversed(self.by_key.get(key, [])):
            if review.msgid_plural == msgid_plural and review.msgstr == strings:
                return review
        return None

    def verdict(self, entry: Entry) -> Verdict:
        """Reviewed (as it stands), stale (the English or the translation changed since), or not."""
        found = self.by_key.get(entry.key, [])
        review = self.covering(entry.key, entry.strings, entry.msgid_plural)
        if review is not None:
            return Verdict(
                Status.REVIEWED, review, f"reviewed by {review.reviewer} on {review.date}"
            )
        if found:
            review = found[-1]
            what = "English" if review.msgid_plural != entry.msgid_plural else "translation"
            return Verdict(
                Status.STALE,
                review,
                f"the {what} changed after {review.reviewer} reviewed it on {review.date}",
            )
        if entry.previous_msgid is not None:  # merged from an older English
            older = self.by_key.get((entry.previous_msgctxt, entry.previous_msgid), [])
            if older:
                review = older[-1]
                return Verdict(
                    Status.STALE,
                    review,
                    f"the English changed after {review.reviewer} reviewed it on {review.date}",
                )
        return Verdict(Status.UNREVIEWED, None, "not reviewed by a second person yet")

    def last_reviewed(self, messages: Iterable[tuple[Key, Iterable[str] | None]]) -> str | None:
        """The day by which every one of ``messages`` (key, translation shown) was reviewed
        as it stands: the latest of their reviews; None if one is unreviewed or stale."""
        days = []
        for key, strings in messages:
            review = None if strings is None else self.covering(key, strings)
            if review is None:
                return None
            days.append(review.date)
        return max(days, default=None)

    def with_reviews(self, reviews: Iterable[Review], po: PoFile) -> Record:
        """This record with ``reviews`` replacing earlier ones of the same messages.

        Reviews of messages the catalog no longer has are dropped (git keeps them),
        except those an entry still names as its previous English: they make it stale.
        """
        new = {review.key: review for review in reviews}
        entries = {entry.key: entry for entry in po.entries}
        wanted = set(entries) | {
            (entry.previous_msgctxt, entry.previous_msgid)
            for entry in po.entries
            if entry.previous_msgid is not None
        }
        kept = []
        for key, found in self.by_key.items():
            if key in wanted and key not in new:
                # One line per message: a message reviewed on two merged branches keeps
                # the latest review of it as it stands, else the latest review.
                entry = entries.get(key)
                current = entry and self.covering(key, entry.strings, entry.msgid_plural)
                kept.append(current or found[-1])
        return Record([*kept, *new.values()])

    def to_bytes(self) -> bytes:
        reviews = sorted(self, key=lambda r: (r.msgctxt or "", r.msgid, r.reviewed, r.reviewer))
        return "".join(review.to_line() + "\n" for review in reviews).encode()


def translator_of(po: PoFile) -> str | None:
    """The catalog's ``Last-Translator`` (the person a review must not be by), if named."""
    value = po.headers.get("Last-Translator", "").strip()
    return value if value and "FULL NAME" not in value else None


def same_person(reviewer: str, translator: str) -> bool:
    """Whether two ``Name <email>`` strings name the same person (by name or by address)."""

    def parts(text: str) -> set[str]:
        name, _, email = text.partition("<")
        return {p.strip().strip(">").casefold() for p in (name, email) if p.strip().strip(">")}

    return bool(parts(reviewer) & parts(translator))


def parse_record(data: bytes, shown: str) -> Record:
    """Read a record's bytes; raise ``ReviewError`` with the line of a broken one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReviewError(shown, data[: e.start].count(b"\n") + 1, "not UTF-8 text") from e
    reviews = []
    for number, row in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028
        if not row.strip():
            continue
        try:
            reviews.append(_review(json.loads(row)))
        except (json.JSONDecodeError, TypeError, ValueError, KeyError) as e:
            raise ReviewError(
                shown, number, f"not a review line ({e}); fix or remove the line"
            ) from e
    return Record(reviews)


def _review(data: object) -> Review:
    if not isinstance(data, dict):
        raise TypeError("a line is one JSON object")
    unknown = set(data) - set(_FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    msgstr = data["msgstr"]
    plural = data.get("msgid_plural")
    strings = tuple(msgstr) if plural is not None and isinstance(msgstr, list) else (msgstr,)
    values = [data["msgid"], data["reviewer"], data["reviewed"], *strings]
    for optional in ("msgctxt", "msgid_plural", "note"):
        if data.get(optional) is not None:
            values.append(data[optional])
    if not all(isinstance(v, str) for v in values):
        raise TypeError("msgid, msgstr, reviewer and reviewed are strings")
    datetime.strptime(data["reviewed"], "%Y-%m-%dT%H:%M:%SZ")  # ValueError if not
    return Review(
        msgid=data["msgid"],
        msgstr=strings,
        reviewer=data["reviewer"],
        reviewed=data["reviewed"],
        msgctxt=data.get("msgctxt"),
        msgid_plural=plural,
        note=data.get("note"),
    )


def read_record(path: Path, shown: str) -> Record:
    """The record at ``path``; an empty one when the file does not exist yet."""
    try:
        return parse_record(path.read_bytes(), shown)
    except FileNotFoundError:
        return Record()
    except OSError as e:
        raise ReviewError(shown, None, f"cannot read the review record: {e.strerror}") from e


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (two reviewers saving at once both keep theirs)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def add_reviews(path: Path, shown: str, reviews: list[Review], po: PoFile) -> Record:
    """Record ``reviews`` in the file at ``path`` (read, replace, write atomically, locked)."""
    with locked(path.parent):
        try:
            before = path.read_bytes()
        except FileNotFoundError:
            before = None
        record = parse_record(before or b"", shown).with_reviews(reviews, po)
        atomic_write(path, record.to_bytes(), expected=before)
    return record
