"""The catalog workflow below the command line: extract, update, init, compile, merge, review.

Each step takes a project (or paths) and returns what it did; every problem a
person can fix is a ``LocatedError`` (file, line when known, what to do). Catalogs
are read through the strict reader, merged by ``merge.py``, written by
``catalogs.py`` and replaced atomically, never over a save made meanwhile.

Extraction and CLDR are imported by the steps that use them, so that ``merge`` and
``update`` start fast (a third of the start-up time was Markdown and Babel).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .catalogs import PoEncodingError, compile_mo, meaning, serialize_po
from .errors import LocatedError
from .files import atomic_write
from .locales import LocaleInfo, catalog_code
from .locales import register_locale as add_to_registry
from .merge import MergeResult, merge
from .po import Entry, PoFile, parse_po, read_bytes
from .project import Project
from .reviews import (
    Review,
    Verdict,
    add_reviews,
    read_record,
    review_of,
    same_person,
    translator_of,
)
from .reviews import Status as ReviewStatus
from .source_issues import retire as retire_questions

BOM_NOTE = "removed the UTF-8 byte order mark at the start (msgfmt rejects it)"


@dataclass(frozen=True)
class Read:
    """A catalog as read: the parsed model and the exact bytes (to detect a later save)."""

    po: PoFile
    data: bytes


def read(path: Path, shown: str) -> Read:
    """Read and parse a catalog; ``LocatedError`` if it is missing, unreadable or invalid."""
    if not path.exists():
        raise LocatedError(shown, None, "missing")
    data = read_bytes(path, shown)
    return Read(parse_po(data, shown), data)


def write(path: Path, shown: str, po: PoFile, expected: bytes | None = None) -> None:
    """Write a catalog atomically; never over a change made since ``expected`` was read."""
    try:
        data = serialize_po(po)
    except PoEncodingError as e:
        raise LocatedError(shown, e.entry.line or None, str(e)) from e
    try:
        atomic_write(path, data, expected=expected)
    except OSError as e:
        raise LocatedError(shown, None, f"cannot write: {e.strerror}") from e


# extract


@dataclass(frozen=True)
class Extracted:
    """What ``extract`` found: whether the template changed, and how."""

    shown: str
    messages: int
    current: bool
    changes: str  # "new template", "N added, M removed" or "same messages"
    readability: str  # the English's reading grade per page and paragraph, for its editors


def extract(project: Project, check: bool) -> Extracted:
    """Write ``locales/messages.pot`` from content/ and the code (unless ``check``)."""
    from .content import load_content
    from .extract import dated_now, template_state
    from .readability import format_report, measure_content

    content = load_content(project.content_dir, project.root)  # whole-tree checks (duplicate ids)
    state = template_state(project)
    shown = project.relative(project.template)
    built = state.built
    if state.existing is None:
        changes = "new template"
    elif state.added or state.removed:
        changes = f"{state.added} added, {state.removed} removed"
    else:
        changes = "same messages"
    if not (check or state.current):
        if state.existing is not None and (state.added or state.removed):
            dated_now(built)  # the date changes only with the messages
        write(project.template, shown, built)
    readability = format_report(measure_content(content))
    return Extracted(shown, len(built.entries), state.current, changes, readability)


# update


@dataclass
class Updated:
    """One catalog's update: its new state, or the error that stopped it."""

    shown: str
    status: str  # "up to date", "out of date", "updated" or "error"
    detail: str = ""
    notes: list[str] = field(default_factory=list)
    error: LocatedError | None = None


def read_template(project: Project) -> PoFile:
    """The project's template, strictly read."""
    return read(project.template, project.relative(project.template)).po


def update(project: Project, locales: Iterable[LocaleInfo], check: bool) -> Iterator[Updated]:
    """Merge the template into each catalog; a broken one is reported, the rest go on."""
    template = read_template(project)
    for locale in locales:
        path = project.catalog(locale.code)
        shown = project.relative(path)
        try:
            yield update_catalog(path, shown, template, check)
        except LocatedError as e:
            hint = f"; create it with `guide-i18n init {locale.tag}`" if not path.exists() else ""
            error = LocatedError(e.path, e.line, e.message + hint)
            yield Updated(shown, "error", str(error), error=error)


def update_catalog(path: Path, shown: str, template: PoFile, check: bool) -> Updated:
    """Merge ``template`` into one catalog, writing it only when its meaning changes."""
    before = read(path, shown)
    result = merge(before.po, template)
    notes = [BOM_NOTE] if before.po.bom else []
    retired = retire_questions(before.po, result.po)
    if retired:
        notes.append(
            f"dropped {retired} source question(s) (# source-issue:) about changed English"
        )
    if meaning(result.po) == meaning(before.po) and not notes:
        return Updated(shown, "up to date")
    detail = _describe(result)
    if check:
        return Updated(shown, "out of date", detail, notes)
    write(path, shown, result.po, expected=before.data)
    return Updated(shown, "updated", detail, notes)


def _describe(result: MergeResult) -> str:
    if result.missing or result.fuzzied or result.obsoleted:
        return result.describe()
    return "notes, references, flags or header changed"


# init


@dataclass(frozen=True)
class Created:
    """A new catalog and the facts it was made with."""

    shown: str
    code: str
    language: str
    plural_forms: str
    notes: list[str]
    registered: bool


def init(project: Project, tag: str, registered: set[str], source: str) -> Created:
    """Create the catalog of a new language with CLDR's plural rule, and register it."""
    from babel.messages.plurals import get_plural

    try:
        code, note = catalog_code(tag)
    except ValueError as e:
        raise LocatedError(tag, None, str(e)) from e
    if code == source:
        raise LocatedError(code, None, "is the source language: it needs no catalog")
    path = project.catalog(code)
    shown = project.relative(path)
    if path.exists() or path.is_symlink():
        raise LocatedError(shown, None, "already exists; use `guide-i18n update`")
    template = read_template(project)
    info = LocaleInfo(code, "draft")
    rule = get_plural(code)
    plural_forms = f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"
    po = merge(_new_header(template, code, info.english_name, plural_forms), template).po
    write(path, shown, po)
    if code not in registered:
        try:
            add_to_registry(project.registry, code)
        except OSError as e:
            raise LocatedError(project.relative(project.registry), None, e.strerror or "") from e
    notes = [note] if note else []
    return Created(shown, code, info.english_name, plural_forms, notes, code not in registered)


def _new_header(template: PoFile, code: str, language: str, plural_forms: str) -> PoFile:
    from .extract import PROJECT_NAME

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M%z")
    header = Entry(
        msgstr=(
            f"Project-Id-Version: {PROJECT_NAME} 1\n"
            "Report-Msgid-Bugs-To: \n"
            f"POT-Creation-Date: {template.headers.get('POT-Creation-Date', now)}\n"
            f"PO-Revision-Date: {now}\n"
            "Last-Translator: \n"  # the translator's editor (Poedit) fills it on first save
            f"Language-Team: {language}\n"
            f"Language: {code}\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            f"Plural-Forms: {plural_forms}\n"
        ),
        comments=[
            f"{language} translation of the {PROJECT_NAME}.",
            "This file is distributed under the same license as the project.",
        ],
    )
    return PoFile(template.path, header, [], [])


# compile


@dataclass(frozen=True)
class Compiled:
    """One catalog compiled to ``.mo``, or the error that stopped it."""

    shown: str
    translated: int = 0
    total: int = 0
    error: LocatedError | None = None


def compile_catalogs(project: Project, locales: Iterable[LocaleInfo]) -> Iterator[Compiled]:
    """Write a ``.mo`` beside each catalog (fuzzy and incomplete messages left out)."""
    for locale in locales:
        path = project.catalog(locale.code)
        target = path.with_suffix(".mo")
        shown = project.relative(target)
        try:
            po = read(path, project.relative(path)).po
            try:
                atomic_write(target, compile_mo(po))
            except UnicodeEncodeError as e:
                raise LocatedError(project.relative(path), None, f"cannot compile: {e}") from e
            except OSError as e:
                raise LocatedError(shown, None, f"cannot write: {e.strerror}") from e
        except LocatedError as e:
            yield Compiled(shown, error=e)
            continue
        done = sum(1 for entry in po.entries if entry.translated)
        yield Compiled(shown, done, len(po.entries))


# merge


def merge_files(definitions: Path, reference: Path, output: Path) -> MergeResult:
    """``msgmerge --previous -o OUTPUT DEFINITIONS REFERENCE``, on any catalog."""
    old = read(definitions, definitions.as_posix())
    template = read(reference, reference.as_posix()).po
    result = merge(old.po, template)
    same_file = output.exists() and output.resolve() == definitions.resolve()
    write(output, output.as_posix(), result.po, expected=old.data if same_file else None)
    return result


# review


@dataclass(frozen=True)
class ReviewState:
    """A locale's catalog, its review record, and where each translated message stands."""

    shown: str  # the catalog
    record_path: Path
    record_shown: str
    po: PoFile
    text: str  # the catalog as read, to find the entry of a line
    verdicts: list[tuple[Entry, Verdict]]  # the translated messages, in catalog order

    def count(self, status: ReviewStatus | str) -> int:
        return sum(1 for _, verdict in self.verdicts if verdict.status == status)


def review_state(project: Project, locale: LocaleInfo) -> ReviewState:
    """Read a locale's catalog and review record (``LocatedError`` if either is broken)."""
    path = project.catalog(locale.code)
    shown = project.relative(path)
    done = read(path, shown)
    po = done.po
    record_path = project.reviews(locale.code)
    record_shown = project.relative(record_path)
    record = read_record(record_path, record_shown)
    verdicts = [(entry, record.verdict(entry)) for entry in po.entries if entry.translated]
    text = done.data.decode(po.encoding, "replace")
    return ReviewState(shown, record_path, record_shown, po, text, verdicts)


def entry_at(po: PoFile, text: str, line: int) -> Entry | None:
    """The entry a line of the catalog's ``text`` belongs to: any of its comment,
    keyword or string lines. None for a blank line, the header or an obsolete entry."""
    lines = text.split("\n")
    by_msgid = {entry.line: entry for entry in po.entries}
    by_msgstr = {n: entry for entry in po.entries for n in entry.msgstr_lines}
    while 1 < line <= len(lines) and lines[line - 1].lstrip().startswith('"'):
        line -= 1  # a string's continuation: back to its keyword
    while 1 <= line <= len(lines) and lines[line - 1].strip():
        found = by_msgid.get(line) or by_msgstr.get(line)
        if found is not None:
            return found
        line += 1  # comments, msgctxt, msgid_plural: on to the msgid or msgstr[0]
    return None


def entries_at(state: ReviewState, lines: Iterable[int]) -> list[Entry]:
    """The translated messages at these catalog lines (``LocatedError`` for any other line)."""
    chosen = []
    for line in lines:
        entry = entry_at(state.po, state.text, line)
        if entry is None:
            raise LocatedError(state.shown, line, "no message at this line")
        if not entry.translated:
            raise LocatedError(
                state.shown, entry.line, "untranslated or fuzzy: only a translation is reviewed"
            )
        chosen.append(entry)
    return chosen


def record_reviews(
    state: ReviewState,
    reviewer: str,
    entries: Iterable[Entry] | None,
    note: str | None = None,
    now: datetime | None = None,
) -> list[Review]:
    """Record reviews by ``reviewer`` of ``entries``, or (None) of every translated message.
    The reviewer must not be the catalog's translator."""
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise LocatedError(state.record_shown, None, "a review needs the reviewer's name")
    translator = translator_of(state.po)
    if translator is not None and same_person(reviewer, translator):
        raise LocatedError(
            state.shown,
            state.po.header.line if state.po.header else None,
            f"{reviewer!r} is this catalog's Last-Translator: a review is a second "
            "person's (the translator cannot review their own work)",
        )
    chosen = [entry for entry, _ in state.verdicts] if entries is None else list(entries)
    when = now or datetime.now(UTC)
    reviews = [review_of(entry, reviewer, when, note) for entry in chosen]
    if reviews:
        try:
            add_reviews(state.record_path, state.record_shown, reviews, state.po)
        except OSError as e:
            raise LocatedError(state.record_shown, None, f"cannot write: {e.strerror}") from e
    return reviews
