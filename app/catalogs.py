"""Write catalogs as GNU gettext does, compile them, and compare them by meaning.

The model is ``po.PoFile`` (read strictly by ``po.py``). Entries are laid out as
GNU ``write-po.c`` lays them out: translator comments, ``#.``, ``#:``, ``#,``,
``#|`` previous fields, then the strings; obsolete entries with ``#~``/``#~|``.
String fields are wrapped by ``wrap.py`` exactly where msgmerge wraps them, and
comment lines are written as they were read (GNU never re-wraps a comment).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

from .po import Entry, PoFile, parse_header
from .wrap import PAGE_WIDTH as WIDTH
from .wrap import field_lines

# Flags GNU keeps on an obsolete entry (write-po.c, message_print_obsolete).
_OBSOLETE_FLAG_SUFFIXES = ("-format",)
_OBSOLETE_FLAGS = frozenset(("fuzzy", "no-wrap"))


class PoEncodingError(Exception):
    """A message has characters that the catalog's declared charset cannot hold."""

    def __init__(self, entry: Entry, charset: str) -> None:
        super().__init__(entry, charset)
        self.entry = entry
        self.charset = charset

    def __str__(self) -> str:
        text = self.entry.msgid if len(self.entry.msgid) <= 40 else self.entry.msgid[:39] + "…"
        return (
            f"the message {text!r} cannot be written in {self.charset}: convert the catalog "
            "to UTF-8 (`msgconv -t UTF-8 -o FILE FILE`, or save it as UTF-8 in Poedit)"
        )


def serialize_po(po: PoFile) -> bytes:
    """The PO text of a catalog in its declared charset (a BOM is never written)."""
    chunks = []
    for entry in _all_entries(po):
        chunks.append(entry_text(entry))
    text = "\n".join(chunks)
    try:
        return text.encode(po.encoding)
    except UnicodeEncodeError:
        for entry, chunk in zip(_all_entries(po), chunks, strict=True):
            try:
                chunk.encode(po.encoding)
            except UnicodeEncodeError:
                raise PoEncodingError(entry, _charset_name(po)) from None
        raise


def _all_entries(po: PoFile) -> Iterator[Entry]:
    if po.header is not None:
        yield po.header
    yield from po.entries
    yield from po.obsolete


def _charset_name(po: PoFile) -> str:
    content_type = po.headers.get("Content-Type", "")
    _, _, charset = content_type.partition("charset=")
    return charset.strip() or po.encoding


def entry_text(entry: Entry) -> str:
    """One entry as PO text, ending with a newline."""
    lines = [f"# {c}" if c else "#" for c in entry.comments]
    lines += [f"#. {c}" if c else "#." for c in entry.auto_comments]
    lines += _reference_lines(entry.references)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    prefix = "#~ " if entry.obsolete else ""
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += field_lines(previous, keyword, value)
    if entry.msgctxt is not None:
        lines += field_lines(prefix, "msgctxt", entry.msgctxt)
    lines += field_lines(prefix, "msgid", entry.msgid)
    if entry.msgid_plural is not None:
        lines += field_lines(prefix, "msgid_plural", entry.msgid_plural)
        for index, form in enumerate(entry.msgstr_plural or [""]):
            lines += field_lines(prefix, f"msgstr[{index}]", form)
    else:
        lines += field_lines(prefix, "msgstr", entry.msgstr)
    return "\n".join(lines) + "\n"


def _reference_lines(references: list[str]) -> list[str]:
    """``#:`` lines filled up to the page width, as xgettext and msgmerge write them."""
    lines: list[str] = []
    line = ""
    for reference in references:
        if line and len(line) + 1 + len(reference) > WIDTH:
            lines.append(line)
            line = ""
        line = f"{line} {reference}" if line else f"#: {reference}"
    return [*lines, line] if line else lines


def obsolete_copy(entry: Entry) -> Entry:
    """``entry`` as msgmerge keeps a message that left the template: ``#~``, no ``#.``/``#:``."""
    flags = [
        flag
        for flag in entry.flags
        if flag in _OBSOLETE_FLAGS or flag.endswith(_OBSOLETE_FLAG_SUFFIXES)
    ]
    return Entry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=list(entry.msgstr_plural),
        flags=flags,
        comments=list(entry.comments),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=True,
        line=entry.line,
    )


def compile_mo(po: PoFile) -> bytes:
    """The ``.mo`` bytes of a catalog, as ``msgfmt`` builds them (no hash table).

    The header is always kept (it carries the charset and plural rule); fuzzy and
    incomplete messages are left out, so gettext falls back to the English.
    """
    pairs: dict[bytes, bytes] = {}
    encoding = po.encoding
    if po.header is not None:
        pairs[b""] = po.header.msgstr.encode(encoding)
    for entry in po.entries:
        if not entry.translated:
            continue
        text = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.plural:
            text += f"\x00{entry.msgid_plural}"
        pairs[text.encode(encoding)] = "\x00".join(entry.strings).encode(encoding)
    keys = sorted(pairs)
    count = len(keys)
    ids_start = 7 * 4 + 16 * count
    ids = b"".join(key + b"\x00" for key in keys)
    strs_start = ids_start + len(ids)
    table_ids, table_strs, offset_id, offset_str = [], [], ids_start, strs_start
    for key in keys:
        table_ids += [len(key), offset_id]
        offset_id += len(key) + 1
        value = pairs[key]
        table_strs += [len(value), offset_str]
        offset_str += len(value) + 1
    head = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, 28 + 16 * count)
    tables = struct.pack(f"<{4 * count}I", *table_ids, *table_strs)
    strs = b"".join(pairs[key] + b"\x00" for key in keys)
    return head + tables + ids + strs


def meaning(po: PoFile) -> tuple[Any, ...]:
    """What a catalog says, regardless of line wrapping and the template's date.

    Two catalogs with the same meaning compile and merge alike, and show a translator
    the same thing; ``update --check`` compares this, not bytes, so a catalog saved
    by an editor that wraps at another width is not "out of date".
    """
    header = parse_header(po.header.msgstr) if po.header else {}
    header.pop("POT-Creation-Date", None)
    head = (
        sorted(header.items()),
        (po.header.comments, sorted(po.header.flags)) if po.header else None,
    )
    return head, [_entry_meaning(e) for e in po.entries], [_entry_meaning(e) for e in po.obsolete]


def _entry_meaning(entry: Entry) -> tuple[Any, ...]:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        tuple(entry.strings),
        tuple(sorted(entry.flags)),
        tuple(entry.comments),
        " ".join(entry.auto_comments).split(),  # re-wrapping a #. note changes nothing
        tuple(entry.references),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
    )
