"""Read, merge, write and compile catalogs without ever losing a translation.

Every read goes through the strict reader in ``po.py`` first (Babel's own reader
silently drops malformed or duplicate messages); Babel then does the merging and
writing, so the files look like what ``pybabel`` and ``msgmerge`` produce.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as babel_read_po
from babel.messages.pofile import write_po

from .files import atomic_write
from .po import PoSyntaxError, read_po

PROJECT_NAME = "Dry Needling Patient Guide"
WIDTH = 76  # Babel's default, so `pybabel extract` and our `extract` wrap alike


def read_catalog(path: Path, shown: str, locale: str | None = None) -> Catalog:
    """Parse a catalog strictly (``PoSyntaxError`` with file:line), then load it with Babel."""
    read_po(path, shown)
    with path.open("rb") as fileobj:
        try:
            return babel_read_po(fileobj, locale=locale, abort_invalid=True)
        except Exception as e:  # Babel rejects something the strict reader let through
            raise PoSyntaxError(shown, getattr(e, "lineno", None), str(e)) from e


def serialize(catalog: Catalog) -> bytes:
    """The PO text of a catalog, with previous msgids (``#|``) of fuzzy entries."""
    buffer = BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=True)
    return buffer.getvalue()


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a catalog atomically."""
    atomic_write(path, serialize(catalog))


def compile_catalog(catalog: Catalog) -> bytes:
    """The ``.mo`` bytes of a catalog; fuzzy entries are left out, as gettext does."""
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def signature(catalog: Catalog) -> tuple[Any, ...]:
    """What a merge can change, for comparing catalogs regardless of formatting and dates."""
    active = tuple(
        (
            message.id,
            message.context,
            message.string,
            tuple(sorted(message.flags)),
            tuple(message.locations),
            tuple(message.auto_comments),
            tuple(message.user_comments),
            tuple(message.previous_id),
        )
        for message in catalog
        if message.id
    )
    obsolete = tuple(sorted((repr(key), repr(m.string)) for key, m in catalog.obsolete.items()))
    return active, obsolete


@dataclass(frozen=True)
class MergeResult:
    """What merging a template into a catalog did."""

    added: int
    fuzzy: int
    obsoleted: int
    changed: bool

    def describe(self) -> str:
        return f"{self.added} new, {self.fuzzy} fuzzy, {self.obsoleted} obsolete"


def merge(catalog: Catalog, template: Catalog) -> MergeResult:
    """Bring ``catalog`` up to date with ``template`` in place, as ``msgmerge --previous`` does.

    New messages are added untranslated; a changed message keeps its old translation,
    marked fuzzy with the old English as previous msgid (``#|``); a removed message is
    kept as obsolete (``#~``), and comes back translated if the English returns.
    """
    before = signature(catalog)
    old_keys = {_key(message) for message in catalog if message.id}
    old_obsolete = set(catalog.obsolete)
    old_fuzzy = {_key(m) for m in catalog if m.id and m.fuzzy}
    previous = {_key(m): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    for message in template:
        key = _key(message)
        if message.id and key not in old_keys and key in catalog.obsolete:
            catalog[message.id] = catalog.obsolete.pop(key)  # Babel would not resurrect it
            old_keys.add(key)
    catalog.update(template, update_header_comment=False, keep_user_comments=True)
    for message in catalog:
        # Babel forgets the previous msgid of an entry that was already fuzzy.
        if message.id and message.fuzzy and not message.previous_id:
            message.previous_id = previous.get(_key(message), [])
    for key in [k for k, m in catalog.obsolete.items() if not _has_translation(m)]:
        del catalog.obsolete[key]  # nothing to keep, as msgmerge does
    new_keys = {_key(m) for m in catalog if m.id}
    fuzzy = {_key(m) for m in catalog if m.id and m.fuzzy} - old_fuzzy
    return MergeResult(
        added=len(new_keys - old_keys - fuzzy),
        fuzzy=len(fuzzy),
        obsoleted=len(set(catalog.obsolete) - old_obsolete),
        changed=signature(catalog) != before,
    )


def new_catalog(template: Catalog, locale: str, language_name: str) -> Catalog:
    """A new, empty catalog for ``locale`` with CLDR plural forms (through Babel)."""
    now = datetime.now(UTC)
    catalog = Catalog(
        locale=locale,
        domain="messages",
        header_comment=(
            f"# {language_name} translation of the {PROJECT_NAME}.\n"
            "# This file is distributed under the same license as the project."
        ),
        project=PROJECT_NAME,
        version="1",
        creation_date=template.creation_date,
        revision_date=now,
        language_team=language_name,
        fuzzy=False,
    )
    # Babel replaces empty values with placeholders that `msgfmt -c` warns about;
    # the translator's editor (Poedit) fills Last-Translator on first save.
    catalog.msgid_bugs_address = catalog.last_translator = ""
    catalog.update(template)
    return catalog


def _key(message: Message) -> Any:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return (msgid, message.context) if message.context is not None else msgid


def _strings(message: Message) -> list[str]:
    string = message.string
    return list(string) if isinstance(string, (list, tuple)) else [string or ""]


def _has_translation(message: Message) -> bool:
    return any(_strings(message))


def is_translated(message: Message) -> bool:
    """Not fuzzy, and every form filled (an empty plural form renders as nothing)."""
    return not message.fuzzy and all(_strings(message))
